#!/usr/bin/env python3
"""Error analysis of sentence alignments: classifies the wrong predicted links and the missed
gold links of task folders (T/gold.txt beside PRED/T/pred.txt) by what went wrong.

    python3 tools/align-errors.py --gold-dir D --pred-dir E [--list CLASS]

Classes of a wrong predicted link (precision):
  null-but-paired      a 1-0/0-1 link whose sentence gold pairs (moved / in order)
  pairs-nulls          pairs sentences gold leaves all unaligned
  absorbs-null         covers whole gold links, at least one of them a null (a merge too many)
  part-of-gold         lies inside one gold link (a merge too few)
  touches-noncontiguous  touches a gold link whose sentences are not consecutive (unreachable)
  moved-wrong          touches a gold link that crosses others (a moved run), none of the above
  shifted              the rest (boundaries off)
Missed gold pairing links (recall) are counted by whether gold link crosses others (moved)
and by what the prediction has for their sentences (all-null / other).
Standard library only.
"""
import argparse
import collections
import os
import re
import sys

LINK = re.compile(r"^\[([^\]]*)\]:\[([^\]]*)\]$")


def read(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = LINK.match(line)
            if not m:
                sys.exit(f"{path}: bad line {line!r}")
            ids = lambda s: tuple(int(x) for x in s.split(",") if x.strip())
            out.append((ids(m.group(1)), ids(m.group(2))))
    return out


def crossing(links):
    """Pairing links out of the longest run of links in order on both sides (moved)."""
    paired = sorted((l for l in links if l[0] and l[1]), key=lambda l: min(l[0]))
    best, prev = [1] * len(paired), [-1] * len(paired)
    for k, a in enumerate(paired):
        for h in range(k):
            if min(paired[h][1]) < min(a[1]) and best[h] + 1 > best[k]:
                best[k], prev[k] = best[h] + 1, h
    k = max(range(len(paired)), key=lambda x: best[x], default=-1)
    keep = set()
    while k >= 0:
        keep.add(paired[k])
        k = prev[k]
    return {l for l in paired if l not in keep}


def contiguous(link):
    """Both sides runs of consecutive sentences (else no bead can produce the link)."""
    return all(not ids or max(ids) - min(ids) + 1 == len(ids) for ids in link)


def classify(gold, pred):
    gset = set(gold)
    moved = crossing(gold)
    by_s, by_t = {}, {}
    for g in gold:
        for i in g[0]:
            by_s[i] = g
        for j in g[1]:
            by_t[j] = g
    wrong = []
    for p in pred:
        if p in gset:
            continue
        touched = {by_s[i] for i in p[0] if i in by_s} | {by_t[j] for j in p[1] if j in by_t}
        if any(not contiguous(g) for g in touched):
            cls = "touches-noncontiguous"
        elif not p[0] or not p[1]:
            g = next(iter(touched), None)
            cls = "null-but-paired" + ("(moved)" if g in moved else "") if g else "null-?"
        elif all(not g[0] or not g[1] for g in touched):
            cls = "pairs-nulls"
        elif len(touched) == 1:
            cls = "part-of-gold"
        elif any(g in moved for g in touched):
            cls = "moved-wrong"
        elif all(set(g[0]) <= set(p[0]) and set(g[1]) <= set(p[1]) for g in touched):
            cls = "absorbs-null" if any(not g[0] or not g[1] for g in touched) else "merges-golds"
        else:
            cls = "shifted"
        wrong.append((cls, p, sorted(touched)))
    pset = set(pred)
    pby_s = {i: p for p in pred for i in p[0]}
    missed = []
    for g in gold:
        if not g[0] or not g[1] or g in pset:
            continue
        has = {pby_s.get(i) for i in g[0]}
        allnull = all(h is not None and not h[1] for h in has)
        kind = "noncontiguous/" if not contiguous(g) else ""
        kind += ("moved" if g in moved else "inorder") + ("/pred-null" if allnull else "/pred-other")
        missed.append((kind, g, sorted(h for h in has if h)))
    return wrong, missed, len([g for g in gold if g[0] and g[1]]), len(moved)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold-dir", required=True)
    ap.add_argument("--pred-dir", required=True)
    ap.add_argument("--list", help="print the links of this class")
    a = ap.parse_args()
    wc, mc = collections.Counter(), collections.Counter()
    npred = ngold = nmoved = 0
    for task in sorted(os.listdir(a.gold_dir)):
        gp = os.path.join(a.gold_dir, task, "gold.txt")
        pp = os.path.join(a.pred_dir, task, "pred.txt")
        if not os.path.exists(gp) or not os.path.exists(pp):
            continue
        gold, pred = read(gp), read(pp)
        npred += len(pred)
        wrong, missed, ng, nm = classify(gold, pred)
        ngold += ng
        nmoved += nm
        for cls, p, t in wrong:
            wc[cls] += 1
            if a.list == cls:
                print(f"{task}\tpred {p}\tgold {t}")
        for kind, g, h in missed:
            mc[kind] += 1
            if a.list == kind:
                print(f"{task}\tgold {g}\tpred {h}")
    print(f"predicted links {npred}, wrong {sum(wc.values())}")
    for k, v in wc.most_common():
        print(f"  {k:24s} {v:5d}  ({100 * v / npred:.2f}% of predicted)")
    print(f"gold pairing links {ngold} (moved {nmoved}), missed {sum(mc.values())}")
    for k, v in mc.most_common():
        print(f"  {k:24s} {v:5d}  ({100 * v / ngold:.2f}% of gold)")


if __name__ == "__main__":
    main()
