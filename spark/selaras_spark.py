#!/usr/bin/env python3
"""A selaras corpus job on Spark: the same output folder as `selaras align CORPUS --out OUT`,
with the alignment of the document groups spread over the cluster.

    python3 spark/selaras_spark.py --master 'local[2]' CORPUS OUT [selaras job options]
    spark-submit --master yarn --files target/release/selaras \\
        spark/selaras_spark.py --binary ./selaras hdfs:///corpora/news OUT

CORPUS is a local folder or any Hadoop-compatible URI (hdfs://, s3a://, file:/, ...); OUT is a
local folder on the driver (the outputs are written by one `selaras stream write` process
there, in the order of the plan, so that they are byte for byte those of `selaras align`).

The steps (see README "Running on a cluster" and `selaras stream --help`):

1. the driver lists CORPUS through Hadoop's FileSystem API and runs `selaras stream plan`
   on the listing: the job's settings and one line per document group;
2. the files are read with `SparkContext.binaryFiles`, joined into group lines and sorted
   into partitions in plan order;
3. `RDD.pipe` runs `selaras stream counts` on each partition (phase 1);
4. `selaras stream merge` sums the stem counts per partition, the driver sums the sums;
   `selaras stream pairs` counts stem pairs per partition with them, and
   `selaras stream lexicon` turns everything into the job's lexicon;
5. `RDD.pipe` runs `selaras stream align` on each partition (phase 2, with the lexicon);
6. the results come back to the driver partition by partition (`toLocalIterator`) into
   `selaras stream write`.

The plan and the lexicon reach the executors as the first lines of each partition's input,
so only the binary has to be shipped (`--files`).
"""

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile

JOB_FLAGS_WITH_VALUE = ["--pivot", "--langs", "--format", "--min-score", "--encoding", "--dict"]
JOB_FLAGS = ["--no-report", "--presegmented", "--line-paragraphs"]


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="corpus folder: a local path or a Hadoop-compatible URI")
    ap.add_argument("out", help="output folder (local to the driver)")
    ap.add_argument("--master", default=None, help="Spark master (default: from spark-submit, else local[*])")
    ap.add_argument("--binary", default=None,
                    help="the selaras binary as the executors run it (default: $SELARAS_BIN, "
                         "else target/release/selaras of this repository, else selaras on PATH); "
                         "on a cluster ship it with --files and give ./selaras")
    ap.add_argument("--driver-binary", default=None,
                    help="the selaras binary on the driver (default: --binary when it exists here)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="partitions of the document groups (default: 4 per executor core)")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    for f in JOB_FLAGS_WITH_VALUE:
        ap.add_argument(f, action="append" if f == "--dict" else None, default=None)
    for f in JOB_FLAGS:
        ap.add_argument(f, action="store_true")
    return ap.parse_args(argv)


def job_flags(a):
    out = []
    for f in JOB_FLAGS_WITH_VALUE:
        v = getattr(a, f[2:].replace("-", "_"))
        if v is None:
            continue
        for x in v if isinstance(v, list) else [v]:
            out += [f, x]
    for f in JOB_FLAGS:
        if getattr(a, f[2:].replace("-", "_")):
            out.append(f)
    return out


def default_binary():
    if os.environ.get("SELARAS_BIN"):
        return os.environ["SELARAS_BIN"]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "selaras")
    if os.path.exists(here):
        return os.path.abspath(here)
    return shutil.which("selaras") or "selaras"


def run_local(binary, args, stdin_lines=None, stdout=subprocess.PIPE):
    """Runs selaras on the driver; returns its standard output (text) unless `stdout` is a file."""
    p = subprocess.Popen([binary] + args, stdin=subprocess.PIPE, stdout=stdout, text=True, encoding="utf-8")
    out, _ = p.communicate("".join(l + "\n" for l in (stdin_lines or [])))
    if p.returncode != 0:
        sys.exit(f"selaras_spark: selaras {args[0]} {args[1]} failed (exit code {p.returncode})")
    return out


def list_corpus(sc, corpus):
    """The entries of the corpus folder and of its folders, through Hadoop's FileSystem API:
    (relative path, is a folder); and the qualified root URI."""
    jvm = sc._jvm
    root = jvm.org.apache.hadoop.fs.Path(corpus)
    fs = root.getFileSystem(sc._jsc.hadoopConfiguration())
    if not fs.exists(root):
        sys.exit(f"selaras_spark: {corpus}: no such folder")
    if not fs.getFileStatus(root).isDirectory():
        sys.exit(f"selaras_spark: {corpus}: is a file, expected a corpus folder")
    qualified = fs.makeQualified(root).toString().rstrip("/")
    entries = []
    for st in fs.listStatus(root):
        name = st.getPath().getName()
        entries.append((name, bool(st.isDirectory())))
        if st.isDirectory() and not name.startswith("."):
            for st2 in fs.listStatus(st.getPath()):
                entries.append((name + "/" + st2.getPath().getName(), bool(st2.isDirectory())))
    return entries, qualified


