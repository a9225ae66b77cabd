#!/usr/bin/env bash
# Quality bar of `selaras figures` on the dev figure task (issue 3):
# F1 of the diverged class >= 0.95 and false-positive rate <= 0.03.
# Run from the repository root; the shared folder is ../shared (override with SHARED=...).
# Exits 1 if a bar is missed, 2 if the data or the scorer is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
TASK="$SHARED/data/tasks-dev/figures"
SCORER="$SHARED/eval/score_figures.py"
for f in "$TASK/pairs.tsv" "$TASK/gold.tsv" "$SCORER"; do
  [ -f "$f" ] || { echo "eval-figures: missing $f" >&2; exit 2; }
done
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s%N)
target/release/selaras figures --pairs "$TASK/pairs.tsv" > "$out/pred.tsv"
end=$(date +%s%N)
python3 "$SCORER" --gold "$TASK/gold.tsv" --pred "$out/pred.tsv" --pairs "$TASK/pairs.tsv" | tee "$out/score.txt"
echo "time: $(( (end - start) / 1000000 )) ms for $(($(wc -l < "$TASK/pairs.tsv") - 1)) pairs"
line=$(grep '^fig_f1=' "$out/score.txt")
f1=$(sed 's/.*fig_f1=\([0-9.]*\).*/\1/' <<<"$line")
fpr=$(sed 's/.*fig_fpr=\([0-9.]*\).*/\1/' <<<"$line")
if python3 -c "import sys; sys.exit(0 if float('$f1') >= 0.95 and float('$fpr') <= 0.03 else 1)"; then
  echo "eval-figures: PASS (F1 $f1 >= 0.95, FPR $fpr <= 0.03)"
else
  echo "eval-figures: FAIL (F1 $f1, FPR $fpr; bars: F1 >= 0.95, FPR <= 0.03)"
  exit 1
fi
