//! Sentence alignment: a dynamic program over beads (0-1, 1-0, 1-1, 1-2, 2-1, 2-2, ...).
//!
//! (Placeholder: pairs sentences 1-1 in order; the real aligner replaces it.)

use std::ops::Range;

use serde::Serialize;

use crate::lang::Lang;

/// One side of a document pair as the aligner sees it.
#[derive(Debug, Clone)]
pub struct Side<'a> {
    /// The language of the side.
    pub lang: Lang,
    /// The sentences, in order.
    pub sentences: Vec<&'a str>,
    /// The paragraph index of each sentence.
    pub paragraphs: Vec<usize>,
}

impl<'a> Side<'a> {
    /// The sentences of a segmented document.
    pub fn from_document(doc: &'a crate::text::Document) -> Side<'a> {
        Side {
            lang: doc.lang,
            sentences: doc.sentence_texts(),
            paragraphs: doc.sentences.iter().map(|s| s.paragraph).collect(),
        }
    }
}

/// A bead: a run of source sentences aligned with a run of target sentences (either may be
/// empty, never both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bead {
    /// Source sentence indices.
    pub src: Range<usize>,
    /// Target sentence indices.
    pub tgt: Range<usize>,
    /// Confidence in [0, 1].
    pub score: f64,
}

impl Bead {
    /// The bead type as `"1-1"`, `"2-1"`, `"0-1"`, ...
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// Settings of the aligner.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {}

/// The beads of one document pair, covering every sentence of both sides once, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// The beads, in document order.
    pub beads: Vec<Bead>,
}

/// Aligns one document pair.
pub fn align_pair(src: &Side, tgt: &Side, _opts: &AlignOptions) -> Alignment {
    let n = src.sentences.len().min(tgt.sentences.len());
    let mut beads: Vec<Bead> = (0..n)
        .map(|i| Bead {
            src: i..i + 1,
            tgt: i..i + 1,
            score: 0.5,
        })
        .collect();
    for i in n..src.sentences.len() {
        beads.push(Bead {
            src: i..i + 1,
            tgt: tgt.sentences.len()..tgt.sentences.len(),
            score: 0.0,
        });
    }
    for j in n..tgt.sentences.len() {
        beads.push(Bead {
            src: src.sentences.len()..src.sentences.len(),
            tgt: j..j + 1,
            score: 0.0,
        });
    }
    Alignment { beads }
}

/// Aligns many document pairs (a corpus job), in parallel; results in input order.
pub fn align_many(pairs: &[(Side, Side)], opts: &AlignOptions) -> Vec<Alignment> {
    use rayon::prelude::*;
    pairs
        .par_iter()
        .map(|(s, t)| align_pair(s, t, opts))
        .collect()
}
