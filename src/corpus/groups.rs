//! The document groups of a job plan, held in memory while the plan is made and then
//! spilled to a temporary file of the job's staging folder ([`Groups::spill_in`]), so that a
//! job over millions of documents does not hold its list of files while it aligns: each
//! phase reads the groups back in order, one batch at a time.
//!
//! The file is binary: per group its document id, its number of document pairs and its
//! files (language code, language tag as written, path), each string prefixed by its length.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::plan::Group;
use super::DocFile;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

/// The document groups of a plan, in the job's order.
#[derive(Debug)]
pub struct Groups {
    store: Store,
    len: usize,
    pairs: usize,
}

#[derive(Debug)]
enum Store {
    Memory(Vec<Group>),
    File(tempfile::NamedTempFile),
}

impl From<Vec<Group>> for Groups {
    fn from(v: Vec<Group>) -> Groups {
        Groups {
            len: v.len(),
            pairs: v.iter().map(|g| g.pairs).sum(),
            store: Store::Memory(v),
        }
    }
}

fn spill_error(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("the job's temporary file of document groups: {e}"),
    )
}

impl Groups {
    /// Groups in the plan.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the plan has no group.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Document pairs over all groups.
    pub fn pairs(&self) -> usize {
        self.pairs
    }

    /// The groups in order (read back from the temporary file once spilled).
    pub fn iter(&self) -> Result<GroupIter<'_>> {
        Ok(match &self.store {
            Store::Memory(v) => GroupIter::Memory(v.iter()),
            Store::File(f) => GroupIter::File {
                r: BufReader::with_capacity(1 << 16, f.reopen().map_err(spill_error)?),
                left: self.len,
            },
        })
    }

    /// Moves the groups into a temporary file in `dir` (removed with the list), freeing
    /// their memory.
    pub fn spill_in(&mut self, dir: &Path) -> Result<()> {
        let Store::Memory(v) = &mut self.store else {
            return Ok(());
        };
        let file = tempfile::Builder::new()
            .prefix(".selaras-groups-")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, &e))?;
        let mut w = BufWriter::with_capacity(1 << 16, file.as_file());
        for g in v.iter() {
            write_group(&mut w, g).map_err(spill_error)?;
        }
        w.flush().map_err(spill_error)?;
        drop(w);
        self.store = Store::File(file);
        return_freed_memory();
        Ok(())
    }
}

/// The groups of a [`Groups`], in order.
pub enum GroupIter<'a> {
    /// Groups held in memory.
    Memory(std::slice::Iter<'a, Group>),
    /// Groups read back from their file.
    File {
        /// The file.
        r: BufReader<File>,
        /// Groups still to read.
        left: usize,
    },
}

impl Iterator for GroupIter<'_> {
    type Item = Result<Group>;

    fn next(&mut self) -> Option<Result<Group>> {
        match self {
            GroupIter::Memory(it) => it.next().cloned().map(Ok),
            GroupIter::File { r, left } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                Some(read_group(r))
            }
        }
    }
}

/// Gives the memory freed so far back to the system (the listing of the corpus and the
/// groups, freed once spilled, would otherwise stay with the process for the whole job).
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of the allocator's arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn put_bytes(w: &mut impl Write, b: &[u8]) -> std::io::Result<()> {
    w.write_all(&(b.len() as u64).to_le_bytes())?;
    w.write_all(b)
}

fn get_bytes(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut n = [0u8; 8];
    r.read_exact(&mut n)?;
    let mut b = vec![0u8; u64::from_le_bytes(n) as usize];
    r.read_exact(&mut b)?;
    Ok(b)
}

fn get_string(r: &mut impl Read) -> Result<String> {
    String::from_utf8(get_bytes(r).map_err(spill_error)?).map_err(|e| {
        spill_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.to_string(),
        ))
    })
}

fn write_group(w: &mut impl Write, g: &Group) -> std::io::Result<()> {
    put_bytes(w, g.doc.as_bytes())?;
    w.write_all(&(g.pairs as u64).to_le_bytes())?;
    w.write_all(&(g.files.len() as u64).to_le_bytes())?;
    for f in &g.files {
        put_bytes(w, f.doc.as_bytes())?;
        put_bytes(w, f.lang.code().as_bytes())?;
        put_bytes(w, f.tag.as_bytes())?;
        put_bytes(w, path_bytes(&f.path))?;
    }
    Ok(())
}

fn read_group(r: &mut impl Read) -> Result<Group> {
    let doc = get_string(r)?;
    let mut n = [0u8; 8];
    r.read_exact(&mut n).map_err(spill_error)?;
    let pairs = u64::from_le_bytes(n) as usize;
    r.read_exact(&mut n).map_err(spill_error)?;
    let count = u64::from_le_bytes(n) as usize;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        let doc = get_string(r)?;
        let lang = Lang::parse(&get_string(r)?)?;
        let tag = get_string(r)?;
        let path = path_from(get_bytes(r).map_err(spill_error)?);
        files.push(DocFile {
            doc,
            lang,
            tag,
            path,
        });
    }
    Ok(Group { doc, files, pairs })
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes()
}

#[cfg(unix)]
fn path_from(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

#[cfg(not(unix))]
fn path_from(b: Vec<u8>) -> PathBuf {
    // SAFETY: the bytes were written by `path_bytes` (`as_encoded_bytes`) of this same
    // process into its own temporary file.
    PathBuf::from(unsafe { std::ffi::OsString::from_encoded_bytes_unchecked(b) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(doc: &str, langs: &[&str], pairs: usize) -> Group {
        Group {
            doc: doc.into(),
            files: langs
                .iter()
                .map(|l| DocFile {
                    doc: doc.into(),
                    lang: Lang::parse(l).unwrap(),
                    tag: l.to_string(),
                    path: PathBuf::from(format!("c/{doc}.{l}.txt")),
                })
                .collect(),
            pairs,
        }
    }

    #[test]
    fn spilled_groups_read_back_as_they_were_twice() {
        let v = vec![
            group("a", &["id", "en", "aze-Latn"], 2),
            group("b-é", &["IND"], 0),
            group("c", &["id", "fr"], 1),
        ];
        let d = tempfile::tempdir().unwrap();
        let mut g = Groups::from(v.clone());
        g.spill_in(d.path()).unwrap();
        assert_eq!((g.len(), g.pairs()), (3, 3));
        for _ in 0..2 {
            let back: Vec<Group> = g.iter().unwrap().collect::<Result<_>>().unwrap();
            assert_eq!(back, v);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_survives_the_spill() {
        use std::os::unix::ffi::OsStrExt;
        let mut one = group("x", &["id"], 0);
        one.files[0].path = PathBuf::from(std::ffi::OsStr::from_bytes(b"c/x\xff.id.txt"));
        let d = tempfile::tempdir().unwrap();
        let mut g = Groups::from(vec![one.clone()]);
        g.spill_in(d.path()).unwrap();
        let back: Vec<Group> = g.iter().unwrap().collect::<Result<_>>().unwrap();
        assert_eq!(back, [one]);
    }
}
