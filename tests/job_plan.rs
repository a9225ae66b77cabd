//! What a corpus job does before and while it works: a job that would align nothing is an
//! error (issue 14, case 3), and progress moves steadily through every stage (case 11).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use predicates::str::contains;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

fn corpus(dir: &Path, copies: usize) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/karabakh-2020");
    let out = dir.join("corpus");
    std::fs::create_dir_all(&out).unwrap();
    for lang in ["id", "en", "fr"] {
        let text = std::fs::read_to_string(src.join(format!("karabakh-2020.{lang}.txt"))).unwrap();
        for k in 0..copies {
            std::fs::write(out.join(format!("doc{k:03}.{lang}.txt")), &text).unwrap();
        }
    }
    out
}

fn align_nothing(extra: &[&str], expected: &str) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    selaras()
        .args(["align", "corpora/karabakh-2020", "--quiet", "--out"])
        .arg(&out)
        .args(extra)
        .assert()
        .code(2)
        .stderr(contains(expected));
    assert!(
        !out.exists(),
        "a job that aligns nothing wrote {}",
        out.display()
    );
}

#[test]
fn a_pivot_missing_from_the_corpus_is_an_error() {
    align_nothing(
        &["--pivot", "de"],
        "no document in the pivot language de (German)",
    );
}

#[test]
fn langs_missing_from_the_corpus_are_an_error() {
    align_nothing(
        &["--langs", "de"],
        "--langs de: no document in that language",
    );
}

#[test]
fn langs_that_name_only_the_pivot_are_an_error() {
    align_nothing(&["--langs", "id"], "that is the pivot language");
}

#[test]
fn an_empty_langs_list_in_a_job_file_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let job = d.path().join("job.toml");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/karabakh-2020");
    std::fs::write(
        &job,
        format!(
            "corpus = {:?}\nout = \"out\"\nlangs = []\n",
            corpus.display().to_string()
        ),
    )
    .unwrap();
    selaras()
        .args(["run", "--quiet"])
        .arg(&job)
        .assert()
        .code(2)
        .stderr(contains(
            "the list of languages to pair with the pivot is empty",
        ));
    assert!(!d.path().join("out").exists());
}

#[test]
fn a_corpus_where_no_document_has_two_versions_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.id.txt"), "Satu dua tiga.\n").unwrap();
    std::fs::write(d.path().join("b.en.txt"), "One two three.\n").unwrap();
    selaras()
        .args(["align", "--quiet", "--out"])
        .arg(d.path().join("out"))
        .arg(d.path())
        .assert()
        .code(2)
        .stderr(contains("nothing to align"));
}

#[test]
fn progress_moves_steadily_through_every_stage() {
    let d = tempfile::tempdir().unwrap();
    let c = corpus(d.path(), 24);
    let events: Arc<Mutex<Vec<(String, usize, usize)>>> = Arc::default();
    let seen = Arc::clone(&events);
    let cfg = selaras::corpus::JobConfig {
        jobs: Some(2),
        batch: 4,
        progress: selaras::corpus::Progress::with_stages(move |stage, done, total| {
            seen.lock().unwrap().push((stage.to_string(), done, total));
        }),
        ..selaras::corpus::JobConfig::new(c, d.path().join("out"))
    };
    selaras::corpus::run_job(&cfg).unwrap();
    let ev = events.lock().unwrap();
    let total = ev[0].2;
    assert!(ev.iter().all(|e| e.2 == total), "the total changed");
    // stages in the order of the job, each told
    let mut order: Vec<&str> = Vec::new();
    for (s, _, _) in ev.iter() {
        if order.last() != Some(&s.as_str()) {
            order.push(s);
        }
    }
    for stage in [
        "reading and aligning (pass 1)",
        "learning the lexicon",
        "aligning with the lexicon, checking, writing",
        "checking names across the corpus",
        "writing the report",
        "putting the outputs in place",
        "done",
    ] {
        assert!(order.contains(&stage), "stage {stage} not told: {order:?}");
    }
    // the count only grows, ends at the total, and never jumps by more than a tenth
    let mut max_jump = 0;
    let mut last = 0;
    for (s, done, _) in ev.iter() {
        assert!(*done >= last, "went back from {last} to {done} in {s}");
        max_jump = max_jump.max(done.saturating_sub(last));
        last = last.max(*done);
    }
    assert_eq!(last, total);
    assert!(max_jump * 10 <= total, "a jump of {max_jump} of {total}");
    // the report (a stage that used to freeze the bar) moves the count too
    let report: Vec<usize> = ev
        .iter()
        .filter(|e| e.0 == "writing the report")
        .map(|e| e.1)
        .collect();
    assert!(
        report.len() > 10 && report.last() > report.first(),
        "{report:?}"
    );
}
