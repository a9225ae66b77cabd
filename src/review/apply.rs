//! Checking an edits file against the documents of a job and applying it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::format::{Decision, DocumentEdits, EditsFile, FindingKind, Link};
use super::ops::Span;
use crate::align::{Alignment, Bead};
use crate::check::{bead_figures, FigureFlag};
use crate::error::{Error, ErrorKind, Result};
use crate::text::Document;

/// The content hash of a document's sentences (64-bit FNV-1a over each sentence and a
/// separator, as 16 hex digits): what the report records and an edits file is checked
/// against, so that edits of a document that changed since are refused.
pub fn content_hash(doc: &Document) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in doc.sentence_texts() {
        for &b in s.as_bytes().iter().chain(&[0x1e]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// What was done by hand to a document pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandCounts {
    /// Beads that are not the aligner's (made by merging, splitting, relinking).
    pub corrected: usize,
    /// Findings accepted.
    pub accepted: usize,
    /// Findings dismissed (dismissed figures are left out of the outputs).
    pub dismissed: usize,
}

impl HandCounts {
    /// Nothing done by hand.
    pub fn is_none(&self) -> bool {
        *self == HandCounts::default()
    }
}

/// A document pair with its edits applied.
#[derive(Debug, Clone, PartialEq)]
pub struct PairEdited {
    /// The corrected beads: the aligner's beads keep their confidence, beads made by hand
    /// have confidence 1.
    pub alignment: Alignment,
    /// Per bead, the figures that differ, without the dismissed ones.
    pub figures: Vec<Vec<FigureFlag>>,
    /// What was done by hand.
    pub hand: HandCounts,
}

type Key = (String, String, String);

/// The edits of a job, by document pair.
#[derive(Debug, Default)]
pub struct Edits {
    corpus: String,
    by_pair: BTreeMap<Key, DocumentEdits>,
    applied: Mutex<BTreeSet<Key>>,
}

fn edits_error(d: &DocumentEdits, msg: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Edits,
        format!(
            "edits of document '{}' ({} → {}): {msg}",
            d.doc, d.src_lang, d.tgt_lang
        ),
    )
}

impl Edits {
    /// The edits of a file; a document pair given twice is an error.
    pub fn new(file: EditsFile) -> Result<Edits> {
        let mut by_pair = BTreeMap::new();
        for d in file.documents {
            let key = (d.doc.clone(), d.src_lang.clone(), d.tgt_lang.clone());
            if by_pair.contains_key(&key) {
                return Err(edits_error(&d, "given twice"));
            }
            by_pair.insert(key, d);
        }
        Ok(Edits {
            corpus: file.corpus,
            by_pair,
            applied: Mutex::default(),
        })
    }

    /// The corpus folder the edits were made on, as the report named it.
    pub fn corpus(&self) -> &str {
        &self.corpus
    }

    /// The edited document pairs: document id, source and target language codes.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.by_pair
            .keys()
            .map(|(d, s, t)| (d.as_str(), s.as_str(), t.as_str()))
    }

    /// The edits of document pair `doc` applied to its documents and the aligner's beads;
    /// `None` when it has no edits. Stale or bad edits are an error naming the document.
    pub fn apply_to_pair(
        &self,
        doc: &str,
        src: &Document,
        tgt: &Document,
        aligned: &Alignment,
    ) -> Result<Option<PairEdited>> {
        let key = (doc.to_string(), src.lang.code(), tgt.lang.code());
        let Some(d) = self.by_pair.get(&key) else {
            return Ok(None);
        };
        let r = apply_document(d, src, tgt, aligned)?;
        if let Ok(mut a) = self.applied.lock() {
            a.insert(key);
        }
        Ok(Some(r))
    }

    /// An error naming the edited document pairs that no [`Edits::apply_to_pair`] met (a
    /// document missing from the job, or unreadable now).
    pub fn check_all_applied(&self) -> Result<()> {
        let applied = self.applied.lock().map(|a| a.clone()).unwrap_or_default();
        let missing: Vec<String> = self
            .by_pair
            .keys()
            .filter(|k| !applied.contains(*k))
            .map(|(d, s, t)| format!("'{d}' ({s} → {t})"))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::Edits,
            format!(
                "edits of document pairs this job does not have (missing or unreadable): {}; nothing was changed",
                missing.join(", ")
            ),
        ))
    }
}

