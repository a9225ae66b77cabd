//! Sentence embeddings from a model the user has, as one more kind of evidence for the
//! aligner (optional: without them nothing here runs).
//!
//! An [`Embedder`] turns texts into vectors: an external command speaking the protocol of
//! [`command`] (`--embed-cmd`), vectors a Vecalign pipeline already wrote ([`vecalign`],
//! `--embed-vecalign`), either behind a disk cache ([`cache`], `--embed-cache`). The aligner
//! takes the result as a [`TextVectors`] table in
//! [`AlignOptions::embeddings`](crate::align::AlignOptions::embeddings); [`vectors_for`]
//! fills one for a batch of document pairs.
//!
//! ```no_run
//! use selaras::embed::{vectors_for, EmbedConfig};
//! # fn pairs() -> Vec<(selaras::align::Side<'static>, selaras::align::Side<'static>)> { vec![] }
//! let pairs = pairs();
//! let mut embedder = EmbedConfig::command("python3 tools/embed_e5.py").open()?;
//! let vectors = vectors_for(&pairs, embedder.as_mut())?;
//! let opts = selaras::align::AlignOptions {
//!     embeddings: Some(std::sync::Arc::new(vectors)),
//!     ..Default::default()
//! };
//! let alignments = selaras::align::align_many(&pairs, &opts);
//! embedder.finish()?;
//! # Ok::<(), selaras::Error>(())
//! ```

pub mod cache;
pub mod command;
pub mod vecalign;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::align::Side;
use crate::error::{Error, ErrorKind, Result};

/// A unit vector (L2 norm 1), as the aligner compares them (cosine = dot product).
pub type Vector = Vec<f32>;

/// Turns texts into vectors, one per text, in order. One embedder serves a whole job and
/// may be called many times (batches of document pairs).
pub trait Embedder: Send {
    /// The model's id: vectors of different models are never mixed (the cache keys by it).
    fn model(&self) -> &str;
    /// The vectors of `texts`, in order, each of the model's dimension, finite and not zero
    /// (normalized to length 1 by the caller).
    fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vector>>;
    /// Ends the embedder (an external command is told there is no more input and must exit
    /// cleanly). Dropping an embedder without it ends it too, but ignores errors.
    fn finish(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

/// How to get vectors: the options `--embed-cmd`, `--embed-model`, `--embed-cache`,
/// `--embed-timeout`, `--embed-vecalign` (and the same keys of a job file).
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedConfig {
    /// Where the vectors come from.
    pub source: EmbedSource,
    /// The model id, when the user gives it: with a cache, texts found there need no
    /// command at all; the command's own id must then be the same.
    pub model: Option<String>,
    /// A folder of cached vectors, keyed by model id and text.
    pub cache: Option<PathBuf>,
    /// How long the command may take to start (its header line) and to answer one batch.
    pub timeout: Duration,
}

/// Where vectors come from.
#[derive(Debug, Clone, PartialEq)]
pub enum EmbedSource {
    /// An external command (run with `sh -c`) speaking the protocol of [`command`].
    Command(String),
    /// Vecalign's files: for each side, an overlaps file (one text per line) and a raw
    /// float32 embeddings file with one vector per line of it.
    Vecalign {
        /// The source side's overlaps and embeddings files.
        src: (PathBuf, PathBuf),
        /// The target side's overlaps and embeddings files.
        tgt: (PathBuf, PathBuf),
    },
}

/// Default of [`EmbedConfig::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

impl EmbedConfig {
    /// Vectors from command `cmd`, no cache, the default timeout.
    pub fn command(cmd: &str) -> EmbedConfig {
        EmbedConfig {
            source: EmbedSource::Command(cmd.to_string()),
            model: None,
            cache: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Starts the embedder this configuration describes (a command is started only when a
    /// text is not in the cache, or to learn the model id when none is given).
    pub fn open(&self) -> Result<Box<dyn Embedder>> {
        let inner: Box<dyn Embedder> = match &self.source {
            EmbedSource::Command(cmd) => {
                let lazy = command::Lazy::new(cmd, self.timeout, self.model.clone());
                match (&self.cache, &self.model) {
                    // the cache needs the id before any command runs
                    (Some(_), Some(_)) => Box::new(lazy),
                    _ => Box::new(lazy.started()?),
                }
            }
            EmbedSource::Vecalign { src, tgt } => Box::new(vecalign::VecalignFiles::read(
                &[src.clone(), tgt.clone()],
                self.model.as_deref(),
            )?),
        };
        Ok(match &self.cache {
            Some(dir) => Box::new(cache::Cached::new(dir, inner)?),
            None => inner,
        })
    }
}

/// Vectors of texts: what the aligner looks up for each sentence.
#[derive(Clone, Default)]
pub struct TextVectors {
    dim: usize,
    index: HashMap<String, usize>,
    data: Vec<f32>,
}

impl std::fmt::Debug for TextVectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TextVectors({} texts, dim {})",
            self.index.len(),
            self.dim
        )
    }
}

impl TextVectors {
    /// A table of `texts` and their `vectors` (same order, same dimension, finite, not
    /// zero); each vector is normalized to length 1.
    pub fn new(texts: &[&str], vectors: Vec<Vector>) -> Result<TextVectors> {
        if texts.len() != vectors.len() {
            return Err(embed_error(format!(
                "{} vectors for {} texts",
                vectors.len(),
                texts.len()
            )));
        }
        let dim = vectors.first().map_or(0, Vec::len);
        let mut out = TextVectors {
            dim,
            index: HashMap::with_capacity(texts.len()),
            data: Vec::with_capacity(dim * texts.len()),
        };
        for (k, (text, v)) in texts.iter().zip(vectors).enumerate() {
            let v = unit(v, dim).map_err(|e| embed_error(format!("vector {k}: {e}")))?;
            if !out.index.contains_key(*text) {
                out.index.insert(text.to_string(), out.index.len());
                out.data.extend_from_slice(&v);
            }
        }
        Ok(out)
    }

    /// The dimension of the vectors (0 for an empty table).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The unit vector of `text`, if the table has it.
    pub fn get(&self, text: &str) -> Option<&[f32]> {
        let k = *self.index.get(text)?;
        Some(&self.data[k * self.dim..(k + 1) * self.dim])
    }
}

/// `v` scaled to length 1; an error when it has the wrong dimension, a value that is not
/// finite, or length 0.
pub(crate) fn unit(mut v: Vector, dim: usize) -> std::result::Result<Vector, String> {
    if v.len() != dim {
        return Err(format!("has {} values, expected {dim}", v.len()));
    }
    if let Some(k) = v.iter().position(|x| !x.is_finite()) {
        return Err(format!("value {k} is {} (not a finite number)", v[k]));
    }
    let norm = v
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt();
    if norm == 0.0 {
        return Err("is all zeros".into());
    }
    for x in &mut v {
        *x = (f64::from(*x) / norm) as f32;
    }
    Ok(v)
}

/// An error of kind [`ErrorKind::Embed`].
pub(crate) fn embed_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Embed, msg)
}

