//! Input a user can give by mistake or that is simply strange: nothing is corrupted, lost
//! or waited for forever, and what looks wrong is said (issue 14).

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn selaras() -> Command {
    let mut c = Command::cargo_bin("selaras").unwrap();
    // A hang is a failure, not a stuck test run.
    c.timeout(Duration::from_secs(120));
    c
}

const ID: &str = "corpora/karabakh-2020/karabakh-2020.id.txt";
const EN: &str = "corpora/karabakh-2020/karabakh-2020.en.txt";
const FR: &str = "corpora/karabakh-2020/karabakh-2020.fr.txt";

/// A corpus folder with the bundled Indonesian and French versions and a Russian version
/// in windows-1251.
fn mixed_encoding_corpus(dir: &Path) -> PathBuf {
    let c = dir.join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::copy(ID, c.join("k.id.txt")).unwrap();
    std::fs::copy(FR, c.join("k.fr.txt")).unwrap();
    let (ru, _, _) = encoding_rs::WINDOWS_1251.encode(
        "Война между Арменией и Азербайджаном продолжается.\n\nРоссия предлагает переговоры.\n",
    );
    std::fs::write(c.join("k.ru.txt"), &ru).unwrap();
    c
}

/// A corpus folder `dir/c` holding `files` (name, bytes); names may have a folder.
fn corpus(dir: &Path, files: &[(&str, &[u8])]) -> PathBuf {
    let c = dir.join("c");
    for (name, bytes) in files {
        let p = c.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    c
}

/// `selaras align ARGS CORPUS --out OUT`.
fn align_corpus(c: &Path, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    selaras()
        .arg("align")
        .args(args)
        .arg(c)
        .arg("--out")
        .arg(out)
        .assert()
}

fn bundled(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn explicit_encoding_leaves_valid_utf8_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let c = mixed_encoding_corpus(dir.path());
    for spec in ["windows-1251", "ru=windows-1251", "utf-8,ru=cp1251"] {
        let out = dir.path().join(format!("out-{spec}"));
        align_corpus(
            &c,
            &out,
            &["--quiet", "--format", "tsv", "--encoding", spec],
        )
        .success();
        let fr = read(out.join("id-fr/k.tsv"));
        assert!(fr.contains("l'Arménie"), "{spec}: French corrupted");
        assert!(!fr.contains("Ð"), "{spec}: French read as windows-1251");
        assert!(read(out.join("id-ru/k.tsv")).contains("Арменией"), "{spec}");
    }
}

#[test]
fn encoding_for_one_language_does_not_apply_to_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let c = mixed_encoding_corpus(dir.path());
    // windows-1254 for Turkish only: the Russian file is still not UTF-8, so it is
    // reported (exit 2) and the French one aligned.
    let out = dir.path().join("out");
    selaras()
        .args(["align", "--quiet", "--encoding", "tr=windows-1254"])
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("k.ru.txt:1: invalid UTF-8"));
    assert!(read(out.join("id-fr/k.tsv")).contains("l'Arménie"));
    selaras()
        .args([
            "align",
            "--quiet",
            "--encoding",
            "ru=windows-1251,ru=koi8-r",
        ])
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("two encodings for ru"));
}

#[cfg(unix)]
#[test]
fn file_names_differing_only_in_non_utf8_bytes_stay_two_documents() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    for (stem, text_id, text_en) in [
        (&b"lat\xe9n"[..], "Satu dua tiga.", "One two three."),
        (&b"lat\xe8n"[..], "Empat lima.", "Four five."),
    ] {
        for (lang, text) in [("id", text_id), ("en", text_en)] {
            let mut name = stem.to_vec();
            name.extend_from_slice(format!(".{lang}.txt").as_bytes());
            std::fs::write(c.join(std::ffi::OsStr::from_bytes(&name)), text).unwrap();
        }
    }
    let out = dir.path().join("out");
    align_corpus(&c, &out, &["--format", "links,tsv"])
        .success()
        .stderr(contains("not valid UTF-8"));
    let s = summary(&out);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["pairs"][0]["documents"], 2);
    assert!(read(out.join("id-en/lat%E9n.tsv")).contains("One two three."));
    assert!(read(out.join("id-en/lat%E8n.tsv")).contains("Four five."));
}

#[test]
fn second_file_for_the_same_document_and_language_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let en = bundled(EN);
    let c = corpus(
        dir.path(),
        &[
            ("k.id.txt", &bundled(ID)),
            ("k.en.txt", &en),
            ("en/k.txt", &en),
        ],
    );
    let out = dir.path().join("out");
    align_corpus(&c, &out, &["--quiet"])
        .code(2)
        .stderr(contains("a second file for document 'k' in en"));
    // the first one is aligned
    assert_eq!(summary(&out)["pairs"][0]["documents"], 1);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo failed");
}

#[cfg(unix)]
#[test]
fn fifo_in_a_corpus_is_skipped_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(
        dir.path(),
        &[("k.id.txt", &bundled(ID)), ("fr/k.txt", &bundled(FR))],
    );
    mkfifo(&c.join("k.en.txt"));
    mkfifo(&c.join("fr/x.txt"));
    let out = dir.path().join("out");
    align_corpus(&c, &out, &[])
        .success()
        .stderr(contains("k.en.txt: skipped: not a regular file"))
        .stderr(contains("x.txt: skipped: not a regular file"));
    assert_eq!(summary(&out)["pairs"][0]["tgt_lang"], "fr");
    selaras()
        .args(["names", "check"])
        .arg(&c)
        .assert()
        .success()
        .stderr(contains("k.en.txt: skipped: not a regular file"))
        .stdout(contains("names check: 2 files"));
}

