#!/usr/bin/env python3
"""Builds a large corpus folder for the streaming benchmarks and the Spark test from the
NTREX dev data (line-aligned files, one document id per line in DOCUMENT_IDS.tsv).

Each document group `g<NNNNN>-<doc>` is a perturbed copy of one of the 62 NTREX documents,
so that no two groups are the same: a window of its segments (a few dropped at the start or
the end, the same for every language), in some groups a segment left out of one non-pivot
version (a 1-0 bead) and two segments of one version joined into one paragraph (a 2-1 or
1-2 bead). Every segment is a paragraph (blank lines between them). Deterministic: the same
arguments give the same bytes.

    python3 tools/make-stream-corpus.py --groups 2000 --langs ind,eng,fra OUT_DIR
"""

import argparse
import os
import random
import sys

FILES = {
    "arb": "newstest2019-ref.arb.txt",
    "aze-Latn": "newstest2019-ref.aze-Latn.txt",
    "deu": "newstest2019-ref.deu.txt",
    "fra": "newstest2019-ref.fra.txt",
    "hye": "newstest2019-ref.hye.txt",
    "ind": "newstest2019-ref.ind.txt",
    "jpn": "newstest2019-ref.jpn.txt",
    "rus": "newstest2019-ref.rus.txt",
    "tur": "newstest2019-ref.tur.txt",
    "zho-CN": "newstest2019-ref.zho-CN.txt",
    "eng": "newstest2019-src.eng.txt",
}


def load(data, langs):
    with open(os.path.join(data, "DOCUMENT_IDS.tsv"), encoding="utf-8") as f:
        ids = [line.rstrip("\n").split("\t")[0] for line in f]
    lines = {}
    for lang in langs:
        if lang not in FILES:
            sys.exit(f"unknown language {lang!r}: use {', '.join(sorted(FILES))}")
        with open(os.path.join(data, FILES[lang]), encoding="utf-8") as f:
            lines[lang] = [line.rstrip("\n") for line in f]
        if len(lines[lang]) != len(ids):
            sys.exit(f"{FILES[lang]}: {len(lines[lang])} lines, DOCUMENT_IDS.tsv has {len(ids)}")
    docs = {}
    for i, d in enumerate(ids):
        docs.setdefault(d, []).append(i)
    return docs, lines


def group_texts(rng, rows, langs, lines):
    n = len(rows)
    start = rng.randrange(0, max(1, n // 4))
    end = n - rng.randrange(0, max(1, n // 4))
    rows = rows[start:max(end, start + 1)]
    texts = {}
    for lang in langs:
        texts[lang] = [lines[lang][r] for r in rows]
    others = langs[1:]
    if others and len(rows) > 3 and rng.random() < 0.3:
        lang = rng.choice(others)
        del texts[lang][rng.randrange(len(texts[lang]))]
    if len(rows) > 3 and rng.random() < 0.3:
        lang = rng.choice(langs)
        k = rng.randrange(len(texts[lang]) - 1)
        texts[lang][k : k + 2] = [texts[lang][k] + " " + texts[lang][k + 1]]
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="the corpus folder to write (created)")
    ap.add_argument("--groups", type=int, default=500, help="document groups (default 500)")
    ap.add_argument("--langs", default="ind,eng,fra", help="NTREX languages, the pivot first")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "ntrex-dev"))
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    langs = a.langs.split(",")
    docs, lines = load(a.data, langs)
    names = sorted(docs)
    os.makedirs(a.out, exist_ok=True)
    for g in range(a.groups):
        rng = random.Random(a.seed * 1_000_003 + g)
        doc = names[g % len(names)]
        texts = group_texts(rng, docs[doc], langs, lines)
        gid = f"g{g:05d}-{doc}"
        for lang, segs in texts.items():
            with open(os.path.join(a.out, f"{gid}.{lang}.txt"), "w", encoding="utf-8") as f:
                f.write("\n\n".join(segs) + "\n")
    print(f"{a.out}: {a.groups} document groups x {len(langs)} languages", file=sys.stderr)


if __name__ == "__main__":
    main()
