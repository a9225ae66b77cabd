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
