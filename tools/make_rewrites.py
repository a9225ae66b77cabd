#!/usr/bin/env python3
"""Builds rewritten-news alignment tasks like ../shared/data/tasks-dev-rewrites (see its
SOURCE.txt), with other articles and another seed, for a generalization check of the aligner
(not for tuning it).

From a line-aligned set (../shared/data/ntrex-dev: one file per language, DOCUMENT_IDS.tsv):
`--per-article` consecutive documents make one article, grouped from document `--offset` on
(the dev sets start elsewhere, so the articles differ). For each article and each language
paired with Indonesian:

* the Indonesian side (src) is a condensed rewrite: runs of 1-4 sentences left out, a
  sentence merged with its successor into one line;
* the other side (tgt) loses a few runs of 1-3 sentences (never ones the source left out),
  merges a few neighbours and gains runs of 1-3 sentences of other documents (between
  alignment units);
* in `moved/`, about half of the articles also have a run of 2-4 source lines moved to
  another place (at least 5 lines away); `plain/` has the same articles without the move.

Gold: connected components of source and target lines that share an original sentence, in
source order (links format of ../shared/eval/README.md). Every random choice comes from a
generator seeded with (--seed, article, language).

  python3 tools/make_rewrites.py --data ../shared/data/ntrex-dev --out /tmp/rw --seed g1
"""
import argparse
import hashlib
import random
import sys
from pathlib import Path

LANGS = ["eng", "fra", "rus", "tur", "aze-Latn", "hye", "deu"]


def rng_for(*parts):
    h = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def read_lines(data, lang):
    cands = sorted(list(data.glob(f"{lang}.txt")) + list(data.glob(f"*.{lang}.txt")))
    if not cands:
        sys.exit(f"no file for {lang} in {data}")
    lines = open(cands[0], encoding="utf-8").read().split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def articles(ids, per, offset):
    docs, order = {}, []
    for k, d in enumerate(ids):
        if d not in docs:
            docs[d] = []
            order.append(d)
        docs[d].append(k)
    out = []
    for a in range(offset, len(order) - per + 1, per):
        group = order[a:a + per]
        out.append((group[0], [k for d in group for k in docs[d]], set(group)))
    return out, docs, order


def condense(rng, n, p_del, max_run, p_merge, banned=frozenset()):
    """Lines of one side as lists of original sentence indices (0..n-1)."""
    kept, i = [], 0
    while i < n:
        if i not in banned and rng.random() < p_del:
            run = rng.randint(1, max_run)
            j = i
            while j < min(n, i + run) and j not in banned:
                j += 1
            if j > i:
                i = j
                continue
        kept.append(i)
        i += 1
    lines = []
    for s in kept:
        if lines and lines[-1][-1] == s - 1 and rng.random() < p_merge:
            lines[-1].append(s)
        else:
            lines.append([s])
    return lines, set(range(n)) - set(kept)


def gold(src, tgt):
    """Links between src and tgt lines (lists of original ids; foreign lines hold None)."""
    owner = {}
    for i, line in enumerate(src):
        for s in line:
            owner.setdefault(s, [set(), set()])[0].add(i)
    for j, line in enumerate(tgt):
        for s in line:
            if s is not None:
                owner.setdefault(s, [set(), set()])[1].add(j)
    # union the lines sharing an original sentence
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s_lines, t_lines in owner.values():
        nodes = [("s", i) for i in s_lines] + [("t", j) for j in t_lines]
        for a in nodes[1:]:
            parent[find(a)] = find(nodes[0])
    comps = {}
    for i in range(len(src)):
        comps.setdefault(find(("s", i)), [set(), set()])[0].add(i)
    for j in range(len(tgt)):
        comps.setdefault(find(("t", j)), [set(), set()])[1].add(j)
    links = [(sorted(s), sorted(t)) for s, t in comps.values()]
    links.sort(key=lambda l: (min(l[0]) if l[0] else float("inf"), min(l[1]) if l[1] else -1))
    return links


def fmt(link):
    return f"[{', '.join(map(str, link[0]))}]:[{', '.join(map(str, link[1]))}]"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", default="rewrites-gen-1")
    ap.add_argument("--per-article", type=int, default=3)
    ap.add_argument("--offset", type=int, default=1)
    args = ap.parse_args(argv)
    ids = [l.split("\t")[0] for l in open(args.data / "DOCUMENT_IDS.tsv", encoding="utf-8").read().split("\n") if l]
    text = {l: read_lines(args.data, l) for l in ["ind"] + LANGS}
    arts, docs, order = articles(ids, args.per_article, args.offset)
    made = 0
    for name, lines, members in arts:
        n = len(lines)
        others = [k for d in order if d not in members for k in docs[d]]
        moves = rng_for(args.seed, name, "move").random() < 0.5
        for lang in LANGS:
            rng = rng_for(args.seed, name, lang)
            src, left_out = condense(rng, n, 0.04, 4, 0.15)
            tgt_lines, _ = condense(rng, n, 0.02, 3, 0.08, banned=left_out)
            tgt = []
            for line in tgt_lines:
                tgt.append(line)
                if rng.random() < 0.03:
                    start = rng.randrange(len(others) - 3)
                    tgt.extend([[None, others[start + r]] for r in range(rng.randint(1, 3))])
            variants = {"plain": src}
            if moves and len(src) > 12:
                mrng = rng_for(args.seed, name, lang, "where")
                size = mrng.randint(2, 4)
                at = mrng.randrange(len(src) - size)
                run, rest = src[at:at + size], src[:at] + src[at + size:]
                spots = [p for p in range(len(rest) + 1) if abs(p - at) >= 5]
                to = mrng.choice(spots)
                variants["moved"] = rest[:to] + run + rest[to:]
            else:
                variants["moved"] = src
            for kind, s in variants.items():
                d = args.out / kind / f"{name}.ind_{lang}"
                d.mkdir(parents=True, exist_ok=True)
                (d / "src.txt").write_text("".join(" ".join(text["ind"][lines[k]] for k in l) + "\n" for l in s), encoding="utf-8")
                (d / "tgt.txt").write_text(
                    "".join((text[lang][l[1]] if l[0] is None else " ".join(text[lang][lines[k]] for k in l)) + "\n" for l in tgt),
                    encoding="utf-8")
                g = gold(s, [[None] if l[0] is None else l for l in tgt])
                (d / "gold.txt").write_text("".join(fmt(l) + "\n" for l in g), encoding="utf-8")
                made += 1
    print(f"{args.out}: {made} tasks ({len(arts)} articles x {len(LANGS)} languages x plain/moved)")


if __name__ == "__main__":
    main()
