//! Checks of aligned beads: figures that differ between the two sides.

use crate::align::Alignment;
use crate::figures;
use crate::output::PairView;
use crate::text::Document;

pub use crate::figures::FigureFinding as FigureFlag;

/// For each bead of `alignment`, the figures that differ between its two sides: the
/// findings of [`figures::compare`] on the bead texts (sentences joined by a space) when the
/// comparison says they diverge, else nothing. Beads with an empty side have no findings.
pub fn bead_figures(src: &Document, tgt: &Document, alignment: &Alignment) -> Vec<Vec<FigureFlag>> {
    alignment
        .beads
        .iter()
        .map(|b| {
            if b.src.is_empty() || b.tgt.is_empty() {
                return Vec::new();
            }
            let s = PairView::side_text(src, b.src.clone());
            let t = PairView::side_text(tgt, b.tgt.clone());
            let c = figures::compare(&s, src.lang, &t, tgt.lang);
            if c.diverged {
                c.findings
            } else {
                Vec::new()
            }
        })
        .collect()
}
