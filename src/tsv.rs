//! Reading TSV files whose header names their columns (the pairs files of `selaras figures`
//! and `selaras names match`): one record per line, a bad line an error naming the file and
//! the line, the other lines still read.

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// A data line of a TSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// 1-based line in the file.
    pub line: usize,
    /// The cells of the requested columns, in the order they were requested.
    pub cells: Vec<&'a str>,
}

impl Row<'_> {
    /// A parse error located at this row of `path`.
    pub fn error(&self, path: &Path, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse, message)
            .with_path(path)
            .with_line(self.line)
    }
}

/// Reads `text`, a TSV file whose first non-blank line is a header naming (at least)
/// `columns`, in any order. Returns one item per non-blank data line, in order: the row, or
/// an error when the line has too few cells, or more cells than the header has columns (a
/// tab inside a field would shift the columns after it). A missing header or column is an error for the
/// whole file. A byte-order mark and `\r` line ends are accepted.
pub fn read_table<'a>(
    text: &'a str,
    path: &Path,
    columns: &[&str],
) -> Result<Vec<Result<Row<'a>>>> {
    let expected = || columns.join(", ");
    let mut lines = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_line, header)) = lines.next() else {
        return Err(Error::new(
            ErrorKind::Parse,
            format!(
                "the file is empty: expected a header line with the tab-separated columns {}",
                expected()
            ),
        )
        .with_path(path));
    };
    let names: Vec<&str> = header.split('\t').map(str::trim).collect();
    let mut idx = Vec::with_capacity(columns.len());
    for want in columns {
        let at = names.iter().position(|n| n == want).ok_or_else(|| {
            Error::new(
                ErrorKind::Parse,
                format!(
                    "the header has no column `{want}`: expected the tab-separated columns {}",
                    expected()
                ),
            )
            .with_path(path)
            .with_line(header_line)
        })?;
        idx.push(at);
    }
    let need = idx.iter().max().map_or(0, |m| m + 1);
    let width = names.len();
    Ok(lines
        .map(|(line, l)| {
            let cells: Vec<&str> = l.split('\t').collect();
            let row = Row {
                line,
                cells: Vec::new(),
            };
            if cells.len() > width {
                return Err(row.error(
                    path,
                    format!(
                        "{} tab-separated cells, but the header has {width} columns: is there a tab inside a field?",
                        cells.len()
                    ),
                ));
            }
            if cells.len() < need {
                return Err(row.error(
                    path,
                    format!(
                        "expected {need} tab-separated columns, found {}",
                        cells.len()
                    ),
                ));
            }
            Ok(Row {
                cells: idx.iter().map(|&k| cells[k]).collect(),
                ..row
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_name_and_bad_lines_located() {
        let t = "\u{feff}b\ta\tc\r\n\n2\t1\t3\r\nonly\n5\t4\t6\textra\n5\t4\n";
        let rows = read_table(t, Path::new("t.tsv"), &["a", "b"]).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0].as_ref().unwrap(),
            &Row {
                line: 3,
                cells: vec!["1", "2"]
            }
        );
        let e = rows[1].as_ref().unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:4: expected 2 tab-separated columns, found 1"
        );
        assert_eq!(
            rows[2].as_ref().unwrap_err().to_string(),
            "t.tsv:5: 4 tab-separated cells, but the header has 3 columns: is there a tab inside a field?"
        );
        assert_eq!(rows[3].as_ref().unwrap().cells, ["4", "5"]);
    }

    #[test]
    fn header_problems_are_errors_for_the_file() {
        let e = read_table("x\ty\n1\t2\n", Path::new("t.tsv"), &["a"]).unwrap_err();
        assert_eq!(e.line(), Some(1));
        assert!(e.to_string().contains("no column `a`"));
        let e = read_table(" \n", Path::new("t.tsv"), &["a"]).unwrap_err();
        assert!(e.to_string().contains("the file is empty"));
    }
}
