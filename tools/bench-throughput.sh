#!/usr/bin/env bash
# Throughput of a corpus job, before and after a change, interleaved: sentences per second
# (wall clock and per CPU second) of `selaras align CORPUS` for each binary and --jobs value,
# repeated; prints one line per run and the medians.
#
#   tools/bench-throughput.sh CORPUS "BIN_A BIN_B" "1 2" REPEATS
set -euo pipefail
corpus=$1; bins=$2; jobs=${3:-"1 2"}; reps=${4:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
results=$out/results.tsv
for r in $(seq "$reps"); do
  for j in $jobs; do
    for b in $bins; do
      rm -rf "$out/o"
      /usr/bin/time -f "%e %U %S %M" -o "$out/t" "$b" align "$corpus" --out "$out/o" -q --jobs "$j"
      s=$(python3 -c "import json;print(json.load(open('$out/o/summary.json'))['sentences'])")
      read -r wall user sys rss < "$out/t"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$b" "$j" "$wall" "$user" "$sys" "$rss" "$s" | tee -a "$results"
    done
  done
done
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    b, j, wall, user, sys_, rss, s = line.split("\t")
    rows[(b, j)].append((float(wall), float(user) + float(sys_), int(rss), int(s)))
print("binary\tjobs\truns\tmedian wall s\tsentences/s (wall)\tsentences/CPU-s\tmedian peak RSS MB")
for (b, j), v in sorted(rows.items()):
    wall = statistics.median(x[0] for x in v)
    cpu = statistics.median(x[1] for x in v)
    rss = statistics.median(x[2] for x in v) / 1024
    s = v[0][3]
    print(f"{b}\t{j}\t{len(v)}\t{wall:.2f}\t{s / wall:.0f}\t{s / cpu:.0f}\t{rss:.0f}")
PY
