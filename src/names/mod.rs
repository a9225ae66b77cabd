//! Names: one comparison key per entity across spellings, scripts and languages; a
//! similarity score with a gazetteer of exonyms and acronyms; name mentions in sentences;
//! and the consistency check of a corpus (`selaras names`).
//!
//! ```
//! use selaras::{names, Lang};
//!
//! assert_eq!(names::key("Erdoğan'ın", Lang::TUR), "erdogan");
//! assert_eq!(names::key("Нагорный Карабах", Lang::RUS), names::key("Нагорного Карабаха", Lang::RUS));
//! assert!(names::same("Jerman", Lang::IND, "Allemagne", Lang::FRA));
//! assert!(names::same("Erdogan", Lang::IND, "Էրդողան", Lang::HYE));
//! assert!(!names::same("Armenia", Lang::ENG, "Azerbaijan", Lang::ENG));
//! ```
//!
//! The pipeline of a key: NFKC and Turkic-aware lower case ([`fold`]), case suffixes and
//! apostrophe/hyphen suffixes stripped ([`suffix`]), transliteration to ASCII Latin with
//! per-language fix-ups ([`translit`]). Matching ([`matching`]) compares the keys token by
//! token on a phonetic skeleton and consults the [`gazetteer`](mod@gazetteer).

pub mod check;
pub mod fold;
pub mod gazetteer;
pub mod learn;
pub mod matching;
pub mod mentions;
pub mod pairs;
mod scanned;
pub mod sound;
pub mod suffix;
pub mod tally;
pub mod translit;

pub use check::{
    check, check_group, known_words, CheckDocument, CheckOptions, CheckReport, CheckSentence,
};
pub use gazetteer::{entity_id, gazetteer, Entity, Gazetteer};
pub use learn::{bead_evidence, Evidence, LearnOptions, LearnedName};
pub use matching::{same, score, THRESHOLD};
pub use mentions::{mentions, Mention};
pub use pairs::{parse_pairs, Pair};
pub use tally::{GroupNames, NameMention, NamesTally};

use crate::lang::Lang;

/// A name analysed for matching: its Latin tokens before and after suffix stripping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameForm {
    /// Transliterated tokens, suffixes after apostrophes/hyphens removed, case endings kept.
    pub raw: Vec<String>,
    /// The same tokens with case endings stripped (the key).
    pub stem: Vec<String>,
    /// The tokens with the shortest case ending stripped, where that differs from `stem`
    /// (Vaşinqtonun: `stem` vasingto, `alt` vasington); empty otherwise.
    pub alt: Vec<String>,
    /// The name is one acronym written in capitals (NATO, ОБСЕ, U.S.).
    pub acronym: bool,
    /// Sound keys ([`sound`]) of `raw`, token by token.
    pub raw_sound: Vec<String>,
    /// Sound keys of `stem`.
    pub stem_sound: Vec<String>,
    /// Sound keys of `alt` (empty when `alt` is).
    pub alt_sound: Vec<String>,
    /// Per token, its other readings (every other suffix the rules could strip) as
    /// (Latin, sound key): Kellinin is Kelli + nin, or Kellin + in.
    pub more: Vec<Vec<(String, String)>>,
}

impl NameForm {
    /// The raw tokens joined by spaces.
    pub fn raw_key(&self) -> String {
        self.raw.join(" ")
    }

    /// The stemmed tokens joined by spaces (equal to [`key`]).
    pub fn stem_key(&self) -> String {
        self.stem.join(" ")
    }

    /// The name read as written only: a listed name (Россия, Rusiya) is not an inflected
    /// form, so its stems (росс, rusi) would only make it look like other names.
    pub fn as_written(mut self) -> NameForm {
        self.stem = self.raw.clone();
        self.stem_sound = self.raw_sound.clone();
        self.alt.clear();
        self.alt_sound.clear();
        self.more.clear();
        self
    }
}

