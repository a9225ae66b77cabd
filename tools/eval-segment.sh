#!/usr/bin/env bash
# Sentence-segmentation quality on the shared dev tasks (../shared/data/tasks-dev/segment):
# runs the release binary over every <doc>.<lang>.txt, scores against the gold with
# ../shared/eval/score_segment.py, prints F1 per language and overall, and fails when
# the overall F1 is below the bar.
# Bars (set a little below the measured dev scores: overall 0.997, lowest language
# 0.993): overall F1 >= BAR (default 0.99) and every language >= LANG_BAR (0.98).
# Usage: tools/eval-segment.sh [--no-build] [BAR [LANG_BAR]]
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [[ "${1:-}" == "--no-build" ]]; then build=0; shift; fi
BAR="${1:-0.99}"
LANG_BAR="${2:-0.98}"
fail=0
TASKS=../shared/data/tasks-dev/segment
SCORER=../shared/eval/score_segment.py
[[ -d $TASKS && -f $SCORER ]] || { echo "eval-segment: $TASKS or $SCORER missing" >&2; exit 2; }
if (( build )); then cargo build --release --quiet; fi
BIN=target/release/selaras
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
langs=$(ls "$TASKS"/*.gold | sed -E 's/.*\.([^.]+)\.gold$/\1/' | sort -u)
for f in "$TASKS"/*.txt; do
  name=$(basename "$f" .txt)
  lang=${name##*.}
  "$BIN" segment --lang "$lang" "$f" > "$tmp/$name.pred"
done
printf '%-10s %7s %7s %7s\n' lang f1 p r
for lang in $langs; do
  mkdir -p "$tmp/g-$lang"
  for g in "$TASKS"/*."$lang".gold; do ln -s "$(realpath "$g")" "$tmp/g-$lang/"; done
  line=$(python3 "$SCORER" --gold-dir "$tmp/g-$lang" --pred-dir "$tmp" | tail -n 1)
  eval "$(echo "$line" | tr ' ' '\n' | grep -E '^seg_(f1|p|r)=' )"
  printf '%-10s %7s %7s %7s\n' "$lang" "$seg_f1" "$seg_p" "$seg_r"
  if ! python3 -c "import sys; sys.exit(0 if float('$seg_f1') >= float('$LANG_BAR') else 1)"; then
    echo "eval-segment: $lang F1 $seg_f1 below bar $LANG_BAR" >&2
    fail=1
  fi
done
line=$(python3 "$SCORER" --gold-dir "$TASKS" --pred-dir "$tmp" | tail -n 1)
eval "$(echo "$line" | tr ' ' '\n' | grep -E '^seg_(f1|p|r)=' )"
printf '%-10s %7s %7s %7s\n' overall "$seg_f1" "$seg_p" "$seg_r"
if python3 -c "import sys; sys.exit(0 if float('$seg_f1') >= float('$BAR') else 1)"; then
  echo "eval-segment: overall F1 $seg_f1 >= bar $BAR"
else
  echo "eval-segment: overall F1 $seg_f1 below bar $BAR" >&2
  fail=1
fi
exit $fail
