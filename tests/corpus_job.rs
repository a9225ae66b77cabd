//! The corpus job and pair mode of `selaras align`, run as a user would.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

/// Reads every file below `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn run_bundled(out: &Path, jobs: &str) {
    selaras()
        .args([
            "align",
            "corpora/karabakh-2020",
            "--quiet",
            "--jobs",
            jobs,
            "--out",
        ])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn bundled_corpus_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    run_bundled(dir.path(), "2");
    let files = snapshot(dir.path());
    for f in [
        "summary.json",
        "id-en.id",
        "id-en.en",
        "id-en.jsonl",
        "id-en.tmx",
        "id-en/karabakh-2020.links",
        "id-en/karabakh-2020.tsv",
        "id-fr.id",
        "id-fr.fr",
        "id-fr.tmx",
    ] {
        assert!(files.contains_key(f), "missing {f}: {:?}", files.keys());
    }
    assert!(
        !files.keys().any(|k| k.ends_with(".tmp")),
        "temporary files left"
    );
    let summary: serde_json::Value = serde_json::from_slice(&files["summary.json"]).unwrap();
    assert_eq!(summary["documents"], 1);
    assert_eq!(summary["pairs"].as_array().unwrap().len(), 2);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run_bundled(a.path(), "1");
    run_bundled(b.path(), "4");
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert_eq!(v, &sb[k], "{k} differs between --jobs 1 and --jobs 4");
    }
}

/// Every sentence of both sides appears in exactly one bead, in order, in the links and
/// in the Moses files.
#[test]
fn every_sentence_appears_exactly_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    run_bundled(dir.path(), "2");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    for pair in summary["pairs"].as_array().unwrap() {
        let (s, t) = (
            pair["src_lang"].as_str().unwrap(),
            pair["tgt_lang"].as_str().unwrap(),
        );
        let links =
            std::fs::read_to_string(dir.path().join(format!("{s}-{t}/karabakh-2020.links")))
                .unwrap();
        let (mut next_s, mut next_t) = (0usize, 0usize);
        for line in links.lines() {
            let (a, b) = line.split_once(':').unwrap();
            let ids = |x: &str| -> Vec<usize> {
                x.trim_matches(['[', ']'])
                    .split(',')
                    .filter(|y| !y.trim().is_empty())
                    .map(|y| y.trim().parse().unwrap())
                    .collect()
            };
            for i in ids(a) {
                assert_eq!(i, next_s);
                next_s += 1;
            }
            for j in ids(b) {
                assert_eq!(j, next_t);
                next_t += 1;
            }
        }
        assert_eq!(next_s as u64, pair["src_sentences"].as_u64().unwrap());
        assert_eq!(next_t as u64, pair["tgt_sentences"].as_u64().unwrap());
        // Moses: the same number of lines on both sides, one per bead.
        let ms = std::fs::read_to_string(dir.path().join(format!("{s}-{t}.{s}"))).unwrap();
        let mt = std::fs::read_to_string(dir.path().join(format!("{s}-{t}.{t}"))).unwrap();
        assert_eq!(ms.lines().count(), links.lines().count());
        assert_eq!(mt.lines().count(), links.lines().count());
        // Every word of the source document is in the Moses source file, in order.
        let src_text =
            std::fs::read_to_string(format!("corpora/karabakh-2020/karabakh-2020.{s}.txt"))
                .unwrap();
        let words: Vec<&str> = src_text.split_whitespace().collect();
        let moses_words: Vec<&str> = ms.split_whitespace().collect();
        assert_eq!(words, moses_words);
    }
}

#[test]
fn tmx_is_well_formed_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("x.id.txt"),
        "Ia menulis <script>alert(1)</script> & \"kutipan\".\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("x.en.txt"),
        "He wrote <script>alert(1)</script> & \"a quote\".\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["align", "--quiet", "--format", "tmx"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let tmx = std::fs::read_to_string(out.join("id-en.tmx")).unwrap();
    assert!(tmx.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;a quote&quot;"));
    assert!(!tmx.contains("<script>"));
    assert!(tmx.contains("<tuv xml:lang=\"id\"><seg>"));
    assert!(tmx.contains("<tuv xml:lang=\"en\"><seg>"));
    // Balanced tags.
    for tag in ["tu", "tuv", "seg", "body", "tmx"] {
        assert_eq!(
            tmx.matches(&format!("<{tag}>")).count() + tmx.matches(&format!("<{tag} ")).count(),
            tmx.matches(&format!("</{tag}>")).count(),
            "{tag}"
        );
    }
}

