#!/usr/bin/env python3
"""Precision and recall of document pairs: a `documents.tsv` written by
`selaras align CORPUS --match-documents` against a truth file (tools/make_match_corpus.py).

  python3 tools/score_matching.py --truth T/truth.tsv --pred OUT/documents.tsv

Both files: a header, then `pivot_file<TAB>other_file[<TAB>...]` (paths relative to the
corpus folder). P = right pairs / predicted pairs, R = right pairs / true pairs, per other
language (its folder) and in all. Last line: `match_p=… match_r=… match_f1=…`.
"""
import argparse
import collections
import sys


def read_pairs(path):
    pairs = set()
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header[:2] != ["pivot_file", "other_file"]:
            print(f"ERROR: {path}: header must start with pivot_file<TAB>other_file", file=sys.stderr)
            sys.exit(2)
        for n, line in enumerate(fh, 2):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                print(f"ERROR: {path}:{n}: expected two columns", file=sys.stderr)
                sys.exit(2)
            pairs.add((cols[0], cols[1]))
    return pairs


def prf(hits, pred, gold):
    p = hits / pred if pred else 1.0
    r = hits / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--pred", required=True)
    args = ap.parse_args(argv)
    truth, pred = read_pairs(args.truth), read_pairs(args.pred)
    lang = lambda pair: pair[1].split("/")[0]
    rows = collections.defaultdict(lambda: [0, 0, 0])
    for p in pred:
        rows[lang(p)][1] += 1
        rows[lang(p)][0] += p in truth
    for t in truth:
        rows[lang(t)][2] += 1
    print(f"{'language':10s} {'true':>6s} {'found':>6s} {'right':>6s} {'P':>6s} {'R':>6s}")
    for l in sorted(rows):
        h, n, g = rows[l]
        p, r, _ = prf(h, n, g)
        print(f"{l:10s} {g:6d} {n:6d} {h:6d} {p:6.3f} {r:6.3f}")
    hits = len(pred & truth)
    p, r, f = prf(hits, len(pred), len(truth))
    print(f"{'all':10s} {len(truth):6d} {len(pred):6d} {hits:6d} {p:6.3f} {r:6.3f}")
    print(f"match_p={p:.3f} match_r={r:.3f} match_f1={f:.3f}")


if __name__ == "__main__":
    main()
