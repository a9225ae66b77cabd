//! Reading the files of one document group: every language version decoded and segmented,
//! the files that cannot be read reported (the rest of the group goes on).

use std::path::Path;

use super::job::FileError;
use super::plan::Group;
use super::DocFile;
use crate::error::Result;
use crate::text::{Document, ReadOptions};

/// The language versions of one document that could be read.
#[derive(Debug, Clone)]
pub struct LoadedGroup {
    /// The document id.
    pub doc: String,
    /// The versions read, in the group's language order.
    pub docs: Vec<Document>,
    /// The files that could not be read.
    pub errors: Vec<FileError>,
}

impl LoadedGroup {
    /// A group from the result of reading each of its files.
    pub fn from_results(doc: &str, results: Vec<Result<Document>>) -> LoadedGroup {
        let mut g = LoadedGroup {
            doc: doc.to_string(),
            docs: Vec::new(),
            errors: Vec::new(),
        };
        for r in results {
            match r {
                Ok(d) => g.docs.push(d),
                Err(e) => g.errors.push(FileError::from(&e)),
            }
        }
        g
    }

    /// Sentences read, over all versions.
    pub fn sentences(&self) -> usize {
        self.docs.iter().map(|d| d.sentences.len()).sum()
    }
}

/// Reads the files of `group` from disk.
pub fn read_group(group: &Group, opts: &ReadOptions) -> LoadedGroup {
    let results = group
        .files
        .iter()
        .map(|f: &DocFile| Document::read(&f.path, f.lang, opts))
        .collect();
    LoadedGroup::from_results(&group.doc, results)
}

/// Decodes and segments the files of a group given as bytes (`path` names a file in
/// messages and outputs).
pub fn load_group(
    doc: &str,
    files: &[(&Path, crate::lang::Lang, &[u8])],
    opts: &ReadOptions,
) -> LoadedGroup {
    let results = files
        .iter()
        .map(|(path, lang, bytes)| Document::from_bytes(path, bytes, *lang, opts))
        .collect();
    LoadedGroup::from_results(doc, results)
}
