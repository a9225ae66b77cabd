//! `selaras apply` without a browser: edits written by hand (as the report exports them)
//! rebuild the job's outputs; edits that do not fit are an error naming the document, and
//! the output folder stays as it was.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

/// The content hashes the report recorded for a document pair's section.
fn hashes(report: &str, anchor: &str) -> (String, String) {
    let sec = report
        .split(&format!("id=\"{anchor}\""))
        .nth(1)
        .expect("the section");
    let attr = |name: &str| {
        sec.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|x| x.split('"').next())
            .unwrap()
            .to_string()
    };
    (attr("data-src-hash"), attr("data-tgt-hash"))
}

fn job(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("out");
    selaras()
        .args(["align", "corpora/karabakh-2020", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

fn links(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out.join("id-fr/karabakh-2020.links"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Edits of id-fr merging the first two beads (which are 1-1 beads 0 and 1).
fn merge_edits(out: &Path) -> Value {
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    let (src_hash, tgt_hash) = hashes(&report, "p-id-fr-karabakh-2020");
    let mut beads = vec![json!({"src": [0, 1], "tgt": [0, 1]})];
    let (mut s, mut t) = (2, 2);
    for l in links(out).iter().skip(2) {
        let (a, b) = l.split_once(':').unwrap();
        let n = |x: &str| {
            x.matches(|c: char| c.is_ascii_digit()).count().min(1) * (x.matches(',').count() + 1)
        };
        let (ns, nt) = (n(a), n(b));
        beads.push(
            json!({"src": (s..s + ns).collect::<Vec<_>>(), "tgt": (t..t + nt).collect::<Vec<_>>()}),
        );
        (s, t) = (s + ns, t + nt);
    }
    json!({"selaras_edits": 1, "corpus": "corpora/karabakh-2020", "documents": [{
        "doc": "karabakh-2020", "src_lang": "id", "tgt_lang": "fr",
        "src_hash": src_hash, "tgt_hash": tgt_hash, "beads": beads, "findings": []}]})
}

/// The entry of `summary.json` for the language pair into `tgt_lang`.
fn pair_summary(out: &Path, tgt_lang: &str) -> Value {
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    s["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["tgt_lang"] == tgt_lang)
        .unwrap()
        .clone()
}

fn apply(edits: &Value, dir: &Path, out: &Path) -> assert_cmd::assert::Assert {
    let file = dir.join("edits.json");
    std::fs::write(&file, edits.to_string()).unwrap();
    selaras()
        .arg("apply")
        .arg(&file)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .assert()
}

#[test]
fn apply_merges_beads_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = job(dir.path());
    let before = links(&out);
    assert_eq!(&before[..2], ["[0]:[0]", "[1]:[1]"]);
    apply(&merge_edits(&out), dir.path(), &out).success();
    let after = links(&out);
    assert_eq!(after[0], "[0, 1]:[0, 1]");
    assert_eq!(after[1..], before[2..]);
    let fr = pair_summary(&out, "fr");
    assert_eq!(fr["hand_corrected"], 1);
    assert_eq!(fr["beads_by_type"]["2-2"], 1);
}

#[test]
fn edits_that_do_not_fit_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = job(dir.path());
    let before = std::fs::read(out.join("id-fr.jsonl")).unwrap();
    let good = merge_edits(&out);
    let cases = [
        ("/documents/0/doc", json!("no-such-doc"), "'no-such-doc'"),
        (
            "/documents/0/tgt_hash",
            json!("0000000000000000"),
            "changed since",
        ),
        (
            "/documents/0/beads/0/tgt",
            json!([0]),
            "target sentence 1 is in no bead",
        ),
        ("/documents/0/beads/0/tgt", json!([0, 2]), "comes next"),
        (
            "/documents/0/beads/1/tgt",
            json!([0, 1]),
            "in bead 1 and in bead 2",
        ),
        ("/selaras_edits", json!(7), "format 7"),
    ];
    for (at, value, says) in cases {
        let mut e = good.clone();
        *e.pointer_mut(at).unwrap() = value;
        let r = apply(&e, dir.path(), &out).code(2);
        let err = String::from_utf8_lossy(&r.get_output().stderr).into_owned();
        assert!(err.contains(says), "{at}: {err}");
        assert_eq!(
            std::fs::read(out.join("id-fr.jsonl")).unwrap(),
            before,
            "{at}"
        );
    }
}

/// A corpus job on the moved-paragraph fixture (source lines 9-11 moved to target 3-5).
fn moved_job(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let corpus = dir.join("moved");
    std::fs::create_dir(&corpus).unwrap();
    for l in ["id", "en"] {
        std::fs::copy(
            format!("tests/fixtures/moved/report.{l}.txt"),
            corpus.join(format!("report.{l}.txt")),
        )
        .unwrap();
    }
    let out = dir.join("out");
    selaras()
        .args(["align", "--presegmented", "--quiet", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    (corpus, out)
}

#[test]
fn a_document_pair_with_a_moved_run_can_be_edited() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, out) = moved_job(dir.path());
    let links_of = |out: &Path| -> Vec<String> {
        std::fs::read_to_string(out.join("id-en/report.links"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    };
    let before = links_of(&out);
    assert_eq!(before[9], "[9]:[3]", "{before:?}");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    let (src_hash, tgt_hash) = hashes(&report, "p-id-en-report");
    // the aligner's beads, in source order, with the moved bead of source 11 marked wrong
    let mut beads: Vec<Value> = before
        .iter()
        .map(|l| {
            let (a, b) = l.split_once(':').unwrap();
            let ids = |x: &str| -> Vec<u64> {
                x.trim_matches(['[', ']'])
                    .split(',')
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| v.trim().parse().unwrap())
                    .collect()
            };
            json!({"src": ids(a), "tgt": ids(b)})
        })
        .collect();
    beads[11] = json!({"src": [11], "tgt": []});
    // where the report puts it: after the last bead in order that ends before target 5
    beads.insert(3, json!({"src": [], "tgt": [5]}));
    let edits = json!({"selaras_edits": 1, "corpus": corpus.to_string_lossy(), "documents": [{
        "doc": "report", "src_lang": "id", "tgt_lang": "en",
        "src_hash": src_hash, "tgt_hash": tgt_hash, "beads": beads, "findings": []}]});
    apply(&edits, dir.path(), &out).success();
    let after = links_of(&out);
    assert_eq!(after[3], "[]:[5]", "{after:?}");
    assert_eq!(after[12], "[11]:[]", "{after:?}");
    let jsonl = std::fs::read_to_string(out.join("id-en.jsonl")).unwrap();
    let moved: Vec<u64> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["moved"] == true)
        .map(|v| v["src_ids"][0].as_u64().unwrap())
        .collect();
    assert_eq!(moved, [9, 10], "{jsonl}");
    let en = pair_summary(&out, "en");
    assert_eq!(en["hand_corrected"], 2, "{en}");
}
