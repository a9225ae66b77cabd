//! Sentence segmentation: the `selaras segment` binary on fixture files, and property
//! tests of the library's invariants on arbitrary text.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use proptest::prelude::*;
use selaras::text::segment::split_sentences;
use selaras::Lang;

const FIXTURES: &str = "tests/fixtures/segment";

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(FIXTURES).join(name).display().to_string()
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn segments_indonesian_news() {
    selaras()
        .args(["segment", "--lang", "id", &fixture("berita.id.txt")])
        .assert()
        .success()
        .stdout(expected("berita.id.expected"));
}

#[test]
fn joins_hard_wrapped_lines_and_keeps_the_headline() {
    selaras()
        .args(["segment", "--lang", "eng", &fixture("wrapped.en.txt")])
        .assert()
        .success()
        .stdout(expected("wrapped.en.expected"));
}

#[test]
fn reads_standard_input() {
    selaras()
        .args(["segment", "--lang", "fr", "-"])
        .write_stdin("M. Dupont est arrivé. « C’est fini. » Il part.\n")
        .assert()
        .success()
        .stdout("M. Dupont est arrivé.\n« C’est fini. »\nIl part.\n");
}

#[test]
fn presegmented_and_line_paragraphs() {
    let text = "One. Two.\nThree\n\nFour. Five.\n";
    selaras()
        .args(["segment", "--lang", "en", "--presegmented", "-"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout("One. Two.\nThree\nFour. Five.\n");
    // Every line a paragraph: a line never runs into the next.
    selaras()
        .args(["segment", "--lang", "en", "--line-paragraphs", "-"])
        .write_stdin("A short line\nthat goes on. Yes.\n")
        .assert()
        .success()
        .stdout("A short line\nthat goes on.\nYes.\n");
}

#[test]
fn decodes_legacy_encodings() {
    selaras()
        .args([
            "segment",
            "--lang",
            "ru",
            "--encoding",
            "windows-1251",
            &fixture("moskva.ru.cp1251.txt"),
        ])
        .assert()
        .success()
        .stdout("Он жил в г. Москва.\nВ 1870 г.\nВ городе было тихо.\n");
    // Without the encoding: an error naming the file.
    selaras()
        .args(["segment", "--lang", "ru", &fixture("moskva.ru.cp1251.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("moskva.ru.cp1251.txt"));
}

#[test]
fn errors_exit_2_and_name_the_path() {
    selaras()
        .args(["segment", "--lang", "en", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.txt"));
    selaras()
        .args(["segment", "--lang", "en", FIXTURES])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(FIXTURES).and(predicate::str::contains("folder")));
    selaras()
        .args(["segment", "--lang", "xx", &fixture("berita.id.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language"));
    selaras()
        .args(["segment", "--lang", "en", "--encoding", "nope", "-"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding"));
    selaras()
        .args(["segment", "--lang", "en", "-"])
        .write_stdin(" \n\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no text"));
}

/// The invariants of `split_sentences`: trimmed, non-empty, ordered, non-overlapping
/// ranges on character boundaries; only white space between and around them.
fn check_invariants(para: &str, lang: Lang) -> Result<(), TestCaseError> {
    let spans = split_sentences(para, lang);
    let mut pos = 0;
    for r in &spans {
        prop_assert!(
            r.start >= pos && r.start < r.end && r.end <= para.len(),
            "{r:?}"
        );
        prop_assert!(para.is_char_boundary(r.start) && para.is_char_boundary(r.end));
        prop_assert!(para[pos..r.start].chars().all(char::is_whitespace));
        let s = &para[r.clone()];
        prop_assert_eq!(s, s.trim());
        pos = r.end;
    }
    prop_assert!(para[pos..].chars().all(char::is_whitespace));
    // Concatenated with the white space between them, the sentences are the paragraph.
    let mut rebuilt = String::new();
    let mut last = 0;
    for r in &spans {
        rebuilt.push_str(&para[last..r.start]);
        rebuilt.push_str(&para[r.clone()]);
        last = r.end;
    }
    rebuilt.push_str(&para[last..]);
    prop_assert_eq!(rebuilt, para);
    Ok(())
}

const LANGS: [&str; 12] = [
    "ind", "eng", "fra", "deu", "rus", "tur", "aze-Latn", "hye", "ell", "jpn", "hin", "swe",
];

/// Pieces that exercise the rules: abbreviations, initials, numbers, marks, quotes,
/// scripts, line breaks.
const PIECES: [&str; 48] = [
    "Dr.",
    "U.S.",
    "etc.",
    "dll.",
    "z.B.",
    "т.е.",
    "г.",
    "vb.",
    "və s.",
    "J.",
    "3.",
    "2.300",
    "27/9/2020",
    "www.x.org",
    "...",
    "…",
    ".",
    "?",
    "!",
    "։",
    ":",
    "。",
    "।",
    "؟",
    "።",
    ";",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "(",
    ")",
    "-",
    "—",
    " ",
    " ",
    "\u{a0}",
    "\n",
    "\t",
    "The",
    "word",
    "Ада",
    "Ի՞նչ",
    "Oktober",
    "é\u{301}",
    "漢字",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_loses_text_on_arbitrary_unicode(para in "\\PC*", lang in 0..LANGS.len()) {
        check_invariants(&para, Lang::parse(LANGS[lang]).unwrap())?;
    }

    #[test]
    fn never_loses_text_with_control_and_space_chars(para in ".{0,80}", lang in 0..LANGS.len()) {
        check_invariants(&para, Lang::parse(LANGS[lang]).unwrap())?;
    }

    #[test]
    fn never_loses_text_on_tricky_pieces(
        pieces in proptest::collection::vec(0..PIECES.len(), 0..60),
        lang in 0..LANGS.len(),
    ) {
        let para: String = pieces.iter().map(|&k| PIECES[k]).collect();
        check_invariants(&para, Lang::parse(LANGS[lang]).unwrap())?;
    }
}
