#!/usr/bin/env bash
# Byte-for-byte regression check for changes that must not change any output (speed work):
# runs a selaras binary over every dev set in ../shared and stores every output under DIR.
#
#   tools/compare-outputs.sh save DIR [BIN]      # write all outputs of BIN into DIR
#   tools/compare-outputs.sh check BASE [BIN]    # write them into a temporary folder and
#                                                # compare with BASE (exit 1 on any difference)
#
# BIN defaults to target/release/selaras (built first). Keep a baseline made with the binary
# of the commit before a change (`save`) and `check` against it after the change.
# What runs (all with --quiet where it applies):
#   align, pair mode, links and JSONL (ids, types, scores, figures) of every task of
#     tasks-dev/align, tasks-dev-zh-ja-ar/align, tasks-dev-rewrites/{plain,moved};
#   align Text+Berg dev (links, TSV, JSONL, TMX), and a long pair (20 copies of NTREX ind-rus,
#     20,140 lines, so the coarse levels of the search run);
#   align --out DIR (every format, report) of one pair; corpus jobs (every format, report,
#     summary.json, names.json) on corpora/karabakh-2020 and tasks-dev/segment (NTREX, 8
#     languages), the job file corpora/karabakh-2020.toml;
#   figures --pairs on the figures task; figures --lang on every segment-task text;
#   names match on names-dev, names check on corpora/karabakh-2020 and tasks-dev/segment,
#     names key on the names-dev names;
#   segment on every segment-task text (tasks-dev, tasks-dev-zh-ja-ar).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: tools/compare-outputs.sh save|check DIR [BIN]}
dir=${2:?usage: tools/compare-outputs.sh save|check DIR [BIN]}
BIN=${3:-target/release/selaras}
SHARED=${SHARED:-../shared}
if [ "$BIN" = target/release/selaras ]; then cargo build --release --quiet; fi
ROOT=$(pwd)
# run a copy, so that rebuilding during the run cannot mix two binaries
frozen=$(mktemp -d)
cp "$BIN" "$frozen/selaras"
BIN=$frozen/selaras

case "$mode" in
save)
    if [ -e "$dir" ] && [ ! -e "$dir/.compare-outputs" ]; then
        echo "compare-outputs: $dir exists and is not an output folder of this script" >&2
        exit 2
    fi
    rm -rf "$dir"; mkdir -p "$dir"; out=$dir ;;
check)
    [ -e "$dir/.compare-outputs" ] || { echo "compare-outputs: $dir holds no saved outputs" >&2; exit 2; }
    dir=$(realpath "$dir"); out=$(mktemp -d) ;;
*) echo "usage: tools/compare-outputs.sh save|check DIR [BIN]" >&2; exit 2 ;;
esac
out=$(realpath "$out")
trap 'rm -rf "$frozen"; [ "$mode" = check ] && rm -rf "$out"' EXIT
SHARED=$(realpath "$SHARED")
D="$SHARED/data"
# Run inside the output folder and name output folders relative to it, so no output
# mentions where the run wrote to.
cd "$out"
touch .compare-outputs

# run NAME CMD...: stdout to NAME.out, stderr to NAME.err, exit code to NAME.rc
run() {
    local name=$1; shift
    mkdir -p "$(dirname "$name")"
    set +e
    "$@" > "$name.out" 2> "$name.err"
    echo $? > "$name.rc"
    set -e
}