/// The language whose transliteration fix-ups suit `token` written in language `lang`:
/// Cyrillic in a non-Cyrillic language is read as Russian, Armenian as Armenian.
fn translit_lang(token: &str, lang: Lang) -> Lang {
    match gazetteer::script_of(token) {
        'C' if !matches!(
            lang.iso3(),
            "rus" | "ukr" | "bel" | "bul" | "srp" | "mkd" | "kaz"
        ) =>
        {
            Lang::RUS
        }
        'A' => Lang::HYE,
        _ => lang,
    }
}

/// Analyses `name` written in `lang`.
pub fn analyze(name: &str, lang: Lang) -> NameForm {
    analyze_form(name, lang, true)
}

/// What a gazetteer lookup reads of `name` written in `lang` (see
/// [`gazetteer::Gazetteer::lookup`]): the tokens, stems, alternative stems and whether it
/// is an acronym, as [`analyze`] gives them, without the sound keys and other readings
/// (most of the cost of an analysis, and looked up for every run of words of a text).
pub(crate) fn analyze_spelling(name: &str, lang: Lang) -> NameForm {
    analyze_form(name, lang, false)
}

/// [`analyze`], the sound keys and other readings only `with_sounds`.
fn analyze_form(name: &str, lang: Lang, with_sounds: bool) -> NameForm {
    let rules = suffix::rules(lang);
    let toks = fold::tokens(name, lang, rules);
    let acronym = toks.len() == 1 && toks[0].all_caps && toks[0].text.chars().count() >= 2;
    let keep_whole =
        |t: &fold::Token| t.all_caps || (rules.bare_in_phrases_only && toks.len() == 1);
    let mut form = NameForm {
        raw: Vec::with_capacity(toks.len()),
        stem: Vec::with_capacity(toks.len()),
        acronym,
        ..NameForm::default()
    };
    let mut alt = Vec::new();
    let mut alt_sound = Vec::new();
    let mut has_alt = false;
    for t in &toks {
        let tl = translit_lang(&t.text, lang);
        let fix = translit::fixups(tl);
        let mut raw = String::with_capacity(t.text.len());
        translit::to_latin(&t.text, fix, &mut raw);
        if raw.is_empty() {
            continue;
        }
        let stem_native = if keep_whole(t) {
            &t.text[..]
        } else {
            rules.strip(&t.text)
        };
        let stem = if stem_native.len() == t.text.len() {
            raw.clone()
        } else {
            let mut s = String::with_capacity(stem_native.len());
            translit::to_latin(stem_native, fix, &mut s);
            s
        };
        let alt_native = if keep_whole(t) {
            &t.text[..]
        } else {
            rules.strip_alternative(&t.text)
        };
        if alt_native.len() != stem_native.len() {
            has_alt = true;
            let mut s = String::with_capacity(alt_native.len());
            translit::to_latin(alt_native, fix, &mut s);
            alt.push(s);
        } else {
            alt.push(stem.clone());
        }
        if !with_sounds {
            form.raw.push(raw);
            form.stem.push(stem);
            continue;
        }
        let sounds = sound::rules_for(&t.text, lang);
        let stem_sound = sound::sound_key(stem_native, sounds);
        alt_sound.push(if alt_native.len() != stem_native.len() {
            sound::sound_key(alt_native, sounds)
        } else {
            stem_sound.clone()
        });
        form.raw_sound.push(if stem_native.len() == t.text.len() {
            stem_sound.clone()
        } else {
            sound::sound_key(&t.text, sounds)
        });
        let mut more = Vec::new();
        if !keep_whole(t) {
            for (s, _) in rules.stems(&t.text) {
                if s.len() != stem_native.len() && s.len() != alt_native.len() {
                    let mut l = String::with_capacity(s.len());
                    translit::to_latin(s, fix, &mut l);
                    more.push((l, sound::sound_key(s, sounds)));
                }
            }
        }
        form.more.push(more);
        form.stem_sound.push(stem_sound);
        form.raw.push(raw);
        form.stem.push(stem);
    }
    if has_alt {
        form.alt = alt;
        form.alt_sound = alt_sound;
    }
    form
}