/// The texts the aligner needs vectors for, for these document pairs: every sentence of
/// both sides, each once, in order of first appearance.
pub fn texts_for<'a>(pairs: &'a [(Side<'a>, Side<'a>)]) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    pairs
        .iter()
        .flat_map(|(s, t)| s.sentences.iter().chain(&t.sentences))
        .copied()
        .filter(|t| seen.insert(*t))
        .collect()
}

/// Most texts sent to an embedder at once.
pub const BATCH: usize = 64;

/// Embeds the sentences of `pairs` with `embedder` (in batches of [`BATCH`]) into a table
/// for [`AlignOptions::embeddings`](crate::align::AlignOptions::embeddings).
pub fn vectors_for(pairs: &[(Side, Side)], embedder: &mut dyn Embedder) -> Result<TextVectors> {
    let texts = texts_for(pairs);
    let mut vectors = Vec::with_capacity(texts.len());
    for batch in texts.chunks(BATCH) {
        vectors.extend(embedder.embed(batch)?);
    }
    TextVectors::new(&texts, vectors)
}

/// Starts the embedder of `cfg`, embeds the sentences of `pairs` and ends it: one job.
pub fn embed_once(cfg: &EmbedConfig, pairs: &[(Side, Side)]) -> Result<TextVectors> {
    let mut embedder = cfg.open()?;
    let vectors = vectors_for(pairs, embedder.as_mut())?;
    embedder.finish()?;
    Ok(vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_normalized_and_checked() {
        let t = TextVectors::new(&["a", "b"], vec![vec![3.0, 4.0], vec![0.0, 2.0]]).unwrap();
        assert_eq!(t.get("a"), Some(&[0.6f32, 0.8][..]));
        assert_eq!(t.get("c"), None);
        let e = TextVectors::new(&["a", "b"], vec![vec![1.0, 0.0], vec![1.0]]).unwrap_err();
        assert!(
            e.to_string().contains("vector 1: has 1 values, expected 2"),
            "{e}"
        );
        let e = TextVectors::new(&["a"], vec![vec![f32::NAN, 1.0]]).unwrap_err();
        assert!(e.to_string().contains("NaN"), "{e}");
        let e = TextVectors::new(&["a"], vec![vec![0.0, 0.0]]).unwrap_err();
        assert!(e.to_string().contains("all zeros"), "{e}");
    }
}
