//! The forms attached to names: case suffixes (Turkish, Azerbaijani, Russian, Armenian,
//! Indonesian -nya, German -s), suffixes after an apostrophe or hyphen (Erdoğan'ın,
//! CNN-in) and elided articles before one (l'Allemagne). The rules of each language are
//! read from `src/lang/<iso3>/name-suffixes.txt`.

use crate::text::chars::{is_alphabetic, to_lowercase};
use std::sync::OnceLock;

use crate::lang::{data_file, data_lines, Lang, PerFolder};

/// Where a suffix may be stripped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Any,
    Vowel,
    Consonant,
}

/// The suffix rules of one language.
#[derive(Debug, Default)]
pub struct Rules {
    /// Suffixes in the order of the file (lower case, in the language's script), with
    /// where they apply and whether they are only an alternative reading.
    suffixes: Vec<(String, After, bool)>,
    /// Shortest stem left after stripping, in characters.
    pub min_stem: usize,
    /// Everything after an apostrophe is a suffix.
    pub apostrophe_suffix: bool,
    /// A short lower-case ending after a hyphen is a suffix (CNN-in, ԱՄՆ-ի).
    pub hyphen_suffix: bool,
    /// Elided words before an apostrophe (l', d').
    pub elisions: Vec<String>,
    /// Suffixes written without an apostrophe are stripped only from names of several
    /// words (Turkish: a one-word name takes its suffix after an apostrophe, Justin'in;
    /// a bare ending is part of the name, Justin, Saray).
    pub bare_in_phrases_only: bool,
}

static EMPTY: OnceLock<Rules> = OnceLock::new();

/// The rules of the language data folder `folder`, parsed on first use.
fn own_rules(folder: &str) -> Option<&'static Rules> {
    static RULES: PerFolder<Option<Rules>> = PerFolder::new();
    RULES
        .get(folder, |f| data_file(f, "name-suffixes.txt").map(parse))?
        .as_ref()
}

/// Parses a `name-suffixes.txt` file.
pub fn parse(text: &str) -> Rules {
    let mut r = Rules {
        min_stem: 3,
        ..Rules::default()
    };
    for line in data_lines(text) {
        let line = line.trim();
        if let Some(setting) = line.strip_prefix('@') {
            let mut words = setting.split_whitespace();
            match words.next() {
                Some("apostrophe-suffix") => r.apostrophe_suffix = true,
                Some("hyphen-suffix") => r.hyphen_suffix = true,
                Some("bare-suffixes-in-phrases-only") => r.bare_in_phrases_only = true,
                Some("min") => {
                    if let Some(n) = words.next().and_then(|w| w.parse().ok()) {
                        r.min_stem = n;
                    }
                }
                Some("elision") => r.elisions.extend(words.map(str::to_string)),
                _ => {}
            }
            continue;
        }
        let mut cols = line.split('\t');
        let suffix = cols.next().unwrap_or("").trim();
        if suffix.is_empty() {
            continue;
        }
        let flags = cols.next().map(str::trim).unwrap_or("");
        let after = if flags.contains('v') {
            After::Vowel
        } else if flags.contains('c') {
            After::Consonant
        } else {
            After::Any
        };
        r.suffixes
            .push((to_lowercase(suffix), after, flags.contains('?')));
    }
    r
}

/// The rules of `lang` (empty rules for a language without a file).
pub fn rules(lang: Lang) -> &'static Rules {
    own_rules(lang.data_folder()).unwrap_or_else(|| EMPTY.get_or_init(|| parse("")))
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'ı'
            | 'ə'
            | 'ö'
            | 'ü'
            | 'â'
            | 'î'
            | 'û'
            | 'é'
            | 'è'
            | 'а'
            | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'ա'
            | 'ե'
            | 'է'
            | 'ը'
            | 'ի'
            | 'ո'
            | 'օ'
            | 'ւ'
    )
}

impl Rules {
    /// `token` (lower case) without its case suffix, if one can be stripped leaving at
    /// least `min_stem` characters.
    pub fn strip<'a>(&self, token: &'a str) -> &'a str {
        self.stems(token)
            .find(|(_, alt)| !alt)
            .map_or(token, |(s, _)| s)
    }

    /// The other reading of `token`: its last possible stem in file order, alternative
    /// suffixes included (Meksikanın: key meksikan, alternative meksika).
    pub fn strip_alternative<'a>(&self, token: &'a str) -> &'a str {
        self.stems(token).last().map_or(token, |(s, _)| s)
    }

    /// Every stem `token` can be read as, in file order, `token` itself excluded; with
    /// whether the suffix is only an alternative reading.
    pub fn stems<'s, 'a>(&'s self, token: &'a str) -> impl Iterator<Item = (&'a str, bool)> + 's
    where
        'a: 's,
    {
        let len = token.chars().count();
        self.suffixes
            .iter()
            .filter_map(move |(suffix, after, alt)| {
                let stem = token.strip_suffix(suffix.as_str())?;
                if len - suffix.chars().count() < self.min_stem {
                    return None;
                }
                let last = stem.chars().next_back();
                let ok = match after {
                    After::Any => true,
                    After::Vowel => last.is_some_and(is_vowel),
                    After::Consonant => last.is_some_and(|c| is_alphabetic(c) && !is_vowel(c)),
                };
                ok.then_some((stem, *alt))
            })
    }

    /// Whether `word` (lower case) is an elided article or preposition (`l`, `d`).
    pub fn is_elision(&self, word: &str) -> bool {
        self.elisions.iter().any(|e| e == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_turkish_and_azerbaijani_suffixes() {
        let az = rules(Lang::AZE);
        assert_eq!(az.strip("meksikanın"), "meksikan");
        assert_eq!(az.strip_alternative("meksikanın"), "meksika");
        assert_eq!(az.strip("ərdoğanın"), "ərdoğan");
        assert_eq!(az.strip("londonda"), "london");
        assert_eq!(az.strip("çinin"), "çin");
        assert_eq!(az.strip_alternative("utaha"), "utah");
        // a vowel after a vowel is not a dative ending
        assert_eq!(az.strip("avropa"), "avropa");
        assert!(az.apostrophe_suffix);
    }

    #[test]
    fn strips_russian_and_armenian_endings() {
        let ru = rules(Lang::RUS);
        assert_eq!(ru.strip("германии"), ru.strip("германия"));
        assert_eq!(ru.strip("нагорного"), ru.strip("нагорный"));
        let hy = rules(Lang::HYE);
        assert_eq!(hy.strip("մեքսիկայում"), "մեքսիկա");
        assert_eq!(hy.strip("ռուսաստանի"), "ռուսաստան");
        assert_eq!(hy.strip_alternative("պոմպեոն"), "պոմպեո");
        assert_eq!(hy.strip("լոնդոն"), "լոնդոն");
    }

    #[test]
    fn keeps_short_stems() {
        assert_eq!(rules(Lang::TUR).strip("iran"), "iran");
        assert_eq!(rules(Lang::RUS).strip("рим"), "рим");
        assert_eq!(rules(Lang::ENG).strip("paris"), "paris");
    }
}
