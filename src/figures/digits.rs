//! Digits of other scripts read as the ASCII digits they are: full-width `２０１８`,
//! Arabic-Indic `٢٠١٨`, Eastern Arabic-Indic (Persian, Urdu) `۲۰۱۸`, Devanagari `२०१८`, with
//! the Arabic decimal and thousands separators (`٣٫٥` = 3.5, `١٬٠٠٠` = 1,000) and the
//! Arabic and full-width percent signs. Figures are found in the ASCII form of a text and
//! their spans mapped back to the text as written.

/// The ASCII digit a character of another script stands for.
fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '\u{ff10}'..='\u{ff19}' => 0xff10,
        '\u{660}'..='\u{669}' => 0x660,
        '\u{6f0}'..='\u{6f9}' => 0x6f0,
        '\u{966}'..='\u{96f}' => 0x966,
        _ => return None,
    };
    char::from_digit(c as u32 - zero, 10)
}

fn is_any_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit() || ascii_digit(c).is_some())
}

/// A text with its digits in ASCII, and where each of its bytes came from.
pub(crate) struct AsciiDigits {
    /// The text with ASCII digits, separators and percent signs.
    pub text: String,
    /// For each byte boundary of `text` (and its end), the byte of the original text.
    origin: Vec<usize>,
}

impl AsciiDigits {
    /// The text with its digits in ASCII, or `None` when it has no digit of another script.
    pub(crate) fn new(text: &str) -> Option<AsciiDigits> {
        if !text.chars().any(|c| ascii_digit(c).is_some()) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k + 1).map(|x| x.1);
            let group_follows = chars.len() >= k + 4
                && chars[k + 1..k + 4].iter().all(|x| is_any_digit(Some(x.1)))
                && !is_any_digit(chars.get(k + 4).map(|x| x.1));
            let mapped = match c {
                _ if ascii_digit(c).is_some() => ascii_digit(c),
                '\u{66b}' | '\u{ff0e}' if is_any_digit(prev) && is_any_digit(next) => Some('.'),
                '\u{66c}' | '\u{ff0c}' if is_any_digit(prev) && group_follows => Some(','),
                '\u{66a}' | '\u{ff05}' => Some('%'),
                _ => None,
            };
            match mapped {
                Some(a) => {
                    origin.push(i);
                    out.push(a);
                }
                None => {
                    for b in 0..c.len_utf8() {
                        origin.push(i + b);
                    }
                    out.push(c);
                }
            }
        }
        origin.push(text.len());
        Some(AsciiDigits { text: out, origin })
    }

    /// The span of the original text that `span` of the ASCII text covers.
    pub(crate) fn original(&self, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let at = |i: usize| {
            self.origin
                .get(i)
                .copied()
                .unwrap_or(self.origin[self.origin.len() - 1])
        };
        at(span.start)..at(span.end)
    }
}

#[cfg(test)]
mod tests {
    use crate::figures::extract;
    use crate::Lang;

    #[test]
    fn digits_of_other_scripts() {
        let t = "زاد بنسبة ٣٫٥٪ إلى ١٬٠٠٠ شخص في ۲۰۱۸";
        let f = extract(t, Lang::parse("arb").unwrap());
        let v: Vec<f64> = f.iter().map(|f| f.value).collect();
        assert_eq!(v, [3.5, 1000.0, 2018.0]);
        assert_eq!(f[0].text, "٣٫٥٪");
        assert_eq!(&t[f[1].span.clone()], "١٬٠٠٠");
        let t = "２０１８年に１２３人";
        let f = extract(t, Lang::parse("ja").unwrap());
        assert_eq!(
            f.iter().map(|f| f.value).collect::<Vec<_>>(),
            [2018.0, 123.0]
        );
        assert_eq!(f[0].text, "２０１８年");
        assert_eq!(extract("२५ लोग", Lang::parse("hi").unwrap())[0].value, 25.0);
        // a clitic on the digits is no code: و38 is "and 38"
        let f = extract("و38 شخصا", Lang::parse("arb").unwrap());
        assert_eq!(f[0].kind, crate::figures::Kind::Number);
    }

    #[test]
    fn iso639_1_arabic_reads_standard_arabic_figures() {
        // `ar` is the macrolanguage ara; its figure words are Standard Arabic's (arb)
        let t = "قتل ثلاثة آلاف شخص و٣٫٥٪ من السكان";
        let (ar, arb) = (Lang::parse("ar").unwrap(), Lang::parse("arb").unwrap());
        let values = |l| extract(t, l).iter().map(|f| f.value).collect::<Vec<_>>();
        assert_eq!(values(ar), values(arb));
        // the number words are read (a language with no data reads only the digits)
        assert_ne!(values(ar), values(Lang::parse("zu").unwrap()));
    }
}
