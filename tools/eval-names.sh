#!/usr/bin/env bash
# Name matching quality: F1 and accuracy of the `same` class on the dev pairs, and F1 per
# class on the pairs written from the NTREX dev documents (tests/fixtures/names/ntrex-classes.tsv:
# inflected forms, respelling by sound, translated names, near misses such as Rosa / Russia).
# Bars: dev pairs F1 >= 0.98 and accuracy >= 0.95 (issues 4, 15); every class F1 >= 0.90
# (issue 15). Exits 1 below a bar, 2 on error. Run from the repository root; the shared
# folder is ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS="${PAIRS:-../shared/data/names-dev/pairs.tsv}"
CLASSES="${CLASSES:-tests/fixtures/names/ntrex-classes.tsv}"
[ -f "$PAIRS" ] || { echo "eval-names: missing $PAIRS" >&2; exit 2; }
[ -f "$CLASSES" ] || { echo "eval-names: missing $CLASSES" >&2; exit 2; }
cargo build --release --quiet
OUT="$(mktemp)"
OUT_CLASSES="$(mktemp)"
trap 'rm -f "$OUT" "$OUT_CLASSES"' EXIT
target/release/selaras names match --pairs "$PAIRS" > "$OUT"
target/release/selaras names match --pairs "$CLASSES" > "$OUT_CLASSES"
python3 - "$PAIRS" "$OUT" "$CLASSES" "$OUT_CLASSES" <<'PY'
import csv, sys
from collections import defaultdict

def rows(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

def score(gold_path, pred_path, by):
    gold = rows(gold_path)
    pred = {r["pair_id"]: int(r["same"]) for r in rows(pred_path)}
    missing = [g["pair_id"] for g in gold if g["pair_id"] not in pred]
    if missing:
        print(f"eval-names: {len(missing)} pairs of {gold_path} without prediction", file=sys.stderr)
        sys.exit(2)
    counts = defaultdict(lambda: [0, 0, 0, 0, 0])  # tp fp fn right n
    for g in gold:
        for key in ("all", g.get(by, "")) if by else ("all",):
            c = counts[key]
            s, p = int(g["same"]), pred[g["pair_id"]]
            c[0] += s == 1 and p == 1
            c[1] += s == 0 and p == 1
            c[2] += s == 1 and p == 0
            c[3] += s == p
            c[4] += 1
    out = {}
    for key, (tp, fp, fn, right, n) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[key] = (f1, p, r, right / n, n, tp, fp, fn)
    return out

dev = score(sys.argv[1], sys.argv[2], None)["all"]
f1, p, r, acc, n, tp, fp, fn = dev
print(f"dev pairs: pairs={n} tp={tp} fp={fp} fn={fn}")
print(f"names_f1={f1:.4f} names_p={p:.4f} names_r={r:.4f} names_acc={acc:.4f}")
ok = f1 >= 0.98 and acc >= 0.95
classes = score(sys.argv[3], sys.argv[4], "class")
print(f"\n{'class':<12} {'pairs':>5} {'F1':>6} {'P':>6} {'R':>6}")
for key in sorted(k for k in classes if k != "all"):
    cf1, cp, cr, cacc, cn, *_ = classes[key]
    print(f"{key:<12} {cn:>5} {cf1:>6.3f} {cp:>6.3f} {cr:>6.3f}")
    ok = ok and cf1 >= 0.90
summary = " ".join(f"class_{k.replace('-', '_')}_f1={v[0]:.4f}" for k, v in sorted(classes.items()) if k != "all")
print(f"names_f1={f1:.4f} names_acc={acc:.4f} {summary}")
sys.exit(0 if ok else 1)
PY
