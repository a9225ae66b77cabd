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

#[test]
fn align_with_one_file_says_give_a_folder_or_two_files() {
    fails_with(
        &["align", EN],
        "karabakh-2020.en.txt: is a file, expected a corpus folder (or give two files: SRC TGT)",
    );
}

#[test]
fn pair_mode_rejects_pivot_and_langs() {
    let id = "corpora/karabakh-2020/karabakh-2020.id.txt";
    fails_with(
        &["align", "--pivot", "en", id, EN],
        "--pivot and --langs are for a corpus folder",
    );
    fails_with(
        &["align", "--langs", "fr", id, EN],
        "--pivot and --langs are for a corpus folder",
    );
}

#[test]
fn run_help_lists_dict_and_min_score() {
    selaras()
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(contains("dict"))
        .stdout(contains("min_score"));
}

#[test]
fn empty_formats_in_a_job_file_is_an_error_like_an_empty_format_flag() {
    let dir = tempfile::tempdir().unwrap();
    let job = dir.path().join("job.toml");
    std::fs::write(
        &job,
        format!(
            "corpus = \"{}/corpora/karabakh-2020\"\nout = \"out\"\nformats = []\n",
            env!("CARGO_MANIFEST_DIR")
        ),
    )
    .unwrap();
    fails_with(
        &["run", job.to_str().unwrap()],
        "formats = [] writes nothing",
    );
    fails_with(
        &[
            "align",
            "corpora/karabakh-2020",
            "--out",
            "/tmp/x",
            "--format",
            "",
        ],
        "unknown format ''",
    );
}

#[test]
fn figures_pairs_line_with_extra_columns_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(
        &pairs,
        "id\tsrc_lang\ttgt_lang\tsrc\ttgt\na\tid\ten\t7 orang\t7 people\nb\tid\ten\t7 orang\t7\tpeople\n",
    )
    .unwrap();
    selaras()
        .args(["figures", "--pairs"])
        .arg(&pairs)
        .assert()
        .code(2)
        .stdout(contains("a\t0"))
        .stderr(contains(
            "pairs.tsv:3: 6 tab-separated cells, but the header has 5 columns",
        ));
}

#[cfg(unix)]
#[test]
fn device_given_as_a_file_is_refused_not_read_for_ever() {
    fails_with(
        &[
            "align",
            "--src-lang",
            "id",
            "--tgt-lang",
            "en",
            "/dev/zero",
            EN,
        ],
        "/dev/zero: is a device, expected a text file",
    );
}

#[test]
fn too_many_worker_threads_is_an_error_not_a_long_wait() {
    fails_with(
        &[
            "align",
            "corpora/karabakh-2020",
            "--out",
            "/tmp/x",
            "--jobs",
            "100000",
        ],
        "100000 worker threads is too many: give at most 1024",
    );
}
