//! Splitting a name into lower-case tokens: Unicode NFKC, case folding that is right for
//! Turkish and Azerbaijani (İ → i, I → ı), hyphen versus space, apostrophes (suffixes
//! after them, elided articles before them), dotted acronyms (U.S. → us).

use crate::text::chars::{is_alphanumeric, push_lowercase};
use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::suffix::Rules;
use crate::lang::Lang;

/// One token of a name, lower case, in its own script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The lower-case text.
    pub text: String,
    /// Written in capitals in the input (at least one letter and no lower-case letter).
    pub all_caps: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´' | 'ʻ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '־')
}

/// Characters that separate the words of a name.
pub fn is_separator(c: char) -> bool {
    !(is_alphanumeric(c) || is_apostrophe(c) || is_hyphen(c) || is_mark(c))
}

fn is_mark(c: char) -> bool {
    // Combining marks that survived NFKC (rare); kept inside words.
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x055F)
}

/// Whether `lang` lowers `I` to dotless `ı` (Turkish, Azerbaijani, Tatar...).
pub fn dotless_i(lang: Lang) -> bool {
    matches!(lang.iso3(), "tur" | "aze" | "tat" | "kaz" | "crh" | "gag")
}

/// Lower-cases `s` into `out`, with the Turkic rules for `I`/`İ` when `turkic`.
pub fn lower_into(s: &str, turkic: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            'İ' => out.push('i'),
            'I' if turkic => out.push('ı'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => push_lowercase(out, c),
        }
    }
}

fn has_lower(s: &str) -> bool {
    s.chars().any(char::is_lowercase)
}

fn has_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
}

/// NFKC form of `name` (borrowed when already normalized).
pub fn nfkc(name: &str) -> Cow<'_, str> {
    if name.is_ascii()
        || unicode_normalization::is_nfkc_quick(name.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(name.nfkc().collect())
    }
}

/// Splits `name` into tokens under the suffix `rules` of `lang`.
pub fn tokens(name: &str, lang: Lang, rules: &Rules) -> Vec<Token> {
    let name = nfkc(name);
    let name = join_dotted(&name);
    let turkic = dotless_i(lang);
    let mut out: Vec<Token> = Vec::new();
    for word in name.split(is_separator).filter(|w| !w.is_empty()) {
        let parts: Vec<&str> = word.split(is_hyphen).filter(|p| !p.is_empty()).collect();
        let mut n = parts.len();
        if rules.hyphen_suffix && n >= 2 {
            let last = parts[n - 1];
            if !has_upper(last) && last.chars().count() <= 5 && has_upper(parts[n - 2]) {
                n -= 1;
            }
        }
        for part in &parts[..n] {
            push_part(part, turkic, rules, &mut out);
        }
    }
    merge_initials(&mut out);
    out
}

fn push_part(part: &str, turkic: bool, rules: &Rules, out: &mut Vec<Token>) {
    let text: Cow<'_, str> = match part.find(is_apostrophe) {
        None => Cow::Borrowed(part),
        Some(p) => {
            let prefix = &part[..p];
            let ap_len = part[p..].chars().next().map_or(1, char::len_utf8);
            let rest: String = part[p + ap_len..]
                .chars()
                .filter(|c| !is_apostrophe(*c))
                .collect();
            let mut lower_prefix = String::new();
            lower_into(prefix, turkic, &mut lower_prefix);
            if !rules.elisions.is_empty() && rules.is_elision(&lower_prefix) {
                Cow::Owned(rest)
            } else if rules.apostrophe_suffix || (!has_upper(&rest) && rest.chars().count() <= 3) {
                Cow::Borrowed(prefix)
            } else {
                Cow::Owned(format!("{prefix}{rest}"))
            }
        }
    };
    if text.is_empty() {
        return;
    }
    let all_caps = has_upper(&text) && !has_lower(&text);
    let mut lower = String::with_capacity(text.len());
    lower_into(&text, turkic, &mut lower);
    out.push(Token {
        text: lower,
        all_caps,
    });
}

/// Dotted capitals written together are one word: `U.N. Security Council` → `UN Security
/// Council` (`J. R. R. Tolkien`, with spaces, keeps its initials apart).
fn join_dotted(name: &str) -> Cow<'_, str> {
    if !name.contains('.') {
        return Cow::Borrowed(name);
    }
    let chars: Vec<char> = name.chars().collect();
    let dotted_at =
        |i: usize| chars.get(i).is_some_and(|c| c.is_uppercase()) && chars.get(i + 1) == Some(&'.');
    if !(0..chars.len()).any(|i| dotted_at(i) && dotted_at(i + 2)) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let start_ok = i == 0 || !is_alphanumeric(chars[i - 1]);
        if start_ok && dotted_at(i) && dotted_at(i + 2) {
            while dotted_at(i) {
                out.push(chars[i]);
                i += 2;
            }
            out.push(' ');
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// `U.S.` → one token `us`; `J. R. R. Tolkien` keeps its initials apart.
fn merge_initials(tokens: &mut Vec<Token>) {
    if tokens.len() >= 2
        && tokens
            .iter()
            .all(|t| t.all_caps && t.text.chars().count() == 1)
    {
        let text: String = tokens.iter().map(|t| t.text.as_str()).collect();
        tokens.clear();
        tokens.push(Token {
            text,
            all_caps: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::suffix::rules;
    use super::*;

    fn texts(name: &str, lang: Lang) -> Vec<String> {
        tokens(name, lang, rules(lang))
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn turkish_i() {
        assert_eq!(texts("İlnur Çevik", Lang::TUR), ["ilnur", "çevik"]);
        assert_eq!(texts("IRAK", Lang::TUR), ["ırak"]);
        assert_eq!(texts("IRAK", Lang::ENG), ["irak"]);
    }

    #[test]
    fn apostrophes_and_hyphens() {
        assert_eq!(texts("Erdoğan'ın", Lang::TUR), ["erdoğan"]);
        assert_eq!(texts("Berlin’de", Lang::TUR), ["berlin"]);
        assert_eq!(texts("Sainsbury's", Lang::ENG), ["sainsbury"]);
        assert_eq!(texts("O'Brien", Lang::ENG), ["obrien"]);
        assert_eq!(texts("l'Allemagne", Lang::FRA), ["allemagne"]);
        assert_eq!(texts("CNN-in", Lang::AZE), ["cnn"]);
        assert_eq!(
            texts("Nagorno-Karabakh", Lang::ENG),
            ["nagorno", "karabakh"]
        );
        assert_eq!(texts("Kim Jong-un", Lang::ENG), ["kim", "jong", "un"]);
    }

    #[test]
    fn dotted_capitals_inside_a_name_are_one_word() {
        assert_eq!(
            texts("U.N. Security Council", Lang::ENG),
            ["un", "security", "council"]
        );
        assert_eq!(
            texts("J. R. R. Tolkien", Lang::ENG),
            ["j", "r", "r", "tolkien"]
        );
    }

    #[test]
    fn dotted_acronyms() {
        let t = tokens("U.S.", Lang::ENG, rules(Lang::ENG));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "us");
        assert!(t[0].all_caps);
    }
}