def tree_merge(rdd, exe, env, fan_in=16):
    """Sums the count lines of `rdd` with `selaras stream merge`, in rounds of `fan_in`
    partitions per task, so that the driver collects a handful of lines, not one per
    partition."""
    rdd = rdd.pipe(f"{exe} stream merge", env, checkCode=True)
    n = rdd.getNumPartitions()
    while n > fan_in:
        n = max(1, n // fan_in)
        rdd = rdd.coalesce(n).pipe(f"{exe} stream merge", env, checkCode=True)
    return rdd.collect()


def with_header(header):
    """A mapPartitions function that puts the lines of `header` (a broadcast list) first."""
    def f(it):
        return itertools.chain(header.value, it)
    return f


def main(argv=None):
    a = parse_args(argv if argv is not None else sys.argv[1:])
    from pyspark import SparkConf, SparkContext, StorageLevel

    binary = a.binary or default_binary()
    driver_binary = a.driver_binary or (binary if os.path.exists(binary) else default_binary())
    conf = SparkConf().setAppName("selaras")
    if a.master:
        conf = conf.setMaster(a.master)
    elif not conf.contains("spark.master"):
        conf = conf.setMaster("local[*]")
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("WARN")
    try:
        work = tempfile.mkdtemp(prefix="selaras-spark-")
        entries, root = list_corpus(sc, a.corpus)
        listing = [json.dumps({"path": p, "dir": d}) for p, d in entries]
        # The corpus as the user wrote it names the files in every output, as with `selaras align`.
        display = a.corpus[len("file:"):] if a.corpus.startswith("file:") and not a.corpus.startswith("file://") else a.corpus
        plan_lines = run_local(driver_binary, ["stream", "plan", display, "--listing", "-"] + job_flags(a), listing).splitlines()
        plan_path = os.path.join(work, "plan.jsonl")
        with open(plan_path, "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in plan_lines))
        head, groups = plan_lines[0], [json.loads(l) for l in plan_lines[1:]]
        prefix = display.rstrip("/") + "/"
        where = {}  # relative path -> (group index, file index)
        for gi, g in enumerate(groups):
            for fi, f in enumerate(g["files"]):
                where[f["path"][len(prefix):] if f["path"].startswith(prefix) else f["path"]] = (gi, fi)
        folders = sorted({os.path.dirname(p) for p in where})
        patterns = ",".join(root + ("/" + d if d else "") + "/*.txt" for d in folders)
        cores = sc.defaultParallelism
        parts = a.partitions or max(1, min(len(groups), 4 * cores))
        bwhere = sc.broadcast(where)
        bgroups = sc.broadcast(groups)

        def keyed(kv):
            path, data = kv
            rel = path[len(root) + 1:] if path.startswith(root + "/") else None
            hit = bwhere.value.get(rel)
            return [] if hit is None else [(hit[0], (hit[1], data))]

        def group_line(kv):
            gi, files = kv
            g = dict(bgroups.value[gi])
            contents = dict(f for f in files if f is not None)
            out = []
            for fi, f in enumerate(g["files"]):
                f = dict(f)
                data = contents.get(fi)
                if data is not None:
                    try:
                        f["text"] = bytes(data).decode("utf-8")
                    except UnicodeDecodeError:
                        import base64
                        f["base64"] = base64.b64encode(bytes(data)).decode("ascii")
                out.append(f)
            g["files"] = out
            return gi, json.dumps(g, ensure_ascii=False)

        every_group = sc.parallelize([(gi, None) for gi in range(len(groups))], parts)
        lines = (sc.binaryFiles(patterns)
                 .flatMap(keyed)
                 .union(every_group)
                 .groupByKey()
                 .map(lambda kv: (kv[0], list(kv[1])))
                 .map(group_line)
                 .sortByKey(numPartitions=parts)
                 .values())
        exe = binary
        # one core per task: Spark runs as many tasks at once as the executors have cores
        env = {"RAYON_NUM_THREADS": sc.getConf().get("spark.task.cpus", "1")}
        bplan = sc.broadcast([head])
        firsts = (lines.mapPartitions(with_header(bplan))
                  .pipe(f"{exe} stream counts --plan -", env, checkCode=True)
                  .persist(StorageLevel.MEMORY_AND_DISK))
        stems = run_local(driver_binary, ["stream", "merge"], tree_merge(firsts, exe, env)).splitlines()
        bstems = sc.broadcast(stems)
        pairs = tree_merge(firsts.mapPartitions(with_header(bstems))
                           .pipe(f"{exe} stream pairs --counts -", env, checkCode=True), exe, env)
        lexicon = run_local(driver_binary, ["stream", "lexicon"], stems + pairs).splitlines()
        bmodel = sc.broadcast([head] + lexicon)
        results = (firsts.mapPartitions(with_header(bmodel))
                   .pipe(f"{exe} stream align --plan - --lexicon -", env, checkCode=True))
        w = subprocess.Popen([driver_binary, "stream", "write", "--plan", plan_path, "--out", a.out],
                             stdin=subprocess.PIPE, text=True, encoding="utf-8")
        try:
            for line in results.toLocalIterator():
                w.stdin.write(line + "\n")
        finally:
            w.stdin.close()
        code = w.wait()
        firsts.unpersist()
        if not a.quiet:
            summary = os.path.join(a.out, "summary.json")
            if os.path.exists(summary):
                s = json.load(open(summary, encoding="utf-8"))
                pairs_n = sum(p["documents"] for p in s["pairs"])
                print(f"selaras_spark: aligned {pairs_n} document pairs in {len(s['pairs'])} language pairs "
                      f"({s['documents']} documents, {s['sentences']} sentences) on {cores} cores; outputs in {a.out}",
                      file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        return code
    finally:
        sc.stop()


if __name__ == "__main__":
    sys.exit(main())
