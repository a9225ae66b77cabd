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
    /// Things skipped, with the reason (a `.txt` file with no language code, a FIFO, a
    /// file name that is not UTF-8).
    pub warnings: Vec<String>,
    /// Files that are documents but cannot be used: a second file for the same document
    /// and language, an entry whose type cannot be read. A job reports them with the
    /// unreadable files.
    pub errors: Vec<Error>,
}

/// What a folder entry is, following symbolic links.
enum EntryKind {
    Folder,
    File,
    /// A FIFO, socket or device: reading it could block forever.
    Special,
}

impl Corpus {
    /// Checks that `root` is a folder, with a message for a file given instead.
    pub fn check_root(root: &Path) -> Result<()> {
        let meta = std::fs::metadata(root).map_err(|e| Error::io(root, &e))?;
        if !meta.is_dir() {
            return Err(Error::new(
                ErrorKind::NotAFile,
                "is a file, expected a corpus folder (or give two files: SRC TGT)",
            )
            .with_path(root));
        }
        Ok(())
    }

    /// Finds the documents in `root`.
    pub fn discover(root: &Path) -> Result<Corpus> {
        Corpus::check_root(root)?;
        let mut corpus = Corpus {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut found: BTreeMap<(String, Lang), DocFile> = BTreeMap::new();
        for entry in sorted_dir(root)? {
            let name = corpus.file_name(&entry);
            if name.starts_with('.') {
                continue;
            }
            match corpus.entry_kind(&entry) {
                None => {}
                Some(EntryKind::Folder) => match Lang::parse(&name) {
                    Ok(lang) => corpus.add_language_folder(&mut found, &entry, &name, lang)?,
                    Err(_) => corpus.warnings.push(format!(
                        "{}: skipped folder: its name is not a language code",
                        entry.display()
                    )),
                },
                Some(EntryKind::Special) => corpus.skip_special(&entry),
                Some(EntryKind::File) => {
                    // Other files beside the documents (README, gold files, indexes) are
                    // not documents: passed over quietly.
                    let Some(stem) = strip_txt(&name) else {
                        continue;
                    };
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
        }
        corpus.files = found.into_values().collect();
        Ok(corpus)
    }

    /// Adds the `<doc>.txt` files of the language folder `dir` (named `tag`).
    fn add_language_folder(
        &mut self,
        found: &mut BTreeMap<(String, Lang), DocFile>,
        dir: &Path,
        tag: &str,
        lang: Lang,
    ) -> Result<()> {
        for f in sorted_dir(dir)? {
            let fname = self.file_name(&f);
            if fname.starts_with('.') {
                continue;
            }
            match self.entry_kind(&f) {
                None => {}
                Some(EntryKind::Folder) => self.warnings.push(format!(
                    "{}: skipped folder: a language folder holds <doc>.txt files, not folders",
                    f.display()
                )),
                Some(EntryKind::Special) => self.skip_special(&f),
                Some(EntryKind::File) => match strip_txt(&fname) {
                    Some(doc) if !doc.is_empty() => self.add(
                        found,
                        DocFile {
                            doc: doc.to_string(),
                            lang,
                            tag: tag.to_string(),
                            path: f.clone(),
                        },
                    ),
                    _ => self.skip_not_txt(&f),
                },
            }
        }
        Ok(())
    }

    /// What `path` is; `None` (and an error noted) when that cannot be told.
    fn entry_kind(&mut self, path: &Path) -> Option<EntryKind> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Some(EntryKind::Folder),
            Ok(m) if m.is_file() => Some(EntryKind::File),
            Ok(_) => Some(EntryKind::Special),
            Err(e) => {
                self.errors.push(Error::io(path, &e));
                None
            }
        }
    }

    fn skip_special(&mut self, path: &Path) {
        self.warnings.push(format!(
            "{}: skipped: not a regular file (a FIFO, socket or device), so not read",
            path.display()
        ));
    }

    fn skip_not_txt(&mut self, path: &Path) {
        self.warnings
            .push(format!("{}: skipped: not a .txt file", path.display()));
    }

    /// The file name of `path` as a document id can hold it: bytes that are not UTF-8
    /// are written `%XX` (so two names that differ only there stay two documents), with a
    /// warning.
    fn file_name(&mut self, path: &Path) -> String {
        let (name, lossless) = escaped_file_name(path);
        if !lossless {
            self.warnings.push(format!(
                "{}: the name is not valid UTF-8; its bytes that are not are written %XX: '{name}'",
                path.display()
            ));
        }
        name
    }

    fn add(&mut self, found: &mut BTreeMap<(String, Lang), DocFile>, f: DocFile) {
        let key = (f.doc.clone(), f.lang.without_script());
        if let Some(prev) = found.get(&key) {
            self.errors.push(
                Error::new(
                    ErrorKind::Config,
                    format!(
                        "a second file for document '{}' in {}, besides {}: not aligned (keep one file per document and language)",
                        f.doc,
                        f.lang,
                        prev.path.display()
                    ),
                )
                .with_path(&f.path),
            );
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

/// `name` without its `.txt` ending, in any case (`.txt`, `.TXT`, `.Txt`).
pub fn strip_txt(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(4)?;
    let (stem, ext) = (name.get(..cut)?, name.get(cut..)?);
    ext.eq_ignore_ascii_case(".txt").then_some(stem)
}

/// The file name of `path`, its bytes that are not UTF-8 written `%XX`, and whether the
/// name was UTF-8 (nothing escaped).
pub fn escaped_file_name(path: &Path) -> (String, bool) {
    let Some(name) = path.file_name() else {
        return (String::new(), true);
    };
    if let Some(s) = name.to_str() {
        return (s.to_string(), true);
    }
    let mut out = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    (out, false)
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
        w("e.fr.TXT");
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
                ("b".into(), "en".into()),
                ("e".into(), "fr".into())
            ]
        );
        // notes.txt, c.xx.txt and misc/ are skipped, saying so; README.md is not a document
        assert_eq!(c.warnings.len(), 3, "{:?}", c.warnings);
        assert_eq!(c.documents().len(), 3);
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
