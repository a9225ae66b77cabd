//! Sentence-pair files: TSV with the header `id src_lang tgt_lang src tgt` (columns in
//! any order, more columns allowed), one pair per line; a line with more cells than the
//! header has columns is an error naming the line.

use std::path::Path;

use serde::Serialize;

use super::compare::{compare, Comparison};
use crate::error::Result;
use crate::lang::Lang;
use crate::tsv::read_table;

/// One sentence pair of a pairs file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The pair's id.
    pub id: String,
    /// The language of the source sentence.
    pub src_lang: Lang,
    /// The language of the target sentence.
    pub tgt_lang: Lang,
    /// The source sentence.
    pub src: String,
    /// The target sentence.
    pub tgt: String,
    /// The 1-based line of the file.
    pub line: usize,
}

/// The verdict on one pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairResult {
    /// The pair's id.
    pub id: String,
    /// The comparison of its figures.
    #[serde(flatten)]
    pub comparison: Comparison,
}

const COLUMNS: [&str; 5] = ["id", "src_lang", "tgt_lang", "src", "tgt"];

/// Reads the pairs of a pairs file's text. The header must name the five columns; a
/// malformed line becomes an error naming `path` and the line, and the other lines are
/// still read.
pub fn read_pairs(text: &str, path: &Path) -> Result<Vec<Result<Pair>>> {
    Ok(read_table(text, path, &COLUMNS)?
        .into_iter()
        .map(|row| {
            let row = row?;
            let lang = |k: usize| {
                Lang::parse(row.cells[k])
                    .map_err(|e| row.error(path, format!("{}: {}", COLUMNS[k], e.message())))
            };
            Ok(Pair {
                src_lang: lang(1)?,
                tgt_lang: lang(2)?,
                id: row.cells[0].to_string(),
                src: row.cells[3].to_string(),
                tgt: row.cells[4].to_string(),
                line: row.line,
            })
        })
        .collect())
}

/// Compares one pair.
pub fn check_pair(p: &Pair) -> PairResult {
    PairResult {
        id: p.id.clone(),
        comparison: compare(&p.src, p.src_lang, &p.tgt, p.tgt_lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_are_errors_with_line_numbers() {
        let text = "id\tsrc_lang\ttgt_lang\tsrc\ttgt\na\tid\ten\t7 orang\t7 people\nb\tid\nc\txx\ten\t1\t1\n";
        let r = read_pairs(text, Path::new("p.tsv")).unwrap();
        assert_eq!(r.len(), 3);
        assert!(r[0].is_ok());
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(e.to_string().starts_with("p.tsv:3: expected 5"));
        assert_eq!(r[2].as_ref().unwrap_err().line(), Some(4));
    }

    #[test]
    fn header_must_name_the_columns() {
        let e = read_pairs("a\tb\n", Path::new("p.tsv")).unwrap_err();
        assert_eq!(e.line(), Some(1));
        assert!(read_pairs("", Path::new("p.tsv")).is_err());
    }
}
