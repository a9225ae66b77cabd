//! The language data behind figure extraction, read once from the embedded data files
//! `src/lang/<iso3>/figure-words.tsv`, `src/lang/<iso3>/numerals.tsv` and
//! `src/lang/mul/figure-units.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::{data_file, data_lines, Lang};
use crate::text::script::is_unspaced;

use super::numerals::Numerals;

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
        Phrase {
            chars: body.chars().flat_map(char::to_lowercase).collect(),
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
            take_while(&mut it, char::is_alphabetic, after, &mut end);
        }
        // A phrase ending in a letter or digit must end at a word boundary (in scripts
        // written without spaces there is none to find).
        if self
            .chars
            .last()
            .is_some_and(|&c| c.is_alphanumeric() && !is_unspaced(c))
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
            .is_some_and(|&c| c.is_alphanumeric() && !is_unspaced(c))
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
    it.peek().is_some_and(|&(_, c)| c.is_alphanumeric())
}

fn chars_eq(text_char: char, lower: char) -> bool {
    text_char == lower || text_char.to_lowercase().eq(std::iter::once(lower))
}

/// A list of phrases with a value each, longest first so the longest match wins.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phrases(Vec<(Phrase, f64, String)>);

impl Phrases {
    fn push(&mut self, word: &str, value: f64, label: &str) {
        self.0.push((Phrase::new(word), value, label.to_string()));
    }
    fn finish(&mut self) {
        self.0.sort_by_key(|p| std::cmp::Reverse(p.0.chars.len()));
    }
    /// The longest phrase starting at `pos`: (end, value, label).
    pub(crate) fn at(&self, text: &str, pos: usize) -> Option<(usize, f64, &str)> {
        self.0
            .iter()
            .find_map(|(p, v, l)| p.match_at(text, pos).map(|e| (e, *v, l.as_str())))
    }
    /// The longest phrase ending at `end`: (start, value, label).
    pub(crate) fn before(&self, text: &str, end: usize) -> Option<(usize, f64, &str)> {
        self.0
            .iter()
            .find_map(|(p, v, l)| p.match_before(text, end).map(|s| (s, *v, l.as_str())))
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
    pub ordinal_prefix: Phrases,
    pub ordinal_suffix: Phrases,
    pub decade_suffix: Phrases,
    pub range: Phrases,
    pub unit: Phrases,
}

impl LangData {
    fn parse(figure_words: &str, numerals: &str) -> LangData {
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

struct AllData {
    langs: HashMap<String, LangData>,
    fallback: LangData,
    units: HashMap<String, Unit>,
}

fn all() -> &'static AllData {
    static DATA: OnceLock<AllData> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut langs = HashMap::new();
        for (folder, words) in crate::lang::data_files_named("figure-words.tsv") {
            let numerals = data_file(folder, "numerals.tsv").unwrap_or("");
            langs.insert(folder.to_string(), LangData::parse(words, numerals));
        }
        let fallback = data_file("eng", "figure-words.tsv")
            .map(|w| LangData::parse(w, ""))
            .unwrap_or_default();
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
        AllData {
            langs,
            fallback,
            units,
        }
    })
}

/// The figure data of `lang`; a language without data files gets digits with English
/// conventions and no words.
pub(crate) fn lang_data(lang: Lang) -> &'static LangData {
    let a = all();
    a.langs.get(lang.iso3()).unwrap_or(&a.fallback)
}

/// A unit by its canonical name (`km`).
pub(crate) fn unit(name: &str) -> Option<&'static Unit> {
    all().units.get(name)
}

/// Whether `lang` has figure data files (number words, conventions).
pub fn has_data(lang: Lang) -> bool {
    all().langs.contains_key(lang.iso3())
}
