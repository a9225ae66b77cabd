#!/usr/bin/env bash
# Quality of the sentence aligner on the dev data in ../shared (run from anywhere; paths
# are relative to the repository root). Issue 5's bars:
#   Text+Berg dev (de-fr)             strict F1 >= 0.80   (gated: met)
#   NTREX dev align tasks, every pair strict F1 >= 0.90   (gated: met)
# CI fails when Text+Berg or any NTREX pair falls below its bar.
# Builds the release binary, aligns every task with `selaras align --presegmented ...
# --format links`, scores with ../shared/eval/score_align.py.
# Note: these are the data the aligner was designed on (dev); held-out scores may be lower.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA="$SHARED/data"
SCORE="$SHARED/eval/score_align.py"
TB_BAR=${TB_BAR:-0.80}
PAIR_BAR=${PAIR_BAR:-0.90}

cargo build --release --quiet
BIN=target/release/selaras
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

start=$(date +%s.%N)
"$BIN" align --quiet --src-lang de --tgt-lang fr --presegmented --format links \
    "$DATA/textberg-dev/dev.de" "$DATA/textberg-dev/dev.fr" > "$OUT/textberg.pred"
end=$(date +%s.%N)
tb=$(python3 "$SCORE" --gold "$DATA/textberg-dev/dev.defr" --pred "$OUT/textberg.pred" | tail -1)
tb_f1=$(sed -E 's/.*strict_f1=([0-9.]+).*/\1/' <<<"$tb")
printf 'textberg-dev de-fr  %s  (%.0f ms wall)\n' "$tb" "$(echo "($end - $start) * 1000" | bc -l)"

TASKS="$DATA/tasks-dev/align"
tail -n +2 "$TASKS/INDEX.tsv" | while IFS=$'\t' read -r task _doc sl tl _rest; do
    mkdir -p "$OUT/ntrex/$task"
    "$BIN" align --quiet --src-lang "$sl" --tgt-lang "$tl" --presegmented --format links \
        "$TASKS/$task/src.txt" "$TASKS/$task/tgt.txt" > "$OUT/ntrex/$task/pred.txt"
done

fail=0
if (( $(echo "$tb_f1 < $TB_BAR" | bc -l) )); then
    echo "FAIL: textberg strict F1 $tb_f1 < $TB_BAR"
    fail=1
fi
pairs=$(tail -n +2 "$TASKS/INDEX.tsv" | awk -F'\t' '{print $3"_"$4}' | sort -u)
for pair in $pairs; do
    golds=() preds=()
    for d in "$TASKS"/*."$pair"; do
        t=$(basename "$d")
        golds+=("$d/gold.txt")
        preds+=("$OUT/ntrex/$t/pred.txt")
    done
    line=$(python3 "$SCORE" --gold "${golds[@]}" --pred "${preds[@]}" | tail -1)
    f1=$(sed -E 's/.*strict_f1=([0-9.]+).*/\1/' <<<"$line")
    printf 'ntrex-dev %-14s %s\n' "$pair" "$line"
    if (( $(echo "$f1 < $PAIR_BAR" | bc -l) )); then
        echo "FAIL: ntrex $pair strict F1 $f1 < $PAIR_BAR"
        fail=1
    fi
done
all=$(python3 "$SCORE" --gold-dir "$TASKS" --pred-dir "$OUT/ntrex" | tail -1)
printf 'ntrex-dev %-14s %s\n' "all" "$all"

# For information (no bar): the same tasks as two corpus jobs (pivot id, pivot en), where
# the lexicon is learned from all documents of a language pair at once.
for pivot in ind eng; do
    code=$([ "$pivot" = ind ] && echo id || echo en)
    mkdir -p "$OUT/corpus-$pivot/in"
    tail -n +2 "$TASKS/INDEX.tsv" | while IFS=$'\t' read -r task _doc sl tl _rest; do
        [ "$sl" = "$pivot" ] || continue
        cp "$TASKS/$task/src.txt" "$OUT/corpus-$pivot/in/$task.$code.txt"
        cp "$TASKS/$task/tgt.txt" "$OUT/corpus-$pivot/in/$task.$tl.txt"
    done
    "$BIN" align --quiet --presegmented --no-report --pivot "$code" --format links \
        "$OUT/corpus-$pivot/in" --out "$OUT/corpus-$pivot/out"
done
mkdir -p "$OUT/corpus"
find "$OUT"/corpus-*/out -name '*.links' | while read -r f; do
    cp "$f" "$OUT/corpus/$(basename "$f" .links).txt"
done
for pair in $pairs; do
    golds=() preds=()
    for d in "$TASKS"/*."$pair"; do
        golds+=("$d/gold.txt")
        preds+=("$OUT/corpus/$(basename "$d").txt")
    done
    line=$(python3 "$SCORE" --gold "${golds[@]}" --pred "${preds[@]}" | tail -1)
    printf 'ntrex-dev corpus job %-14s %s\n' "$pair" "$line"
done
exit $fail
