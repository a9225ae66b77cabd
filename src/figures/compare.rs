//! Comparing the figures of a sentence and its translation.
//!
//! Figures are matched in passes, the strictest first: equal values; values equal under
//! another reading the writing allows (a time 3:00 and 15:00, a year 1930 and "the 30s",
//! an English `1.000` and 1000, `£125m` and 125); a conversion between units of the same
//! dimension within a translator's rounding (200 miles and 320 km, 80 °F and 26 °C); and
//! values within the rounding that an approximation word signals (sekitar 2.000 and
//! about 2,300). What is left unmatched on both sides is a conflict ("80 vs 84"); a
//! figure left on one side only is reported as missing. A weak figure (an article "un",
//! a code such as SS19, an approximate "ribuan") matches but never raises a finding.

use std::ops::Range;

use serde::Serialize;

use super::{data, extract, Figure, Kind};
use crate::lang::Lang;

/// One figure that differs between a sentence and its translation.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FigureFinding {
    /// Why: `80 vs 84`, `missing in target: 1992`, `missing in source: 12`.
    pub reason: String,
    /// Byte span of the source figure, if there is one.
    pub src_span: Option<Range<usize>>,
    /// Byte span of the target figure, if there is one.
    pub tgt_span: Option<Range<usize>>,
}

/// The result of comparing the figures of two aligned sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Whether a figure conflicts: a source figure and a target figure that no reading
    /// reconciles.
    pub diverged: bool,
    /// Every conflict and every figure missing on one side, conflicts first.
    pub findings: Vec<FigureFinding>,
}

