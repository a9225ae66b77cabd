//! Sound keys: how a name is said, written in a small common alphabet, so that spellings
//! of one name in different orthographies meet (James / Cəyms, Chelsea / Çelsi / Челси,
//! Christine / Kristin, Shakespeare / Şekspir). A second signal beside the spelling
//! skeletons of [`super::matching`].
//!
//! The rules of each language are data: `src/lang/<iso3>/name-sounds.tsv` maps letter
//! sequences (lower case, in the language's script) to sounds, longest first. A line
//! `@base LANG` adds the rules of another language after the file's own (Turkish keeps
//! most foreign names in their English spelling: its file holds its own letters and takes
//! English for the rest). Names of a language without a file are read with the rules of
//! their script (Cyrillic as Russian, Armenian as Armenian, Latin as English).
//!
//! The sound alphabet: consonants `b d f g h k l m n p r s t v z` and `C` (ch in church),
//! `J` (j in John), `S` (sh), `Z` (zh), `y` (a glide); every vowel is `a`. After the rules
//! a key is normalised: a `y` not followed by a vowel is a vowel, runs of vowels are one
//! `a`, doubled consonants count once.

use crate::text::chars::is_alphabetic;
use std::sync::OnceLock;

use super::translit::{parse_rules, Fixup};
use crate::lang::{data_file, data_lines, Lang, PerFolder};

/// The sound rules of one language (its own, then those of its base), longest first.
#[derive(Debug, Default)]
pub struct SoundRules {
    rules: Vec<Fixup>,
}

fn parse(text: &str) -> (Vec<Fixup>, Option<&str>) {
    let mut rules = Vec::new();
    parse_rules(data_lines(text), &mut rules);
    let base = data_lines(text).find_map(|l| l.trim().strip_prefix("@base").map(str::trim));
    (rules, base)
}

fn build(iso3: &str) -> SoundRules {
    let mut rules = Vec::new();
    let mut next = Some(iso3.to_string());
    let mut seen = Vec::new();
    while let Some(l) = next.take() {
        if seen.contains(&l) {
            break;
        }
        let Some(text) = data_file(&l, "name-sounds.tsv") else {
            break;
        };
        let (mut own, base) = parse(text);
        // own rules first: a stable sort by length keeps them ahead of equally long base rules
        rules.append(&mut own);
        seen.push(l);
        next = base.map(str::to_string);
    }
    rules.sort_by_key(|r| std::cmp::Reverse(r.from.chars().count()));
    SoundRules { rules }
}

/// The sound rules for a token written in `lang`: the language's own file, else those of
/// the token's script.
pub fn rules_for(token: &str, lang: Lang) -> &'static SoundRules {
    static BY_LANG: PerFolder<Option<SoundRules>> = PerFolder::new();
    let get = |folder: &str| {
        BY_LANG
            .get(folder, |f| {
                data_file(f, "name-sounds.tsv").map(|_| build(f))
            })
            .and_then(Option::as_ref)
    };
    let by_script = match super::gazetteer::script_of(token) {
        'C' => "rus",
        'A' => "hye",
        _ => "eng",
    };
    let own_script = get(lang.data_folder()).filter(|_| script_matches(lang, by_script));
    own_script.or_else(|| get(by_script)).unwrap_or_else(|| {
        static NONE: OnceLock<SoundRules> = OnceLock::new();
        NONE.get_or_init(SoundRules::default)
    })
}

/// Whether the rules of `lang` suit a token of the script whose default rules are
/// `script_lang` (a Cyrillic name in a Latin-script language is read as Russian).
fn script_matches(lang: Lang, script_lang: &str) -> bool {
    let native = match lang.iso3() {
        "rus" | "ukr" | "bel" | "bul" | "srp" | "mkd" | "kaz" => "rus",
        "hye" => "hye",
        _ => "eng",
    };
    native == script_lang
}

fn is_vowel(c: u8) -> bool {
    c == b'a'
}

/// The sound key of one lower-case token: the rules applied left to right (longest
/// match first), letters without a rule folded to ASCII, then normalised.
pub fn sound_key(token: &str, rules: &SoundRules) -> String {
    let mut raw = String::with_capacity(token.len());
    let mut i = 0;
    'outer: while i < token.len() {
        let rest = &token[i..];
        for r in &rules.rules {
            if rest.starts_with(r.from.as_str())
                && (!r.at_start || i == 0)
                && (!r.at_end || rest.len() == r.from.len())
            {
                raw.push_str(&r.to);
                i += r.from.len();
                continue 'outer;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        if c.is_ascii_alphabetic() {
            raw.push(c.to_ascii_lowercase());
        } else if is_alphabetic(c) {
            raw.extend(
                any_ascii::any_ascii_char(c)
                    .chars()
                    .filter(char::is_ascii_alphabetic)
                    .map(|c| c.to_ascii_lowercase()),
            );
        }
        i += c.len_utf8();
    }
    normalise(&raw)
}

