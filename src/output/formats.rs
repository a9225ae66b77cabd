//! The line formats: links, TSV, JSONL and Moses.

use std::fmt::Write as _;

use serde::Serialize;

use super::one_line;
use crate::align::{Alignment, Bead};
use crate::check::FigureFlag;
use crate::eval::format_link;
use crate::text::Document;

/// One aligned document pair, as the writers see it.
#[derive(Debug, Clone, Copy)]
pub struct PairView<'a> {
    /// Document id (`karabakh-2020`).
    pub doc: &'a str,
    /// Source document.
    pub src: &'a Document,
    /// Target document.
    pub tgt: &'a Document,
    /// The alignment of the two.
    pub alignment: &'a Alignment,
    /// Per bead (same order as the alignment's beads): figures that differ.
    pub figures: &'a [Vec<FigureFlag>],
}

/// A bead with its texts, as written to JSONL.
#[derive(Debug, Clone, Serialize)]
pub struct BeadView<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// Source sentence indices (0-based).
    pub src_ids: Vec<usize>,
    /// Target sentence indices (0-based).
    pub tgt_ids: Vec<usize>,
    /// Bead type (`1-1`, `2-1`, `1-0`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Source text (sentences joined by a space).
    pub src: String,
    /// Target text (sentences joined by a space).
    pub tgt: String,
    /// Figures that differ between the two sides.
    pub figures: Vec<FigureView>,
    /// Paired out of order (a moved paragraph); written only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

/// A divergent figure as written to JSONL: the reason and the figure's text on each side.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// Why, e.g. `80 vs 84`.
    pub reason: String,
    /// The figure as written in the source text, if it is there.
    pub src: Option<String>,
    /// The figure as written in the target text, if it is there.
    pub tgt: Option<String>,
}

impl<'a> PairView<'a> {
    /// The text of a bead side: its sentences joined by one space, on one line.
    pub fn side_text(doc: &Document, ids: std::ops::Range<usize>) -> String {
        let mut s = String::new();
        for i in ids {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&one_line(doc.sentence(i)));
        }
        s
    }

    /// The beads with their texts.
    pub fn beads(&self) -> impl Iterator<Item = BeadView<'a>> + '_ {
        self.alignment.beads.iter().enumerate().map(|(k, b)| {
            let figs: &'a [FigureFlag] = self.figures.get(k).map(|v| v.as_slice()).unwrap_or(&[]);
            self.bead_view(b, figs)
        })
    }

    fn bead_view(&self, b: &Bead, flags: &[FigureFlag]) -> BeadView<'a> {
        let src = Self::side_text(self.src, b.src.clone());
        let tgt = Self::side_text(self.tgt, b.tgt.clone());
        let cut = |text: &str, span: &Option<std::ops::Range<usize>>| {
            span.as_ref()
                .and_then(|r| text.get(r.clone()))
                .map(str::to_string)
        };
        let figures = flags
            .iter()
            .map(|f| FigureView {
                reason: f.reason.clone(),
                src: cut(&src, &f.src_span),
                tgt: cut(&tgt, &f.tgt_span),
            })
            .collect();
        BeadView {
            doc: self.doc,
            src_lang: self.src.lang.code(),
            tgt_lang: self.tgt.lang.code(),
            src_ids: b.src.clone().collect(),
            tgt_ids: b.tgt.clone().collect(),
            kind: b.kind(),
            score: round4(b.score),
            src,
            tgt,
            figures,
            moved: b.moved,
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Link lines, `[src ids]:[tgt ids]`, one bead per line.
pub fn links(pair: &PairView) -> String {
    let mut out = String::new();
    for b in &pair.alignment.beads {
        out.push_str(&format_link(b.src.clone(), b.tgt.clone()));
        out.push('\n');
    }
    out
}

/// TSV with a header: `doc src_ids tgt_ids type score src tgt figures moved`. Ids are
/// comma-separated; tabs and line breaks inside sentences become spaces; `figures` holds
/// the reasons of divergent figures joined by `; ` (empty when none); `moved` is `1` for a
/// bead paired out of order (a moved paragraph), else `0`.
pub fn tsv(pairs: &[PairView]) -> String {
    let mut out = String::from("doc\tsrc_ids\ttgt_ids\ttype\tscore\tsrc\ttgt\tfigures\tmoved\n");
    for pair in pairs {
        for b in pair.beads() {
            let ids = |v: &[usize]| {
                v.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{:.4}\t{}\t{}\t{}\t{}",
                one_line(b.doc),
                ids(&b.src_ids),
                ids(&b.tgt_ids),
                b.kind,
                b.score,
                b.src,
                b.tgt,
                one_line(
                    &b.figures
                        .iter()
                        .map(|f| f.reason.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                u8::from(b.moved)
            );
        }
    }
    out
}

/// JSON Lines: one object per bead (see [`BeadView`]).
pub fn jsonl(pairs: &[PairView]) -> String {
    let mut out = String::new();
    for pair in pairs {
        for b in pair.beads() {
            // Serializing plain structs of strings and numbers cannot fail.
            if let Ok(line) = serde_json::to_string(&b) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// Moses format: two line-aligned texts, one line per bead (sentences of a bead joined by a
/// space; the empty side of a 1-0 or 0-1 bead is an empty line, so no sentence is lost).
pub fn moses(pairs: &[PairView]) -> (String, String) {
    let (mut s, mut t) = (String::new(), String::new());
    for pair in pairs {
        for b in &pair.alignment.beads {
            s.push_str(&PairView::side_text(pair.src, b.src.clone()));
            s.push('\n');
            t.push_str(&PairView::side_text(pair.tgt, b.tgt.clone()));
            t.push('\n');
        }
    }
    (s, t)
}
