#!/usr/bin/env python3
"""Builds corpora for pairing documents by content (`selaras align CORPUS --match-documents`).

From a line-aligned multilingual set (one `<lang>.txt` or `*.<lang>.txt` file per language,
line N the same sentence in every file, and DOCUMENT_IDS.tsv naming the document of each
line, as ../shared/data/ntrex-dev):

  ntrex      the documents of the set, each language in its own folder under shuffled file
             names (`id/berita-0193.txt`, `en/story-0077.txt`), with --drop of the documents
             removed from each non-pivot language, so that some have no counterpart;
  synthetic  --docs documents per language, each 8-24 lines drawn from the whole set (the
             same lines in every language, so lines recur across documents as boilerplate
             does) and a closing line of figures of its own ("(4821, 2017-03-14)"), the
             same in every language; --drop of them removed per non-pivot language.

Writes OUT/corpus/<lang>/<name>.txt (one sentence per line: align with --presegmented) and
OUT/truth.tsv (`pivot_file other_file`, paths relative to the corpus folder, sorted).
Every random choice comes from --seed.

  python3 tools/make_match_corpus.py ntrex --data ../shared/data/ntrex-dev --out /tmp/m
  python3 tools/make_match_corpus.py synthetic --docs 5000 --langs ind,eng --out /tmp/s
"""
import argparse
import random
import sys
from pathlib import Path

# language of the set -> folder name (a code selaras reads) and a file-name prefix
FOLDERS = {
    "ind": ("id", "berita"), "eng": ("en", "story"), "fra": ("fr", "article"),
    "rus": ("ru", "statya"), "tur": ("tr", "haber"), "aze-Latn": ("az-Latn", "xeber"),
    "hye": ("hy", "lur"), "deu": ("de", "bericht"),
}


def read_set(data):
    ids = [l.rstrip("\n").split("\t")[0] for l in open(data / "DOCUMENT_IDS.tsv", encoding="utf-8")]
    texts = {}
    for lang in FOLDERS:
        cands = sorted(list(data.glob(f"{lang}.txt")) + list(data.glob(f"*.{lang}.txt")))
        if not cands:
            sys.exit(f"no file for language {lang} in {data}")
        lines = open(cands[0], encoding="utf-8", newline="").read().replace("\r\n", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != len(ids):
            sys.exit(f"{cands[0]}: {len(lines)} lines, DOCUMENT_IDS.tsv has {len(ids)}")
        texts[lang] = lines
    return ids, texts


def ntrex_docs(ids, texts, langs):
    """Per document id (in order of first appearance), its lines per language."""
    order, lines = [], {}
    for k, d in enumerate(ids):
        if d not in lines:
            order.append(d)
            lines[d] = []
        lines[d].append(k)
    return [{l: [texts[l][k] for k in lines[d]] for l in langs} for d in order]


def synthetic_docs(rng, texts, langs, n):
    total = len(texts[langs[0]])
    docs = []
    for _ in range(n):
        picked = sorted(rng.sample(range(total), rng.randint(8, 24)))
        tail = f"({rng.randint(1000, 99999)}, {rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d})"
        docs.append({l: [texts[l][k] for k in picked] + [tail] for l in langs})
    return docs


def write(rng, docs, langs, pivot, drop, out):
    corpus = out / "corpus"
    if corpus.exists() and any(corpus.iterdir()):
        sys.exit(f"{corpus} is not empty")
    names = {}
    for lang in langs:
        folder, prefix = FOLDERS[lang]
        numbers = rng.sample(range(10 * len(docs) + 10), len(docs))
        keep = list(range(len(docs)))
        if lang != pivot:
            gone = set(rng.sample(keep, round(drop * len(docs))))
            keep = [d for d in keep if d not in gone]
        for d in keep:
            name = f"{folder}/{prefix}-{numbers[d]:05d}.txt"
            names[(lang, d)] = name
            p = corpus / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("\n".join(docs[d][lang]) + "\n", encoding="utf-8")
    truth = sorted(
        f"{names[(pivot, d)]}\t{names[(l, d)]}"
        for l in langs if l != pivot
        for d in range(len(docs)) if (l, d) in names
    )
    (out / "truth.tsv").write_text("pivot_file\tother_file\n" + "".join(t + "\n" for t in truth), encoding="utf-8")
    print(f"{out}: {len(docs)} documents, {len(langs)} languages, {len(truth)} true pairs")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["ntrex", "synthetic"])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared/data/ntrex-dev")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--langs", default=",".join(FOLDERS))
    ap.add_argument("--pivot", default="ind")
    ap.add_argument("--drop", type=float, default=0.1)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--seed", default="match-v1")
    args = ap.parse_args(argv)
    langs = args.langs.split(",")
    if args.pivot not in langs or any(l not in FOLDERS for l in langs):
        ap.error(f"languages must be among {', '.join(FOLDERS)} and include the pivot")
    rng = random.Random(f"{args.seed}/{args.kind}/{args.docs}")
    ids, texts = read_set(args.data)
    if args.kind == "ntrex":
        docs = ntrex_docs(ids, texts, langs)
    else:
        docs = synthetic_docs(rng, texts, langs, args.docs)
    write(rng, docs, langs, args.pivot, args.drop, args.out)


if __name__ == "__main__":
    main()