/// Vowels to `a`, a glide `y` before a consonant or at the end to a vowel, runs of vowels
/// once, doubled consonants once; `x` is `ks`, `q` is `k`, `c` (left by no rule) is `k`,
/// `w` is a vowel, `j` is `J`.
fn normalise(raw: &str) -> String {
    let mapped: Vec<u8> = raw
        .bytes()
        .flat_map(|b| -> Vec<u8> {
            match b {
                b'e' | b'i' | b'o' | b'u' | b'w' => vec![b'a'],
                b'x' => b"ks".to_vec(),
                b'q' | b'c' => vec![b'k'],
                b'j' => vec![b'J'],
                b => vec![b],
            }
        })
        .collect();
    let mut out: Vec<u8> = Vec::with_capacity(mapped.len());
    for (k, &b) in mapped.iter().enumerate() {
        let b = if b == b'y' && !mapped.get(k + 1).is_some_and(|&n| is_vowel(n)) {
            b'a'
        } else {
            b
        };
        if out.last() != Some(&b) {
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The consonants of a sound key.
fn consonants(key: &str) -> String {
    key.chars().filter(|&c| c != 'a').collect()
}

/// Similarity of two sound keys of single tokens: the same consonants in the same order
/// (3 or more: Shakespeare / Şekspir, vowels aside) score 0.92; with 2 consonants the
/// whole key must be equal (0.9; Paul / Palu differ), with one 0.88 (Joe / Co) — which
/// a one-word name does not reach alone (see [`ONE_CONSONANT`]). Otherwise 0.
pub fn sound_similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.starts_with('#') || b.starts_with('#') {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (ca, cb) = (consonants(a), consonants(b));
    if ca != cb || ca.is_empty() {
        return 0.0;
    }
    match ca.len() {
        n if n >= 3 => THREE_CONSONANTS,
        2 if a == b => 0.9,
        1 if a == b => ONE_CONSONANT,
        _ => 0.0,
    }
}

/// The sound similarity of two tokens with the same three or more consonants.
pub const THREE_CONSONANTS: f64 = 0.92;

/// The sound similarity of two tokens with one consonant each (Joe / Co, Will / Uill):
/// enough inside a longer name, not for a one-word name on its own.
pub const ONE_CONSONANT: f64 = 0.88;

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str, lang: Lang) -> String {
        sound_key(s, rules_for(s, lang))
    }

    #[test]
    fn respellings_meet() {
        for (a, la, b, lb) in [
            ("james", Lang::ENG, "cəyms", Lang::AZE),
            ("shakespeare", Lang::ENG, "şekspir", Lang::TUR),
            ("chelsea", Lang::ENG, "çelsi", Lang::AZE),
            ("chelsea", Lang::ENG, "челси", Lang::RUS),
            ("chelsea", Lang::ENG, "չելսի", Lang::HYE),
            ("christine", Lang::ENG, "kristin", Lang::AZE),
            ("sturridge", Lang::ENG, "starric", Lang::AZE),
            ("sturridge", Lang::ENG, "старридж", Lang::RUS),
            ("jones", Lang::ENG, "cons", Lang::AZE),
            ("brighton", Lang::ENG, "brayton", Lang::AZE),
            ("phoenix", Lang::ENG, "finiks", Lang::AZE),
            ("flake", Lang::ENG, "флейк", Lang::RUS),
        ] {
            let (ka, kb) = (key(a, la), key(b, lb));
            assert!(sound_similarity(&ka, &kb) >= 0.88, "{a} {ka} / {b} {kb}");
        }
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, la, b, lb) in [
            ("coons", Lang::ENG, "cons", Lang::AZE),
            ("omar", Lang::ENG, "oman", Lang::ENG),
            ("paul", Lang::ENG, "palu", Lang::IND),
            ("rosa", Lang::ENG, "россия", Lang::RUS),
            ("malik", Lang::ENG, "mali", Lang::FRA),
        ] {
            let (ka, kb) = (key(a, la), key(b, lb));
            assert_eq!(sound_similarity(&ka, &kb), 0.0, "{a} {ka} / {b} {kb}");
        }
    }

    #[test]
    fn keys_are_normalised() {
        assert_eq!(key("kavanaugh", Lang::ENG), key("kavano", Lang::AZE));
        assert_eq!(key("mayk", Lang::AZE), "mak");
        assert_eq!(key("ryan", Lang::ENG), "ryan");
    }
}
