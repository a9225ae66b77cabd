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
    let json = names_json(dir.path());
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

/// The `names.json` of a job's output folder.
fn names_json(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("names.json")).unwrap()).unwrap()
}

/// F1 of the `same` class of `rows` (gold, predicted).
fn f1(rows: &[(u8, u8)]) -> f64 {
    let tp = rows.iter().filter(|(g, p)| *g == 1 && *p == 1).count() as f64;
    let fp = rows.iter().filter(|(g, p)| *g == 0 && *p == 1).count() as f64;
    let fn_ = rows.iter().filter(|(g, p)| *g == 1 && *p == 0).count() as f64;
    if tp == 0.0 {
        return 0.0;
    }
    2.0 * tp / (2.0 * tp + fp + fn_)
}

/// Issue 15 bar: each class of the pairs written from the NTREX dev documents (inflected
/// forms, respelling by sound, translated names, near misses) scores F1 >= 0.90.
#[test]
fn issue15_class_pairs_score_at_least_090_per_class() {
    let file = format!("{FIX}/ntrex-classes.tsv");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (same, class) = (col("same"), col("class"));
    let gold: Vec<(String, u8, String)> = lines
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                c[same].parse().unwrap(),
                c[class].to_string(),
            )
        })
        .collect();
    let (rows, stderr, code) = run_match(&file);
    assert_eq!(code, Some(0), "{stderr}");
    let mut by_class: std::collections::BTreeMap<&str, Vec<(u8, u8)>> = Default::default();
    for ((id, g, c), (pid, p, _)) in gold.iter().zip(&rows) {
        assert_eq!(id, pid);
        by_class.entry(c).or_default().push((*g, *p));
    }
    assert_eq!(by_class.len(), 4, "{:?}", by_class.keys());
    for (c, r) in &by_class {
        assert!(r.len() >= 30, "class {c} has {} pairs", r.len());
        assert!(r.iter().any(|(g, _)| *g == 0) && r.iter().any(|(g, _)| *g == 1));
        let f = f1(r);
        assert!(f >= 0.90, "class {c}: F1 {f:.3}");
    }
}

/// Issue 15 bar: a corpus job learns a translated institution name (no gazetteer entry, no
/// spelling in common) from the aligned beads of several documents.
#[test]
fn issue15_corpus_job_learns_a_translated_institution_name_from_aligned_beads() {
    use selaras::{names, Lang};
    // the names do not match by themselves: only the aligned beads tell
    assert!(!names::same(
        "Mahkamah Konstitusi",
        Lang::IND,
        "Constitutional Court",
        Lang::ENG
    ));
    let dir = tempfile::tempdir().unwrap();
    selaras()
        .args(["align", &format!("{FIX}/learn-corpus"), "--quiet", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let json = names_json(dir.path());
    let learned = json["learned"].as_array().unwrap();
    let en = learned
        .iter()
        .find(|l| l["other_lang"] == "en")
        .unwrap_or_else(|| panic!("{learned:?}"));
    assert_eq!(en["lang"], "id");
    assert_eq!(en["name"], "Mahkamah Konstitusi");
    assert_eq!(en["other_name"], "Constitutional Court");
    assert_eq!(en["documents"], 3);
    assert!(en["beads"].as_u64().unwrap() >= 5, "{en}");
    let ru = learned.iter().find(|l| l["other_lang"] == "ru").unwrap();
    assert!(ru["other_name"]
        .as_str()
        .unwrap()
        .starts_with("Конституционн"));
    // the learned name is not reported as missing from the other version
    let unmatched = json["unmatched"].as_array().unwrap();
    assert!(
        !unmatched.iter().any(|u| u["name"] == "Mahkamah Konstitusi"),
        "{unmatched:?}"
    );
}

#[test]
fn accepted_spellings_are_marked_and_are_not_findings() {
    let align = |accept: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = selaras();
        cmd.args([
            "align",
            &format!("{FIX}/corpus"),
            "--quiet",
            "--fail-on-findings",
            "--no-report",
            "--out",
        ])
        .arg(dir.path());
        if let Some(a) = accept {
            cmd.args(["--accept-names", a]);
        }
        let code = cmd.output().unwrap().status.code();
        let summary: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("summary.json")).unwrap(),
        )
        .unwrap();
        (code, summary)
    };
    let (code, summary) = align(None);
    assert_eq!(code, Some(1));
    assert_eq!(summary["name_variants"], 2);
    // the English spellings are accepted, the Turkish ones are still a finding
    let accepted = format!("{FIX}/accepted.txt");
    let (code, summary) = align(Some(&accepted));
    assert_eq!(code, Some(1));
    assert_eq!(summary["name_variants"], 1);
    assert_eq!(summary["name_variants_accepted"], 1);
    // accept the Turkish spellings too: no finding left
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.txt");
    std::fs::write(
        &all,
        format!(
            "{}tr\tMevlüt Çavuşoğlu\ntr\tMevlut Cavusoglu\n",
            std::fs::read_to_string(&accepted).unwrap()
        ),
    )
    .unwrap();
    let (code, summary) = align(Some(all.to_str().unwrap()));
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(summary["name_variants_accepted"], 2);
    // names check shows them as accepted
    let out = selaras()
        .args([
            "names",
            "check",
            &format!("{FIX}/corpus"),
            "--accept-names",
            &accepted,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[en] Nagorno-Karabakh / Nagorny Karabakh (accepted"),
        "{text}"
    );
    assert!(
        text.contains("[tr] Mevlut Cavusoglu / Mevlüt Çavuşoğlu (suggested"),
        "{text}"
    );
}

#[test]
fn align_takes_a_canonical_file_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    selaras()
        .args(["align", &format!("{FIX}/corpus"), "--quiet", "--no-report"])
        .args(["--canonical", &format!("{FIX}/canonical.txt"), "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let json = names_json(dir.path());
    let tr = json["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["lang"] == "tr")
        .unwrap();
    assert_eq!(tr["canonical"], "Mevlüt Çavuşoğlu");
    assert_eq!(tr["from_canonical_file"], true);
    selaras()
        .args(["align", &format!("{FIX}/corpus"), "--quiet", "--out"])
        .arg(dir.path())
        .args(["--canonical", "tests/fixtures/names/no-such-list.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-list.txt"));
}
