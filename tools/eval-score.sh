#!/usr/bin/env bash
# `selaras score` must agree with ../shared/eval/score_align.py to 3 decimals: score the
# same predictions (selaras's own alignments of the dev data) with both and compare.
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
  ours=$("$BIN" score "$@" | tail -n 1)
  theirs=$(python3 "$SH/eval/score_align.py" "$@" | tail -n 1)
  if [ "$ours" = "$theirs" ]; then
    echo "agree  $name: $ours"
  else
    echo "DIFFER $name:"; echo "  selaras:         $ours"; echo "  score_align.py:  $theirs"; fail=1
  fi
}
compare "ntrex dev tasks" --gold-dir "$T" --pred-dir "$tmp/pred"
compare "textberg dev" --gold "$TB/dev.defr" --pred "$tmp/tb.defr"
exit $fail
