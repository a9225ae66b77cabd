//! The edits a reviewer can make to the beads of a document pair, as operations on a list
//! of beads in source order. Every operation keeps the beads a partition of both documents
//! (each sentence in exactly one bead) and returns `false`, changing nothing, where it does
//! not apply. Beads the aligner paired out of order (moved beads, given as `moved`) can only
//! be unlinked; the other operations apply between neighbours that touch on both sides (in
//! an alignment without moved beads every two neighbours do). The report's script
//! (`report.js`, `ops`) implements the same operations; the browser test checks that both
//! agree.

use std::ops::Range;

/// A bead as source and target sentence ranges (an empty side keeps its position).
pub type Span = (Range<usize>, Range<usize>);

/// Which side of a bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The source sentences.
    Src,
    /// The target sentences.
    Tgt,
}

/// One edit, as the report's keys and buttons make them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Bead `k` and the next become one bead.
    Merge(usize),
    /// Bead `k` is cut after the first sentence of each side (a side with one sentence
    /// keeps it in the first part); only for a bead with two or more sentences on a side.
    Split(usize),
    /// Bead `k` is wrong: its sentences become a bead without target and a bead without
    /// source (`1-1` → `1-0` + `0-1`).
    Unlink(usize),
    /// The first sentence of a side of bead `k` moves to the end of the previous bead.
    MoveToPrevious(usize, Side),
    /// The last sentence of a side of bead `k` moves to the start of the next bead.
    MoveToNext(usize, Side),
}

fn side(b: &mut Span, s: Side) -> &mut Range<usize> {
    match s {
        Side::Src => &mut b.0,
        Side::Tgt => &mut b.1,
    }
}

fn width(b: &Span, s: Side) -> usize {
    match s {
        Side::Src => b.0.len(),
        Side::Tgt => b.1.len(),
    }
}

fn is_empty(b: &Span) -> bool {
    b.0.is_empty() && b.1.is_empty()
}

/// Applies `edit` to `beads` of an alignment without moved beads; `false` (and no change)
/// where it does not apply.
pub fn apply(beads: &mut Vec<Span>, edit: Edit) -> bool {
    apply_around_moved(beads, &[], edit)
}

/// Applies `edit` to `beads`, of which those equal to one of `moved` are moved beads;
/// `false` (and no change) where it does not apply.
pub fn apply_around_moved(beads: &mut Vec<Span>, moved: &[Span], edit: Edit) -> bool {
    let is_moved = |b: &Span| moved.contains(b);
    // two neighbours an edit may join or shift sentences between
    let touch = |a: &Span, b: &Span| {
        a.0.end == b.0.start && a.1.end == b.1.start && !is_moved(a) && !is_moved(b)
    };
    match edit {
        Edit::Merge(k) => {
            if k + 1 >= beads.len() || !touch(&beads[k], &beads[k + 1]) {
                return false;
            }
            let next = beads.remove(k + 1);
            let b = &mut beads[k];
            b.0.end = next.0.end;
            b.1.end = next.1.end;
            true
        }
        Edit::Split(k) => {
            let Some(b) = beads.get(k).cloned() else {
                return false;
            };
            if (b.0.len() < 2 && b.1.len() < 2) || is_moved(&b) {
                return false;
            }
            let cut_s = b.0.start + b.0.len().min(1);
            let cut_t = b.1.start + b.1.len().min(1);
            beads[k] = (b.0.start..cut_s, b.1.start..cut_t);
            beads.insert(k + 1, (cut_s..b.0.end, cut_t..b.1.end));
            true
        }
        Edit::Unlink(k) => {
            let Some(b) = beads.get(k).cloned() else {
                return false;
            };
            if b.0.is_empty() || b.1.is_empty() {
                return false;
            }
            if is_moved(&b) {
                unlink_moved(beads, k, &is_moved);
            } else {
                beads[k] = (b.0.clone(), b.1.start..b.1.start);
                beads.insert(k + 1, (b.0.end..b.0.end, b.1));
            }
            true
        }
        Edit::MoveToPrevious(k, s) => {
            if k == 0
                || k >= beads.len()
                || width(&beads[k], s) == 0
                || !touch(&beads[k - 1], &beads[k])
            {
                return false;
            }
            side(&mut beads[k], s).start += 1;
            side(&mut beads[k - 1], s).end += 1;
            if is_empty(&beads[k]) {
                beads.remove(k);
            }
            true
        }
        Edit::MoveToNext(k, s) => {
            if k + 1 >= beads.len() || width(&beads[k], s) == 0 || !touch(&beads[k], &beads[k + 1])
            {
                return false;
            }
            side(&mut beads[k], s).end -= 1;
            side(&mut beads[k + 1], s).start -= 1;
            if is_empty(&beads[k]) {
                beads.remove(k);
            }
            true
        }
    }
}

/// Moved bead `k` becomes a bead without target where its source is (its target position
/// after the last bead before it that is not moved) and a bead without source among the
/// beads that are not moved, after the last of them that ends before its target.
fn unlink_moved(beads: &mut Vec<Span>, k: usize, is_moved: &dyn Fn(&Span) -> bool) {
    let (src, tgt) = beads[k].clone();
    let at_t = beads[..k]
        .iter()
        .rev()
        .find(|b| !is_moved(b))
        .map_or(0, |b| b.1.end);
    beads[k] = (src, at_t..at_t);
    let after = beads
        .iter()
        .rposition(|b| !is_moved(b) && b.1.end <= tgt.start);
    let (at, at_s) = after.map_or((0, 0), |x| (x + 1, beads[x].0.end));
    beads.insert(at, (at_s..at_s, tgt));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_edit_does_what_the_report_says() {
        let start = vec![(0..2, 0..1), (2..3, 1..3), (3..4, 3..3)];
        let mut b = start.clone();
        assert!(apply(&mut b, Edit::Split(0)));
        assert_eq!(b, [(0..1, 0..1), (1..2, 1..1), (2..3, 1..3), (3..4, 3..3)]);
        let mut b = start.clone();
        assert!(apply(&mut b, Edit::Merge(1)));
        assert_eq!(b, [(0..2, 0..1), (2..4, 1..3)]);
        assert!(!apply(&mut b, Edit::Merge(1)));
        let mut b = start.clone();
        assert!(apply(&mut b, Edit::Unlink(1)));
        assert_eq!(b, [(0..2, 0..1), (2..3, 1..1), (3..3, 1..3), (3..4, 3..3)]);
        assert!(
            !apply(&mut b, Edit::Unlink(1)),
            "a 1-0 bead has nothing to unlink"
        );
        let mut b = start.clone();
        assert!(apply(&mut b, Edit::MoveToNext(0, Side::Src)));
        assert_eq!(b, [(0..1, 0..1), (1..3, 1..3), (3..4, 3..3)]);
        assert!(apply(&mut b, Edit::MoveToPrevious(2, Side::Src)));
        assert_eq!(b, [(0..1, 0..1), (1..4, 1..3)], "an emptied bead goes");
        assert!(!apply(&mut b, Edit::MoveToPrevious(0, Side::Tgt)));
    }
}
