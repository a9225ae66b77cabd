//! Checking an edits file against the documents of a job and applying it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::format::{Decision, DocumentEdits, EditsFile, FindingKind, Link};
use super::ops::Span;
use crate::align::{crossing, Alignment, Bead};
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
    let (alignment, corrected) = beads_of_spans(spans, aligned).map_err(|m| edits_error(d, m))?;
    let mut hand = HandCounts {
        corrected,
        ..HandCounts::default()
    };
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

/// The same sentences on both sides (the position of an empty side aside).
fn same_sentences(b: &Bead, s: &Span) -> bool {
    let same = |x: &Range<usize>, y: &Range<usize>| x == y || (x.is_empty() && y.is_empty());
    same(&b.src, &s.0) && same(&b.tgt, &s.1)
}

/// The beads of `spans`: the aligner's own beads as it made them (confidence, moved mark
/// while the bead still crosses another), the others made by hand (confidence 1), and how
/// many those are. Beads that pair sentences may cross in the target only where the aligner
/// paired a moved run; the problem otherwise.
fn beads_of_spans(
    spans: Vec<Span>,
    aligned: &Alignment,
) -> std::result::Result<(Alignment, usize), String> {
    let mut corrected = 0;
    let mut beads: Vec<Bead> = Vec::with_capacity(spans.len());
    // where the target stands after the last bead in order (moved beads aside): the place of
    // the empty side of a bead made by hand, as the report's edits put it
    let mut at_t = 0;
    for s in spans {
        let bead = match aligned.beads.iter().find(|b| same_sentences(b, &s)) {
            Some(b) => b.clone(),
            None => {
                corrected += 1;
                let tgt = if s.1.is_empty() { at_t..at_t } else { s.1 };
                Bead {
                    src: s.0,
                    tgt,
                    score: 1.0,
                    moved: false,
                }
            }
        };
        if !bead.moved {
            at_t = bead.tgt.end;
        }
        beads.push(bead);
    }
    check_order(&beads)?;
    let ranges: Vec<_> = beads
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone(), b.score))
        .collect();
    let beads = beads
        .into_iter()
        .zip(crossing(&ranges))
        .map(|(b, crosses)| Bead {
            moved: b.moved && crosses,
            ..b
        })
        .collect();
    Ok((Alignment { beads }, corrected))
}

/// The beads that pair sentences and are not moved ones follow the target's order.
fn check_order(beads: &[Bead]) -> std::result::Result<(), String> {
    let mut last: Option<(usize, &Bead)> = None;
    for (k, b) in beads.iter().enumerate() {
        if b.moved || b.src.is_empty() || b.tgt.is_empty() {
            continue;
        }
        if let Some((j, a)) = last.filter(|(_, a)| a.tgt.end > b.tgt.start) {
            return Err(format!(
                "bead {} ({}) crosses bead {} ({}): beads may be out of order only where the aligner paired a moved run",
                k + 1,
                targets(&b.tgt),
                j + 1,
                targets(&a.tgt)
            ));
        }
        last = Some((k, b));
    }
    Ok(())
}

/// "target sentence 3" or "target sentences 3–5".
fn targets(r: &Range<usize>) -> String {
    match r.len() {
        1 => format!("target sentence {}", r.start),
        _ => format!("target sentences {}–{}", r.start, r.end - 1),
    }
}

/// The beads of `links` as ranges, checked to be a partition of `n` source and `m` target
/// sentences (each sentence in exactly one bead, the sentences of a side of a bead
/// consecutive), listed in source order; the problem otherwise. The empty side of a bead
/// sits where the bead before it ends.
pub fn spans_of_links(
    links: &[Link],
    n: usize,
    m: usize,
) -> std::result::Result<Vec<Span>, String> {
    let mut out: Vec<Span> = Vec::with_capacity(links.len());
    let mut owner: Vec<Option<usize>> = vec![None; m];
    let mut s = 0;
    for (k, l) in links.iter().enumerate() {
        if l.src.is_empty() && l.tgt.is_empty() {
            return Err(format!("bead {} has no sentence on either side", k + 1));
        }
        let s2 = consecutive(&l.src, s, k, "source")?;
        let t0 = l
            .tgt
            .first()
            .copied()
            .unwrap_or_else(|| out.last().map_or(0, |b| b.1.end));
        let t2 = consecutive(&l.tgt, t0, k, "target")?;
        for t in t0..t2 {
            match owner.get_mut(t) {
                None => {
                    return Err(format!(
                        "bead {} has target sentence {t}, and the target has {m} sentences",
                        k + 1
                    ))
                }
                Some(Some(j)) => {
                    return Err(format!(
                        "target sentence {t} is in bead {} and in bead {} (each sentence in exactly one bead)",
                        *j + 1,
                        k + 1
                    ))
                }
                Some(o) => *o = Some(k),
            }
        }
        out.push((s..s2, t0..t2));
        s = s2;
    }
    if s != n {
        return Err(format!("the beads cover {s} of {n} source sentences"));
    }
    if let Some(t) = owner.iter().position(Option::is_none) {
        return Err(format!(
            "target sentence {t} is in no bead (each sentence in exactly one bead)"
        ));
    }
    Ok(out)
}

/// The end of a side whose sentences `ids` must be `at`, `at + 1`, ...; the problem otherwise.
fn consecutive(
    ids: &[usize],
    at: usize,
    k: usize,
    side: &str,
) -> std::result::Result<usize, String> {
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
}

#[cfg(test)]
mod tests {
    use super::super::ops::{apply as edit, apply_around_moved, Edit, Side};
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

