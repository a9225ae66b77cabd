//! Name pair files for `selaras names match`: TSV with a header whose first five columns
//! are `pair_id lang_a name_a lang_b name_b` (extra columns ignored).

use std::path::Path;

use crate::error::Error;
use crate::lang::Lang;
use crate::tsv::read_table;

/// One pair of names to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The pair id (first column).
    pub id: String,
    /// Language of the first name.
    pub lang_a: Lang,
    /// The first name.
    pub name_a: String,
    /// Language of the second name.
    pub lang_b: Lang,
    /// The second name.
    pub name_b: String,
    /// 1-based line in the file.
    pub line: usize,
}

const HEADER: [&str; 5] = ["pair_id", "lang_a", "name_a", "lang_b", "name_b"];

/// Parses a pair file: the pairs that could be read, and one error (naming `path` and
/// the line) per line that could not. A missing or wrong header is one error and no pairs.
pub fn parse_pairs(text: &str, path: &Path) -> (Vec<Pair>, Vec<Error>) {
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    let rows = match read_table(text, path, &HEADER) {
        Ok(rows) => rows,
        Err(e) => return (pairs, vec![e]),
    };
    for row in rows {
        let pair = row.and_then(|row| {
            let c: Vec<&str> = row.cells.iter().map(|c| c.trim()).collect();
            let lang =
                |k: usize| Lang::parse(c[k]).map_err(|e| row.error(path, e.message().to_string()));
            let (lang_a, lang_b) = (lang(1)?, lang(3)?);
            if c[0].is_empty() {
                return Err(row.error(path, "empty pair_id"));
            }
            Ok(Pair {
                id: c[0].to_string(),
                lang_a,
                name_a: c[2].to_string(),
                lang_b,
                name_b: c[4].to_string(),
                line: row.line,
            })
        });
        match pair {
            Ok(p) => pairs.push(p),
            Err(e) => errors.push(e),
        }
    }
    (pairs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_and_reports_bad_lines() {
        let t = "pair_id\tlang_a\tname_a\tlang_b\tname_b\tsame\nP1\tid\tJerman\tfr\tAllemagne\t1\nP2\txx\ta\ten\tb\nP3\ten\tonly\n";
        let (p, e) = parse_pairs(t, Path::new("p.tsv"));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].lang_b, Lang::FRA);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line(), Some(3));
        assert_eq!(e[1].line(), Some(4));
    }

    #[test]
    fn header_is_required() {
        let (p, e) = parse_pairs("a\tb\n", Path::new("p.tsv"));
        assert!(p.is_empty());
        assert_eq!(e.len(), 1);
    }
}
