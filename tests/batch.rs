//! `selaras align --batch LIST`: many pairs in one process, each output the bytes of
//! `selaras align SRC TGT`, and a bad line named by the list file and its line while the
//! other pairs go on.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

const ID: &str = "corpora/karabakh-2020/karabakh-2020.id.txt";
const EN: &str = "corpora/karabakh-2020/karabakh-2020.en.txt";
const FR: &str = "corpora/karabakh-2020/karabakh-2020.fr.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `selaras align SRC TGT --format F` prints.
fn pair_output(src: &str, tgt: &str, format: &str) -> Vec<u8> {
    selaras()
        .current_dir(root())
        .args(["align", src, tgt, "--format", format])
        .output()
        .unwrap()
        .stdout
}

#[test]
fn batch_outputs_are_the_bytes_of_single_runs() {
    let dir = tempfile::tempdir().unwrap();
    let abs = |p: &str| root().join(p).display().to_string();
    // relative output paths are relative to the list's folder; languages from the file
    // names or from the line
    let list = format!(
        "# src\ttgt\tout\n{}\t{}\tout/id-en.tsv\n\n{}\t{}\tid-fr.tsv\tid\tfr\n",
        abs(ID),
        abs(EN),
        abs(ID),
        abs(FR)
    );
    std::fs::write(dir.path().join("list.tsv"), list).unwrap();
    selaras()
        .args(["align", "--quiet", "--format", "tsv", "--batch"])
        .arg(dir.path().join("list.tsv"))
        .assert()
        .code(0);
    let read = |p: &str| std::fs::read(dir.path().join(p)).unwrap();
    assert_eq!(read("out/id-en.tsv"), pair_output(ID, EN, "tsv"));
    assert_eq!(read("id-fr.tsv"), pair_output(ID, FR, "tsv"));
}

#[test]
fn regression_a_bad_line_names_the_list_and_line_and_the_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let abs = |p: &str| root().join(p).display().to_string();
    let list = format!(
        "{}\t{}\tok.links\nonly-one-field\n{}\tmissing.txt\tbad.links\tid\ten\n{}\t{}\tlast.links\n",
        abs(ID),
        abs(EN),
        abs(ID),
        abs(ID),
        abs(FR)
    );
    let list_path = dir.path().join("pairs.tsv");
    std::fs::write(&list_path, list).unwrap();
    let shown = list_path.display().to_string();
    selaras()
        .args(["align", "--batch"])
        .arg(&list_path)
        .assert()
        .code(2)
        .stderr(contains(format!("{shown}:2: expected src<TAB>tgt<TAB>out")))
        .stderr(contains(format!("{shown}:3: ")))
        .stderr(contains("missing.txt"))
        .stderr(contains("aligned 2 pairs"));
    assert_eq!(
        std::fs::read(dir.path().join("ok.links")).unwrap(),
        pair_output(ID, EN, "links")
    );
    assert_eq!(
        std::fs::read(dir.path().join("last.links")).unwrap(),
        pair_output(ID, FR, "links")
    );
    assert!(!dir.path().join("bad.links").exists());
}

#[test]
fn batch_refuses_flags_of_other_modes() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("l.tsv");
    std::fs::write(&list, "").unwrap();
    selaras()
        .args(["align", "--out", "x", "--batch"])
        .arg(&list)
        .assert()
        .code(2)
        .stderr(contains("--out does not apply to --batch"));
    selaras()
        .args(["align", "--format", "moses", "--batch"])
        .arg(&list)
        .assert()
        .code(2)
        .stderr(contains("moses"));
    selaras()
        .args(["align", "--batch"])
        .arg(dir.path().join("no-such-list.tsv"))
        .assert()
        .code(2)
        .stderr(contains("no-such-list.tsv"));
}
