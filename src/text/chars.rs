//! Character classes and lower case, asked of every character of every sentence and of
//! every word of the language data, answered without the table search of the standard
//! library for the letters of the scripts the language data covers (Latin, Greek,
//! Cyrillic, Armenian, Arabic, Han, Kana) and for common punctuation. The answers are
//! exactly those of [`char::is_alphabetic`], [`char::is_alphanumeric`] and
//! [`str::to_lowercase`] (tests compare them on every character); outside these ranges
//! the standard library answers.

/// What [`char::is_alphabetic`] says of `c`, quickly for common characters.
#[inline(always)]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    known(c).unwrap_or_else(|| c.is_alphabetic())
}

/// What [`char::is_alphanumeric`] says of `c`, quickly for common characters.
#[inline(always)]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // the characters known not to be letters are not numbers either
    known(c).unwrap_or_else(|| c.is_alphanumeric())
}

/// Whether `c` (not ASCII) is alphabetic, for the ranges where the answer is the same for
/// a whole run of code points (`Some(false)` only where no character is a number either);
/// `None` elsewhere.
#[inline]
fn known(c: char) -> Option<bool> {
    match c as u32 {
        // Latin-1 punctuation and signs (ª µ º are letters, ² ³ ¹ ¼ ½ ¾ numbers)
        0x80..=0xA9 | 0xAB..=0xB1 | 0xB4 | 0xB6..=0xB8 | 0xBB | 0xBF | 0xD7 | 0xF7 => Some(false),
        // Latin-1 letters, Latin Extended-A and -B, IPA, spacing modifier letters
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2C1 => Some(true),
        // Greek
        0x388..=0x38A | 0x38E..=0x3A1 | 0x3A3..=0x3F5 | 0x3F7..=0x3FF => Some(true),
        // Cyrillic (not ҂ and the combining marks U+0483–U+0489)
        0x400..=0x481 | 0x48A..=0x52F => Some(true),
        // Armenian
        0x531..=0x556 | 0x560..=0x588 => Some(true),
        // Arabic letters and the vowel signs, which are alphabetic
        0x620..=0x657 => Some(true),
        // Latin Extended Additional (Vietnamese)
        0x1E00..=0x1EFF => Some(true),
        // general punctuation (dashes, quotes, spaces), currency signs
        0x2000..=0x206F | 0x20A0..=0x20CF => Some(false),
        _ => None,
    }
}

/// What [`str::to_lowercase`] gives for `s`, without the case tables for the characters
/// whose lower case is known.
pub fn to_lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    if s.chars().all(|c| simple_lowercase(c) == Some(c)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == 'Σ' {
            // its lower case depends on where it stands in the word
            return s.to_lowercase();
        }
        push_lowercase(&mut out, c);
    }
    out
}

/// Appends the lower case of `c` (as [`char::to_lowercase`] gives it) to `out`.
#[inline]
pub fn push_lowercase(out: &mut String, c: char) {
    match simple_lowercase(c) {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// The lower case of `c` where it is one known character: `c` itself for characters
/// without case and for small letters, the small letter of a Latin, Cyrillic or Armenian
/// capital; `None` elsewhere.
#[inline]
fn simple_lowercase(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A => u + 0x20,
        0..=0x40 | 0x5B..=0xBF | 0xD7 | 0xDF..=0xFF => u,
        0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // Cyrillic capitals Ѐ–Џ, А–Я; small letters а–я, ѐ–џ
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x430..=0x45F => u,
        // Armenian capitals, small letters and punctuation
        0x531..=0x556 => u + 0x30,
        0x557..=0x58F => u,
        // Arabic, general punctuation, CJK punctuation, Kana, Han
        0x600..=0x6FF | 0x2000..=0x206F | 0x3000..=0x9FFF => u,
        _ => return None,
    };
    char::from_u32(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lower_case_is_that_of_the_standard_library_for_every_character() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut ours = String::new();
            push_lowercase(&mut ours, c);
            assert_eq!(ours, c.to_lowercase().collect::<String>(), "U+{u:04X}");
        }
        for s in [
            "ΟΔΟΣ",
            "Σ",
            "ΣΑ Σ",
            "Президент Ёлка",
            "ÀÉÎ",
            "Հայաստան",
            "İstanbul",
        ] {
            assert_eq!(to_lowercase(s), s.to_lowercase(), "{s}");
        }
    }

    proptest! {
        #[test]
        fn lower_case_of_any_text_is_that_of_the_standard_library(s in "\\PC{0,40}") {
            prop_assert_eq!(to_lowercase(&s), s.to_lowercase());
        }
    }

    #[test]
    fn the_answers_are_those_of_the_standard_library_for_every_character() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(
                is_alphabetic(c),
                c.is_alphabetic(),
                "is_alphabetic U+{u:04X}"
            );
            assert_eq!(
                is_alphanumeric(c),
                c.is_alphanumeric(),
                "is_alphanumeric U+{u:04X}"
            );
        }
    }
}
