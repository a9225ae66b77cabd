#!/usr/bin/env bash
# Name matching quality on the dev pairs: F1 and accuracy of the `same` class.
# Bars (issue 4): F1 >= 0.95 and accuracy >= 0.95; exits 1 below a bar, 2 on error.
# Run from the repository root; the shared folder is ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS="${PAIRS:-../shared/data/names-dev/pairs.tsv}"
[ -f "$PAIRS" ] || { echo "eval-names: missing $PAIRS" >&2; exit 2; }
cargo build --release --quiet
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
target/release/selaras names match --pairs "$PAIRS" > "$OUT"
python3 - "$PAIRS" "$OUT" <<'PY'
import csv, sys
gold_path, pred_path = sys.argv[1], sys.argv[2]
def rows(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
gold = {r["pair_id"]: int(r["same"]) for r in rows(gold_path)}
pred = {r["pair_id"]: int(r["same"]) for r in rows(pred_path)}
missing = [k for k in gold if k not in pred]
if missing:
    print(f"eval-names: {len(missing)} pairs without prediction", file=sys.stderr)
    sys.exit(2)
tp = sum(1 for k, g in gold.items() if g == 1 and pred[k] == 1)
fp = sum(1 for k, g in gold.items() if g == 0 and pred[k] == 1)
fn = sum(1 for k, g in gold.items() if g == 1 and pred[k] == 0)
acc = sum(1 for k, g in gold.items() if g == pred[k]) / len(gold)
p = tp / (tp + fp) if tp + fp else 0.0
r = tp / (tp + fn) if tp + fn else 0.0
f1 = 2 * p * r / (p + r) if p + r else 0.0
print(f"pairs={len(gold)} tp={tp} fp={fp} fn={fn}")
print(f"names_f1={f1:.4f} names_p={p:.4f} names_r={r:.4f} names_acc={acc:.4f}")
sys.exit(0 if f1 >= 0.95 and acc >= 0.95 else 1)
PY
