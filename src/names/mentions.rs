//! Name mentions in a sentence: runs of capitalised words (with lower-case particles such
//! as bin, van, de, al- inside), acronyms written in capitals, in any cased script (Latin,
//! Cyrillic, Armenian, Greek). A capitalised first word of a sentence counts only when it
//! is an acronym, a gazetteer name, or a word the caller knows as a name.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

use super::fold::is_separator;
use super::gazetteer::gazetteer;
use super::{analyze, key};
use crate::lang::{data_file, data_lines, Lang};

/// One name mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte range in the sentence.
    pub span: Range<usize>,
    /// The text as written.
    pub text: String,
    /// Its [`key`](super::key).
    pub key: String,
    /// It is an acronym written in capitals.
    pub acronym: bool,
}

fn particles() -> &'static HashSet<String> {
    static P: OnceLock<HashSet<String>> = OnceLock::new();
    P.get_or_init(|| {
        data_lines(data_file("names", "name-particles.txt").unwrap_or(""))
            .map(|l| l.trim().to_lowercase())
            .collect()
    })
}

/// A word of the sentence with its byte range.
struct Word<'a> {
    text: &'a str,
    start: usize,
    /// The word is followed (before the next word) by punctuation that ends a name.
    break_after: bool,
}

fn words(s: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_separator(c) {
            if let Some(st) = start.take() {
                out.push(Word {
                    text: &s[st..i],
                    start: st,
                    break_after: false,
                });
            }
            if !c.is_whitespace() {
                if let Some(w) = out.last_mut() {
                    w.break_after = true;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(Word {
            text: &s[st..],
            start: st,
            break_after: true,
        });
    }
    // strip hyphens/apostrophes at the edges of words (quotes, dashes)
    for w in &mut out {
        let t = w.text.trim_start_matches(|c: char| !c.is_alphanumeric());
        w.start += w.text.len() - t.len();
        let t2 = t.trim_end_matches(|c: char| !c.is_alphanumeric());
        if t2.len() != t.len() {
            w.break_after = true;
        }
        w.text = t2;
    }
    out.retain(|w| !w.text.is_empty());
    out
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && w.chars()
            .take_while(|c| !matches!(c, '\'' | '’' | '-'))
            .all(|c| !c.is_lowercase())
}

/// Capitalised, or a lower-case prefix such as al- before a capital (al-Assad).
fn is_capitalized(w: &str) -> bool {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => w
            .split_once(['-', '\''])
            .is_some_and(|(_, rest)| rest.chars().next().is_some_and(char::is_uppercase)),
        _ => false,
    }
}

/// The name mentions of `sentence` written in `lang`.
pub fn mentions(sentence: &str, lang: Lang) -> Vec<Mention> {
    mentions_with(sentence, lang, None)
}

/// [`mentions`], where `known` holds keys of words seen as names elsewhere (mid-sentence
/// in the same corpus), so that a sentence-initial name is kept.
pub fn mentions_with(sentence: &str, lang: Lang, known: Option<&HashSet<String>>) -> Vec<Mention> {
    let ws = words(sentence);
    let parts = particles();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = &ws[i];
        if w.text.chars().next().is_some_and(|c| c.is_numeric()) || !is_capitalized(w.text) {
            i += 1;
            continue;
        }
        // a run of capitalised words, with particles between them
        let mut j = i;
        let mut end = i;
        while j < ws.len() {
            let cur = &ws[j];
            if is_capitalized(cur.text) && !cur.text.chars().next().is_some_and(char::is_numeric) {
                end = j;
                if cur.break_after {
                    break;
                }
                j += 1;
            } else if j > i
                && parts.contains(&cur.text.to_lowercase())
                && j + 1 < ws.len()
                && is_capitalized(ws[j + 1].text)
                && !cur.break_after
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut first = i;
        if i == 0 && !is_acronym(ws[0].text) {
            let k = key(ws[0].text, lang);
            let form = analyze(ws[0].text, lang);
            let run = &sentence[ws[0].start..ws[end].start + ws[end].text.len()];
            let keep = !gazetteer().lookup(&form, lang).is_empty()
                || (end > 0 && !gazetteer().lookup(&analyze(run, lang), lang).is_empty())
                || known.is_some_and(|set| set.contains(&k));
            if !keep {
                first = 1;
            }
        }
        if first <= end {
            // a run of acronyms is several names (NATO OSCE is rare; "AS Serikat" is not)
            let start = ws[first].start;
            let stop = ws[end].start + ws[end].text.len();
            let text = &sentence[start..stop];
            let k = key(text, lang);
            if !k.is_empty() {
                out.push(Mention {
                    span: start..stop,
                    text: text.to_string(),
                    acronym: first == end && is_acronym(text),
                    key: k,
                });
            }
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, lang: Lang) -> Vec<String> {
        mentions(s, lang).into_iter().map(|m| m.text).collect()
    }

    #[test]
    fn finds_capitalised_runs_and_acronyms() {
        assert_eq!(
            texts(
                "Kata Mevlut Cavusoglu, OSCE gagal di Nagorny Karabakh.",
                Lang::IND
            ),
            ["Mevlut Cavusoglu", "OSCE", "Nagorny Karabakh"]
        );
        assert_eq!(
            texts("He met Ludwig van Beethoven in Bonn.", Lang::ENG),
            ["Ludwig van Beethoven", "Bonn"]
        );
        assert_eq!(
            texts("Dün Erdoğan'ın açıklaması geldi.", Lang::TUR),
            ["Erdoğan'ın"]
        );
        assert_eq!(
            texts("Турция поддерживает Азербайджан.", Lang::RUS),
            ["Турция", "Азербайджан"]
        );
    }

    #[test]
    fn spans_point_into_the_sentence() {
        let s = "«Нагорный Карабах», — сказал Эрдоган.";
        for m in mentions(s, Lang::RUS) {
            assert_eq!(&s[m.span.clone()], m.text);
        }
        assert_eq!(texts(s, Lang::RUS), ["Нагорный Карабах", "Эрдоган"]);
    }
}
