//! Finding documents in a corpus folder: `<doc>.<lang>.txt` side by side, or
//! `<lang>/<doc>.txt` subfolders (both may be mixed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

/// One language version of a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocFile {
    /// Document id (`karabakh-2020`).
    pub doc: String,
    /// Language.
    pub lang: Lang,
    /// The language tag as written in the file or folder name (`id`, `aze-Latn`).
    pub tag: String,
    /// Path of the file.
    pub path: PathBuf,
}

/// The documents of a corpus folder.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The folder.
    pub root: PathBuf,
    /// Every document file found, sorted by document id, then language tag.
    pub files: Vec<DocFile>,
    /// Things skipped, with the reason (a `.txt` file with no language code, a duplicate).
    pub warnings: Vec<String>,
}

impl Corpus {
    /// Finds the documents in `root`.
    pub fn discover(root: &Path) -> Result<Corpus> {
        let meta = std::fs::metadata(root).map_err(|e| Error::io(root, &e))?;
        if !meta.is_dir() {
            return Err(Error::new(
                ErrorKind::NotAFile,
                "is a file, expected a corpus folder (or give two files: SRC TGT)",
            )
            .with_path(root));
        }
        let mut corpus = Corpus {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut found: BTreeMap<(String, Lang), DocFile> = BTreeMap::new();
        for entry in sorted_dir(root)? {
            let name = file_name(&entry);
            if name.starts_with('.') {
                continue;
            }
            if entry.is_dir() {
                match Lang::parse(&name) {
                    Ok(lang) => {
                        for f in sorted_dir(&entry)? {
                            let fname = file_name(&f);
                            if fname.starts_with('.') || !f.is_file() {
                                continue;
                            }
                            match fname.strip_suffix(".txt") {
                                Some(doc) if !doc.is_empty() => corpus.add(
                                    &mut found,
                                    DocFile {
                                        doc: doc.to_string(),
                                        lang,
                                        tag: name.clone(),
                                        path: f.clone(),
                                    },
                                ),
                                _ => corpus
                                    .warnings
                                    .push(format!("{}: skipped: not a .txt file", f.display())),
                            }
                        }
                    }
                    Err(_) => corpus.warnings.push(format!(
                        "{}: skipped folder: its name is not a language code",
                        entry.display()
                    )),
                }
            } else if let Some(stem) = name.strip_suffix(".txt") {
                match stem.rsplit_once('.') {
                    Some((doc, tag)) if !doc.is_empty() => match Lang::parse(tag) {
                        Ok(lang) => corpus.add(
                            &mut found,
                            DocFile {
                                doc: doc.to_string(),
                                lang,
                                tag: tag.to_string(),
                                path: entry.clone(),
                            },
                        ),
                        Err(_) => corpus.warnings.push(format!(
                            "{}: skipped: '{tag}' is not a language code (name files <doc>.<lang>.txt)",
                            entry.display()
                        )),
                    },
                    _ => corpus.warnings.push(format!(
                        "{}: skipped: no language code in the name (name files <doc>.<lang>.txt or put them in <lang>/ folders)",
                        entry.display()
                    )),
                }
            }
        }
        corpus.files = found.into_values().collect();
        Ok(corpus)
    }

    fn add(&mut self, found: &mut BTreeMap<(String, Lang), DocFile>, f: DocFile) {
        let key = (f.doc.clone(), f.lang.without_script());
        if let Some(prev) = found.get(&key) {
            self.warnings.push(format!(
                "{}: skipped: document '{}' in {} is already {}",
                f.path.display(),
                f.doc,
                f.lang,
                prev.path.display()
            ));
        } else {
            found.insert(key, f);
        }
    }

    /// The files grouped by document id (sorted).
    pub fn documents(&self) -> BTreeMap<&str, Vec<&DocFile>> {
        let mut m: BTreeMap<&str, Vec<&DocFile>> = BTreeMap::new();
        for f in &self.files {
            m.entry(f.doc.as_str()).or_default().push(f);
        }
        m
    }

    /// The languages present, sorted.
    pub fn languages(&self) -> Vec<Lang> {
        let mut v: Vec<Lang> = self.files.iter().map(|f| f.lang).collect();
        v.sort();
        v.dedup();
        v
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    let mut v = Vec::new();
    for e in rd {
        v.push(e.map_err(|e| Error::io(dir, &e))?.path());
    }
    v.sort();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_both_layouts_and_warns() {
        let d = tempfile::tempdir().unwrap();
        let w = |p: &str| {
            let p = d.path().join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        };
        w("a.id.txt");
        w("a.EN.txt");
        w("en/b.txt");
        w("aze-Latn/b.txt");
        w("notes.txt");
        w("c.xx.txt");
        w("misc/d.txt");
        w("README.md");
        let c = Corpus::discover(d.path()).unwrap();
        let got: Vec<(String, String)> = c
            .files
            .iter()
            .map(|f| (f.doc.clone(), f.lang.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("a".into(), "en".into()),
                ("a".into(), "id".into()),
                ("b".into(), "az-Latn".into()),
                ("b".into(), "en".into())
            ]
        );
        assert_eq!(c.warnings.len(), 3, "{:?}", c.warnings);
        assert_eq!(c.documents().len(), 2);
    }

    #[test]
    fn a_file_is_not_a_corpus() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("x.txt");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(
            Corpus::discover(&f).unwrap_err().kind(),
            ErrorKind::NotAFile
        );
    }
}
