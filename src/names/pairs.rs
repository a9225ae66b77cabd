//! Name pair files for `selaras names match`: TSV with a header whose first five columns
//! are `pair_id lang_a name_a lang_b name_b` (extra columns ignored).

use std::path::Path;

use crate::error::{Error, ErrorKind};
use crate::lang::Lang;

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
    let mut lines = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)));
    let header = lines.find(|(_, l)| !l.trim().is_empty());
    match header {
        Some((n, h)) => {
            let cols: Vec<&str> = h.split('\t').map(str::trim).collect();
            if cols.len() < 5 || cols[..5] != HEADER {
                errors.push(
                    Error::new(
                        ErrorKind::Parse,
                        format!("expected a header starting with '{}'", HEADER.join("\\t")),
                    )
                    .with_path(path)
                    .with_line(n),
                );
                return (pairs, errors);
            }
        }
        None => {
            errors
                .push(Error::new(ErrorKind::Empty, "the pair file has no header").with_path(path));
            return (pairs, errors);
        }
    }
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let err = |msg: String| {
            Error::new(ErrorKind::Parse, msg)
                .with_path(path)
                .with_line(n)
        };
        if cols.len() < 5 {
            errors.push(err(format!(
                "expected at least 5 tab-separated columns, found {}",
                cols.len()
            )));
            continue;
        }
        let (la, lb) = match (Lang::parse(cols[1]), Lang::parse(cols[3])) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                errors.push(err(e.message().to_string()));
                continue;
            }
        };
        if cols[0].trim().is_empty() {
            errors.push(err("empty pair_id".into()));
            continue;
        }
        pairs.push(Pair {
            id: cols[0].trim().to_string(),
            lang_a: la,
            name_a: cols[2].trim().to_string(),
            lang_b: lb,
            name_b: cols[4].trim().to_string(),
            line: n,
        });
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
