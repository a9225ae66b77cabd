#!/usr/bin/env bash
# Quality of the sentence aligner on the dev data in ../shared (run from anywhere; paths
# are relative to the repository root). Issue 5's bars:
#   Text+Berg dev (de-fr)             strict F1 >= 0.80   (gated at 0.87, measured 0.882;
#                                     issue 10's bar 0.87 met)
#   NTREX dev align tasks, every pair strict F1 >= 0.90   (gated: met)
# Issue 10's bar: every pair of tasks-dev-zh-ja-ar (ind/eng with zho-CN, jpn, arb) >= 0.85.
# CI fails when Text+Berg or any NTREX pair falls below its bar.
# Builds the release binary, aligns every task with `selaras align --presegmented ...
# --format links`, scores with ../shared/eval/score_align.py.
# Note: these are the data the aligner was designed on (dev); held-out scores may be lower.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA="$SHARED/data"
SCORE="$SHARED/eval/score_align.py"
TB_BAR=${TB_BAR:-0.87}
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

# Aligns every task of a task set (pair mode) into $OUT/NAME and scores each language pair
# against BAR: align_and_score TASK_DIR NAME LABEL BAR (sets fail=1 below the bar).
align_and_score() {
    local tasks=$1 name=$2 label=$3 bar=$4 pair line f1 d
    tail -n +2 "$tasks/INDEX.tsv" | while IFS=$'\t' read -r task _doc sl tl _rest; do
        mkdir -p "$OUT/$name/$task"
        "$BIN" align --quiet --src-lang "$sl" --tgt-lang "$tl" --presegmented --format links \
            "$tasks/$task/src.txt" "$tasks/$task/tgt.txt" > "$OUT/$name/$task/pred.txt"
    done
    for pair in $(tail -n +2 "$tasks/INDEX.tsv" | awk -F'\t' '{print $3"_"$4}' | sort -u); do
        local golds=() preds=()
        for d in "$tasks"/*."$pair"; do
            golds+=("$d/gold.txt")
            preds+=("$OUT/$name/$(basename "$d")/pred.txt")
        done
        line=$(python3 "$SCORE" --gold "${golds[@]}" --pred "${preds[@]}" | tail -1)
        f1=$(sed -E 's/.*strict_f1=([0-9.]+).*/\1/' <<<"$line")
        printf '%s %-14s %s\n' "$label" "$pair" "$line"
        if (( $(echo "$f1 < $bar" | bc -l) )); then
            echo "FAIL: $label $pair strict F1 $f1 < $bar"
            fail=1
        fi
    done
}

fail=0
if (( $(echo "$tb_f1 < $TB_BAR" | bc -l) )); then
    echo "FAIL: textberg strict F1 $tb_f1 < $TB_BAR"
    fail=1
fi
TASKS="$DATA/tasks-dev/align"
align_and_score "$TASKS" ntrex ntrex-dev "$PAIR_BAR"
all=$(python3 "$SCORE" --gold-dir "$TASKS" --pred-dir "$OUT/ntrex" | tail -1)
printf 'ntrex-dev %-14s %s\n' "all" "$all"

# Chinese, Japanese, Arabic (../shared/data/tasks-dev-zh-ja-ar/align, same generator):
# every pair strict F1 >= ZJA_BAR (issue 10's bar 0.85; measured 0.854-0.900).
ZJA_BAR=${ZJA_BAR:-0.85}
align_and_score "$DATA/tasks-dev-zh-ja-ar/align" zja ntrex-dev-zh-ja-ar "$ZJA_BAR"

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
for pair in $(tail -n +2 "$TASKS/INDEX.tsv" | awk -F'\t' '{print $3"_"$4}' | sort -u); do
    golds=() preds=()
    for d in "$TASKS"/*."$pair"; do
        golds+=("$d/gold.txt")
        preds+=("$OUT/corpus/$(basename "$d").txt")
    done
    line=$(python3 "$SCORE" --gold "${golds[@]}" --pred "${preds[@]}" | tail -1)
    printf 'ntrex-dev corpus job %-14s %s\n' "$pair" "$line"
done
exit $fail