impl Comparison {
    /// The reasons joined with `; `, or `-` when there are none.
    pub fn detail(&self) -> String {
        if self.findings.is_empty() {
            "-".to_string()
        } else {
            self.findings
                .iter()
                .map(|f| f.reason.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

/// Compares the figures of `src` (in `src_lang`) with those of its translation `tgt`.
pub fn compare(src: &str, src_lang: Lang, tgt: &str, tgt_lang: Lang) -> Comparison {
    compare_figures(&extract(src, src_lang), &extract(tgt, tgt_lang))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Relative tolerance of an approximate figure.
const APPROX_TOLERANCE: f64 = 0.15;
/// Relative tolerance of a unit conversion (translators round: 85 mph → 135 km/h).
const CONVERSION_TOLERANCE: f64 = 0.05;

fn within(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

/// Whether `a` in unit `ua` converts to about `b` in unit `ub`.
fn converts(a: f64, ua: &str, b: f64, ub: &str) -> bool {
    converts_within(a, ua, b, ub, CONVERSION_TOLERANCE)
}

/// Whether `a` in unit `ua` converts to `b` in unit `ub` within `rel`.
fn converts_within(a: f64, ua: &str, b: f64, ub: &str, rel: f64) -> bool {
    let (Some(x), Some(y)) = (data::unit(ua), data::unit(ub)) else {
        return false;
    };
    if x.dimension != y.dimension {
        return false;
    }
    if x.dimension == "temperature" {
        let f_to_c = (a - 32.0) * 5.0 / 9.0;
        let c_to_f = a * 9.0 / 5.0 + 32.0;
        let cands: &[f64] = match (ua, ub) {
            ("degF", "degC") => &[f_to_c],
            ("degC", "degF") => &[c_to_f],
            _ => &[f_to_c, c_to_f],
        };
        return cands.iter().any(|c| (c - b).abs() <= 1.5);
    }
    if ua == ub {
        return false;
    }
    within(a * x.factor / y.factor, b, rel)
}

/// The number of significant digits of `v` (2300 → 2, 2.5 → 2, 1020 → 3).
fn significant_digits(v: f64) -> usize {
    let s = format!("{}", v.abs());
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if s.contains('.') {
        digits
    } else {
        digits.trim_end_matches('0')
    };
    digits.len().max(1)
}

/// Whether a figure is written as a round, approximate quantity (sekitar 2.000): marked
/// approximate, at least 100 and with at most two significant digits. Below 100 a
/// translator writes the same number ("about 80" is not "hampir 84").
fn rounded(f: &Figure) -> bool {
    f.approx && f.value.abs() >= 100.0 && significant_digits(f.value) <= 2
}

/// Whether a weak figure may stand for `f`: only a plain count without a unit.
fn weak_can_match(f: &Figure) -> bool {
    matches!(f.kind, Kind::Number | Kind::Ordinal) && f.unit.is_none()
}

/// The digit groups of a figure written with spaces between groups (a French
/// `555 111` that another language writes as two numbers, as in a phone number).
fn space_groups(f: &Figure) -> Option<Vec<f64>> {
    let space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    if !f.text.contains(space) || f.words {
        return None;
    }
    let parts: Vec<f64> = f
        .text
        .split(space)
        .map(|p| p.parse::<f64>().ok())
        .collect::<Option<Vec<_>>>()?;
    (parts.len() >= 2).then_some(parts)
}

/// Compares two lists of figures (from [`extract`](super::extract)).
pub fn compare_figures(src: &[Figure], tgt: &[Figure]) -> Comparison {
    let mut s_used = vec![false; src.len()];
    let mut t_used = vec![false; tgt.len()];
    type Rule = fn(&Figure, &Figure) -> bool;
    let rules: [Rule; 4] = [
        |a, b| close(a.value, b.value),
        |a, b| a.values().any(|x| b.values().any(|y| close(x, y))),
        |a, b| match (&a.unit, &b.unit) {
            (Some(ua), Some(ub)) => converts(a.value, ua, b.value, ub),
            _ => false,
        },
        |a, b| {
            rounded(a)
                && rounded(b)
                && (within(a.value, b.value, APPROX_TOLERANCE)
                    || match (&a.unit, &b.unit) {
                        (Some(ua), Some(ub)) => {
                            converts_within(a.value, ua, b.value, ub, APPROX_TOLERANCE)
                        }
                        _ => false,
                    })
        },
    ];
    // Strong figures match each other first; a weak one ("un", "bir") then may stand
    // for a plain count.
    for weak in [false, true] {
        for rule in if weak { &rules[..2] } else { &rules[..] } {
            for (i, s) in src.iter().enumerate() {
                if s_used[i] || (s.weak && !weak) {
                    continue;
                }
                let found = (0..tgt.len()).find(|&j| {
                    let t = &tgt[j];
                    !t_used[j]
                        && (weak || !t.weak)
                        && (!s.weak || weak_can_match(t))
                        && (!t.weak || weak_can_match(s))
                        && rule(s, t)
                });
                if let Some(j) = found {
                    s_used[i] = true;
                    t_used[j] = true;
                }
            }
        }
    }
    // A figure written with spaces between digit groups against the same groups written
    // as separate numbers.
    match_space_groups(src, &mut s_used, tgt, &mut t_used);
    match_space_groups(tgt, &mut t_used, src, &mut s_used);
    let left_s: Vec<&Figure> = src
        .iter()
        .zip(&s_used)
        .filter(|(f, used)| !**used && !f.weak)
        .map(|(f, _)| f)
        .collect();
    let left_t: Vec<&Figure> = tgt
        .iter()
        .zip(&t_used)
        .filter(|(f, used)| !**used && !f.weak)
        .map(|(f, _)| f)
        .collect();
    let mut findings = Vec::new();
    let mut s_taken = vec![false; left_s.len()];
    let mut t_taken = vec![false; left_t.len()];
    // Conflicts: a source and a target figure of the same kind first, then any two
    // figures that are not measured in different dimensions.
    for same_kind in [true, false] {
        for (j, t) in left_t.iter().enumerate() {
            if t_taken[j] {
                continue;
            }
            // The closest source figure: fewest changed digits, then nearest value.
            let pick = (0..left_s.len())
                .filter(|&i| {
                    !s_taken[i]
                        && comparable(left_s[i], t)
                        && (!same_kind || left_s[i].kind == t.kind)
                })
                .min_by(|&a, &b| {
                    let key = |i: usize| {
                        let s = left_s[i];
                        (
                            strsim::levenshtein(&digits(&s.text), &digits(&t.text)),
                            (s.value - t.value).abs(),
                        )
                    };
                    let (ka, kb) = (key(a), key(b));
                    ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
                });
            if let Some(i) = pick {
                s_taken[i] = true;
                t_taken[j] = true;
                findings.push(FigureFinding {
                    reason: format!("{} vs {}", left_s[i].text, t.text),
                    src_span: Some(left_s[i].span.clone()),
                    tgt_span: Some(t.span.clone()),
                });
            }
        }
    }
    let diverged = !findings.is_empty();
    findings.sort_by_key(|f| f.src_span.as_ref().map(|r| r.start));
    for (i, s) in left_s.iter().enumerate() {
        if !s_taken[i] {
            findings.push(FigureFinding {
                reason: format!("missing in target: {}", s.text),
                src_span: Some(s.span.clone()),
                tgt_span: None,
            });
        }
    }
    for (j, t) in left_t.iter().enumerate() {
        if !t_taken[j] {
            findings.push(FigureFinding {
                reason: format!("missing in source: {}", t.text),
                src_span: None,
                tgt_span: Some(t.span.clone()),
            });
        }
    }
    Comparison { diverged, findings }
}

fn match_space_groups(a: &[Figure], a_used: &mut [bool], b: &[Figure], b_used: &mut [bool]) {
    for (i, f) in a.iter().enumerate() {
        if a_used[i] {
            continue;
        }
        let Some(parts) = space_groups(f) else {
            continue;
        };
        let Some(start) = (0..b.len()).find(|&j| {
            j + parts.len() <= b.len()
                && parts
                    .iter()
                    .enumerate()
                    .all(|(k, p)| !b_used[j + k] && close(b[j + k].value, *p))
        }) else {
            continue;
        };
        a_used[i] = true;
        for k in 0..parts.len() {
            b_used[start + k] = true;
        }
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Whether two unmatched figures say different things about the same quantity (rather
/// than being about different things: kilometres and kilograms, a time and a year).
fn comparable(a: &Figure, b: &Figure) -> bool {
    let time = |f: &Figure| f.kind == Kind::Time;
    let year = |f: &Figure| f.kind == Kind::Year;
    // A clock time and a year are never two versions of one figure.
    !(time(a) && year(b) || year(a) && time(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_cases() {
        let id = "7 warga sipil dan 80 personel militer";
        assert!(
            !compare(
                id,
                Lang::IND,
                "seven civilians and 80 military personnel",
                Lang::ENG
            )
            .diverged
        );
        let c = compare(id, Lang::IND, "seven civilians and 84 soldiers", Lang::ENG);
        assert!(c.diverged);
        assert_eq!(c.findings[0].reason, "80 vs 84");
        let c = compare(
            "Grup Minsk didirikan pada 1992",
            Lang::IND,
            "The Minsk Group was founded in 1994",
            Lang::ENG,
        );
        assert!(c.diverged);
        assert_eq!(c.detail(), "1992 vs 1994");
    }

    #[test]
    fn figures_in_other_scripts_compare_by_value() {
        let (zh, ja, ar) = (
            Lang::parse("zh").unwrap(),
            Lang::parse("ja").unwrap(),
            Lang::parse("ar").unwrap(),
        );
        let same = [
            ("killed 2,300 soldiers", Lang::ENG, "２３００名士兵遇难", zh),
            ("killed 2,300 soldiers", Lang::ENG, "مقتل ٢٣٠٠ جندي", ar),
            (
                "membunuh 2.300 tentara",
                Lang::IND,
                "二千三百名士兵遇难",
                zh,
            ),
            ("30,000 people", Lang::ENG, "三万人", ja),
            (
                "membunuh 2.300 tentara",
                Lang::IND,
                "killed 2,300 soldiers",
                Lang::ENG,
            ),
        ];
        for (s, sl, t, tl) in same {
            let c = compare(s, sl, t, tl);
            assert!(!c.diverged, "{s} / {t}: {}", c.detail());
        }
        let c = compare("七人が死亡", ja, "nine people died", Lang::ENG);
        assert!(c.diverged);
        assert_eq!(c.detail(), "七 vs nine");
        let c = compare("２３００名士兵", zh, "killed 2,400 soldiers", Lang::ENG);
        assert!(c.diverged, "{}", c.detail());
    }

    #[test]
    fn clock_times_with_hour_and_minute_words_compare_as_times() {
        let (zh, ja) = (Lang::parse("zh").unwrap(), Lang::parse("ja").unwrap());
        let same = [
            (
                "pada waktu ke 13:10 sebelum",
                Lang::IND,
                "在13点10分将主队",
                zh,
            ),
            ("at 13:10 on Friday", Lang::ENG, "金曜日の13時10分に", ja),
            ("at 8:05 a.m.", Lang::ENG, "上午8时5分", zh),
        ];
        for (s, sl, t, tl) in same {
            let c = compare(s, sl, t, tl);
            assert!(!c.diverged, "{s} / {t}: {}", c.detail());
        }
        let c = compare("pukul 13:10", Lang::IND, "13点40分", zh);
        assert!(c.diverged, "{}", c.detail());
        // an hour without a minute word is still an hour, and the number after it is a number
        let c = compare("pukul 13 dan 10 orang", Lang::IND, "13点，10人", zh);
        assert!(!c.diverged, "{}", c.detail());
    }

    #[test]
    fn formatting_is_not_divergence() {
        let same = [
            ("membunuh 2.300 tentara", "killed 2,300 soldiers"),
            ("(27/9/2020)", "(27 September 2020)"),
            ("£125 juta", "£125m"),
            ("tiga tahun", "three years"),
            ("1.000 orang", "1,000 people"),
            ("pukul 7 pagi", "7 a.m."),
            ("2,8 miliar", "£2.8bn"),
            ("sekitar 2.000", "about 2,300"),
            ("200 mil", "320 km"),
            ("80 derajat", "26 degrees"),
        ];
        for (a, b) in same {
            let c = compare(a, Lang::IND, b, Lang::ENG);
            assert!(!c.diverged, "{a} / {b}: {:?}", c.findings);
        }
        assert!(!compare("29 September", Lang::ENG, "29 Eylül", Lang::TUR).diverged);
        assert!(!compare("à 15 h", Lang::FRA, "pukul 3 sore", Lang::IND).diverged);
    }

    #[test]
    fn real_differences_are() {
        let diff = [
            ("2.300 tentara", "2,000 soldiers", "2.300 vs 2,000"),
            ("tujuh orang", "nine people", "tujuh vs nine"),
            ("naik 5 persen", "up 50 per cent", "5 persen vs 50 per cent"),
            ("2.300", "23,000", "2.300 vs 23,000"),
        ];
        for (a, b, why) in diff {
            let c = compare(a, Lang::IND, b, Lang::ENG);
            assert!(c.diverged, "{a} / {b}");
            assert_eq!(c.findings[0].reason, why);
        }
    }

    #[test]
    fn missing_figures_are_reported_without_divergence() {
        let c = compare(
            "nomor 1 dalam AI pada 2030",
            Lang::IND,
            "the leader in AI by 2030",
            Lang::ENG,
        );
        assert!(!c.diverged);
        assert_eq!(c.detail(), "missing in target: 1");
    }
}
