//! Name mentions in a sentence: runs of capitalised words (with lower-case particles such
//! as bin, van, de, al- inside), acronyms written in capitals, in any cased script (Latin,
//! Cyrillic, Armenian, Greek). A capitalised first word of a sentence counts only when it
//! is an acronym, a gazetteer name, or a word the caller knows as a name. In scripts
//! without letter case (Han, Kana, Arabic) the gazetteer's names are found by their
//! spelling.

use crate::text::chars::{is_alphabetic, is_alphanumeric, to_lowercase};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

use super::fold::is_separator;
use super::gazetteer::gazetteer;
use super::{analyze_spelling, key};
use crate::lang::{data_file, data_lines, Lang, PerFolder};

/// One name mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte range in the sentence.
    pub span: Range<usize>,
    /// The text as written.
    pub text: String,
    /// Its [`key`](fn@super::key).
    pub key: String,
    /// It is an acronym written in capitals.
    pub acronym: bool,
    /// The id of the gazetteer entity it names (`terr:FR`, `org:osce`), if known: an
    /// anchor across languages (Perancis and Frankreich share `terr:FR`).
    pub entity: Option<String>,
}

fn particles() -> &'static HashSet<String> {
    static P: OnceLock<HashSet<String>> = OnceLock::new();
    P.get_or_init(|| {
        data_lines(data_file("names", "name-particles.txt").unwrap_or(""))
            .map(|l| to_lowercase(l.trim()))
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
            if !c.is_whitespace() || c == '\n' {
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
        let t = w.text.trim_start_matches(|c: char| !is_alphanumeric(c));
        w.start += w.text.len() - t.len();
        let t2 = t.trim_end_matches(|c: char| !is_alphanumeric(c));
        if t2.len() != t.len() {
            w.break_after = true;
        }
        w.text = t2;
    }
    out.retain(|w| !w.text.is_empty());
    out
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|&c| is_alphabetic(c)).count();
    letters >= 2
        && w.chars()
            .take_while(|c| !matches!(c, '\'' | '’' | '-'))
            .all(|c| !c.is_lowercase())
}

/// Capitalised, or a lower-case prefix such as al- before a capital (al-Assad); after a
/// short elided word (L’ouragan, D'Alema) the rest decides.
fn is_capitalized(w: &str) -> bool {
    if let Some(p) = w.find(['\'', '’']) {
        let rest = &w[p..];
        let rest = rest.trim_start_matches(['\'', '’']);
        if w[..p].chars().count() <= 3 && !rest.is_empty() {
            return rest.chars().next().is_some_and(char::is_uppercase);
        }
    }
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => w
            .split_once('-')
            .is_some_and(|(_, rest)| rest.chars().next().is_some_and(char::is_uppercase)),
        _ => false,
    }
}

/// Per-language settings for mention extraction (`src/lang/<iso3>/name-stopwords.txt`).
struct Stopwords {
    words: HashSet<String>,
    capitalized_nouns: bool,
}

fn stopwords(lang: Lang) -> &'static Stopwords {
    static BY_LANG: PerFolder<Option<Stopwords>> = PerFolder::new();
    static NONE: OnceLock<Stopwords> = OnceLock::new();
    let own = |folder: &'static str| {
        let text = data_file(folder, "name-stopwords.txt")?;
        let mut sw = Stopwords {
            words: HashSet::new(),
            capitalized_nouns: false,
        };
        for line in data_lines(text) {
            let line = line.trim();
            if line == "@capitalized-nouns" {
                sw.capitalized_nouns = true;
            } else if !line.starts_with('@') {
                sw.words.insert(to_lowercase(line));
            }
        }
        Some(sw)
    };
    let sw = BY_LANG
        .get(lang.data_folder(), own)
        .and_then(Option::as_ref);
    sw.unwrap_or_else(|| {
        NONE.get_or_init(|| Stopwords {
            words: HashSet::new(),
            capitalized_nouns: false,
        })
    })
}

