#!/usr/bin/env bash
# The Spark driver gives the bytes of `selaras align`: on the bundled corpus and on a corpus
# of 500 document groups in 3 languages built from the NTREX dev data, runs
#   selaras align CORPUS --out A
#   python3 spark/selaras_spark.py --master 'local[2]' CORPUS B
# and compares every file of A and B. Installs pyspark into target/spark-venv if needed
# (Java 17 must be installed). Exits non-zero when any file differs.
#
#   tools/check-spark.sh [GROUPS]
set -euo pipefail
cd "$(dirname "$0")/.."
groups=${1:-500}
bin=target/release/selaras
[ -x "$bin" ] || cargo build --release
venv=target/spark-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyspark
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tools/make-stream-corpus.py --groups "$groups" --langs ind,eng,fra "$work/ntrex-$groups"
status=0
for corpus in corpora/karabakh-2020 "$work/ntrex-$groups"; do
  name=$(basename "$corpus")
  start=$(date +%s)
  "$bin" align "$corpus" --out "$work/$name-align" --quiet
  mid=$(date +%s)
  SELARAS_BIN="$PWD/$bin" "$venv/bin/python" spark/selaras_spark.py --master 'local[2]' --quiet \
    "$corpus" "$work/$name-spark" 2> "$work/$name-spark.log" || { tail -20 "$work/$name-spark.log"; exit 1; }
  end=$(date +%s)
  files=$(cd "$work/$name-align" && find . -type f ! -name '.selaras*' | wc -l)
  if diff -r -x '.selaras*' "$work/$name-align" "$work/$name-spark" > "$work/diff.txt"; then
    echo "$name: $files files, identical (selaras align $((mid - start)) s, Spark local[2] $((end - mid)) s)"
  else
    echo "$name: the Spark job's outputs differ:" >&2
    head -20 "$work/diff.txt" >&2
    status=1
  fi
done
exit $status
