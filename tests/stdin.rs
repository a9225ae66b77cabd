//! `-` for standard input, wherever a command reads one file (issue 14).

use assert_cmd::Command;
use predicates::str::contains;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

const ID: &str = "corpora/karabakh-2020/karabakh-2020.id.txt";
const EN: &str = "corpora/karabakh-2020/karabakh-2020.en.txt";

fn links_of(args: &[&str], stdin: Option<&str>) -> String {
    let mut c = selaras();
    c.args(args);
    if let Some(path) = stdin {
        c.pipe_stdin(path).unwrap();
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn align_reads_one_side_from_standard_input() {
    let files = links_of(&["align", ID, EN], None);
    let src_piped = links_of(&["align", "--src-lang", "id", "-", EN], Some(ID));
    let tgt_piped = links_of(&["align", "--tgt-lang", "en", ID, "-"], Some(EN));
    assert_eq!(src_piped, files);
    assert_eq!(tgt_piped, files);
}

#[test]
fn standard_input_needs_a_language_and_can_be_one_side_only() {
    selaras()
        .args(["align", "-", EN])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(contains("cannot tell the language of -: add --src-lang"));
    selaras()
        .args(["align", "--src-lang", "id", "--tgt-lang", "en", "-", "-"])
        .assert()
        .code(2)
        .stderr(contains("only one of SRC and TGT can be -"));
}

#[test]
fn figures_pairs_from_standard_input() {
    selaras()
        .args(["figures", "--pairs", "-"])
        .write_stdin("id\tsrc_lang\ttgt_lang\tsrc\ttgt\np1\tid\ten\t80 tentara\t84 soldiers\n")
        .assert()
        .success()
        .stdout("id\tdiverged\tdetail\np1\t1\t80 vs 84\n");
}

#[test]
fn names_match_pairs_from_standard_input() {
    selaras()
        .args(["names", "match", "--pairs", "-"])
        .write_stdin("pair_id\tlang_a\tname_a\tlang_b\tname_b\nP1\tid\tPerancis\tfr\tFrance\n")
        .assert()
        .success()
        .stdout(contains("P1\t1\t"));
}

#[test]
fn score_prediction_or_gold_from_standard_input() {
    let gold = "tests/fixtures/score/gold/bbc.381646.ind_hye/gold.txt";
    let perfect =
        "strict_f1=1.000 lax_f1=1.000 strict_p=1.000 strict_r=1.000 lax_p=1.000 lax_r=1.000\n";
    for args in [
        ["--gold", gold, "--pred", "-"],
        ["--gold", "-", "--pred", gold],
    ] {
        let out = selaras()
            .arg("score")
            .args(args)
            .pipe_stdin(gold)
            .unwrap()
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8(out.stdout).unwrap().ends_with(perfect));
    }
    selaras()
        .args(["score", "--gold", "-", "--pred", "-"])
        .assert()
        .code(2)
        .stderr(contains("only one of --gold and --pred can be -"));
}

#[test]
fn segment_without_a_file_reads_piped_input() {
    selaras()
        .args(["segment", "--lang", "en"])
        .write_stdin("One sentence. Another one.\n")
        .assert()
        .success()
        .stdout("One sentence.\nAnother one.\n");
}