/// `text` in UTF-16, little- or big-endian, without a byte-order mark.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_without_bom_reads_with_the_named_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Эрдоган сказал: 7 человек. Second sentence.\n";
    for (name, little) in [("utf-16le", true), ("utf-16be", false)] {
        let f = dir.path().join(format!("{name}.txt"));
        std::fs::write(&f, utf16(text, little)).unwrap();
        selaras()
            .args(["segment", "--lang", "ru", "--encoding", name])
            .arg(&f)
            .assert()
            .success()
            .stdout("Эрдоган сказал: 7 человек.\nSecond sentence.\n");
        // without the flag: not "a binary file", but what it is and what to do
        selaras()
            .args(["segment", "--lang", "ru"])
            .arg(&f)
            .assert()
            .code(2)
            .stderr(contains(format!(
                "looks like {} text without a byte-order mark: read it with --encoding {name}",
                name.to_uppercase()
            )));
        // auto detects it
        selaras()
            .args(["segment", "--lang", "ru", "--encoding", "auto"])
            .arg(&f)
            .assert()
            .success()
            .stdout(contains("Second sentence."));
    }
}

#[test]
fn names_check_reads_legacy_encodings_and_goes_on_past_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let c = mixed_encoding_corpus(dir.path());
    std::fs::write(c.join("z.en.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    // the Russian file needs --encoding; the binary one is reported; the others are checked
    selaras()
        .args(["names", "check"])
        .arg(&c)
        .assert()
        .code(2)
        .stderr(contains("k.ru.txt:1: invalid UTF-8"))
        .stderr(contains("z.en.txt: looks like a binary file"))
        .stdout(contains("names check: 2 files"));
    selaras()
        .args(["names", "check", "--encoding", "ru=windows-1251"])
        .arg(&c)
        .assert()
        .code(2)
        .stderr(contains("k.ru.txt").not())
        .stdout(contains("names check: 3 files"));
}

#[test]
fn upper_case_txt_files_are_documents() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(
        dir.path(),
        &[("k.id.TXT", &bundled(ID)), ("k.en.Txt", &bundled(EN))],
    );
    let out = dir.path().join("out");
    align_corpus(&c, &out, &["--quiet"]).success();
    assert_eq!(summary(&out)["pairs"][0]["documents"], 1);
    // and in pair mode the language comes from such a name
    selaras()
        .arg("align")
        .arg(c.join("k.id.TXT"))
        .arg(c.join("k.en.Txt"))
        .assert()
        .success();
}

#[test]
fn lopsided_pair_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("x.id.txt");
    let many = dir.path().join("x.en.txt");
    std::fs::write(&one, "Satu kalimat saja.\n").unwrap();
    std::fs::write(&many, "One sentence of many.\n".repeat(2_000)).unwrap();
    selaras()
        .args(["align", "--presegmented"])
        .arg(&one)
        .arg(&many)
        .assert()
        .success()
        .stderr(contains("(1 sentence) and "))
        .stderr(contains(
            "(2000 sentences): one has more than three times as many sentences",
        ));
    let c = corpus(
        dir.path(),
        &[
            ("x.id.txt", &std::fs::read(&one).unwrap()),
            ("x.en.txt", &std::fs::read(&many).unwrap()),
        ],
    );
    let out = dir.path().join("out");
    align_corpus(&c, &out, &["--quiet", "--presegmented"]).success();
    let w = summary(&out)["warnings"].to_string();
    assert!(w.contains("three times as many sentences"), "{w}");
}

#[test]
fn input_that_looks_like_html_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(
        c.join("x.id.txt"),
        "<html><body><p>Tujuh warga sipil tewas.</p>\n<p>Pembicaraan&nbsp;berlanjut.</p></body></html>\n",
    )
    .unwrap();
    std::fs::write(
        c.join("x.en.txt"),
        "Seven civilians died.\n\nTalks resumed.\n",
    )
    .unwrap();
    selaras()
        .arg("align")
        .arg(c.join("x.id.txt"))
        .arg(c.join("x.en.txt"))
        .assert()
        .success()
        .stderr(contains("x.id.txt: looks like HTML"))
        .stderr(contains("x.en.txt: looks like HTML").not());
    let out = dir.path().join("out");
    align_corpus(&c, &out, &["--quiet"]).success();
    let w = summary(&out)["warnings"].to_string();
    assert!(w.contains("x.id.txt: looks like HTML"), "{w}");
}

#[test]
fn dictionary_for_a_language_not_in_the_corpus_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("id-de.dic");
    std::fs::write(&dict, "Deutschland @ Jerman\n").unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["align", "corpora/karabakh-2020", "--dict"])
        .arg(format!("de={}", dict.display()))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains(
            "warning: the dictionary for de is not used: the job aligns no de documents",
        ));
}

/// `selaras align <(command) b.en.txt`: a FIFO named by the user is read, not skipped.
#[cfg(unix)]
#[test]
fn fifo_given_as_one_file_of_a_pair_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("src");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, bundled(ID)).unwrap())
    };
    let piped = selaras()
        .args(["align", "--src-lang", "id"])
        .arg(&fifo)
        .arg(EN)
        .output()
        .unwrap();
    writer.join().unwrap();
    assert!(piped.status.success());
    let files = selaras().args(["align", ID, EN]).output().unwrap();
    assert_eq!(piped.stdout, files.stdout);
}