#[test]
fn subfolder_layout_and_unmatched_documents() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    for (p, t) in [
        ("ind/a.txt", "Satu. Dua."),
        ("eng/a.txt", "One. Two."),
        ("ind/b.txt", "Hanya bahasa Indonesia."),
        ("eng/c.txt", "Only English."),
    ] {
        let p = c.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    let out = dir.path().join("out");
    selaras()
        .args(["align"])
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("unmatched: b (id)"))
        .stderr(contains("unmatched: c (en)"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["unmatched"].as_array().unwrap().len(), 2);
    assert_eq!(summary["pairs"][0]["documents"], 1);
}

#[test]
fn a_bad_document_is_reported_and_the_rest_is_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("good.id.txt"), "Satu. Dua.").unwrap();
    std::fs::write(c.join("good.en.txt"), "One. Two.").unwrap();
    std::fs::write(c.join("bad.id.txt"), "Satu.").unwrap();
    std::fs::write(c.join("bad.en.txt"), b"caf\xe9 au lait.\n").unwrap();
    std::fs::write(c.join("empty.id.txt"), "Satu.").unwrap();
    std::fs::write(c.join("empty.en.txt"), "\n  \n").unwrap();
    let out = dir.path().join("out");
    selaras()
        .arg("align")
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("bad.en.txt:1: invalid UTF-8"))
        .stderr(contains("empty.en.txt: the document has no text"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["errors"].as_array().unwrap().len(), 2);
    assert_eq!(summary["errors"][0]["kind"], "decode");
    assert_eq!(summary["pairs"][0]["documents"], 1);
    assert!(out.join("id-en/good.links").exists());
}

#[test]
fn pair_mode_prints_links_and_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.txt"), dir.path().join("t.txt"));
    std::fs::write(&s, "Satu.\nDua.\nTiga.\n").unwrap();
    std::fs::write(&t, "One.\nTwo.\nThree.\n").unwrap();
    let run = |fmt: &str| {
        let out = selaras()
            .args([
                "align",
                "--src-lang",
                "ind",
                "--tgt-lang",
                "eng",
                "--presegmented",
            ])
            .arg(&s)
            .arg(&t)
            .args(["--format", fmt])
            .output()
            .unwrap();
        assert!(out.status.success(), "{fmt}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run("links"), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    let tsv = run("tsv");
    assert!(tsv.starts_with("doc\tsrc_ids\ttgt_ids\ttype\tscore\tsrc\ttgt\tfigures\tmoved\n"));
    assert_eq!(tsv.lines().count(), 4);
    let jsonl = run("jsonl");
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["src"], "Satu.");
    assert_eq!(first["tgt"], "One.");
    assert_eq!(first["type"], "1-1");
    assert!(run("tmx").contains("<tmx version=\"1.4\">"));
}

#[test]
fn pair_mode_takes_languages_from_file_names() {
    selaras()
        .args([
            "align",
            "corpora/karabakh-2020/karabakh-2020.id.txt",
            "corpora/karabakh-2020/karabakh-2020.fr.txt",
        ])
        .assert()
        .success()
        .stdout(contains("[0]:[0]"));
}

#[test]
fn job_file_runs_and_unknown_keys_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::fs::canonicalize("corpora/karabakh-2020").unwrap();
    let job = dir.path().join("job.toml");
    std::fs::write(
        &job,
        format!(
            "corpus = {:?}\nout = \"out\"\nlangs = [\"en\"]\nformats = [\"links\"]\nreport = false\n",
            corpus.display().to_string()
        ),
    )
    .unwrap();
    selaras()
        .arg("run")
        .arg(&job)
        .arg("--quiet")
        .assert()
        .success();
    assert!(dir.path().join("out/id-en/karabakh-2020.links").exists());
    assert!(!dir.path().join("out/id-fr").exists());
    assert!(!dir.path().join("out/report.html").exists());

    std::fs::write(&job, "corpus = \"c\"\nout = \"o\"\nthreshold = 3\n").unwrap();
    selaras()
        .arg("run")
        .arg(&job)
        .assert()
        .code(2)
        .stderr(contains("job.toml:3: unknown field `threshold`"));
}

#[test]
fn bundled_example_job_file_is_valid() {
    let j = selaras::corpus::JobFile::read(Path::new("corpora/karabakh-2020.toml")).unwrap();
    let cfg = j.to_config(Path::new("corpora")).unwrap();
    assert!(cfg.corpus.ends_with("karabakh-2020"));
}

