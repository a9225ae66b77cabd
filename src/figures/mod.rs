//! Figures: find every number in a sentence and compare the figures of aligned sentences.
//!
//! [`extract`] finds the figures of a text in one language: digits in the language's
//! conventions (`2.300` in Indonesian and `2,300` in English are both 2300), decimals,
//! negative numbers, ranges, percentages, ordinals, years, dates and clock times, scale
//! words (`£125m`, `125 juta`, `2,8 miliar`, `350 тыс.`), number words (`tujuh`,
//! `dua ribu tiga ratus`, `quatre-vingt-dix`, `fünfundzwanzig`, `семи`, `yirmi beş`),
//! units and approximations (`sekitar`, `about`, `около`, `ribuan`).
//!
//! [`compare`] matches the figures of a sentence and its translation by value and
//! reports the ones that conflict ("80 vs 84") without crying wolf on formatting:
//! `2.300` vs `2,300`, `7` vs `seven`, `29 September` vs `29 Eylül`, `£125m` vs
//! `125 juta pound`, `pukul 3 sore` vs `15 h`, `200 mil` vs `320 km`.
//!
//! ```
//! use selaras::{figures, Lang};
//! let c = figures::compare(
//!     "7 warga sipil dan 80 personel militer", Lang::IND,
//!     "seven civilians and 84 soldiers", Lang::ENG,
//! );
//! assert!(c.diverged);
//! assert_eq!(c.findings[0].reason, "80 vs 84");
//! ```
//!
//! Digits of other scripts (`２０１８`, `٢٠١٨`, `۲۰۱۸`) are read as the digits they are, and
//! numbers written in Han characters (`两千`, `一百二十`, `百分之五`) as figures.
//!
//! Language data lives in `src/lang/<iso3>/numerals.tsv` (number words),
//! `src/lang/<iso3>/figure-words.tsv` (separators, scale, percent, approximation, month,
//! time, ordinal and unit words) and `src/lang/mul/figure-units.tsv` (unit conversions).

mod cjk;
mod compare;
mod data;
mod digits;
mod extract;
pub mod numerals;
pub mod pairs;

use std::ops::Range;

use serde::Serialize;

use crate::lang::Lang;

pub use compare::{compare, compare_figures, Comparison, FigureFinding};
pub use data::has_data;
pub use numerals::parse_words;

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A count or amount (7, 2.300, dua ribu, 2,8 miliar).
    Number,
    /// A percentage (5%, tiga persen, yüzde 5).
    Percent,
    /// An ordinal (ke-2, kedua, 2nd, 2e, 2-й, yedinci).
    Ordinal,
    /// A year (1992) or a decade (1930-an, 1990s).
    Year,
    /// A day or month of a date (27/9/2020, 29 September, Sept. 29).
    Date,
    /// A clock time (15:00, pukul 7 pagi, 7 a.m., 17 h 30); the value is hours plus
    /// minutes / 100.
    Time,
    /// Digits inside a code or name (SS19, COVID-19, F-16).
    Code,
}

impl Kind {
    /// The lowercase name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Percent => "percent",
            Kind::Ordinal => "ordinal",
            Kind::Year => "year",
            Kind::Date => "date",
            Kind::Time => "time",
            Kind::Code => "code",
        }
    }
}

/// One figure found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Byte range of the figure in the text (the number and the words that are part of
    /// it: scale, percent and unit words).
    pub span: Range<usize>,
    /// The text of the span.
    pub text: String,
    /// The value (2300 for `2.300`, 2.8e9 for `2,8 miliar`, 15.3 for `15:30`).
    pub value: f64,
    /// What the figure is.
    pub kind: Kind,
    /// The unit, if one follows (`km`, `mi`, `lb`, `degC`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether the text marks the figure as approximate (sekitar, about, ribuan).
    pub approx: bool,
    /// Whether the figure is written in words.
    pub words: bool,
    /// Other values the writing allows (an English `1.000` may be 1 or 1000; a time
    /// 3:00 may be 15:00; a year 1930 may be written 30; `£125m` may be written 125).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<f64>,
    /// Whether the figure is often not a figure at all (the article "un", "bir", a code
    /// such as SS19): it can match a figure but never raises a divergence alone.
    pub weak: bool,
}

impl Figure {
    /// The value and the alternatives.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        std::iter::once(self.value).chain(self.alternatives.iter().copied())
    }
}

/// Every figure of `text`, a text in `lang`, in text order.
///
/// ```
/// use selaras::{figures, Lang};
/// let f = figures::extract("Pada 1992, sekitar dua ribu tiga ratus orang.", Lang::IND);
/// assert_eq!(f[0].value, 1992.0);
/// assert_eq!(f[1].value, 2300.0);
/// assert!(f[1].approx && f[1].words);
/// ```
pub fn extract(text: &str, lang: Lang) -> Vec<Figure> {
    let d = data::lang_data(lang);
    let Some(ascii) = digits::AsciiDigits::new(text) else {
        return extract::extract(text, d);
    };
    let mut figures = extract::extract(&ascii.text, d);
    for f in &mut figures {
        f.span = ascii.original(f.span.clone());
        f.text = text[f.span.clone()].to_string();
    }
    figures
}
