#!/usr/bin/env bash
# `selaras score` must agree with ../shared/eval/score_align.py: score the same predictions
# (selaras's own alignments of the dev data, and gold links broken on purpose: sentences
# used twice, indices out of range, predictions missing) with both and compare the whole
# report, validity check included.
set -euo pipefail
cd "$(dirname "$0")/.."
SH=../shared
BIN=target/release/selaras
[ -x "$BIN" ] || cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

T=$SH/data/tasks-dev/align
while IFS=$'\t' read -r task _doc sl tl _rest; do
  [ "$task" = task ] && continue
  mkdir -p "$tmp/pred/$task"
  "$BIN" align --src-lang "$sl" --tgt-lang "$tl" --presegmented \
    "$T/$task/src.txt" "$T/$task/tgt.txt" --format links > "$tmp/pred/$task/pred.txt"
done < "$T/INDEX.tsv"
TB=$SH/data/textberg-dev
"$BIN" align --src-lang de --tgt-lang fr --presegmented "$TB/dev.de" "$TB/dev.fr" > "$tmp/tb.defr"

fail=0
compare() {
  local name=$1; shift
  local ours theirs
  ours=$("$BIN" score "$@" 2>/dev/null)
  theirs=$(python3 "$SH/eval/score_align.py" "$@")
  if [ "$ours" = "$theirs" ]; then
    echo "agree  $name: $(tail -n 1 <<<"$ours")"
  else
    echo "DIFFER $name:"; diff <(echo "$ours") <(echo "$theirs") | sed 's/^/  /'; fail=1
  fi
}
compare "ntrex dev tasks" --gold-dir "$T" --pred-dir "$tmp/pred"
compare "textberg dev" --gold "$TB/dev.defr" --pred "$tmp/tb.defr"

# Broken predictions: every 4th task keeps half its links and one index out of range,
# every 4th has its links twice, every 4th is missing.
k=0
for dir in "$T"/*/; do
  task=$(basename "$dir")
  mkdir -p "$tmp/broken/$task"
  case $((k % 4)) in
    0) cp "$dir/gold.txt" "$tmp/broken/$task/pred.txt" ;;
    1) awk 'NR % 2 == 0' "$dir/gold.txt" > "$tmp/broken/$task/pred.txt"; echo "[900]:[1]" >> "$tmp/broken/$task/pred.txt" ;;
    2) cat "$dir/gold.txt" "$dir/gold.txt" > "$tmp/broken/$task/pred.txt" ;;
    3) rmdir "$tmp/broken/$task" ;;
  esac
  k=$((k + 1))
done
compare "broken predictions" --gold-dir "$T" --pred-dir "$tmp/broken" --missing-as-empty --per-file
exit $fail