#[test]
fn min_score_keeps_confident_beads_in_parallel_files_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    selaras()
        .args([
            "align",
            "corpora/karabakh-2020",
            "--quiet",
            "--langs",
            "en",
            "--min-score",
            "0.99",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    let pair = &summary["pairs"][0];
    let dropped = pair["below_min_score"].as_u64().unwrap();
    let beads = pair["beads"].as_u64().unwrap();
    assert!(dropped >= 2, "the 1-0 and 0-1 beads at least: {dropped}");
    let moses = std::fs::read_to_string(dir.path().join("id-en.en")).unwrap();
    assert_eq!(moses.lines().count() as u64, beads - dropped);
    assert!(moses.lines().all(|l| !l.trim().is_empty()));
    // The full record keeps every bead.
    let links = std::fs::read_to_string(dir.path().join("id-en/karabakh-2020.links")).unwrap();
    assert_eq!(links.lines().count() as u64, beads);
}

#[test]
fn corpus_dictionary_needs_a_language() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("d.tsv");
    std::fs::write(&dict, "perang\twar\n").unwrap();
    selaras()
        .args(["align", "corpora/karabakh-2020", "--quiet", "--dict"])
        .arg(&dict)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .code(2)
        .stderr(contains("--dict LANG=FILE"));
    selaras()
        .args(["align", "corpora/karabakh-2020", "--quiet", "--dict"])
        .arg(format!("en={}", dict.display()))
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .success();
}

/// The bundled corpus: the aligner finds every difference put in on purpose, and the one
/// figure changed on purpose is the only one flagged.
#[test]
fn bundled_corpus_alignment_and_findings_are_right() {
    let dir = tempfile::tempdir().unwrap();
    run_bundled(dir.path(), "2");
    for pair in ["id-en", "id-fr"] {
        let got = std::fs::read_to_string(dir.path().join(format!("{pair}/karabakh-2020.links")))
            .unwrap();
        let gold =
            std::fs::read_to_string(format!("tests/fixtures/karabakh-2020/{pair}.gold")).unwrap();
        assert_eq!(got, gold, "{pair}");
    }
    let tsv = std::fs::read_to_string(dir.path().join("id-en/karabakh-2020.tsv")).unwrap();
    let flagged: Vec<&str> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(7))
        .filter(|f| !f.is_empty())
        .collect();
    assert_eq!(flagged, ["80 vs 84"]);
    let tsv_fr = std::fs::read_to_string(dir.path().join("id-fr/karabakh-2020.tsv")).unwrap();
    assert!(
        tsv_fr.lines().skip(1).all(|l| l.ends_with("\t\t0")),
        "{tsv_fr}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["pairs"][0]["figure_findings"], 1);
    assert_eq!(summary["pairs"][1]["figure_findings"], 0);
    assert!(summary["name_variants"].as_u64().unwrap() >= 1);
    let names = std::fs::read_to_string(dir.path().join("names.json")).unwrap();
    assert!(names.contains("Nagorny Karabakh") && names.contains("Nagorno-Karabakh"));
}

#[test]
fn fail_on_findings_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    selaras()
        .args([
            "align",
            "corpora/karabakh-2020",
            "--quiet",
            "--fail-on-findings",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(1);
}

/// Progress ends at its total, also when `--langs` leaves languages out.
#[test]
fn progress_reaches_its_total() {
    use std::sync::{Arc, Mutex};
    for langs in [None, Some(vec![selaras::Lang::ENG])] {
        let dir = tempfile::tempdir().unwrap();
        let last = Arc::new(Mutex::new((0, 0)));
        let seen = Arc::clone(&last);
        let cfg = selaras::corpus::JobConfig {
            corpus: "corpora/karabakh-2020".into(),
            out: dir.path().to_path_buf(),
            pivot: selaras::Lang::IND,
            langs,
            formats: vec![selaras::output::Format::Links],
            read: Default::default(),
            align: Default::default(),
            dictionaries: Default::default(),
            min_score: 0.0,
            jobs: Some(2),
            report: false,
            match_documents: false,
            embed: None,
            names: Default::default(),
            progress: selaras::corpus::Progress::new(move |done, total| {
                let mut l = seen.lock().unwrap();
                *l = (l.0.max(done), total);
            }),
        };
        selaras::corpus::run_job(&cfg).unwrap();
        let (done, total) = *last.lock().unwrap();
        assert!(total > 0);
        assert_eq!(done, total, "progress stopped at {done} of {total}");
    }
}

#[test]
fn summary_counts_one_document_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    selaras()
        .args(["align", "corpora/karabakh-2020", "--out"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains("(1 document, 3 files, 54 sentences)"))
        .stderr(contains("0 unreadable files, 0 unmatched documents"));
}

#[test]
fn job_file_paths_are_normalised_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = dir.path().join("jobs");
    std::fs::create_dir(&jobs).unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    for lang in ["id", "en"] {
        std::fs::copy(
            format!("corpora/karabakh-2020/karabakh-2020.{lang}.txt"),
            corpus.join(format!("k.{lang}.txt")),
        )
        .unwrap();
    }
    std::fs::write(
        jobs.join("job.toml"),
        "corpus = \"../c\"\nout = \"./../out/\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    selaras()
        .arg("run")
        .arg(jobs.join("job.toml"))
        .assert()
        .success()
        .stderr(contains(format!("Outputs in {} (open", out.display())));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["corpus"], corpus.display().to_string());
}
