//! The language data behind figure extraction, read on first use (per language) from the
//! embedded data files
//! `src/lang/<iso3>/figure-words.tsv`, `src/lang/<iso3>/numerals.tsv` and
//! `src/lang/mul/figure-units.tsv`.

use crate::text::chars::{is_alphabetic, is_alphanumeric, push_lowercase};
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::{data_file, data_lines, Lang, PerFolder};
use crate::text::script::is_unspaced;

use super::numerals::Numerals;
use crate::hashing::FastMap;

/// A word or phrase to find next to a number, as written in a data file: lowercase,
/// a space matches any run of white space, a trailing `*` matches any ending.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    chars: Vec<char>,
    star: bool,
}

impl Phrase {
    fn new(s: &str) -> Phrase {
        let star = s.ends_with('*');
        let body = s.trim_end_matches('*');
        let mut lower = String::with_capacity(body.len());
        for c in body.chars() {
            push_lowercase(&mut lower, c);
        }
        Phrase {
            chars: lower.chars().collect(),
            star,
        }
    }

    /// If the phrase starts at byte `pos` of `text`, the byte where it ends.
    pub(crate) fn match_at(&self, text: &str, pos: usize) -> Option<usize> {
        let rest = text.get(pos..)?;
        let mut it = rest.char_indices().peekable();
        let mut end = 0;
        let after = |i: usize, c: char| i + c.len_utf8();
        for &pc in &self.chars {
            if pc == ' ' {
                if !take_while(&mut it, char::is_whitespace, after, &mut end) {
                    return None;
                }
                continue;
            }
            let (i, c) = it.next()?;
            if !chars_eq(c, pc) {
                return None;
            }
            end = after(i, c);
        }
        if self.star {
            take_while(&mut it, is_alphabetic, after, &mut end);
        }
        // A phrase ending in a letter or digit must end at a word boundary (in scripts
        // written without spaces there is none to find).
        if self
            .chars
            .last()
            .is_some_and(|&c| is_alphanumeric(c) && !is_unspaced(c))
            && next_is_alnum(&mut it)
        {
            return None;
        }
        Some(pos + end)
    }

    /// If the phrase ends at byte `end` of `text` (white space before `end` skipped by
    /// the caller), the byte where it starts.
    pub(crate) fn match_before(&self, text: &str, end: usize) -> Option<usize> {
        let before = text.get(..end)?;
        let mut it = before.char_indices().rev().peekable();
        let mut start = end;
        let at = |i: usize, _: char| i;
        for &pc in self.chars.iter().rev() {
            if pc == ' ' {
                if !take_while(&mut it, char::is_whitespace, at, &mut start) {
                    return None;
                }
                continue;
            }
            let (i, c) = it.next()?;
            if !chars_eq(c, pc) {
                return None;
            }
            start = i;
        }
        // A phrase starting with a letter or digit must start at a word boundary.
        if self
            .chars
            .first()
            .is_some_and(|&c| is_alphanumeric(c) && !is_unspaced(c))
            && next_is_alnum(&mut it)
        {
            return None;
        }
        Some(start)
    }
}

/// Takes the characters of `it` while `keep` holds, moving `bound` to `at(i, c)` of each
/// one taken (its end when going forwards, its start when going backwards); true when
/// any was taken.
fn take_while<I: Iterator<Item = (usize, char)>>(
    it: &mut std::iter::Peekable<I>,
    keep: impl Fn(char) -> bool,
    at: impl Fn(usize, char) -> usize,
    bound: &mut usize,
) -> bool {
    let mut any = false;
    while let Some((i, c)) = it.next_if(|&(_, c)| keep(c)) {
        any = true;
        *bound = at(i, c);
    }
    any
}

/// True when the next character of `it` is a letter or a digit.
fn next_is_alnum<I: Iterator<Item = (usize, char)>>(it: &mut std::iter::Peekable<I>) -> bool {
    it.peek().is_some_and(|&(_, c)| is_alphanumeric(c))
}

fn chars_eq(text_char: char, lower: char) -> bool {
    text_char == lower || text_char.to_lowercase().eq(std::iter::once(lower))
}

/// A list of phrases with a value each, longest first so the longest match wins, indexed by
/// their first and last characters so that a lookup tries only the phrases that can match.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phrases {
    list: Vec<(Phrase, f64, &'static str)>,
    by_first: CharIndex,
    by_last: CharIndex,
}

