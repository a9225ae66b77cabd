//! Shared by the fuzz targets: picking a language from a byte, and the invariants of a
//! segmented document.
#![allow(dead_code)]

use selaras::text::Document;
use selaras::Lang;

/// The languages with their own rules, and three without (generic rules, another script).
pub fn lang(b: u8) -> Lang {
    const TAGS: [&str; 11] = [
        "id", "en", "fr", "de", "ru", "tr", "az", "hy", "nl", "zh", "ar",
    ];
    Lang::parse(TAGS[b as usize % TAGS.len()]).expect("a known language")
}

/// Splits fuzz input into a control byte and text (lossy UTF-8), or `None` if too short.
pub fn control_and_text(data: &[u8]) -> Option<(u8, String)> {
    let (&ctl, rest) = data.split_first()?;
    Some((ctl, String::from_utf8_lossy(rest).into_owned()))
}

/// Sentences are non-empty, in order, without overlap, on character boundaries, trimmed,
/// and cover every non-white-space character of the text.
pub fn assert_sentences_cover(doc: &Document) {
    let mut last = 0;
    let mut covered = String::new();
    for (k, s) in doc.sentences.iter().enumerate() {
        assert!(s.span.start >= last, "sentence {k} overlaps the one before");
        assert!(s.span.start < s.span.end, "sentence {k} is empty");
        let text = doc
            .text
            .get(s.span.clone())
            .expect("a sentence span on character boundaries");
        assert_eq!(text, text.trim(), "sentence {k} is not trimmed");
        if k > 0 {
            assert!(s.paragraph >= doc.sentences[k - 1].paragraph);
        }
        last = s.span.end;
        covered.extend(text.chars().filter(|c| !c.is_whitespace()));
    }
    let all: String = doc.text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(covered, all, "the sentences do not cover the text");
}
