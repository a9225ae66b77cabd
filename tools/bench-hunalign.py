#!/usr/bin/env python3
"""Whole-process time of selaras against hunalign on the same inputs, runs interleaved.

hunalign is not in Debian and is never committed here: build it outside the repository from
its public source (https://github.com/danielvarga/hunalign: `cd src/hunalign && make`) and
give the binary's path.

    python3 tools/bench-hunalign.py HUNALIGN [SELARAS] [RUNS]

Cases: Text+Berg dev (de-fr, 468 x 554 lines); its first 100, 200 and 300 lines (documents
of Text+Berg size, cut after a gold bead so that both sides still match); a 1-line pair across scripts (id-ru); the 620 NTREX dev align tasks in
one process (`hunalign -batch` against `selaras align --batch`). Prints per case the median
wall and CPU (user + sys) time of each tool and the ratio selaras / hunalign.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))


def run(cmd):
    """Wall and CPU milliseconds of one run of `cmd` (output discarded)."""
    with open(os.devnull, "wb") as null:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t) * 1000
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}")
    return wall, (ru.ru_utime + ru.ru_stime) * 1000


def head(src, n, out):
    with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
        for k, line in enumerate(f):
            if k >= n:
                break
            g.write(line)
    return out


def gold_cuts(links):
    """(source lines, target lines) after each gold bead of a links file (`[0, 1]:[0]`), so
    that a document cut there is still a translation of itself."""
    cuts, hs, ht = [], 0, 0
    with open(links, encoding="utf-8") as f:
        for line in f:
            a, _, b = line.strip().partition(":")
            for side, ids in ((0, a), (1, b)):
                for x in ids.strip("[]").split(","):
                    if x.strip():
                        if side == 0:
                            hs = max(hs, int(x) + 1)
                        else:
                            ht = max(ht, int(x) + 1)
            cuts.append((hs, ht))
    return cuts


def cases(tmp, hun, sel):
    tb = os.path.join(SHARED, "data", "textberg-dev")
    de, fr = os.path.join(tb, "dev.de"), os.path.join(tb, "dev.fr")

    def pair(name, s, t, sl, tl):
        return name, [hun, "-utf", "/dev/null", s, t], [
            sel, "align", "--quiet", "--presegmented", "--src-lang", sl,
            "--tgt-lang", tl, "--format", "links", s, t]

    out = [pair("Text+Berg dev 468x554", de, fr, "de", "fr")]
    cuts = gold_cuts(os.path.join(tb, "dev.defr"))
    for n in (100, 200, 300):
        ns, nt = next(c for c in cuts if c[0] >= n)
        s = head(de, ns, os.path.join(tmp, f"h{n}.de"))
        t = head(fr, nt, os.path.join(tmp, f"h{n}.fr"))
        out.append(pair(f"Text+Berg first {ns}x{nt} lines", s, t, "de", "fr"))
    one_id = os.path.join(tmp, "one.id")
    one_ru = os.path.join(tmp, "one.ru")
    with open(one_id, "w", encoding="utf-8") as f:
        f.write("Presiden Rusia Vladimir Putin bertemu Erdogan di Moskow.\n")
    with open(one_ru, "w", encoding="utf-8") as f:
        f.write("Президент России Владимир Путин встретился с Эрдоганом в Москве.\n")
    out.append(pair("1-line pair id-ru", one_id, one_ru, "id", "ru"))
    tasks = os.path.join(SHARED, "data", "tasks-dev", "align")
    hlist, slist = os.path.join(tmp, "hun.batch"), os.path.join(tmp, "sel.batch")
    n = 0
    with open(hlist, "w") as h, open(slist, "w") as s:
        for task in sorted(os.listdir(tasks)):
            d = os.path.join(tasks, task)
            files = sorted(os.listdir(d)) if os.path.isdir(d) else []
            src = [f for f in files if f.startswith("src.")]
            tgt = [f for f in files if f.startswith("tgt.")]
            if len(src) != 1 or len(tgt) != 1:
                continue
            a, b = os.path.join(d, src[0]), os.path.join(d, tgt[0])
            h.write(f"{a}\t{b}\t{os.path.join(tmp, f'h{n}.ladder')}\n")
            sl, _, tl = task.rsplit(".", 1)[-1].partition("_")
            s.write(f"{a}\t{b}\t{os.path.join(tmp, f's{n}.links')}\t{sl}\t{tl}\n")
            n += 1
    if n:
        out.append((f"batch of {n} NTREX dev tasks",
                    [hun, "-utf", "-batch", "/dev/null", hlist],
                    [sel, "align", "--quiet", "--presegmented", "--batch", slist,
                     "--format", "links"]))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    hun = sys.argv[1]
    sel = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "target/release/selaras")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    with tempfile.TemporaryDirectory() as tmp:
        print("case\tselaras wall ms\thunalign wall ms\twall ratio\tselaras CPU ms\thunalign CPU ms\tCPU ratio")
        for name, hcmd, scmd in cases(tmp, hun, sel):
            times = {"h": [], "s": []}
            for _ in range(runs):
                for key, cmd in (("s", scmd), ("h", hcmd)):
                    times[key].append(run(cmd))
            med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
                   for k, v in times.items()}
            (sw, sc), (hw, hc) = med["s"], med["h"]
            print(f"{name}\t{sw:.1f}\t{hw:.1f}\t{sw / hw:.2f}\t{sc:.1f}\t{hc:.1f}\t{sc / max(hc, 0.1):.2f}")


if __name__ == "__main__":
    main()