/// Positions in a phrase list (ascending) by a character of the phrase: for each character,
/// the phrases keyed by it together with those that start (or end) with white space or are
/// empty, which any text may match.
#[derive(Debug, Clone)]
struct CharIndex {
    /// Per ASCII character, its range of `lists` (empty: no phrase is keyed by it).
    ascii: [(u32, u32); 128],
    /// The same for the other characters.
    other: FastMap<char, (u32, u32)>,
    /// The positions of each character's phrases, one range after the other.
    lists: Vec<u32>,
    /// The phrases any character may match.
    any: Vec<u32>,
}

impl Default for CharIndex {
    fn default() -> CharIndex {
        CharIndex {
            ascii: [(0, 0); 128],
            other: FastMap::default(),
            lists: Vec::new(),
            any: Vec::new(),
        }
    }
}

impl CharIndex {
    /// An index of phrases by `key` (`None`: any text may match).
    fn new(keys: impl Iterator<Item = Option<char>>) -> CharIndex {
        let mut keyed: Vec<(char, u32)> = Vec::new();
        let mut index = CharIndex::default();
        for (i, k) in keys.enumerate() {
            match k {
                Some(c) => keyed.push((c, i as u32)),
                None => index.any.push(i as u32),
            }
        }
        keyed.sort_unstable();
        for group in keyed.chunk_by(|x, y| x.0 == y.0) {
            let start = index.lists.len();
            index.lists.extend(group.iter().map(|&(_, i)| i));
            index.lists.extend_from_slice(&index.any);
            index.lists[start..].sort_unstable();
            let range = (start as u32, index.lists.len() as u32);
            let c = group[0].0;
            if c.is_ascii() {
                index.ascii[c as usize] = range;
            } else {
                index.other.insert(c, range);
            }
        }
        index
    }

    /// The phrases keyed by `c` or that any text may match, ascending.
    fn get(&self, c: char) -> &[u32] {
        let range = if c.is_ascii() {
            Some(self.ascii[c as usize])
        } else {
            self.other.get(&c).copied()
        };
        match range {
            Some((s, e)) if s < e => &self.lists[s as usize..e as usize],
            _ => &self.any,
        }
    }

    /// The phrases that may match at a text character `c` (or at the end of the text,
    /// `None`), ascending: those keyed by `c` or by its lower case, and those any text may
    /// match.
    fn candidates(&self, c: Option<char>) -> impl Iterator<Item = u32> + '_ {
        let Some(c) = c else {
            return Union(&self.any, &[]);
        };
        let mut lower = c.to_lowercase();
        let lower = match (lower.next(), lower.next()) {
            (Some(l), None) if l != c => self.get(l),
            _ => &[],
        };
        Union(self.get(c), lower)
    }
}

/// The union of two ascending lists, ascending, each element once.
struct Union<'a>(&'a [u32], &'a [u32]);

impl Iterator for Union<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let x = match (self.0.first(), self.1.first()) {
            (None, None) => return None,
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (Some(&a), Some(&b)) => a.min(b),
        };
        if self.0.first() == Some(&x) {
            self.0 = &self.0[1..];
        }
        if self.1.first() == Some(&x) {
            self.1 = &self.1[1..];
        }
        Some(x)
    }
}

impl Phrases {
    fn push(&mut self, word: &str, value: f64, label: &'static str) {
        self.list.push((Phrase::new(word), value, label));
    }
    fn finish(&mut self) {
        self.list
            .sort_by_key(|p| std::cmp::Reverse(p.0.chars.len()));
        let key = |c: Option<&char>| c.copied().filter(|c| *c != ' ');
        self.by_first = CharIndex::new(self.list.iter().map(|p| key(p.0.chars.first())));
        self.by_last = CharIndex::new(self.list.iter().map(|p| key(p.0.chars.last())));
    }
    /// The longest phrase starting at `pos`: (end, value, label).
    pub(crate) fn at(&self, text: &str, pos: usize) -> Option<(usize, f64, &str)> {
        let c = text.get(pos..)?.chars().next();
        self.by_first.candidates(c).find_map(|i| {
            let (p, v, l) = &self.list[i as usize];
            p.match_at(text, pos).map(|e| (e, *v, *l))
        })
    }
    /// The longest phrase ending at `end`: (start, value, label).
    pub(crate) fn before(&self, text: &str, end: usize) -> Option<(usize, f64, &str)> {
        let c = text.get(..end)?.chars().next_back();
        self.by_last.candidates(c).find_map(|i| {
            let (p, v, l) = &self.list[i as usize];
            p.match_before(text, end).map(|s| (s, *v, *l))
        })
    }
}

