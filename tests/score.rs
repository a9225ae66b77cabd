//! `selaras score` agrees with the reference scorer (../shared/eval/score_align.py).

use assert_cmd::Command;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

fn keyvals(line: &str) -> Vec<(String, String)> {
    line.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn agrees_with_reference_scorer_on_folders() {
    let out = selaras()
        .args([
            "score",
            "--gold",
            "tests/fixtures/score/gold",
            "--pred",
            "tests/fixtures/score/pred",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    let expected = std::fs::read_to_string("tests/fixtures/score/expected.txt").unwrap();
    assert_eq!(keyvals(last), keyvals(expected.trim()));
}

#[test]
fn agrees_on_single_files() {
    let t = "tests/fixtures/score";
    let out = selaras()
        .args([
            "score",
            "--gold",
            &format!("{t}/gold/bbc.381646.ind_hye/gold.txt"),
            "--pred",
            &format!("{t}/gold/bbc.381646.ind_hye/gold.txt"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.ends_with(
        "strict_f1=1.000 lax_f1=1.000 strict_p=1.000 strict_r=1.000 lax_p=1.000 lax_r=1.000\n"
    ));
}

#[test]
fn malformed_link_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "[0]:[0]\n[1]-[1]\n").unwrap();
    selaras()
        .args([
            "score",
            "--gold",
            "tests/fixtures/score/gold/bbc.381646.ind_hye/gold.txt",
        ])
        .arg("--pred")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.txt:2: cannot parse link"));
}

const INVALID: &str = "tests/fixtures/score/invalid";

#[test]
fn validity_check_and_missing_as_empty_agree_with_reference_scorer() {
    // expected.txt is score_align.py's whole report on these files (see the README there)
    let expected = std::fs::read_to_string(format!("{INVALID}/expected.txt")).unwrap();
    selaras()
        .args([
            "score",
            "--gold",
            &format!("{INVALID}/gold"),
            "--pred",
            &format!("{INVALID}/pred"),
            "--missing-as-empty",
            "--per-file",
        ])
        .assert()
        .success()
        .stdout(expected)
        .stderr(predicates::str::contains(
            "abcnews.306755.eng_fra: not a valid alignment: 1 indices out of range, 2 source and 1 target sentences used more than once",
        ));
}

#[test]
fn missing_prediction_is_an_error_unless_missing_as_empty() {
    selaras()
        .args([
            "score",
            "--gold",
            &format!("{INVALID}/gold"),
            "--pred",
            &format!("{INVALID}/pred"),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no prediction for task bbc.381669.ind_rus (--missing-as-empty",
        ));
}

#[test]
fn sentence_files_of_a_single_gold_file_check_the_range() {
    let t = format!("{INVALID}/gold/abcnews.306755.eng_fra");
    let pred = format!("{INVALID}/pred/abcnews.306755.eng_fra/pred.txt");
    // siblings src.txt and tgt.txt of gold.txt, or --src/--tgt
    for extra in [
        &[][..],
        &[
            "--src",
            &format!("{t}/src.txt"),
            "--tgt",
            &format!("{t}/tgt.txt"),
        ],
    ] {
        selaras()
            .args(["score", "--gold", &format!("{t}/gold.txt"), "--pred", &pred])
            .args(extra)
            .assert()
            .success()
            .stdout(predicates::str::contains(
                "validity: 1 file(s) with errors; out_of_range=1 reused_src=2 reused_tgt=1 empty_links=1; range checked for 1/1 files",
            ));
    }
}
