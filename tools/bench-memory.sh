#!/usr/bin/env bash
# Peak memory of a corpus job on 2,000 and on 20,000 document groups x 3 languages (built
# from the NTREX dev data by tools/make-stream-corpus.py), with /usr/bin/time -v; prints
# both, their ratio and the throughput.
#
#   tools/bench-memory.sh [BINARY] [WORK_DIR]
set -euo pipefail
bin=${1:-target/release/selaras}
work=${2:-target/bench-memory}
mkdir -p "$work"
for n in 2000 20000; do
  [ -d "$work/c$n" ] || python3 tools/make-stream-corpus.py --groups "$n" --langs ind,eng,fra "$work/c$n"
done
for n in 2000 20000; do
  rm -rf "$work/out$n"
  /usr/bin/time -v "$bin" align "$work/c$n" --out "$work/out$n" -q 2> "$work/time$n.txt"
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time$n.txt")
  wall=$(awk -F': ' '/Elapsed/ {print $2}' "$work/time$n.txt")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/time$n.txt")
  sents=$(python3 -c "import json;print(json.load(open('$work/out$n/summary.json'))['sentences'])")
  echo "$n groups: peak RSS $((rss / 1024)) MB, wall $wall, CPU ${cpu} s, $sents sentences"
  echo "$rss" > "$work/rss$n"
done
python3 -c "a=int(open('$work/rss2000').read()); b=int(open('$work/rss20000').read()); print(f'ratio 20,000 / 2,000 groups: {b/a:.2f}')"
