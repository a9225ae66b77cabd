//! `selaras names`: keys, pair matching (the seed pairs of issue 4) and the corpus check.

use assert_cmd::Command;
use predicates::prelude::*;

const FIX: &str = "tests/fixtures/names";

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

fn run_match(file: &str) -> (Vec<(String, u8, f64)>, String, Option<i32>) {
    let out = selaras()
        .args(["names", "match", "--pairs", file])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("pair_id\tsame\tscore"));
    let rows = lines
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                c[1].parse().unwrap(),
                c[2].parse().unwrap(),
            )
        })
        .collect();
    (
        rows,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

/// Issue 4 bar: every seed pair matches, and the listed near-misses do not.
#[test]
fn issue4_seed_pairs_match_and_near_misses_do_not() {
    let file = format!("{FIX}/seed-pairs.tsv");
    let gold: Vec<(String, u8)> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), c[5].parse().unwrap())
        })
        .collect();
    let (rows, stderr, code) = run_match(&file);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(rows.len(), gold.len());
    let wrong: Vec<String> = rows
        .iter()
        .zip(&gold)
        .filter(|((_, same, _), (_, g))| same != g)
        .map(|((id, same, score), _)| format!("{id}: same={same} score={score}"))
        .collect();
    assert!(wrong.is_empty(), "wrong decisions: {wrong:?}");
    for ((id, _, score), (gid, _)) in rows.iter().zip(&gold) {
        assert_eq!(id, gid, "output must keep input order");
        assert!((0.0..=1.0).contains(score));
    }
}

#[test]
fn malformed_lines_are_reported_and_the_rest_processed() {
    let file = format!("{FIX}/malformed.tsv");
    let (rows, stderr, code) = run_match(&file);
    assert_eq!(code, Some(2));
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(ids, ["P1", "P4"]);
    assert!(rows.iter().all(|r| r.1 == 1));
    assert!(
        stderr.contains("malformed.tsv") && stderr.contains(":3"),
        "{stderr}"
    );
    assert!(stderr.contains(":4"), "{stderr}");
}

#[test]
fn missing_pair_file_is_an_error() {
    selaras()
        .args(["names", "match", "--pairs", "tests/fixtures/names/nope.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.tsv"));
}

#[test]
fn key_prints_one_key_per_name() {
    selaras()
        .args(["names", "key", "--lang", "tr", "Erdoğan'ın", "İlnur Çevik"])
        .assert()
        .success()
        .stdout("erdogan\nilnur cevik\n");
    selaras()
        .args(["names", "key", "--lang", "hy", "Էրդողան"])
        .assert()
        .success()
        .stdout("erdogan\n");
    selaras()
        .args(["names", "key", "--lang", "xx", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language"));
}

#[test]
fn check_reports_variant_spellings_with_places() {
    let dir = tempfile::tempdir().unwrap();
    let out = selaras()
        .args(["names", "check", &format!("{FIX}/corpus"), "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // English: Nagorno-Karabakh (2x) vs Nagorny Karabakh (1x)
    assert!(
        text.contains("[en] Nagorno-Karabakh / Nagorny Karabakh (suggested: Nagorno-Karabakh"),
        "{text}"
    );
    assert!(text.contains("report.en.txt:5"), "{text}");
    // Turkish: Çavuşoğlu vs Cavusoglu; Erdoğan'ın is an inflection, not a variant
    assert!(text.contains("Mevlüt Çavuşoğlu"), "{text}");
    assert!(text.contains("Mevlut Cavusoglu"), "{text}");
    assert!(!text.contains("Erdoğan'ın /"), "{text}");
    // Stepanakert has no counterpart in the Indonesian version
    assert!(text.contains("Stepanakert not found in id"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("names.json")).unwrap())
            .unwrap();
    assert!(json["variants"].as_array().unwrap().len() >= 2);
    assert_eq!(json["variants"][0]["lang"], "en");
    // no temporary files left behind
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn check_uses_the_canonical_file_and_is_deterministic() {
    let run = || {
        selaras()
            .args([
                "names",
                "check",
                &format!("{FIX}/corpus"),
                "--canonical",
                &format!("{FIX}/canonical.txt"),
            ])
            .output()
            .unwrap()
    };
    let a = run();
    let b = run();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert!(
        text.contains("(suggested: Mevlüt Çavuşoğlu, from canonical file)"),
        "{text}"
    );
}

#[test]
fn check_of_a_missing_folder_is_an_error() {
    selaras()
        .args(["names", "check", "tests/fixtures/names/no-such-corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-corpus"));
}

/// Issue 4 bar: the bundled corpus has Nagorno-Karabakh and Nagorny Karabakh.
#[test]
fn issue4_bundled_corpus_variant_is_reported() {
    let out = selaras()
        .args(["names", "check", "corpora/karabakh-2020"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Nagorno-Karabakh / Nagorny Karabakh"),
        "{text}"
    );
}
