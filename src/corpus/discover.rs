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

/// One entry of a corpus folder: a file or a folder, with a folder's own entries (path,
/// whether it is a file).
struct Entry {
    path: PathBuf,
    is_dir: bool,
    children: Vec<(PathBuf, bool)>,
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
        let mut entries = Vec::new();
        for path in sorted_dir(root)? {
            let name = file_name(&path);
            let children = if path.is_dir() && !name.starts_with('.') && Lang::parse(&name).is_ok()
            {
                sorted_dir(&path)?
                    .into_iter()
                    .map(|c| {
                        let is_file = c.is_file();
                        (c, is_file)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let is_dir = path.is_dir();
            entries.push(Entry {
                path,
                is_dir,
                children,
            });
        }
        Ok(Corpus::from_entries(root, entries))
    }

    /// The documents of a corpus folder listed elsewhere (e.g. by a cluster's file system):
    /// `paths` relative to `root`, with whether each is a folder. Only the entries of
    /// `root` and of its folders count, as in [`Corpus::discover`]; the files are not read.
    pub fn from_listing(root: &Path, paths: &[(String, bool)]) -> Corpus {
        let mut top: BTreeMap<PathBuf, Entry> = BTreeMap::new();
        for (rel, is_dir) in paths {
            let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
            match parts.as_slice() {
                [name] => {
                    let e = top.entry(root.join(name)).or_insert_with(|| Entry {
                        path: root.join(name),
                        is_dir: *is_dir,
                        children: Vec::new(),
                    });
                    e.is_dir |= *is_dir;
                }
                [folder, name] => {
                    let e = top.entry(root.join(folder)).or_insert_with(|| Entry {
                        path: root.join(folder),
                        is_dir: true,
                        children: Vec::new(),
                    });
                    e.is_dir = true;
                    e.children.push((root.join(folder).join(name), !*is_dir));
                }
                _ => {}
            }
        }
        let entries = top
            .into_values()
            .map(|mut e| {
                e.children.sort();
                e.children.dedup_by(|a, b| a.0 == b.0);
                e
            })
            .collect();
        Corpus::from_entries(root, entries)
    }

    /// Sorts the entries of a corpus folder into documents, and warns about the rest.
    fn from_entries(root: &Path, entries: Vec<Entry>) -> Corpus {
        let mut corpus = Corpus {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut found: BTreeMap<(String, Lang), DocFile> = BTreeMap::new();
        for Entry {
            path: entry,
            is_dir,
            children,
        } in entries
        {
            let name = file_name(&entry);
            if name.starts_with('.') {
                continue;
            }
            if is_dir {
                match Lang::parse(&name) {
                    Ok(lang) => {
                        for (f, is_file) in children {
                            let fname = file_name(&f);
                            if fname.starts_with('.') || !is_file {
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
        corpus
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
    fn a_listing_gives_what_the_folder_gives() {
        let d = tempfile::tempdir().unwrap();
        let mut listing = Vec::new();
        for p in [
            "a.id.txt",
            "a.EN.txt",
            "en/b.txt",
            "en/x.md",
            "aze-Latn/b.txt",
            "notes.txt",
            "misc/d.txt",
        ] {
            let full = d.path().join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, "x").unwrap();
            listing.push((p.to_string(), false));
        }
        listing.push(("en".into(), true));
        listing.reverse();
        let a = Corpus::discover(d.path()).unwrap();
        let b = Corpus::from_listing(d.path(), &listing);
        assert_eq!(a.files, b.files);
        assert_eq!(a.warnings, b.warnings);
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
