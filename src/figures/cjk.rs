//! Numbers written in Han characters (Chinese, Japanese): `一百二十` = 120, `两千` = 2000,
//! `两万三千` = 23000, `一万亿` = 10¹², `二〇一八` = 2018, with `百分之五` (5 %), `第三` (an
//! ordinal), `数百` (an approximate figure) around them. The characters and their roles
//! come from the language's `numerals.tsv` (directive `@characters`); digits with Han
//! scale words (`3万`, `1.5亿`) are read with the other digits.

use super::data::LangData;
use super::numerals::{Numerals, Role};
use super::{Figure, Kind};
use crate::text::chars::is_alphabetic;

/// A number read from a run of numeral characters.
struct Read {
    value: f64,
    end: usize,
    chars: usize,
}

/// Reads the longest well-formed number of numeral characters starting at `start`.
fn read_run(text: &str, start: usize, n: &Numerals) -> Option<Read> {
    let (mut total, mut section) = (0u64, 0u64);
    let mut digit: Option<u64> = None;
    let mut digits = String::new();
    let (mut last_unit, mut last_scale) = (u64::MAX, u64::MAX);
    let mut only_digits = true;
    let mut read: Option<Read> = None;
    for (n_read, (k, c)) in text[start..].char_indices().enumerate() {
        let Some(t) = n.char_tok(c) else { break };
        match t.role {
            Role::Atom => {
                if digit.is_some() && !only_digits {
                    break;
                }
                digit = Some(t.value);
                digits.push(char::from(b'0' + (t.value % 10) as u8));
            }
            Role::Unit => {
                if t.value >= last_unit || (only_digits && digits.len() > 1) {
                    break;
                }
                let Some(s) = digit
                    .take()
                    .unwrap_or(1)
                    .checked_mul(t.value)
                    .and_then(|v| v.checked_add(section))
                else {
                    break;
                };
                section = s;
                last_unit = t.value;
                only_digits = false;
            }
            Role::Scale => {
                let group = section + digit.take().unwrap_or(0);
                if group == 0 && total == 0 || (only_digits && digits.len() > 1) {
                    break; // nothing to multiply (万一 is "in case")
                }
                let scaled = if t.value >= last_scale {
                    total
                        .checked_add(group)
                        .and_then(|v| v.checked_mul(t.value))
                } else {
                    group
                        .checked_mul(t.value)
                        .and_then(|v| v.checked_add(total))
                };
                // a run too large for any figure ends where it overflows (兆兆兆)
                let Some(v) = scaled else { break };
                total = v;
                section = 0;
                last_unit = u64::MAX;
                last_scale = t.value;
                only_digits = false;
            }
            _ => break,
        }
        let value = if only_digits {
            digits.parse::<f64>().ok()?
        } else {
            (total as f64) + (section as f64) + digit.unwrap_or(0) as f64
        };
        read = Some(Read {
            value,
            end: start + k + c.len_utf8(),
            chars: n_read + 1,
        });
    }
    read
}

/// The figures written in numeral characters in `text`, outside the spans of figures
/// already found (`covered`).
pub(crate) fn extract(text: &str, d: &LangData, covered: &[(usize, usize)]) -> Vec<Figure> {
    let n = &d.numerals;
    let mut out = Vec::new();
    let is_covered = |i: usize| covered.iter().any(|&(a, z)| i >= a && i < z);
    let mut pos = 0;
    while pos < text.len() {
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        if is_covered(pos) || !(is_alphabetic(c)) {
            pos += c.len_utf8();
            continue;
        }
        if let Some((e, v, _)) = d.approx_figure.at(text, pos) {
            out.push(figure(text, pos..e, v, Kind::Number, true, true));
            pos = e;
            continue;
        }
        let (num_start, percent) = match d.percent_before.at(text, pos) {
            Some((e, _, _))
                if n.char_tok(text[e..].chars().next().unwrap_or(' '))
                    .is_some() =>
            {
                (e, true)
            }
            _ => (pos, false),
        };
        let Some(r) = read_run(text, num_start, n) else {
            pos += c.len_utf8();
            continue;
        };
        let before = &text[..pos];
        if n.not_after.iter().any(|w| before.ends_with(w.as_str())) {
            pos = r.end;
            continue;
        }
        let mut start = pos;
        let mut end = r.end;
        let mut kind = if percent { Kind::Percent } else { Kind::Number };
        if let Some((s, _, _)) = d.ordinal_prefix.before(text, start) {
            kind = Kind::Ordinal;
            start = s;
        }
        let approx =
            d.approx.before(text, start).is_some() || d.approx_after.at(text, end).is_some();
        let mut unit = None;
        if kind == Kind::Number {
            if let Some((e, _, u)) = d.unit.at(text, end) {
                if u == "year" && (1000.0..=2100.0).contains(&r.value) {
                    kind = Kind::Year;
                } else {
                    unit = Some(u.to_string());
                }
                end = e;
            }
        }
        let weak =
            r.chars == 1 && kind == Kind::Number && unit.is_none() && n.is_weak(&text[pos..r.end]);
        let mut f = figure(text, start..end, r.value, kind, approx, weak);
        f.unit = unit;
        out.push(f);
        pos = end;
    }
    out
}

