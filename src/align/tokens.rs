//! The units of text that the learned lexicon, the cognate keys and the closed-class keys
//! compare, per script: words where a script separates them with spaces (folded,
//! transliterated, Arabic clitics such as `و` `ال` `بال` taken off:
//! `src/lang/arb/word-prefixes.txt`), character pairs in Han (a Chinese or Japanese word
//! is mostly one or two characters, and no spaces tell where it ends), Katakana runs as
//! words (foreign names and loans); Hiragana (particles and endings) gives no unit.

use crate::text::chars::is_alphabetic;
use std::sync::OnceLock;

use super::features::hash_bytes;
use crate::lang::{data_file, data_lines};
use crate::text::script::Script;

/// A run of letters of one script class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run<'a> {
    /// Letters of a script written with spaces (or Katakana): one word.
    Word(&'a str),
    /// Han characters.
    Han(&'a str),
    /// Hiragana: particles and endings.
    Hiragana,
}

/// The class of a letter for splitting runs (`None` for a non-letter).
fn class(c: char) -> Option<u8> {
    match Script::of(c) {
        Script::Han => Some(0),
        Script::Kana if ('\u{3041}'..='\u{309f}').contains(&c) => Some(1),
        Script::Kana => Some(2),
        _ if is_alphabetic(c) || is_mark(c) => Some(3),
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// The runs of letters of `text`, each of one script class, in order.
pub(crate) fn runs(text: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, u8)> = None;
    let mut push = |s: usize, e: usize, k: u8| {
        let w = &text[s..e];
        out.push(match k {
            0 => Run::Han(w),
            1 => Run::Hiragana,
            _ => Run::Word(w),
        });
    };
    for (i, c) in text.char_indices() {
        let k = class(c);
        match (cur, k) {
            // a mark continues the run it follows
            (Some(_), Some(3)) if is_mark(c) => {}
            (Some((s, a)), Some(b)) if a != b => {
                push(s, i, a);
                cur = Some((i, b));
            }
            (Some(_), Some(_)) => {}
            (None, Some(b)) if !is_mark(c) => cur = Some((i, b)),
            (None, _) => {}
            (Some((s, a)), None) => {
                push(s, i, a);
                cur = None;
            }
        }
    }
    if let Some((s, a)) = cur {
        push(s, text.len(), a);
    }
    out
}

/// The units of a run of Han characters: its character pairs, or the character itself
/// when it stands alone.
pub(crate) fn han_units(run: &str) -> impl Iterator<Item = &str> + '_ {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let pairs = bounds.len().saturating_sub(2).max(1);
    (0..pairs).filter_map(move |k| run.get(bounds[k]..bounds[(k + 2).min(bounds.len() - 1)]))
}

/// The hash of a Han unit (a stem of the lexicon and a cognate key).
pub(crate) fn han_hash(unit: &str) -> u64 {
    hash_bytes(9, unit.as_bytes())
}

/// Clitics written on the front of Arabic words (`src/lang/arb/word-prefixes.txt`),
/// longest first.
pub(crate) fn arabic_prefixes() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        let mut v: Vec<String> = data_lines(data_file("arb", "word-prefixes.txt").unwrap_or(""))
            .flat_map(str::split_whitespace)
            .map(str::to_string)
            .collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        v
    })
}

/// A word without the clitics written on its front, where its script has them (Arabic:
/// `والحكومة` → `حكومة`); at least three letters are left.
pub(crate) fn strip_clitics(word: &str) -> &str {
    let Some(first) = word.chars().next() else {
        return word;
    };
    if !('\u{600}'..='\u{6ff}').contains(&first) {
        return word;
    }
    for p in arabic_prefixes() {
        if let Some(rest) = word.strip_prefix(p.as_str()) {
            if rest.chars().count() >= 3 {
                return rest;
            }
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_by_script() {
        assert_eq!(
            runs("Trump氏は、トランプ大統領。"),
            [
                Run::Word("Trump"),
                Run::Han("氏"),
                Run::Hiragana,
                Run::Word("トランプ"),
                Run::Han("大統領"),
            ]
        );
        assert_eq!(runs("Élysée 2020"), [Run::Word("Élysée")]);
    }

    #[test]
    fn han_runs_give_character_pairs() {
        assert_eq!(han_units("大統領").collect::<Vec<_>>(), ["大統", "統領"]);
        assert_eq!(han_units("月").collect::<Vec<_>>(), ["月"]);
        assert_eq!(han_units("周六").collect::<Vec<_>>(), ["周六"]);
    }

    #[test]
    fn arabic_clitics_come_off() {
        assert_eq!(strip_clitics("والحكومة"), "حكومة");
        assert_eq!(strip_clitics("بالولايات"), "ولايات");
        assert_eq!(strip_clitics("الأمم"), "أمم");
        // too short to strip
        assert_eq!(strip_clitics("ولد"), "ولد");
        assert_eq!(strip_clitics("Warren"), "Warren");
    }
}
