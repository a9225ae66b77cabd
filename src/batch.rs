//! Batch mode (`selaras align --batch LIST`): many pairs of files aligned in one process, as
//! `hunalign -batch` does, so that thousands of small pairs do not pay a process start each.
//!
//! The list has one pair per line: `src<TAB>tgt<TAB>out`, optionally followed by
//! `<TAB>src_lang<TAB>tgt_lang`; blank lines and lines starting with `#` are skipped.
//! Relative paths are relative to the folder of the list. Each pair is aligned on its own,
//! exactly as `selaras align SRC TGT --format F > OUT` would (same bytes), and its output
//! written atomically to `out`. A malformed line, or a pair that cannot be read or written,
//! is an error naming the list file and the line; the other pairs go on.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::align::AlignOptions;
use crate::names::CheckOptions;
use crate::output::{write_atomic, Format};
use crate::pair::{lang_of_file, shows_findings, AlignedPair};
use crate::text::ReadOptions;
use crate::{Error, ErrorKind, Lang, Result};

/// One line of a batch list.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchEntry {
    /// Line number in the list (1-based).
    pub line: usize,
    /// Source file.
    pub src: PathBuf,
    /// Target file.
    pub tgt: PathBuf,
    /// Output file.
    pub out: PathBuf,
    /// Languages given on the line (source, target).
    pub langs: Option<(Lang, Lang)>,
}

/// Reads a batch list: its entries, and an error (naming the list and the line) for each
/// malformed line. Fails only when the list itself cannot be read.
pub fn read_list(path: &Path) -> Result<(Vec<BatchEntry>, Vec<Error>)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!(
                "the batch list is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_path(path)
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    Ok(parse_list(&text, base, path))
}

/// Parses the text of a batch list (`list` names it in errors; relative paths are joined to
/// `base`).
pub fn parse_list(text: &str, base: &Path, list: &Path) -> (Vec<BatchEntry>, Vec<Error>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match parse_line(line, base) {
            Ok((src, tgt, out, langs)) => entries.push(BatchEntry {
                line: line_no,
                src,
                tgt,
                out,
                langs,
            }),
            Err(e) => errors.push(e.with_path(list).with_line(line_no)),
        }
    }
    (entries, errors)
}

type Line = (PathBuf, PathBuf, PathBuf, Option<(Lang, Lang)>);

fn parse_line(line: &str, base: &Path) -> Result<Line> {
    let cols: Vec<&str> = line.split('\t').collect();
    let parse = |msg: String| Error::new(ErrorKind::Parse, msg);
    if cols.len() != 3 && cols.len() != 5 {
        return Err(parse(format!(
            "expected src<TAB>tgt<TAB>out (optionally <TAB>src_lang<TAB>tgt_lang), found {} field{}",
            cols.len(),
            if cols.len() == 1 { "" } else { "s" }
        )));
    }
    let path = |s: &str, what: &str| -> Result<PathBuf> {
        let s = s.trim();
        if s.is_empty() {
            return Err(parse(format!("the {what} file is empty")));
        }
        Ok(base.join(s))
    };
    let langs = if cols.len() == 5 {
        Some((Lang::parse(cols[3])?, Lang::parse(cols[4])?))
    } else {
        None
    };
    Ok((
        path(cols[0], "source")?,
        path(cols[1], "target")?,
        path(cols[2], "output")?,
        langs,
    ))
}

/// Settings that apply to every pair of a batch.
#[derive(Debug, Clone)]
pub struct BatchSettings {
    /// How the files are read.
    pub read: ReadOptions,
    /// Aligner settings (a dictionary applies to every pair).
    pub align: AlignOptions,
    /// The output format (not Moses, which is two files).
    pub format: Format,
    /// Languages of the pairs whose lines name none (else taken from names like `x.id.txt`).
    pub langs: (Option<Lang>, Option<Lang>),
    /// Check figures and names even when the format does not show them (for an exit code).
    pub check_findings: bool,
}

/// What aligning one pair of a batch gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairStats {
    /// Source and target sentences.
    pub sentences: (usize, usize),
    /// Beads written.
    pub beads: usize,
    /// Whether figures differ somewhere or a name is spelled in more than one way (known
    /// when the format shows findings or they were asked for).
    pub findings: bool,
}

impl BatchSettings {
    /// The languages of `entry`: from its line, the settings, or the file names.
    fn langs(&self, entry: &BatchEntry) -> Result<(Lang, Lang)> {
        if let Some(l) = entry.langs {
            return Ok(l);
        }
        let side = |given: Option<Lang>, path: &Path, which: &str| {
            given.or_else(|| lang_of_file(path)).ok_or_else(|| {
                Error::new(
                    ErrorKind::Config,
                    format!(
                        "cannot tell the language of {}: add --{which}-lang, or the languages as fourth and fifth fields",
                        path.display()
                    ),
                )
            })
        };
        Ok((
            side(self.langs.0, &entry.src, "src")?,
            side(self.langs.1, &entry.tgt, "tgt")?,
        ))
    }

    /// Aligns one pair and writes its output.
    pub fn align_entry(&self, entry: &BatchEntry) -> Result<PairStats> {
        let (sl, tl) = self.langs(entry)?;
        let pair = AlignedPair::align_files(
            (&entry.src, sl),
            (&entry.tgt, tl),
            &self.read,
            &self.align,
            (self.check_findings || shows_findings(self.format))
                .then_some(&CheckOptions::default()),
        )?;
        write_atomic(&entry.out, pair.text(self.format)?.as_bytes())?;
        Ok(PairStats {
            sentences: (pair.src.sentences.len(), pair.tgt.sentences.len()),
            beads: pair.alignment.beads.len(),
            findings: pair.has_findings(),
        })
    }
}

/// Aligns every entry (in parallel; each output is the same whatever the thread count) and
/// returns, in list order, what each gave; an error names the list file and the line.
pub fn run(
    list: &Path,
    entries: &[BatchEntry],
    settings: &BatchSettings,
) -> Vec<Result<PairStats>> {
    entries
        .par_iter()
        .map(|e| {
            settings.align_entry(e).map_err(|err| {
                Error::new(err.kind(), err.to_string())
                    .with_path(list)
                    .with_line(e.line)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_a_list() {
        let text =
            "# pairs\na.de\ta.fr\ta.links\n\nb.de\tb.fr\tout/b.links\tde\tfr\r\nbad line\nc\t\td\n";
        let (entries, errors) = parse_list(text, Path::new("base"), Path::new("list.tsv"));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].src, Path::new("base/a.de"));
        assert_eq!(entries[0].line, 2);
        assert_eq!(entries[1].out, Path::new("base/out/b.links"));
        assert_eq!(entries[1].langs, Some((Lang::DEU, Lang::FRA)));
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line(), Some(5));
        assert_eq!(errors[0].path(), Some(Path::new("list.tsv")));
        assert!(
            errors[0].message().contains("found 1 field"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].message().contains("target file is empty"),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn an_unknown_language_on_a_line_is_an_error_of_that_line() {
        let (entries, errors) = parse_list("a\tb\tc\txx\tfr\n", Path::new(""), Path::new("l.tsv"));
        assert!(entries.is_empty());
        assert_eq!(errors[0].kind(), ErrorKind::UnknownLanguage);
        assert_eq!(errors[0].to_string().split(':').next(), Some("l.tsv"));
    }
}
