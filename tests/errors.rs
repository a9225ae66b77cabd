//! User errors: a clear message naming the path, exit code 2.

use assert_cmd::Command;
use predicates::str::contains;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

const EN: &str = "corpora/karabakh-2020/karabakh-2020.en.txt";

/// Runs `selaras args`, expects exit code 2 and `message` on stderr.
fn fails_with(args: &[&str], message: &str) {
    selaras()
        .args(args)
        .assert()
        .code(2)
        .stderr(contains(message));
}

#[test]
fn missing_file() {
    fails_with(
        &[
            "align",
            "--src-lang",
            "id",
            "--tgt-lang",
            "en",
            "nope.txt",
            EN,
        ],
        "nope.txt: no such file or folder",
    );
}

#[test]
fn folder_where_a_file_is_expected() {
    fails_with(
        &[
            "align",
            "--src-lang",
            "id",
            "--tgt-lang",
            "en",
            "corpora",
            EN,
        ],
        "corpora: is a folder, expected a text file",
    );
}

#[test]
fn unknown_language() {
    fails_with(
        &[
            "align",
            "--src-lang",
            "xx",
            "--tgt-lang",
            "en",
            "corpora/karabakh-2020/karabakh-2020.id.txt",
            EN,
        ],
        "unknown language code 'xx'",
    );
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.id.txt");
    std::fs::write(&bin, b"\x7fELF\x02\x01\x01\x00\x00\x00\x00").unwrap();
    selaras()
        .arg("align")
        .arg(&bin)
        .arg("corpora/karabakh-2020/karabakh-2020.en.txt")
        .assert()
        .code(2)
        .stderr(contains("x.id.txt: looks like a binary file"));
}

#[test]
fn undecodable_bytes_name_the_line_and_encoding_flag_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let ru = dir.path().join("x.ru.txt");
    let mut bytes = b"Line one.\n".to_vec();
    bytes.extend_from_slice(&[0xcd, 0xe0, 0xe3, 0xee, 0xf0, 0xed, 0xfb, 0xe9, b'.', b'\n']); // "Нагорный." in windows-1251
    std::fs::write(&ru, &bytes).unwrap();
    let en = dir.path().join("x.en.txt");
    std::fs::write(&en, "Line one.\nNagorny.\n").unwrap();
    selaras()
        .arg("align")
        .arg(&ru)
        .arg(&en)
        .assert()
        .code(2)
        .stderr(contains("x.ru.txt:2: invalid UTF-8"))
        .stderr(contains("--encoding"));
    selaras()
        .args(["align", "--format", "tsv", "--encoding", "windows-1251"])
        .arg(&ru)
        .arg(&en)
        .assert()
        .success()
        .stdout(contains("Нагорный."));
}

#[test]
fn corpus_without_out_says_what_to_do() {
    fails_with(&["align", "corpora/karabakh-2020"], "add --out DIR");
}

#[test]
fn unknown_format() {
    fails_with(
        &[
            "align",
            "corpora/karabakh-2020",
            "--out",
            "/tmp/x",
            "--format",
            "xml",
        ],
        "unknown format 'xml'",
    );
}