fn figure(
    text: &str,
    span: std::ops::Range<usize>,
    value: f64,
    kind: Kind,
    approx: bool,
    weak: bool,
) -> Figure {
    Figure {
        text: text[span.clone()].to_string(),
        span,
        value,
        kind,
        unit: None,
        approx,
        words: true,
        alternatives: Vec::new(),
        weak,
    }
}

#[cfg(test)]
mod tests {
    use crate::figures::{extract, Kind};
    use crate::Lang;

    fn values(text: &str, lang: &str) -> Vec<f64> {
        extract(text, Lang::parse(lang).unwrap())
            .iter()
            .filter(|f| !f.weak)
            .map(|f| f.value)
            .collect()
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(values("一百二十人", "zh"), [120.0]);
        assert_eq!(values("两千名士兵", "zh"), [2000.0]);
        assert_eq!(values("两万三千", "zh"), [23000.0]);
        assert_eq!(values("三千五百万", "zh"), [35_000_000.0]);
        assert_eq!(values("一万亿", "zh"), [1e12]);
        assert_eq!(values("二〇一八年", "zh"), [2018.0]);
        assert_eq!(values("十五", "zh"), [15.0]);
        assert_eq!(values("造成八人死亡", "zh"), [8.0]);
        // digits with Han scale words, next to other characters
        assert_eq!(values("超过 2000万人", "zh"), [2e7]);
        assert_eq!(values("3万", "zh"), [3e4]);
        assert_eq!(values("1.5亿美元", "zh"), [1.5e8]);
        assert_eq!(values("保释金为 35 万美元", "zh"), [35e4]);
    }

    #[test]
    fn chinese_kinds_and_non_figures() {
        let f = extract("增长百分之五", Lang::parse("zh").unwrap());
        assert_eq!((f[0].value, f[0].kind), (5.0, Kind::Percent));
        let f = extract("第三次", Lang::parse("zh").unwrap());
        assert_eq!((f[0].value, f[0].kind), (3.0, Kind::Ordinal));
        let f = extract("第36次", Lang::parse("zh").unwrap());
        assert_eq!((f[0].value, f[0].kind), (36.0, Kind::Ordinal));
        assert_eq!(
            extract("1953年以来", Lang::parse("zh").unwrap())[0].kind,
            Kind::Year
        );
        // weekdays, "a", "in case" and "very" are no figures
        assert!(values("周六下午", "zh").is_empty());
        assert!(values("星期一", "zh").is_empty());
        assert!(values("一位与会者", "zh").is_empty());
        assert!(values("万一", "zh").is_empty());
        assert!(values("十分重要", "zh").is_empty());
        assert!(extract("数百人", Lang::parse("zh").unwrap())[0].approx);
    }

    #[test]
    fn runs_of_scale_characters_do_not_overflow() {
        let v = values("一兆兆兆兆兆亿亿亿", "zh");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0], 1e12);
        assert!(!extract(&"九".repeat(400), Lang::parse("zh").unwrap()).is_empty());
    }

    #[test]
    fn japanese_numerals() {
        assert_eq!(values("二十歳", "ja"), [20.0]);
        assert_eq!(values("一億円", "ja"), [1e8]);
        assert_eq!(values("8 人を殺害", "ja"), [8.0]);
        assert_eq!(values("3万人", "ja"), [3e4]);
        assert_eq!(values("50パーセント", "ja"), [50.0]);
    }
}