/// Applies the edits of one document pair (see [`Edits::apply_to_pair`]).
pub fn apply_document(
    d: &DocumentEdits,
    src: &Document,
    tgt: &Document,
    aligned: &Alignment,
) -> Result<PairEdited> {
    for (which, doc, hash) in [("source", src, &d.src_hash), ("target", tgt, &d.tgt_hash)] {
        let now = content_hash(doc);
        if &now != hash {
            return Err(edits_error(
                d,
                format!(
                    "the {which} document {} changed since the report (its sentences hash to {now}, the edits were made on {hash}; or the job's reading settings differ): align again and redo these edits",
                    doc.source.display()
                ),
            )
            .with_path(&doc.source));
        }
    }
    let spans = spans_of_links(&d.beads, src.sentences.len(), tgt.sentences.len())
        .map_err(|m| edits_error(d, m))?;
    let mut hand = HandCounts::default();
    let beads: Vec<Bead> = spans
        .into_iter()
        .map(
            |(s, t)| match aligned.beads.iter().find(|b| b.src == s && b.tgt == t) {
                Some(b) => b.clone(),
                None => {
                    hand.corrected += 1;
                    Bead {
                        src: s,
                        tgt: t,
                        score: 1.0,
                        moved: false,
                    }
                }
            },
        )
        .collect();
    let alignment = Alignment { beads };
    let mut figures = bead_figures(src, tgt, &alignment);
    for f in &d.findings {
        let k = alignment
            .beads
            .iter()
            .position(|b| ids(&b.src) == f.src && ids(&b.tgt) == f.tgt)
            .ok_or_else(|| {
                edits_error(
                    d,
                    format!(
                        "a decision on bead {:?} ↔ {:?}, which is not among the final beads",
                        f.src, f.tgt
                    ),
                )
            })?;
        if f.kind == FindingKind::Figure {
            let at = figures[k]
                .iter()
                .position(|x| x.reason == f.note)
                .ok_or_else(|| {
                    edits_error(
                        d,
                        format!(
                            "bead {:?} ↔ {:?} has no figure finding '{}'",
                            f.src, f.tgt, f.note
                        ),
                    )
                })?;
            if f.decision == Decision::Dismiss {
                figures[k].remove(at);
            }
        }
        match f.decision {
            Decision::Accept => hand.accepted += 1,
            Decision::Dismiss => hand.dismissed += 1,
        }
    }
    Ok(PairEdited {
        alignment,
        figures,
        hand,
    })
}

fn ids(r: &Range<usize>) -> Vec<usize> {
    r.clone().collect()
}