    /// `n` 1-1 beads of which the one of source sentence `i` pairs with target sentence
    /// `j > i` (moved), the ones between shifted by one.
    fn alignment_with_a_moved_bead(n: usize, i: usize, j: usize) -> Alignment {
        let beads = (0..n)
            .map(|s| {
                let t = match s {
                    _ if s == i => j,
                    _ if s > i && s <= j => s - 1,
                    _ => s,
                };
                Bead {
                    src: s..s + 1,
                    tgt: t..t + 1,
                    score: 0.5,
                    moved: s == i,
                }
            })
            .collect();
        Alignment { beads }
    }

    proptest! {
        #[test]
        fn any_edits_around_a_moved_bead_apply_and_keep_every_sentence_once(
            n in 3usize..12,
            at in (0usize..100, 0usize..100),
            script in proptest::collection::vec((any::<u8>(), 0usize..14), 0..30),
        ) {
            let i = at.0 % (n - 1);
            let j = i + 1 + at.1 % (n - 1 - i);
            let (src, tgt) = (doc("sumber", Lang::IND, n), doc("target", Lang::ENG, n));
            let aligned = alignment_with_a_moved_bead(n, i, j);
            let moved: Vec<Span> = vec![(i..i + 1, j..j + 1)];
            let mut spans: Vec<Span> =
                aligned.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
            for code in script {
                apply_around_moved(&mut spans, &moved, an_edit(code));
            }
            let e = apply_document(&edits_of(&src, &tgt, &spans), &src, &tgt, &aligned);
            let e = e.map_err(|err| TestCaseError::fail(format!("{err} for {spans:?}")))?;
            let mut seen_t: Vec<usize> = e.alignment.beads.iter().flat_map(|b| b.tgt.clone()).collect();
            seen_t.sort_unstable();
            prop_assert_eq!(seen_t, (0..n).collect::<Vec<_>>());
            let srcs: Vec<usize> = e.alignment.beads.iter().flat_map(|b| b.src.clone()).collect();
            prop_assert_eq!(srcs, (0..n).collect::<Vec<_>>());
            let kept = e.alignment.beads.iter().any(|b| b.src == (i..i + 1) && b.tgt == (j..j + 1));
            prop_assert_eq!(e.alignment.beads.iter().filter(|b| b.moved).count() <= usize::from(kept), true);
        }
    }

    #[test]
    fn a_moved_bead_marked_wrong_leaves_every_bead_in_order() {
        let (src, tgt) = (doc("sumber", Lang::IND, 5), doc("target", Lang::ENG, 5));
        let aligned = alignment_with_a_moved_bead(5, 1, 3);
        let moved: Vec<Span> = vec![(1..2, 3..4)];
        let mut spans: Vec<Span> = aligned
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert!(!apply_around_moved(&mut spans, &moved, Edit::Merge(0)));
        assert!(!apply_around_moved(
            &mut spans,
            &moved,
            Edit::MoveToNext(0, Side::Tgt)
        ));
        assert!(apply_around_moved(&mut spans, &moved, Edit::Unlink(1)));
        assert_eq!(
            spans,
            [
                (0..1, 0..1),
                (1..2, 1..1),
                (2..3, 1..2),
                (3..4, 2..3),
                (4..4, 3..4),
                (4..5, 4..5)
            ]
        );
        let e = apply_document(&edits_of(&src, &tgt, &spans), &src, &tgt, &aligned).unwrap();
        assert!(e.alignment.beads.iter().all(|b| !b.moved));
        assert_eq!(e.hand.corrected, 2);
        let applied: Vec<Span> = e
            .alignment
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(applied, spans, "empty sides where the report put them");
        // now the neighbours touch again and can be merged
        assert!(apply_around_moved(&mut spans, &moved, Edit::Merge(3)));
        assert_eq!(spans[3], (3..4, 2..4));
        // a bead unlinked right after the moved one: its empty target side follows the
        // bead in order before it, not the moved bead's target
        let mut spans: Vec<Span> = aligned
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert!(apply_around_moved(&mut spans, &moved, Edit::Unlink(2)));
        assert_eq!(spans[2], (2..3, 1..1));
        let e = apply_document(&edits_of(&src, &tgt, &spans), &src, &tgt, &aligned).unwrap();
        assert_eq!(e.alignment.beads[2].tgt, 1..1);
        assert!(e.alignment.beads[1].moved);
    }

    #[test]
    fn beads_that_cross_without_a_moved_run_are_refused() {
        let (src, tgt) = (doc("sumber", Lang::IND, 3), doc("target", Lang::ENG, 3));
        let aligned = alignment_of(&[0], 3, 3);
        let crossed: Vec<Span> = vec![(0..1, 1..2), (1..2, 0..1), (2..3, 2..3)];
        let err =
            apply_document(&edits_of(&src, &tgt, &crossed), &src, &tgt, &aligned).unwrap_err();
        assert!(
            err.message()
                .contains("bead 2 (target sentence 0) crosses bead 1 (target sentence 1)"),
            "{err}"
        );
        let moved = alignment_with_a_moved_bead(3, 0, 1);
        let e = apply_document(&edits_of(&src, &tgt, &crossed), &src, &tgt, &moved).unwrap();
        assert_eq!(
            e.alignment, moved,
            "the aligner's own moved run is taken as it is"
        );
        let twice: Vec<Span> = vec![(0..1, 0..2), (1..2, 1..2), (2..3, 2..3)];
        let err = apply_document(&edits_of(&src, &tgt, &twice), &src, &tgt, &aligned).unwrap_err();
        assert!(
            err.message()
                .contains("target sentence 1 is in bead 1 and in bead 2"),
            "{err}"
        );
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
