#!/usr/bin/env python3
"""Why the moved pass missed the gold links of moved runs: runs selaras with the trace of
the moved pass (SELARAS_TRACE_MOVED=1) on each task of a folder and, per missed gold link
that crosses others (a moved run), says where it was lost, from the trace of the last call
of the pass on the document:

  not-null      its sentences were not all 1-0 / 0-1 after the monotone search (paired
                wrongly, e.g. absorbed into a neighbour's 1-2 bead), in every round
  not-window    they were unaligned but no shortlisted window held both sides
  other-bead    a window held them but aligned them otherwise (no candidate bead = gold)
  below-cost    the gold bead was a candidate, its block did not pay for the move
  lost-greedy   its block paid but another block took its sentences first
  round-dropped its block was chosen but the round did not raise the document's score
  other         chosen and kept, then lost (a later pass or the assembly)

    python3 tools/moved-misses.py --bin target/release/selaras --tasks DIR --out DIR [-v]

Standard library only.
"""
import argparse
import collections
import importlib.util
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("ae", os.path.join(HERE, "align-errors.py"))
ae = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ae)


def span(text):
    a, b = text.split("-")
    return int(a), int(b)


def last_call(trace):
    """The lines of the last call of the pass, parsed."""
    calls = []
    for line in trace.splitlines():
        f = line.split("\t")
        if f[0] != "moved":
            continue
        if f[1] == "start":
            calls.append([])
        elif calls:
            calls[-1].append(f[1:])
    return calls[-1] if calls else []


def inside(ids, rngs):
    return all(any(a <= i < b for a, b in rngs) for i in ids)


def why(link, call):
    s, t = (tuple(range(min(x), max(x) + 1)) for x in link)
    gold = f"{s[0]}-{s[-1] + 1}:{t[0]}-{t[-1] + 1}"
    rounds = collections.defaultdict(lambda: {"runs": None, "win": [], "blocks": [], "v": None})
    for f in call:
        r = rounds[int(f[1])]
        if f[0] == "runs":
            r["runs"] = [[span(x) for x in col.split(",") if x] for col in (f[2], f[3])]
        elif f[0] == "window":
            r["win"].append((span(f[2]), span(f[3])))
        elif f[0] == "block":
            r["blocks"].append((float(f[2]), f[4].split(" ")))
        elif f[0] == "verdict":
            r["v"] = (f[2], f[5].split(" ") if len(f) > 5 else [])
    best = ("not-null", "")
    order = ["not-null", "not-window", "other-bead", "below-cost", "lost-greedy",
             "round-dropped", "other"]
    for k in sorted(rounds):
        r = rounds[k]
        if not r["runs"] or not (inside(s, r["runs"][0]) and inside(t, r["runs"][1])):
            continue
        cls, info = "not-window", ""
        if any(inside(s, [w[0]]) and inside(t, [w[1]]) for w in r["win"]):
            cls = "other-bead"
        for gain, beads in r["blocks"]:
            for b in beads:
                bs, bt, g, loss = b.split(":")
                if f"{bs}:{bt}" == gold:
                    first = beads[0].split(":")
                    bkey = f"{span(first[0])[0]}:{span(first[1])[0]}:{len(beads)}"
                    chosen = r["v"] is not None and bkey in r["v"][1]
                    if gain <= 0:
                        c = "below-cost"
                    elif not chosen:
                        c = "lost-greedy"
                    elif r["v"][0] == "dropped":
                        c = "round-dropped"
                    else:
                        c = "other"
                    if order.index(c) > order.index(cls):
                        cls, info = c, f"bead gain {g} loss {loss}, block gain {gain} ({len(beads)} beads)"
        if order.index(cls) > order.index(best[0]):
            best = (cls, info)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--tasks", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("-v", action="store_true", help="print each missed link")
    a = ap.parse_args()
    count = collections.Counter()
    for task in sorted(os.listdir(a.tasks)):
        d = os.path.join(a.tasks, task)
        sl, tl = task.rsplit(".", 1)[1].split("_", 1)
        os.makedirs(os.path.join(a.out, task), exist_ok=True)
        run = subprocess.run(
            [a.bin, "align", "--quiet", "--src-lang", sl, "--tgt-lang", tl, "--presegmented",
             "--format", "links", os.path.join(d, "src.txt"), os.path.join(d, "tgt.txt")],
            capture_output=True, text=True, check=True,
            env=dict(os.environ, SELARAS_TRACE_MOVED="1"))
        with open(os.path.join(a.out, task, "pred.txt"), "w", encoding="utf-8") as f:
            f.write(run.stdout)
        gold = ae.read(os.path.join(d, "gold.txt"))
        pred = set(ae.read(os.path.join(a.out, task, "pred.txt")))
        call = last_call(run.stderr)
        for g in sorted(ae.crossing(gold)):
            if g in pred:
                count["found"] += 1
                continue
            if not ae.contiguous(g):
                count["noncontiguous"] += 1
                continue
            cls, info = why(g, call)
            count[cls] += 1
            if a.v:
                print(f"{task}\t{list(g[0])}:{list(g[1])}\t{cls}\t{info}")
    for k, v in count.most_common():
        print(f"{k:14s} {v:4d}")


if __name__ == "__main__":
    main()
