#!/usr/bin/env bash
# --jobs 2 against --jobs 1 on the same corpus, interleaved, outputs on a RAM disk when there
# is one: prints each run's wall time and the median ratio.
#
#   tools/bench-jobs.sh CORPUS [BINARY] [REPEATS]
set -euo pipefail
corpus=$1; bin=${2:-target/release/selaras}; reps=${3:-5}
base=/dev/shm; [ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
out=$(mktemp -d "$base/selaras-jobs.XXXXXX")
trap 'rm -rf "$out"' EXIT
for r in $(seq "$reps"); do
  for j in 1 2; do
    rm -rf "$out/o"
    /usr/bin/time -f "%e %U %S" -o "$out/t" "$bin" align "$corpus" --out "$out/o" -q --jobs "$j"
    read -r wall user sys < "$out/t"
    echo "run $r jobs $j: wall $wall s, user $user s, sys $sys s" | tee -a "$out/log"
  done
done
python3 - "$out/log" <<'PY'
import re, statistics, sys
w = {1: [], 2: []}
for line in open(sys.argv[1]):
    m = re.search(r"jobs (\d): wall ([\d.]+)", line)
    w[int(m.group(1))].append(float(m.group(2)))
r = [a / b for a, b in zip(w[1], w[2])]
print(f"median wall: jobs 1 {statistics.median(w[1]):.2f} s, jobs 2 {statistics.median(w[2]):.2f} s; "
      f"speed-up per run {', '.join(f'{x:.2f}' for x in r)}; median {statistics.median(r):.2f}")
PY
