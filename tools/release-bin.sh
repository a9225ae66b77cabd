# Sourced by tools/eval-*.sh: BIN is the binary given as the first argument of the script,
# or target/release/selaras built now; OUT a temporary folder removed on exit.
BIN=${1:-}
if [ -z "$BIN" ]; then
    cargo build --release --quiet
    BIN=target/release/selaras
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