/// A unit of measure: its dimension and the factor to the dimension's base unit.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub dimension: String,
    pub factor: f64,
}

/// Everything figure extraction knows about one language.
#[derive(Debug, Default)]
pub(crate) struct LangData {
    /// The decimal mark.
    pub decimal: char,
    /// Digit-group separators (not spaces).
    pub group: Vec<char>,
    /// Whether a plain space separates digit groups (`2 300`).
    pub group_space: bool,
    pub numerals: Numerals,
    pub scale: Phrases,
    pub scale_attached: Phrases,
    pub percent: Phrases,
    pub percent_before: Phrases,
    pub approx: Phrases,
    pub approx_after: Phrases,
    pub approx_figure: Phrases,
    pub month: Phrases,
    pub time_before: Phrases,
    pub time_after: Phrases,
    /// A word after the minutes of a time whose hour has a `time_after` word (分).
    pub time_minutes: Phrases,
    pub ordinal_prefix: Phrases,
    pub ordinal_suffix: Phrases,
    pub decade_suffix: Phrases,
    pub range: Phrases,
    pub unit: Phrases,
}

impl LangData {
    fn parse(figure_words: &'static str, numerals: &str) -> LangData {
        let mut d = LangData {
            decimal: '.',
            numerals: Numerals::parse(numerals),
            ..Default::default()
        };
        for line in data_lines(figure_words) {
            let mut cols = line.split('\t');
            let (Some(cat), Some(word)) = (cols.next(), cols.next()) else {
                continue;
            };
            let value_text = cols.next().unwrap_or("").trim();
            let value: f64 = value_text.parse().unwrap_or(0.0);
            let list = match cat {
                "decimal" => {
                    d.decimal = word.chars().next().unwrap_or('.');
                    continue;
                }
                "group" => {
                    if word == "space" {
                        d.group_space = true;
                    } else if let Some(c) = word.chars().next() {
                        d.group.push(c);
                    }
                    continue;
                }
                "scale" => &mut d.scale,
                "scale-attached" => &mut d.scale_attached,
                "percent" => &mut d.percent,
                "percent-before" => &mut d.percent_before,
                "approx" => &mut d.approx,
                "approx-after" => &mut d.approx_after,
                "approx-figure" => &mut d.approx_figure,
                "month" => &mut d.month,
                "time-before" => &mut d.time_before,
                "time-after" => &mut d.time_after,
                "time-minutes" => &mut d.time_minutes,
                "ordinal-prefix" => &mut d.ordinal_prefix,
                "ordinal-suffix" => &mut d.ordinal_suffix,
                "decade-suffix" => &mut d.decade_suffix,
                "unit" => &mut d.unit,
                "range" => &mut d.range,
                _ => continue,
            };
            list.push(word, value, value_text);
        }
        // Scale words of the number-word table count after digits too (2,8 miliar).
        for (word, value) in d.numerals.scale_words() {
            d.scale.push(&word, value, "");
        }
        for p in [
            &mut d.scale,
            &mut d.scale_attached,
            &mut d.percent,
            &mut d.percent_before,
            &mut d.approx,
            &mut d.approx_after,
            &mut d.approx_figure,
            &mut d.month,
            &mut d.time_before,
            &mut d.time_after,
            &mut d.time_minutes,
            &mut d.ordinal_prefix,
            &mut d.ordinal_suffix,
            &mut d.decade_suffix,
            &mut d.range,
            &mut d.unit,
        ] {
            p.finish();
        }
        d
    }
}

/// The figure data of each language with a `figure-words.tsv`, parsed on first use.
static LANGS: PerFolder<Option<LangData>> = PerFolder::new();

/// The figure data of `lang`, if it has data files.
fn own_data(lang: Lang) -> Option<&'static LangData> {
    LANGS
        .get(lang.data_folder(), |folder| {
            let words = data_file(folder, "figure-words.tsv")?;
            let numerals = data_file(folder, "numerals.tsv").unwrap_or("");
            Some(LangData::parse(words, numerals))
        })?
        .as_ref()
}