/// The comparison key of `name` written in `lang`: folded, transliterated to ASCII Latin,
/// case suffixes stripped, tokens joined by one space (`Erdoğan'ın` → `erdogan`,
/// `Нагорный Карабах` → `nagorn karabakh`, `U.S.` → `us`).
///
/// Keys group the spellings of one name within a language; across languages use
/// [`score`] / [`same`], which also know exonyms.
pub fn key(name: &str, lang: Lang) -> String {
    let rules = suffix::rules(lang);
    let toks = fold::tokens(name, lang, rules);
    let mut out = String::with_capacity(name.len());
    let whole = rules.bare_in_phrases_only && toks.len() == 1;
    for t in &toks {
        let text = if t.all_caps || whole {
            &t.text[..]
        } else {
            rules.strip(&t.text)
        };
        let before = out.len();
        if before > 0 {
            out.push(' ');
        }
        translit::to_latin(text, translit::fixups(translit_lang(text, lang)), &mut out);
        if out.len() == before + usize::from(before > 0) {
            out.truncate(before);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_analysis_is_the_spelling_part_of_the_full_analysis() {
        let names = [
            ("Erdoğan'ın", Lang::TUR),
            ("Vaşinqtonun", Lang::AZE),
            ("Нагорного Карабаха", Lang::RUS),
            ("Էրդողանի", Lang::HYE),
            ("U.S.", Lang::ENG),
            ("NATO", Lang::ENG),
            ("l'Azerbaïdjan", Lang::FRA),
            ("Bundesrepublik Deutschland", Lang::DEU),
        ];
        for (name, lang) in names {
            let full = analyze(name, lang);
            let spelling = analyze_spelling(name, lang);
            assert_eq!(
                (
                    &spelling.raw,
                    &spelling.stem,
                    &spelling.alt,
                    spelling.acronym
                ),
                (&full.raw, &full.stem, &full.alt, full.acronym),
                "{name}"
            );
        }
    }

    #[test]
    fn keys_fold_scripts_and_suffixes() {
        assert_eq!(key("Erdoğan'ın", Lang::TUR), "erdogan");
        assert_eq!(key("Ərdoğanın", Lang::AZE), "erdogan");
        assert_eq!(key("Erdoğan", Lang::TUR), key("ERDOĞAN", Lang::TUR));
        assert_eq!(key("Эрдогана", Lang::RUS), key("Эрдоган", Lang::RUS));
        assert_eq!(key("Էրդողան", Lang::HYE), "erdogan");
        assert_eq!(key("U.S.", Lang::ENG), "us");
        assert_eq!(key("Nagorno-Karabakh", Lang::ENG), "nagorno karabakh");
        assert_eq!(key("  ", Lang::ENG), "");
        assert_eq!(key("Meksikanın", Lang::AZE), "meksikan");
    }

    #[test]
    fn key_equals_stem_key() {
        for (n, l) in [
            ("Нагорного Карабаха", Lang::RUS),
            ("Vaşinqtonun", Lang::AZE),
            ("Schottlands", Lang::DEU),
            ("Մեքսիկայում", Lang::HYE),
            ("ABŞ-ın", Lang::AZE),
        ] {
            assert_eq!(key(n, l), analyze(n, l).stem_key(), "{n}");
        }
    }

    proptest::proptest! {
        #[test]
        fn keys_are_ascii_and_never_panic(s in "\\PC{0,40}") {
            for l in [Lang::TUR, Lang::RUS, Lang::HYE, Lang::FRA] {
                let k = key(&s, l);
                proptest::prop_assert!(k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '));
                proptest::prop_assert!(!k.starts_with(' ') && !k.ends_with(' ') && !k.contains("  "));
            }
        }
    }
}
