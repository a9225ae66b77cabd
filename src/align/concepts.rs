//! The built-in concept list (`src/lang/mul/align-concepts.tsv`): closed-class words —
//! number words, months, weekdays — in every supported language, turned into word-pair
//! anchors for a language pair. No content words: the aligner uses no dictionary unless the
//! user gives one.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::features::{fold_word, stem_hash, stem_of, words};
use super::tokens::{han_hash, han_units, runs, strip_clitics, Run};
use crate::lang::{data_file, data_lines};
use crate::Lang;

/// Per concept (row), the stems of its words in one language.
type Column = Vec<Vec<u64>>;

/// The concept list: the language of each column, and each column's stems, computed on
/// first use of that language.
struct Table {
    langs: Vec<&'static str>,
    columns: Vec<OnceLock<Column>>,
}

fn text() -> &'static str {
    data_file("mul", "align-concepts.tsv").unwrap_or("")
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let langs: Vec<&str> = data_lines(text())
            .next()
            .map(|h| h.split('\t').map(str::trim).collect())
            .unwrap_or_default();
        Table {
            columns: langs.iter().map(|_| OnceLock::new()).collect(),
            langs,
        }
    })
}

/// The stems of the concepts in `lang` (ISO 639-3), if the list has a column for it.
fn column(lang: &str) -> Option<&'static Column> {
    let t = table();
    // a language listed twice keeps its last column
    let k = t.langs.iter().rposition(|l| *l == lang)?;
    Some(t.columns[k].get_or_init(|| parse_column(text(), k)))
}

/// The stems of one alternative: its longest word, folded (Arabic clitics off); in Han,
/// its character pairs.
fn stems(phrase: &str) -> Vec<u64> {
    let han: Vec<u64> = runs(phrase)
        .into_iter()
        .filter_map(|r| match r {
            Run::Han(h) => Some(h),
            _ => None,
        })
        .flat_map(han_units)
        .map(han_hash)
        .collect();
    if !han.is_empty() {
        return han;
    }
    words(phrase)
        .map(|w| fold_word(strip_clitics(w)))
        .filter(|w| !w.is_empty())
        .max_by_key(|w| w.len())
        .map(|w| stem_hash(stem_of(&w)))
        .into_iter()
        .collect()
}

/// Column `k` of the concept list: per row, the stems of its alternatives.
fn parse_column(text: &str, k: usize) -> Column {
    let mut col: Column = data_lines(text)
        .skip(1)
        .map(|line| {
            let mut stems: Vec<u64> = line
                .split('\t')
                .nth(k)
                .map(|c| c.split('|').flat_map(stems).collect())
                .unwrap_or_default();
            stems.sort_unstable();
            stems.dedup();
            stems
        })
        .collect();
    // a stem of several concepts of one language (星期 of every weekday) tells none apart
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for s in col.iter().flatten() {
        *seen.entry(*s).or_default() += 1;
    }
    for concept in &mut col {
        concept.retain(|s| seen[s] == 1);
    }
    col
}

/// The `(source stem, target stem)` pairs of the concept list for a language pair (empty
/// when either language has no column).
pub(crate) fn pairs(src: Lang, tgt: Lang) -> Vec<(u64, u64)> {
    let (Some(a), Some(b)) = (column(src.data_folder()), column(tgt.data_folder())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (xs, ys) in a.iter().zip(b) {
        for &x in xs {
            for &y in ys {
                out.push((x, y));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_pair_across_scripts() {
        let p = pairs(Lang::IND, Lang::RUS);
        let oct = stem_hash(stem_of(&fold_word("Oktober")));
        let okt = stem_hash(stem_of(&fold_word("октября")));
        assert!(p.contains(&(oct, okt)));
        assert!(!pairs(Lang::IND, Lang::HYE).is_empty());
        assert!(pairs(Lang::IND, Lang::parse("zul").unwrap()).is_empty());
        // in Han, the character pair that tells the weekdays apart
        let sat = stem_hash(stem_of(&fold_word("Saturday")));
        let p = pairs(Lang::ENG, Lang::parse("zh").unwrap());
        assert!(p.contains(&(sat, han_hash("期六"))) && p.contains(&(sat, han_hash("周六"))));
        assert!(!p.iter().any(|&(_, t)| t == han_hash("星期")));
        let p = pairs(Lang::ENG, Lang::parse("ja").unwrap());
        assert!(p.contains(&(sat, han_hash("土曜"))));
        let mon = stem_hash(stem_of(&fold_word("Monday")));
        let p = pairs(Lang::ENG, Lang::parse("arb").unwrap());
        assert_eq!(pairs(Lang::ENG, Lang::parse("ar").unwrap()), p);
        assert!(p.contains(&(mon, stem_hash(stem_of(&fold_word("اثنين"))))));
    }
}
