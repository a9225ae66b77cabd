//! A disk cache of vectors (`--embed-cache DIR`), so that a re-run, or a second language
//! pair with the same pivot documents, does not embed the same text again.
//!
//! Layout: `DIR/<model>/<ab>/<hash>.vec`, one file per (model id, text): `<model>` is the
//! model id made safe for a file name plus a hash of the exact id, `<hash>` a 128-bit hash
//! of the text, `<ab>` its first two hex digits. A file holds the magic `SLRV1\n`, the
//! dimension and the text's length (u32, little-endian), the text itself (so that a hash
//! collision is a cache miss, never a wrong vector) and the vector as little-endian f32.
//! Files are written to a temporary file in the same folder and renamed, so concurrent runs
//! sharing a cache and runs stopped half-way never leave a partial file; a file that does
//! not read back as a whole is embedded again and replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{embed_error, Embedder, Vector};
use crate::align::hash_bytes;
use crate::error::{Error, Result};

const MAGIC: &[u8] = b"SLRV1\n";

/// An embedder behind a disk cache.
pub struct Cached {
    root: PathBuf,
    inner: Box<dyn Embedder>,
}

impl Cached {
    /// Caches the vectors of `inner` in `root` (created if missing).
    pub fn new(root: &Path, inner: Box<dyn Embedder>) -> Result<Cached> {
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, &e))?;
        Ok(Cached {
            root: root.to_path_buf(),
            inner,
        })
    }

    fn model_dir(&self) -> PathBuf {
        let model = self.inner.model();
        let safe: String = model
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        let h = hash_bytes(1, model.as_bytes());
        self.root.join(format!("{safe}-{:08x}", h >> 32))
    }
}

/// The file of `text` in the folder of a model.
pub(crate) fn entry_path(model_dir: &Path, text: &str) -> PathBuf {
    let h1 = hash_bytes(11, text.as_bytes());
    let h2 = hash_bytes(0x05e1_a4a5, text.as_bytes());
    let name = format!("{h1:016x}{h2:016x}");
    model_dir.join(&name[..2]).join(format!("{name}.vec"))
}

/// The vector stored in `bytes` for `text`, if that is what they hold.
fn decode(bytes: &[u8], text: &str) -> Option<Vector> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let word = |b: &[u8]| -> Option<usize> {
        let x: [u8; 4] = b.get(..4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(x)).ok()
    };
    let dim = word(rest)?;
    let len = word(rest.get(4..)?)?;
    let stored = rest.get(8..8 + len)?;
    let values = rest.get(8 + len..)?;
    if stored != text.as_bytes() || values.len() != 4 * dim || dim == 0 {
        return None;
    }
    Some(
        values
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

fn encode(text: &str, v: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 8 + text.len() + 4 * v.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

/// Reads the cached vector of `text`, if there is a whole one.
pub(crate) fn lookup(model_dir: &Path, text: &str) -> Result<Option<Vector>> {
    let path = entry_path(model_dir, text);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(decode(&bytes, text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&path, &e)),
    }
}

/// Stores the vector of `text` (atomically: a temporary file renamed).
pub(crate) fn store(model_dir: &Path, text: &str, v: &[f32]) -> Result<()> {
    let path = entry_path(model_dir, text);
    let dir = path.parent().unwrap_or(model_dir);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, &e))?;
    tmp.write_all(&encode(text, v))
        .map_err(|e| Error::io(tmp.path(), &e))?;
    tmp.persist(&path).map_err(|e| Error::io(&path, &e.error))?;
    Ok(())
}

impl Embedder for Cached {
    fn model(&self) -> &str {
        self.inner.model()
    }

    fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vector>> {
        if self.inner.model().is_empty() {
            return Err(embed_error(
                "the embedding cache needs the model id: give --embed-model",
            ));
        }
        let dir = self.model_dir();
        let mut out: Vec<Option<Vector>> = texts
            .iter()
            .map(|t| lookup(&dir, t))
            .collect::<Result<_>>()?;
        let missing: Vec<usize> = (0..texts.len()).filter(|&k| out[k].is_none()).collect();
        if !missing.is_empty() {
            let asked: Vec<&str> = missing.iter().map(|&k| texts[k]).collect();
            let got = self.inner.embed(&asked)?;
            for (&k, v) in missing.iter().zip(got) {
                store(&dir, texts[k], &v)?;
                out[k] = Some(v);
            }
        }
        out.into_iter()
            .map(|v| v.ok_or_else(|| embed_error("the embedder answered too few vectors")))
            .collect()
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.inner.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the texts it embeds; vector = [length, 1].
    struct Counting(std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl Embedder for Counting {
        fn model(&self) -> &str {
            "count/v1"
        }
        fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vector>> {
            self.0
                .fetch_add(texts.len(), std::sync::atomic::Ordering::SeqCst);
            Ok(texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect())
        }
    }

    #[test]
    fn a_second_run_embeds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let n = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut c = Cached::new(dir.path(), Box::new(Counting(n.clone()))).unwrap();
        let a = c.embed(&["eins", "zwei"]).unwrap();
        assert_eq!(n.load(std::sync::atomic::Ordering::SeqCst), 2);
        let mut c = Cached::new(dir.path(), Box::new(Counting(n.clone()))).unwrap();
        let b = c.embed(&["zwei", "eins", "drei"]).unwrap();
        assert_eq!(n.load(std::sync::atomic::Ordering::SeqCst), 3);
        assert_eq!(b[1], a[0]);
        assert_eq!(b[0], a[1]);
    }

    #[test]
    fn a_partial_or_foreign_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "hello", &[1.0, 2.0]).unwrap();
        assert_eq!(lookup(dir.path(), "hello").unwrap(), Some(vec![1.0, 2.0]));
        let path = entry_path(dir.path(), "hello");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 2]).unwrap();
        assert_eq!(lookup(dir.path(), "hello").unwrap(), None);
        // the same file name for another text (a hash collision) is not its vector
        std::fs::write(&path, encode("other", &[1.0, 2.0])).unwrap();
        assert_eq!(lookup(dir.path(), "hello").unwrap(), None);
    }
}