/// A line written in title case (a headline): no final full stop, and most of its words
/// are capitalised.
fn is_headline(line: &str, ws: &[Word<'_>]) -> bool {
    if line.trim_end().ends_with(['.', '!', '?', '։', '…']) {
        return false;
    }
    let words: Vec<&Word<'_>> = ws
        .iter()
        .filter(|w| w.text.chars().any(is_alphabetic))
        .collect();
    let caps = words.iter().filter(|w| is_capitalized(w.text)).count();
    words.len() >= 5 && caps * 10 >= words.len() * 7
}

fn lower(s: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(s.len());
    super::fold::lower_into(s, super::fold::dotless_i(lang), &mut out);
    out
}

/// Adds the word `w` (in `lang`) to a set of known name words for [`mentions_with`]: its
/// key, and the first four letters and length of its skeleton (so that Poutine is known
/// from Putin: same start, length within one).
pub fn add_known(set: &mut HashSet<String>, w: &str, lang: Lang) {
    let k = key(w, lang);
    let sk = super::matching::skeleton(&k);
    if sk.len() >= 5 && sk.is_ascii() {
        set.insert(format!("~{}{}", &sk[..4], sk.len()));
    }
    set.insert(k);
}

fn is_known_word(set: &HashSet<String>, w: &str, lang: Lang) -> bool {
    let k = key(w, lang);
    if set.contains(&k) {
        return true;
    }
    let sk = super::matching::skeleton(&k);
    sk.len() >= 5
        && sk.is_ascii()
        && (sk.len() - 1..=sk.len() + 1).any(|n| set.contains(&format!("~{}{n}", &sk[..4])))
}

/// The name mentions of `sentence` written in `lang`.
pub fn mentions(sentence: &str, lang: Lang) -> Vec<Mention> {
    mentions_with(sentence, lang, None)
}

/// [`mentions`], where `known` holds words seen as names elsewhere (inside sentences of
/// the same corpus, any language; filled with [`add_known`]): a sentence-initial word, a word of a
/// headline, or a capitalised German noun is a name only when it is known (or a
/// gazetteer name or an acronym).
pub fn mentions_with(sentence: &str, lang: Lang, known: Option<&HashSet<String>>) -> Vec<Mention> {
    // each line on its own: a headline line is title case, the next one is not
    let mut out = Vec::new();
    let mut offset = 0;
    for line in sentence.split_inclusive('\n') {
        let mut found = line_mentions(line, lang, known);
        let scanned = super::scanned::scanned_mentions(line, lang);
        if !scanned.is_empty() {
            found.extend(scanned);
            found.sort_by_key(|m| m.span.start);
        }
        for mut m in found {
            m.span = m.span.start + offset..m.span.end + offset;
            out.push(m);
        }
        offset += line.len();
    }
    out
}

fn line_mentions(sentence: &str, lang: Lang, known: Option<&HashSet<String>>) -> Vec<Mention> {
    let ws = words(sentence);
    let parts = particles();
    let sw = stopwords(lang);
    let strict = sw.capitalized_nouns || is_headline(sentence, &ws);
    let g = gazetteer();
    let is_known = |w: &str| known.is_some_and(|set| is_known_word(set, w, lang));
    let mut out = Vec::new();
    let emit = |from: usize, to: usize, out: &mut Vec<Mention>| {
        let mut from = from;
        let mut start = ws[from].start;
        // an elided article before the name (l'Azerbaïdjan)
        if let Some((pre, rest)) = ws[from].text.split_once(['\'', '’']) {
            if super::suffix::rules(lang).is_elision(&lower(pre, lang)) && !rest.is_empty() {
                start += pre.len()
                    + ws[from].text[pre.len()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
            }
        }
        while from < to && parts.contains(&lower(ws[from].text, lang)) {
            from += 1;
            start = ws[from].start;
        }
        let stop = ws[to].start + ws[to].text.len();
        let text = &sentence[start..stop];
        if text.chars().filter(|&c| is_alphanumeric(c)).count() < 2 {
            return;
        }
        let k = key(text, lang);
        if !k.is_empty() {
            let g = gazetteer();
            let entity = g
                .lookup(&analyze_spelling(text, lang), lang)
                .first()
                .and_then(|&e| g.entity_id(e))
                .map(str::to_string);
            out.push(Mention {
                span: start..stop,
                text: text.to_string(),
                acronym: from == to && is_acronym(text),
                key: k,
                entity,
            });
        }
    };
    // long gazetteer names with lower-case words inside (Organization for Security and
    // Co-operation in Europe, Organisation pour la sécurité ... en Europe), left to right
    let mut long: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut k = 0;
    while k < ws.len() {
        match is_name_word(ws[k].text)
            .then(|| long_gazetteer_name(sentence, &ws, k, lang))
            .flatten()
        {
            Some(j) => {
                long.insert(k, j);
                k = j + 1;
            }
            None => k += 1,
        }
    }
    let mut i = 0;
    while i < ws.len() {
        if let Some(&j) = long.get(&i) {
            emit(i, j, &mut out);
            i = j + 1;
            continue;
        }
        if !is_name_word(ws[i].text) {
            i += 1;
            continue;
        }
        // a run of capitalised words, with particles between them
        let mut j = i;
        let mut end = i;
        while j < ws.len() {
            let cur = &ws[j];
            if j > i && long.contains_key(&j) {
                break;
            }
            if is_name_word(cur.text) {
                end = j;
                if cur.break_after {
                    break;
                }
                j += 1;
            } else if j > i
                && parts.contains(&lower(cur.text, lang))
                && j + 1 < ws.len()
                && is_name_word(ws[j + 1].text)
                && !cur.break_after
            {
                j += 1;
            } else {
                break;
            }
        }
        // segment the run: gazetteer names (longest first), stop words, other names
        let mut pending: Option<usize> = None;
        let mut k = i;
        let flush = |p: usize, last: usize, out: &mut Vec<Mention>| {
            // trailing particles are not part of a name
            let mut last = last;
            while last > p && parts.contains(&lower(ws[last].text, lang)) {
                last -= 1;
            }
            let ok = |x: usize| is_acronym(ws[x].text) || is_known(ws[x].text);
            if strict {
                // keep only the known words (and acronyms)
                let mut run: Option<usize> = None;
                for x in p..=last {
                    match (ok(x), run) {
                        (true, None) => run = Some(x),
                        (false, Some(a)) => {
                            emit(a, x - 1, out);
                            run = None;
                        }
                        _ => {}
                    }
                }
                if let Some(a) = run {
                    emit(a, last, out);
                }
            } else if p == 0 && !ok(0) {
                // a sentence-initial word is capitalised anyway
                if last >= 1 {
                    emit(1, last, out);
                }
            } else {
                emit(p, last, out);
            }
        };
        while k <= end {
            let w = lower(ws[k].text, lang);
            let stop = sw.words.contains(&w) || ws[k].text.chars().count() == 1;
            let mut matched = 0;
            for len in (1..=(end - k + 1).min(4)).rev() {
                if len == 1 && stop {
                    break;
                }
                let a = ws[k].start;
                let b = ws[k + len - 1].start + ws[k + len - 1].text.len();
                let sub = &sentence[a..b];
                if !g.lookup(&analyze_spelling(sub, lang), lang).is_empty() {
                    matched = len;
                    break;
                }
            }
            if matched > 0 || stop {
                if let Some(p) = pending.take() {
                    if k > p {
                        flush(p, k - 1, &mut out);
                    }
                }
            }
            if matched > 0 {
                emit(k, k + matched - 1, &mut out);
                k += matched;
                continue;
            }
            if !stop && pending.is_none() && !parts.contains(&w) {
                pending = Some(k);
            }
            k += 1;
        }
        if let Some(p) = pending {
            flush(p, end, &mut out);
        }
        i = end + 1;
    }
    out
}

/// Longest names with lower-case words inside that the gazetteer knows: the last word of
/// such a name, when the name starting at word `i` has 3 to 9 words, ends with a
/// capitalised word and crosses no punctuation.
fn long_gazetteer_name(sentence: &str, ws: &[Word<'_>], i: usize, lang: Lang) -> Option<usize> {
    let mut last = i;
    while last + 1 < ws.len() && last - i < 8 && !ws[last].break_after {
        last += 1;
    }
    if last < i + 2 || !(i + 1..=last).any(|k| !is_name_word(ws[k].text)) {
        return None;
    }
    let g = gazetteer();
    (i + 2..=last).rev().find(|&j| {
        is_name_word(ws[j].text)
            && (i + 1..j).any(|k| !is_name_word(ws[k].text))
            && !g
                .lookup(
                    &analyze_spelling(&sentence[ws[i].start..ws[j].start + ws[j].text.len()], lang),
                    lang,
                )
                .is_empty()
    })
}

fn is_name_word(w: &str) -> bool {
    is_capitalized(w) && !w.chars().next().is_some_and(char::is_numeric)
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
    fn mentions_carry_gazetteer_entities() {
        let id = mentions("Presiden Prancis bertemu pejabat OSCE.", Lang::IND);
        let de = mentions("Frankreich und die OSZE.", Lang::DEU);
        let ids = |v: &[Mention]| {
            v.iter()
                .filter_map(|m| m.entity.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&id), ["terr:FR", "org:osce"]);
        assert_eq!(ids(&de), ["terr:FR", "org:osce"]);
    }

    #[test]
    fn spans_point_into_the_sentence() {
        let s = "«Нагорный Карабах», — сказал Эрдоган.";
        for m in mentions(s, Lang::RUS) {
            assert_eq!(&s[m.span.clone()], m.text);
        }
        assert_eq!(texts(s, Lang::RUS), ["Нагорный Карабах", "Эрдоган"]);
    }

    proptest::proptest! {
        #[test]
        fn spans_are_valid_for_any_text(s in "\\PC{0,60}") {
            for l in [Lang::ENG, Lang::TUR, Lang::FRA, Lang::DEU, Lang::RUS] {
                for m in mentions(&s, l) {
                    proptest::prop_assert_eq!(s.get(m.span.clone()), Some(m.text.as_str()));
                }
            }
        }

        #[test]
        fn spans_are_valid_for_name_like_text(s in "([A-ZÇŞİ][a-zçşğıü']{0,6}|[a-z]{1,4}|[-.,'’ «»()]){0,12}") {
            for l in [Lang::ENG, Lang::TUR, Lang::FRA, Lang::IND] {
                for m in mentions(&s, l) {
                    proptest::prop_assert_eq!(s.get(m.span.clone()), Some(m.text.as_str()));
                }
            }
        }
    }
}
