//! Scripts of characters, where segmentation and alignment treat them differently: Han
//! and Kana are written without spaces between words (a character carries about a
//! syllable or a morpheme), the other scripts with spaces.

use crate::text::chars::is_alphabetic;

/// How a character is written, as far as units of text are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// Han ideographs (Chinese hanzi, Japanese kanji).
    Han,
    /// Japanese Hiragana and Katakana.
    Kana,
    /// Hangul syllables and jamo.
    Hangul,
    /// Any other letter (Latin, Cyrillic, Arabic, Armenian, ...): written with spaces.
    Spaced,
    /// Not a letter.
    Other,
}

impl Script {
    /// The script of `c`.
    pub fn of(c: char) -> Script {
        match c as u32 {
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF | 0x3005 => {
                Script::Han
            }
            // Hiragana, Katakana (the prolonged sound mark and the middle dot included),
            // phonetic extensions, half-width Katakana
            0x3041..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
            _ if is_alphabetic(c) => Script::Spaced,
            _ => Script::Other,
        }
    }

    /// Han or Kana: a script written without spaces between words.
    pub fn is_unspaced(self) -> bool {
        matches!(self, Script::Han | Script::Kana)
    }
}

impl Script {
    /// About how many Latin letters of a translation one character of the script stands
    /// for, for length models: a Han character about a syllable or a morpheme (2.8, the
    /// ratio of NTREX-128's English letters to its Chinese Han characters), a Kana about
    /// a mora (1.6, from its Japanese given the Han weight), a Hangul block about 2.2; 1 for
    /// every other character.
    pub fn length_weight(self) -> f64 {
        match self {
            Script::Han => 2.8,
            Script::Kana => 1.6,
            Script::Hangul => 2.2,
            Script::Spaced | Script::Other => 1.0,
        }
    }
}

/// The length of `text` in Latin-letter equivalents ([`Script::length_weight`]), white
/// space left out.
pub fn weighted_length(text: &str) -> f64 {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii() {
                1.0
            } else {
                Script::of(c).length_weight()
            }
        })
        .sum()
}

/// Is `c` a Han or Kana character (a script written without spaces between words)?
pub fn is_unspaced(c: char) -> bool {
    Script::of(c).is_unspaced()
}

/// Is `c` punctuation of the CJK blocks (`、` `。` `「` `」` and the full-width forms
/// `，` `（` `）` `：`)?
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_characters() {
        assert_eq!(Script::of('中'), Script::Han);
        assert_eq!(Script::of('々'), Script::Han);
        assert_eq!(Script::of('の'), Script::Kana);
        assert_eq!(Script::of('ー'), Script::Kana);
        assert_eq!(Script::of('ト'), Script::Kana);
        assert_eq!(Script::of('한'), Script::Hangul);
        assert_eq!(Script::of('a'), Script::Spaced);
        assert_eq!(Script::of('ب'), Script::Spaced);
        assert_eq!(Script::of('3'), Script::Other);
        assert!(is_unspaced('語') && !is_unspaced('я'));
        assert_eq!(weighted_length("ab c"), 3.0);
        assert!((weighted_length("中文") - 5.6).abs() < 1e-9);
        assert!(is_cjk_punctuation('、') && is_cjk_punctuation('，') && !is_cjk_punctuation(','));
    }
}
