//! A bilingual dictionary given by the user (`--dict FILE`): hunalign's format, one entry a
//! line as `target phrase @ source phrase`, or TSV `source<TAB>target`. Blank lines and
//! lines starting with `#` are skipped. Each entry becomes an anchor: a source sentence with
//! the source word and a target sentence with the target word share a key.

use std::path::Path;

use super::features::{fold_word, stem_hash, stem_of};
use super::tokens::{han_hash, han_units, runs, strip_clitics, Run};
use crate::error::{Error, ErrorKind, Result};

/// A bilingual dictionary: pairs of (source, target) stems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dictionary {
    entries: Vec<(u64, u64)>,
}

/// The stem of a phrase: its longest word (first of equals), folded; in Han, the first
/// character pair of its longest run.
fn phrase_stem(phrase: &str) -> Option<u64> {
    let mut best: Option<(usize, u64)> = None;
    for r in runs(phrase) {
        let (len, stem) = match r {
            Run::Word(w) => {
                let f = fold_word(strip_clitics(w));
                (f.len(), stem_hash(stem_of(&f)))
            }
            Run::Han(h) => match han_units(h).next() {
                Some(u) => (h.len(), han_hash(u)),
                None => continue,
            },
            Run::Hiragana => continue,
        };
        if len > 0 && best.is_none_or(|(b, _)| len > b) {
            best = Some((len, stem));
        }
    }
    best.map(|(_, s)| s)
}

impl Dictionary {
    /// Reads a dictionary file.
    pub fn read(path: &Path) -> Result<Dictionary> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        let text = crate::text::decode(&bytes, crate::text::Encoding::default())
            .map_err(|e| e.with_path(path))?;
        Dictionary::parse(&text, path)
    }

    /// Parses dictionary text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Dictionary> {
        let mut entries = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_start_matches('\u{feff}').trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (src, tgt) = if let Some((t, s)) = line.split_once(" @ ") {
                (s, t)
            } else if let Some((s, t)) = line.split_once('\t') {
                (s, t)
            } else {
                return Err(Error::new(
                    ErrorKind::Parse,
                    "expected 'target @ source' or 'source<TAB>target'",
                )
                .with_path(path)
                .with_line(n + 1));
            };
            match (phrase_stem(src), phrase_stem(tgt)) {
                (Some(s), Some(t)) => entries.push((s, t)),
                _ => {
                    return Err(Error::new(
                        ErrorKind::Parse,
                        "a dictionary entry needs a word on both sides",
                    )
                    .with_path(path)
                    .with_line(n + 1))
                }
            }
        }
        entries.sort_unstable();
        entries.dedup();
        Ok(Dictionary { entries })
    }

    /// Number of distinct entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries as hashed `(source stem, target stem)` pairs.
    pub(crate) fn entries(&self) -> &[(u64, u64)] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunalign_and_tsv() {
        let d = Dictionary::parse(
            "# comment\nmaison @ Haus\n\nHund\tchien\n",
            Path::new("d.txt"),
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        let haus = stem_hash("haus");
        let maison = stem_hash("maiso");
        assert!(d.entries().contains(&(haus, maison)));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Dictionary::parse("a @ b\nbroken line\n", Path::new("dict.txt")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse);
        let msg = e.to_string();
        assert!(msg.contains("dict.txt") && msg.contains('2'), "{msg}");
    }
}