align_tasks() { # align_tasks LABEL FOLDER: every task folder <doc>.<src>_<tgt>
    local label=$1 folder=$2 t name pair sl tl
    for t in "$folder"/*/; do
        name=$(basename "$t")
        pair=${name##*.}
        sl=${pair%%_*}
        tl=${pair#*_}
        run "$label/$name.links" "$BIN" align --quiet --presegmented --src-lang "$sl" \
            --tgt-lang "$tl" --format links "$t/src.txt" "$t/tgt.txt"
        run "$label/$name.jsonl" "$BIN" align --quiet --presegmented --src-lang "$sl" \
            --tgt-lang "$tl" --format jsonl "$t/src.txt" "$t/tgt.txt"
    done
}

align_tasks tasks-dev "$D/tasks-dev/align"
align_tasks zh-ja-ar "$D/tasks-dev-zh-ja-ar/align"
align_tasks rewrites-plain "$D/tasks-dev-rewrites/plain"
align_tasks rewrites-moved "$D/tasks-dev-rewrites/moved"

TB="$D/textberg-dev"
for f in links tsv jsonl tmx; do
    run "textberg/dev.$f" "$BIN" align --quiet --presegmented --src-lang de --tgt-lang fr \
        --format "$f" "$TB/dev.de" "$TB/dev.fr"
done
run textberg/out "$BIN" align --quiet --presegmented --src-lang de --tgt-lang fr \
    --out textberg/out-dir --report textberg/report.html "$TB/dev.de" "$TB/dev.fr"

long=$(mktemp -d)
for i in $(seq 20); do cat "$D/ntrex-dev/newstest2019-ref.ind.txt"; done > "$long/long.ind"
for i in $(seq 20); do cat "$D/ntrex-dev/newstest2019-ref.rus.txt"; done > "$long/long.rus"
run long/ind-rus.jsonl "$BIN" align --quiet --presegmented --src-lang id --tgt-lang ru \
    --format jsonl "$long/long.ind" "$long/long.rus"
rm -rf "$long"

K="$ROOT/corpora/karabakh-2020"
run corpus/karabakh "$BIN" align --quiet "$K" --out corpus/karabakh-out
run corpus/karabakh-pair "$BIN" align --quiet "$K/karabakh-2020.id.txt" \
    "$K/karabakh-2020.en.txt" --out corpus/karabakh-pair-out \
    --report corpus/karabakh-pair.html
run corpus/ntrex-segment "$BIN" align --quiet --jobs 2 "$D/tasks-dev/segment" \
    --out corpus/ntrex-segment-out
sed "s#^corpus = .*#corpus = \"$K\"#; s#^out = .*#out = \"job-out\"#" \
    "$ROOT/corpora/karabakh-2020.toml" > corpus/job.toml
run corpus/job "$BIN" run corpus/job.toml

run figures/pairs "$BIN" figures --pairs "$D/tasks-dev/figures/pairs.tsv"
for seg in "$D/tasks-dev/segment" "$D/tasks-dev-zh-ja-ar/segment"; do
    label=$(basename "$(dirname "$seg")")
    for f in "$seg"/*.txt; do
        name=$(basename "$f" .txt)
        lang=${name##*.}
        run "figures-lang/$label/$name" "$BIN" figures --lang "$lang" < "$f"
        run "segment/$label/$name" "$BIN" segment --lang "$lang" "$f"
    done
done

run names/match "$BIN" names match --pairs "$D/names-dev/pairs.tsv"
run names/check-karabakh "$BIN" names check "$K"
run names/check-ntrex "$BIN" names check "$D/tasks-dev/segment"
tail -n +2 "$D/names-dev/pairs.tsv" | cut -f2,3 | sort -u | while IFS=$'\t' read -r lang name; do
    echo "$lang"$'\t'"$name"
done > names/key-input.tsv
for lang in $(cut -f1 names/key-input.tsv | sort -u); do
    mapfile -t names < <(awk -F'\t' -v l="$lang" '$1 == l { print $2 }' names/key-input.tsv)
    run "names/key-$lang" "$BIN" names key --lang "$lang" "${names[@]}"
done

n=$(find "$out" -type f | wc -l)
cd "$ROOT"
if [ "$mode" = save ]; then
    echo "compare-outputs: saved $n files in $out"
    exit 0
fi
report=$(mktemp --suffix=.diff)
if diff -r "$dir" "$out" > "$report" 2>&1; then
    echo "compare-outputs: identical ($n files)"
    rm -f "$report"
else
    echo "compare-outputs: DIFFERENT (diff in $report, first lines below)"
    head -40 "$report"
    exit 1
fi