/// The beads of `links` as ranges, checked to be a partition of `n` source and `m` target
/// sentences in order; the problem otherwise.
pub fn spans_of_links(
    links: &[Link],
    n: usize,
    m: usize,
) -> std::result::Result<Vec<Span>, String> {
    let mut out = Vec::with_capacity(links.len());
    let (mut s, mut t) = (0, 0);
    for (k, l) in links.iter().enumerate() {
        if l.src.is_empty() && l.tgt.is_empty() {
            return Err(format!("bead {} has no sentence on either side", k + 1));
        }
        let next = |ids: &[usize], at: usize, side: &str| {
            for (i, &x) in ids.iter().enumerate() {
                if x != at + i {
                    return Err(format!(
                        "bead {} has {side} sentence {x} where sentence {} comes next (each sentence in exactly one bead, in order)",
                        k + 1,
                        at + i
                    ));
                }
            }
            Ok(at + ids.len())
        };
        let (s2, t2) = (next(&l.src, s, "source")?, next(&l.tgt, t, "target")?);
        out.push((s..s2, t..t2));
        (s, t) = (s2, t2);
    }
    if s != n || t != m {
        return Err(format!(
            "the beads cover {s} of {n} source and {t} of {m} target sentences"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::ops::{apply as edit, Edit, Side};
    use super::*;
    use crate::lang::Lang;
    use crate::output::{links, tsv, PairView};
    use crate::text::ReadOptions;
    use proptest::prelude::*;
    use std::path::Path;

    fn doc(name: &str, lang: Lang, n: usize) -> Document {
        let text: String = (0..n).map(|i| format!("{name} sentence {i}.\n")).collect();
        let opts = ReadOptions {
            presegmented: true,
            ..Default::default()
        };
        Document::from_text(Path::new(name), &text, lang, &opts).unwrap()
    }

    /// A partition of `n` and `m` sentences into beads, steered by `choices`.
    fn alignment_of(choices: &[u8], n: usize, m: usize) -> Alignment {
        let (mut s, mut t, mut beads) = (0, 0, Vec::new());
        let mut c = choices.iter().cycle();
        while s < n || t < m {
            let (ds, dt) = match c.next().map(|x| x % 5).unwrap_or(0) {
                0 => (1, 1),
                1 => (1, 0),
                2 => (0, 1),
                3 => (2, 1),
                _ => (1, 2),
            };
            let (ds, dt) = (ds.min(n - s), dt.min(m - t));
            let (ds, dt) = if ds + dt == 0 {
                (usize::from(s < n), usize::from(s >= n))
            } else {
                (ds, dt)
            };
            beads.push(Bead {
                src: s..s + ds,
                tgt: t..t + dt,
                score: 0.5,
                moved: false,
            });
            (s, t) = (s + ds, t + dt);
        }
        Alignment { beads }
    }

    fn edits_of(src: &Document, tgt: &Document, spans: &[Span]) -> DocumentEdits {
        DocumentEdits {
            doc: "d".into(),
            src_lang: "id".into(),
            tgt_lang: "en".into(),
            src_hash: content_hash(src),
            tgt_hash: content_hash(tgt),
            beads: spans
                .iter()
                .map(|(s, t)| Link {
                    src: s.clone().collect(),
                    tgt: t.clone().collect(),
                })
                .collect(),
            findings: Vec::new(),
        }
    }

    fn an_edit(code: (u8, usize)) -> Edit {
        let (op, k) = code;
        match op % 7 {
            0 => Edit::Merge(k),
            1 => Edit::Split(k),
            2 => Edit::Unlink(k),
            3 => Edit::MoveToPrevious(k, Side::Src),
            4 => Edit::MoveToPrevious(k, Side::Tgt),
            5 => Edit::MoveToNext(k, Side::Src),
            _ => Edit::MoveToNext(k, Side::Tgt),
        }
    }

    proptest! {
        #[test]
        fn every_sentence_is_in_the_outputs_exactly_once_after_any_edits(
            n in 1usize..12,
            m in 1usize..12,
            choices in proptest::collection::vec(any::<u8>(), 1..20),
            script in proptest::collection::vec((any::<u8>(), 0usize..14), 0..30),
        ) {
            let (src, tgt) = (doc("sumber", Lang::IND, n), doc("target", Lang::ENG, m));
            let aligned = alignment_of(&choices, n, m);
            let mut spans: Vec<Span> =
                aligned.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
            for code in script {
                edit(&mut spans, an_edit(code));
            }
            let e = apply_document(&edits_of(&src, &tgt, &spans), &src, &tgt, &aligned).unwrap();
            let figs = vec![Vec::new(); e.alignment.beads.len()];
            let view = PairView { doc: "d", src: &src, tgt: &tgt, alignment: &e.alignment, figures: &figs };
            // the links: each index once, in order
            let (mut seen_s, mut seen_t) = (Vec::new(), Vec::new());
            for line in links(&view).lines() {
                let (a, b) = line.split_once(':').unwrap();
                let ids = |x: &str| -> Vec<usize> {
                    x.trim_matches(['[', ']']).split(',').filter(|v| !v.trim().is_empty()).map(|v| v.trim().parse().unwrap()).collect()
                };
                seen_s.extend(ids(a));
                seen_t.extend(ids(b));
            }
            prop_assert_eq!(seen_s, (0..n).collect::<Vec<_>>());
            prop_assert_eq!(seen_t, (0..m).collect::<Vec<_>>());
            // the TSV: each sentence's text once
            let table = tsv(std::slice::from_ref(&view));
            for (d, k) in [(&src, n), (&tgt, m)] {
                for i in 0..k {
                    prop_assert_eq!(table.matches(&format!("{} sentence {i}.", if d.lang == Lang::IND { "sumber" } else { "target" })).count(), 1);
                }
            }
            let unchanged = e.alignment.beads.iter().filter(|b| aligned.beads.contains(b)).count();
            prop_assert_eq!(e.hand.corrected, e.alignment.beads.len() - unchanged);
        }
    }

    #[test]
    fn stale_or_broken_edits_name_the_document() {
        let (src, tgt) = (doc("sumber", Lang::IND, 3), doc("target", Lang::ENG, 3));
        let aligned = alignment_of(&[0], 3, 3);
        let spans: Vec<Span> = vec![(0..2, 0..2), (2..3, 2..3)];
        let good = edits_of(&src, &tgt, &spans);
        let e = apply_document(&good, &src, &tgt, &aligned).unwrap();
        assert_eq!(e.hand.corrected, 1);
        assert_eq!(e.alignment.beads[0].score, 1.0);
        assert_eq!(e.alignment.beads[1], aligned.beads[2]);
        let changed = doc("target", Lang::ENG, 4);
        let err = apply_document(&good, &src, &changed, &aligned).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Edits);
        assert!(
            err.message().contains("'d'") && err.message().contains("changed since"),
            "{err}"
        );
        let mut gap = good.clone();
        gap.beads[1].src = vec![];
        let err = apply_document(&gap, &src, &tgt, &aligned).unwrap_err();
        assert!(err.message().contains("cover 2 of 3 source"), "{err}");
        let mut crossed = good.clone();
        crossed.beads[0].tgt = vec![0, 2];
        let err = apply_document(&crossed, &src, &tgt, &aligned).unwrap_err();
        assert!(
            err.message().contains("target sentence 2 where sentence 1"),
            "{err}"
        );
    }
}