/// Digits with English conventions and no words.
fn fallback() -> &'static LangData {
    static FALLBACK: OnceLock<LangData> = OnceLock::new();
    FALLBACK.get_or_init(|| {
        data_file("eng", "figure-words.tsv")
            .map(|w| LangData::parse(w, ""))
            .unwrap_or_default()
    })
}

fn units() -> &'static HashMap<String, Unit> {
    static UNITS: OnceLock<HashMap<String, Unit>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let mut units = HashMap::new();
        for line in data_lines(data_file("mul", "figure-units.tsv").unwrap_or("")) {
            let mut cols = line.split('\t');
            if let (Some(u), Some(dim), Some(f)) = (cols.next(), cols.next(), cols.next()) {
                if let Ok(factor) = f.trim().parse() {
                    units.insert(
                        u.to_string(),
                        Unit {
                            dimension: dim.to_string(),
                            factor,
                        },
                    );
                }
            }
        }
        units
    })
}

/// The figure data of `lang`; a language without data files gets digits with English
/// conventions and no words.
pub(crate) fn lang_data(lang: Lang) -> &'static LangData {
    own_data(lang).unwrap_or_else(fallback)
}

/// A unit by its canonical name (`km`).
pub(crate) fn unit(name: &str) -> Option<&'static Unit> {
    units().get(name)
}

/// Whether `lang` has figure data files (number words, conventions).
pub fn has_data(lang: Lang) -> bool {
    lang.data_file("figure-words.tsv").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every phrase list of every language with figure data.
    fn all_lists() -> Vec<&'static Phrases> {
        let mut out = Vec::new();
        for folder in crate::lang::LANG_FOLDERS {
            let Ok(lang) = Lang::parse(folder) else {
                continue;
            };
            let Some(d) = own_data(lang) else { continue };
            out.extend([
                &d.scale,
                &d.scale_attached,
                &d.percent,
                &d.percent_before,
                &d.approx,
                &d.approx_after,
                &d.approx_figure,
                &d.month,
                &d.time_before,
                &d.time_after,
                &d.ordinal_prefix,
                &d.ordinal_suffix,
                &d.decade_suffix,
                &d.range,
                &d.unit,
            ]);
        }
        out
    }

    /// What `at` and `before` answered before the index: the first match in list order.
    fn scan_at<'a>(p: &'a Phrases, text: &str, pos: usize) -> Option<(usize, f64, &'a str)> {
        p.list
            .iter()
            .find_map(|(ph, v, l)| ph.match_at(text, pos).map(|e| (e, *v, *l)))
    }

    fn scan_before<'a>(p: &'a Phrases, text: &str, end: usize) -> Option<(usize, f64, &'a str)> {
        p.list
            .iter()
            .find_map(|(ph, v, l)| ph.match_before(text, end).map(|s| (s, *v, *l)))
    }

    fn same_answers(text: &str) -> Result<(), TestCaseError> {
        for p in all_lists() {
            for pos in 0..=text.len() + 1 {
                prop_assert_eq!(
                    p.at(text, pos),
                    scan_at(p, text, pos),
                    "at {} in {:?}",
                    pos,
                    text
                );
                prop_assert_eq!(
                    p.before(text, pos),
                    scan_before(p, text, pos),
                    "before {} in {:?}",
                    pos,
                    text
                );
            }
        }
        Ok(())
    }

    #[test]
    fn the_index_answers_as_a_scan_of_the_list() {
        for text in [
            "Sekitar 2.300 tentara, 5 persen, 3 juta, pukul 7 pagi, ke-2, 1930-an.",
            "About 300 people, 2.8bn, 5%, 10 km, 7 a.m., the 2nd, the 1990s, 2 to 4 inches.",
            "Около 300 тыс. человек, 29-го сентября, 2-й, 10 км, в 2019 году.",
            "YÜZDE 5, İKİ BİN, Eylül 29, %5, 300 bin, İstanbul'da.",
            "ENVIRON 3 MILLIONS D'EUROS, 17 H 30, LE 2E, 10 000 KM.",
            "  \t 5  ",
            "",
        ] {
            same_answers(text).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn the_index_answers_as_a_scan_on_any_text(
            text in "[ 0-9a-zA-ZçÇğĞıİşŞ%.,\\-а-яА-Я€£$]{0,24}"
        ) {
            same_answers(&text)?;
        }
    }
}
