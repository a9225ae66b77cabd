//! Transliteration of a lower-case token to ASCII Latin: per-language fix-ups from
//! `src/lang/<iso3>/translit-fixups.tsv` (and the shared `src/lang/names/translit-fixups.tsv`)
//! first, then `any_ascii` for every other character; only `a-z` and `0-9` are kept.

use crate::text::chars::to_lowercase;
use std::sync::OnceLock;

use crate::lang::{data_file, data_lines, Lang, PerFolder};

/// One rewrite rule: a sequence of characters (lower case) and what it is written as;
/// `^` before the sequence anchors it at the start of a token, `$` after it at the end.
/// The format of `translit-fixups.tsv` and `name-sounds.tsv`.
#[derive(Debug, Clone)]
pub(super) struct Fixup {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) at_start: bool,
    pub(super) at_end: bool,
}

/// Parses rewrite rules, `from<TAB>to` per line; lines starting with `@` are settings,
/// left to the caller.
pub(super) fn parse_rules<'a>(lines: impl Iterator<Item = &'a str>, rules: &mut Vec<Fixup>) {
    for line in lines.filter(|l| !l.trim_start().starts_with('@')) {
        let (from, to) = line.split_once('\t').unwrap_or((line, ""));
        let mut from = from.trim();
        let at_start = from.starts_with('^');
        if at_start {
            from = &from[1..];
        }
        let at_end = from.len() > 1 && from.ends_with('$');
        if at_end {
            from = &from[..from.len() - 1];
        }
        if from.is_empty() {
            continue;
        }
        rules.push(Fixup {
            from: to_lowercase(from),
            to: to.trim().to_string(),
            at_start,
            at_end,
        });
    }
}

fn parse_into(text: &str, rules: &mut Vec<Fixup>) {
    let start = rules.len();
    parse_rules(data_lines(text), rules);
    for r in &mut rules[start..] {
        r.to.make_ascii_lowercase();
    }
}

/// The fix-ups of one language, shared ones included, longest first.
#[derive(Debug, Default)]
pub struct Fixups {
    rules: Vec<Fixup>,
    /// First characters of the rules, to skip quickly.
    firsts: Vec<char>,
    /// No rule starts with an ASCII character (ASCII tokens take a fast path).
    ascii_free: bool,
}

fn build(lang_text: Option<&str>) -> Fixups {
    let mut rules = Vec::new();
    if let Some(t) = lang_text {
        parse_into(t, &mut rules);
    }
    if let Some(t) = data_file("names", "translit-fixups.tsv") {
        parse_into(t, &mut rules);
    }
    rules.sort_by_key(|r| std::cmp::Reverse(r.from.chars().count()));
    let mut firsts: Vec<char> = rules.iter().filter_map(|r| r.from.chars().next()).collect();
    firsts.sort_unstable();
    firsts.dedup();
    let ascii_free = firsts.iter().all(|c| !c.is_ascii());
    Fixups {
        rules,
        firsts,
        ascii_free,
    }
}

/// The fix-ups used for `lang`.
pub fn fixups(lang: Lang) -> &'static Fixups {
    static BY_LANG: PerFolder<Option<Fixups>> = PerFolder::new();
    static SHARED: OnceLock<Fixups> = OnceLock::new();
    // the `names` folder holds the fix-ups every language shares, not a language's own
    let own = |folder: &'static str| {
        (folder != "names")
            .then(|| data_file(folder, "translit-fixups.tsv"))
            .flatten()
            .map(|text| build(Some(text)))
    };
    BY_LANG
        .get(lang.data_folder(), own)
        .and_then(Option::as_ref)
        .unwrap_or_else(|| SHARED.get_or_init(|| build(None)))
}

/// Appends the ASCII transliteration of `token` (lower case) to `out`: letters `a-z` and
/// digits only.
pub fn to_latin(token: &str, fix: &Fixups, out: &mut String) {
    if fix.ascii_free && token.is_ascii() {
        out.extend(
            token
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase() as char),
        );
        return;
    }
    let mut i = 0;
    let bytes_len = token.len();
    'outer: while i < bytes_len {
        let rest = &token[i..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if fix.firsts.binary_search(&c).is_ok() {
            for r in &fix.rules {
                if rest.starts_with(r.from.as_str())
                    && (!r.at_start || i == 0)
                    && (!r.at_end || rest.len() == r.from.len())
                {
                    out.push_str(&r.to);
                    i += r.from.len();
                    continue 'outer;
                }
            }
        }
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else {
            for b in any_ascii::any_ascii_char(c).bytes() {
                if b.is_ascii_alphanumeric() {
                    out.push(b.to_ascii_lowercase() as char);
                }
            }
        }
        i += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lat(s: &str, lang: Lang) -> String {
        let mut out = String::new();
        to_latin(s, fixups(lang), &mut out);
        out
    }

    #[test]
    fn russian_fixups() {
        assert_eq!(lat("нагорный", Lang::RUS), "nagorny");
        assert_eq!(lat("эрдоган", Lang::RUS), "erdogan");
        assert_eq!(lat("кремль", Lang::RUS), "kreml");
        assert_eq!(lat("уэст", Lang::RUS), "west");
    }

    #[test]
    fn armenian_fixups() {
        assert_eq!(lat("էրդողան", Lang::HYE), "erdogan");
        assert_eq!(lat("ռուսաստան", Lang::HYE), "rusastan");
    }

    #[test]
    fn latin_diacritics_fold() {
        assert_eq!(lat("çavuşoğlu", Lang::TUR), "cavusoglu");
        assert_eq!(lat("ərdoğan", Lang::AZE), "erdogan");
        assert_eq!(lat("ıi", Lang::TUR), "ii");
    }
}
