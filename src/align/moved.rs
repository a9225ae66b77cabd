//! Moved runs. A monotone search cannot pair a paragraph that one version moved elsewhere:
//! its sentences come out as 1-0 beads on one side and 0-1 beads on the other, or pulled onto
//! wrong partners near where they would have been. After the monotone search, in rounds:
//!
//! 1. the sentences left without counterpart form runs on each side. Each run (in pieces of
//!    at most [`PIECE`] sentences) looks its anchor keys up in an index of the other side
//!    and keeps the [`SHORTLIST`] places that share the most evidence with it: no two
//!    stretches are compared unless they share a key, so the cost follows the shared keys,
//!    not the product of the sides. From the second round on, the sentences right before
//!    and after each moved bead are looked at too (a moved paragraph is moved whole);
//! 2. each shortlisted window of the grid is aligned in full by the same dynamic program
//!    and bead model, nulls allowed. Its pairing beads, in runs that continue one another
//!    (blocks), are candidates: a block gains what its beads gain over leaving their
//!    sentences unaligned, less what the beads of the monotone path it takes sentences
//!    from gained, less the cost of a move ([`MOVE_COST`]; nothing for a block continuing a
//!    moved one);
//! 3. blocks are taken greedily by gain, each sentence once;
//! 4. the rest of the document is aligned again, monotone, with the moved sentences out of
//!    the way (skipped), and the round is kept only when the whole document scores higher
//!    than before it.
//!
//! The beads come out in source order; a bead of this pass that crosses another is marked
//! as moved. With `SELARAS_TRACE_MOVED` set, each round is written to standard error (see
//! [`trace`]; `tools/moved-misses.py` reads it).

use std::ops::Range;

use crate::parallel::map_ordered;

use super::dp::{
    search_full, search_near, Band, Found, NullRuns, Scoring, SearchConfig, MAX_RUN, TYPES,
};
use super::features::{FastMap, FastSet, Feat};
use super::model::{Buf, Cache, Scorer, NTYPES};
use super::Ranges;

mod trace;

/// Source sentences per window (longer runs are looked at in overlapping pieces).
const PIECE: usize = 24;

/// Places of the other side tried per piece of a run.
const SHORTLIST: usize = 3;

/// Keys held by more sentences than this are not looked up (too common to point anywhere).
const MAX_POSTINGS: usize = 64;

/// Log-odds against a block of beads being moved, in nats: what a block must gain to be
/// taken out of order (a block continuing a moved bead pays nothing more; each of its beads
/// must gain something).
const MOVE_COST: f64 = 12.0;

/// Rounds of the pass at most.
const ROUNDS: usize = 3;

/// Index of the 1-0 and 0-1 bead types in [`TYPES`].
const SRC_NULL: usize = 1;
const TGT_NULL: usize = 2;

/// A bead found by this pass: its sentences, its posterior in its window, its score, its
/// gain over leaving its sentences unaligned and what the beads of the monotone path it
/// takes sentences from gained.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    src: Range<usize>,
    tgt: Range<usize>,
    /// The window it was found in and its place in the window's path: its posterior is
    /// computed only once it is taken ([`Context::fill_posteriors`]).
    found_in: (Range<usize>, Range<usize>, usize),
    /// 0 until [`Context::fill_posteriors`].
    posterior: f64,
    score: f64,
    gain: f64,
    loss: f64,
}

impl Candidate {
    fn net(&self) -> f64 {
        self.gain - self.loss
    }
}

/// Beads of one window that continue one another (each starts at most one sentence after
/// the one before on both sides): one move.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    beads: Vec<Candidate>,
    /// The cost of the move.
    cost: f64,
    /// What the block gains over the path it changes, less the cost of the move.
    gain: f64,
}

impl Block {
    /// A block; `continues` when it continues a bead moved before.
    fn new(beads: Vec<Candidate>, continues: bool) -> Block {
        let cost = if continues { 0.0 } else { MOVE_COST };
        Block {
            gain: beads.iter().map(Candidate::net).sum::<f64>() - cost,
            cost,
            beads,
        }
    }

    fn key(&self) -> (usize, usize, usize) {
        let first = &self.beads[0];
        (first.src.start, first.tgt.start, self.beads.len())
    }

    /// The sum of the scores of its beads less the cost of the move.
    fn score(&self) -> f64 {
        self.beads.iter().map(|c| c.score).sum::<f64>() - self.cost
    }
}

/// The scores of leaving one source or one target sentence unaligned.
struct NullScores {
    src: f64,
    tgt: f64,
}

impl NullScores {
    fn new(sc: &Scorer, empty: &Cache) -> NullScores {
        let mut buf = Buf::default();
        NullScores {
            src: sc.score(SRC_NULL, 0, 0, empty, &mut buf),
            tgt: sc.score(TGT_NULL, 0, 0, empty, &mut buf),
        }
    }

    /// The gain of a bead of type `t` scoring `score` over leaving its sentences unaligned.
    fn gain(&self, t: usize, score: f64) -> f64 {
        let (a, b) = TYPES[t];
        score - a as f64 * self.src - b as f64 * self.tgt
    }
}

/// The document with some sentences moved out of the way: a moved sentence can only be
/// skipped (a 1-0 or 0-1 bead scoring 0), no other bead may hold it.
struct Masked<'a> {
    inner: &'a Scorer,
    /// Prefix counts of the moved sentences of each side.
    taken_s: Vec<u32>,
    taken_t: Vec<u32>,
}

impl<'a> Masked<'a> {
    fn new(inner: &'a Scorer, moved: &[Candidate]) -> Masked<'a> {
        let (n, m) = inner.dims();
        Masked {
            inner,
            taken_s: prefix_counts(n, moved.iter().map(|c| c.src.clone())),
            taken_t: prefix_counts(m, moved.iter().map(|c| c.tgt.clone())),
        }
    }

    fn taken(&self, t: usize, i: usize, j: usize) -> (u32, u32) {
        let (a, b) = TYPES[t];
        (
            self.taken_s[i + a] - self.taken_s[i],
            self.taken_t[j + b] - self.taken_t[j],
        )
    }

    /// True for the bead skipping a moved sentence.
    fn is_skip(&self, t: usize, i: usize, j: usize) -> bool {
        matches!(
            (t, self.taken(t, i, j)),
            (SRC_NULL, (1, _)) | (TGT_NULL, (_, 1))
        )
    }
}

impl Scoring for Masked<'_> {
    type Cache = Cache;
    type Buf = Buf;

    fn cache(&self, band: &Band) -> Cache {
        self.inner.cache(band)
    }

    fn dims(&self) -> (usize, usize) {
        self.inner.dims()
    }

    fn null_runs(&self) -> NullRuns {
        self.inner.null_runs()
    }

    fn score(&self, t: usize, i: usize, j: usize, cache: &Cache, buf: &mut Buf) -> f64 {
        match self.taken(t, i, j) {
            (0, 0) => self.inner.score(t, i, j, cache, buf),
            _ if self.is_skip(t, i, j) => 0.0,
            _ => f64::NEG_INFINITY,
        }
    }

    /// The beads that hold no moved sentence are scored together by the document's scorer
    /// (the keys of the sentence pairs of a cell gathered once; the same scores as
    /// [`Scoring::score`]), the others one at a time.
    fn score_ending(
        &self,
        i: usize,
        j: usize,
        valid: u16,
        cache: &Cache,
        buf: &mut Buf,
        out: &mut [f32],
    ) {
        self.score_cell(i, j, valid, cache, buf, out, |clear, buf, out| {
            self.inner.score_ending(i, j, clear, cache, buf, out)
        });
    }
}

impl Masked<'_> {
    /// [`Scoring::score_ending`] with `inner` scoring the beads that hold no moved sentence
    /// (given their bits), as the document's scorer does.
    #[allow(clippy::too_many_arguments)]
    fn score_cell(
        &self,
        i: usize,
        j: usize,
        valid: u16,
        cache: &Cache,
        buf: &mut Buf,
        out: &mut [f32],
        inner: impl FnOnce(u16, &mut Buf, &mut [f32]),
    ) {
        let mut clear = 0u16;
        for (t, &(a, b)) in TYPES.iter().enumerate() {
            if valid & 1 << t != 0 && self.taken(t, i - a, j - b) == (0, 0) {
                clear |= 1 << t;
            }
        }
        inner(clear, buf, out);
        for (t, &(a, b)) in TYPES.iter().enumerate() {
            if valid & !clear & 1 << t != 0 {
                out[t] = self.score(t, i - a, j - b, cache, buf) as f32;
            }
        }
    }
}

/// The scores the document's scorer gives the beads ending in the cells of the windows
/// searched so far (every type of bead that starts in the grid), kept across the rounds of
/// the pass: windows overlap, and each round searches much of the grid the round before
/// did. A bead's score depends on nothing but the bead, so these are the scores the
/// windows would compute.
#[derive(Default)]
struct CellScores(FastMap<Cell, [f32; NTYPES]>);

/// A cell of the grid: `(source boundary, target boundary)`.
type Cell = (usize, usize);

/// The source and target sentences of a window.
type WindowRanges = (Range<usize>, Range<usize>);

impl CellScores {
    /// Scores the cells of `windows` not scored yet (each in the first window that holds
    /// it, the windows in parallel).
    fn add(&mut self, sc: &Scorer, windows: &[(Range<usize>, Range<usize>)]) {
        let mut new: FastSet<Cell> = FastSet::default();
        let cells: Vec<Vec<Cell>> = windows
            .iter()
            .map(|(s, t)| {
                (s.start..=s.end)
                    .flat_map(|i| (t.start..=t.end).map(move |j| (i, j)))
                    .filter(|c| !self.0.contains_key(c) && new.insert(*c))
                    .collect()
            })
            .collect();
        let jobs: Vec<(&WindowRanges, &Vec<Cell>)> = windows.iter().zip(&cells).collect();
        let scored = map_ordered(&jobs, 2, |((s, t), cells)| Self::score(sc, s, t, cells));
        self.0.extend(scored.into_iter().flat_map(|c| c.0));
    }

    /// The scores of `cells` of the window `src` × `tgt`, every type of bead that starts in
    /// the grid.
    fn score(sc: &Scorer, src: &Range<usize>, tgt: &Range<usize>, cells: &[Cell]) -> Self {
        let mut out = CellScores::default();
        if cells.is_empty() {
            return out;
        }
        let cache = sc.window_cache(src, tgt);
        let mut buf = Buf::default();
        for &(i, j) in cells {
            let mut scores = [f32::NEG_INFINITY; NTYPES];
            let in_grid = TYPES
                .iter()
                .enumerate()
                .filter(|(_, &(a, b))| i >= a && j >= b)
                .fold(0u16, |m, (t, _)| m | 1 << t);
            sc.score_ending(i, j, in_grid, &cache, &mut buf, &mut scores);
            out.0.insert((i, j), scores);
        }
        out
    }

    /// Copies the scores of the beads of `types` ending at `(i, j)` into `out`; false when
    /// the cell was not scored.
    fn copy(&self, i: usize, j: usize, types: u16, out: &mut [f32]) -> bool {
        let Some(scores) = self.0.get(&(i, j)) else {
            return false;
        };
        for (t, x) in out.iter_mut().enumerate().take(NTYPES) {
            if types & 1 << t != 0 {
                *x = scores[t];
            }
        }
        true
    }
}

/// The monotone path of a round as the pass sees it: the bead holding each sentence, what
/// each bead gains over leaving its sentences unaligned (0 for 1-0, 0-1 and skips), and
/// which sentences it leaves unaligned (moved ones are not).
struct Current {
    owner_s: Vec<usize>,
    owner_t: Vec<usize>,
    gain: Vec<f64>,
    null_s: Vec<bool>,
    null_t: Vec<bool>,
}

impl Current {
    fn new(sc: &Masked, empty: &Cache, nulls: &NullScores, path: &Found) -> Current {
        let (n, m) = sc.dims();
        let mut cur = Current {
            owner_s: vec![0; n],
            owner_t: vec![0; m],
            gain: Vec::with_capacity(path.path.len()),
            null_s: vec![false; n],
            null_t: vec![false; m],
        };
        let mut buf = Buf::default();
        for (k, st) in path.path.iter().enumerate() {
            let (a, b) = TYPES[st.t];
            (st.i..st.i + a).for_each(|i| cur.owner_s[i] = k);
            (st.j..st.j + b).for_each(|j| cur.owner_t[j] = k);
            let skip = sc.is_skip(st.t, st.i, st.j);
            match (a, b) {
                (1, 0) => cur.null_s[st.i] = !skip,
                (0, 1) => cur.null_t[st.j] = !skip,
                _ => {}
            }
            cur.gain.push(if a == 0 || b == 0 {
                0.0
            } else {
                nulls.gain(st.t, sc.score(st.t, st.i, st.j, empty, &mut buf))
            });
        }
        cur
    }

    /// What the beads holding these sentences gain.
    fn loss(&self, src: &Range<usize>, tgt: &Range<usize>) -> f64 {
        let mut owners: Vec<usize> = src
            .clone()
            .map(|i| self.owner_s[i])
            .chain(tgt.clone().map(|j| self.owner_t[j]))
            .collect();
        owners.sort_unstable();
        owners.dedup();
        owners.iter().map(|&k| self.gain[k]).sum()
    }
}

/// The result of the pass.
pub(crate) struct Realigned {
    /// The monotone search of the rest of the document (moved sentences as 1-0 / 0-1
    /// beads), a guide for later searches.
    pub guide: Found,
    /// Every bead as `(source, target, confidence)`, in source order.
    pub beads: Ranges,
    /// Per bead: paired by this pass and crossing another bead.
    pub moved: Vec<bool>,
}

/// Pairs the unaligned runs of `found` (the best monotone path of `sc`) out of order where
/// the whole document scores higher for it; `None` when nothing moved.
pub(crate) fn realign(sc: &Scorer, cfg: &SearchConfig, found: &Found) -> Option<Realigned> {
    trace::start(sc.dims());
    let empty = sc.empty_cache();
    let nulls = NullScores::new(sc, &empty);
    let mut moved: Vec<Candidate> = Vec::new();
    let mut moved_score = 0.0;
    let mut rest: Option<Found> = None;
    let mut cells = CellScores::default();
    for round in 0..ROUNDS {
        let masked = Masked::new(sc, &moved);
        let path = rest.as_ref().unwrap_or(found);
        let current = Current::new(&masked, &empty, &nulls, path);
        let mut windows = run_windows(sc.feats(), &current);
        if round > 0 {
            windows.extend(neighbour_windows(&moved, sc.dims()));
        }
        windows.sort_by_key(|(s, t)| (s.start, s.end, t.start, t.end));
        windows.dedup();
        cells.add(sc, &windows);
        let ctx = Context {
            sc: &masked,
            cells: &cells,
            empty: &empty,
            nulls: &nulls,
            current: &current,
            moved: Ends::new(&moved),
        };
        let mut candidates: Vec<Block> = map_ordered(&windows, 2, |(s, t): &WindowRanges| {
            ctx.blocks(ctx.window_beads(s.clone(), t.clone()))
        })
        .into_iter()
        .flatten()
        .collect();
        candidates.sort_by(|a, b| {
            b.gain
                .total_cmp(&a.gain)
                .then_with(|| a.key().cmp(&b.key()))
        });
        trace::round(round, &current, &windows, &candidates);
        let chosen = take_greedily(candidates, &masked);
        if chosen.is_empty() {
            break;
        }
        let score: f64 = chosen.iter().map(Block::score).sum();
        let chosen_keys: Vec<_> = chosen.iter().map(Block::key).collect();
        let mut all = moved.clone();
        all.extend(chosen.into_iter().flat_map(|b| b.beads));
        let next = search_near(&Masked::new(sc, &all), cfg, path.path.clone());
        let before = path.score + moved_score;
        let after = next.score + moved_score + score;
        trace::verdict(round, &chosen_keys, before, after);
        if after <= before {
            break;
        }
        ctx.fill_posteriors(&mut all[moved.len()..]);
        moved = all;
        moved_score += score;
        rest = Some(next);
    }
    let rest = rest?;
    moved.sort_by_key(|c| (c.src.start, c.tgt.start));
    let (beads, flags) = assemble(&Masked::new(sc, &moved), &rest, &moved);
    Some(Realigned {
        guide: rest,
        beads,
        moved: flags,
    })
}

/// Maximal runs of `true`.
fn runs(flags: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &f) in flags.iter().chain(std::iter::once(&false)).enumerate() {
        match (f, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Overlapping pieces of at most [`PIECE`] sentences covering each run.
fn pieces(runs: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for r in runs {
        let mut s = r.start;
        loop {
            let e = (s + PIECE).min(r.end);
            out.push(s..e);
            if e == r.end {
                break;
            }
            s += PIECE / 2;
        }
    }
    out
}

/// For each piece of `runs` (sentences of one side), the windows of the other side around
/// the (at most [`SHORTLIST`]) places that share the most key weight with it:
/// `(piece, window)`. Only the keys of the pieces are indexed.
fn shortlist(
    from: &[Feat],
    to: &[Feat],
    runs: &[Range<usize>],
) -> Vec<(Range<usize>, Range<usize>)> {
    let wanted: FastSet<u32> = runs
        .iter()
        .flat_map(|r| r.clone())
        .flat_map(|i| from[i].keys.iter().copied())
        .collect();
    let mut postings: FastMap<u32, Vec<usize>> = FastMap::default();
    for (j, f) in to.iter().enumerate() {
        for k in f.keys.iter().filter(|k| wanted.contains(k)) {
            postings.entry(*k).or_default().push(j);
        }
    }
    let total = to.len() as f64;
    let mut out = Vec::new();
    for piece in pieces(runs) {
        let mut weight: FastMap<usize, f64> = FastMap::default();
        for i in piece.clone() {
            for k in &from[i].keys {
                let Some(p) = postings.get(k).filter(|p| p.len() <= MAX_POSTINGS) else {
                    continue;
                };
                let w = ((total + 1.0) / p.len() as f64).ln();
                for &j in p {
                    *weight.entry(j).or_default() += w;
                }
            }
        }
        let mut hits: Vec<(usize, f64)> = weight.into_iter().collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let reach = piece.len() + MAX_RUN;
        let mut windows: Vec<Range<usize>> = Vec::new();
        for &(j, _) in &hits {
            if windows.len() == SHORTLIST {
                break;
            }
            if windows.iter().any(|w| w.contains(&j)) {
                continue;
            }
            let near = hits
                .iter()
                .map(|h| h.0)
                .filter(|&x| x + reach >= j && x <= j + reach);
            let (lo, hi) = near.fold((j, j), |(lo, hi), x| (lo.min(x), hi.max(x)));
            windows.push(lo.saturating_sub(MAX_RUN)..(hi + 1 + MAX_RUN).min(to.len()));
        }
        out.extend(windows.into_iter().map(|w| (piece.clone(), w)));
    }
    out
}

/// The windows around the places the unaligned runs of each side share keys with.
fn run_windows(
    f: &super::features::PairFeats,
    current: &Current,
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut windows = shortlist(&f.src, &f.tgt, &runs(&current.null_s));
    windows.extend(
        shortlist(&f.tgt, &f.src, &runs(&current.null_t))
            .into_iter()
            .map(|(t, s)| (s, t)),
    );
    windows
}

/// The windows right before and right after each moved bead.
fn neighbour_windows(
    moved: &[Candidate],
    (n, m): (usize, usize),
) -> Vec<(Range<usize>, Range<usize>)> {
    let reach = 2 * MAX_RUN;
    moved
        .iter()
        .flat_map(|c| {
            [
                (
                    c.src.end..(c.src.end + reach).min(n),
                    c.tgt.end..(c.tgt.end + reach).min(m),
                ),
                (
                    c.src.start.saturating_sub(reach)..c.src.start,
                    c.tgt.start.saturating_sub(reach)..c.tgt.start,
                ),
            ]
        })
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .collect()
}

/// Where the moved beads start and end, to tell a block that continues one.
struct Ends {
    ends: FastSet<(usize, usize)>,
    starts: FastSet<(usize, usize)>,
}

impl Ends {
    fn new(moved: &[Candidate]) -> Ends {
        Ends {
            ends: moved.iter().map(|c| (c.src.end, c.tgt.end)).collect(),
            starts: moved.iter().map(|c| (c.src.start, c.tgt.start)).collect(),
        }
    }

    /// True when `first` starts right after a moved bead (at most one sentence between, on
    /// each side) or `last` ends right before one.
    fn continued(&self, first: &Candidate, last: &Candidate) -> bool {
        [(0, 0), (0, 1), (1, 0), (1, 1)].iter().any(|&(x, y)| {
            (first.src.start >= x
                && first.tgt.start >= y
                && self
                    .ends
                    .contains(&(first.src.start - x, first.tgt.start - y)))
                || self.starts.contains(&(last.src.end + x, last.tgt.end + y))
        })
    }
}

/// What scoring the windows of a round needs.
struct Context<'a> {
    sc: &'a Masked<'a>,
    cells: &'a CellScores,
    empty: &'a Cache,
    nulls: &'a NullScores,
    current: &'a Current,
    moved: Ends,
}

/// A window of the grid: source sentences `src`, target sentences `tgt`, scored by the
/// document's scorer (moved sentences only skipped).
struct Window<'a> {
    inner: &'a Masked<'a>,
    cells: &'a CellScores,
    src: Range<usize>,
    tgt: Range<usize>,
}

impl Scoring for Window<'_> {
    type Cache = Cache;
    type Buf = Buf;

    /// The keys shared by every sentence pair of the window, gathered once.
    fn cache(&self, _: &Band) -> Cache {
        self.inner.inner.window_cache(&self.src, &self.tgt)
    }

    fn dims(&self) -> (usize, usize) {
        (self.src.len(), self.tgt.len())
    }

    fn null_runs(&self) -> NullRuns {
        self.inner.null_runs()
    }

    fn score(&self, t: usize, i: usize, j: usize, cache: &Cache, buf: &mut Buf) -> f64 {
        self.inner
            .score(t, self.src.start + i, self.tgt.start + j, cache, buf)
    }

    fn score_ending(
        &self,
        i: usize,
        j: usize,
        valid: u16,
        cache: &Cache,
        buf: &mut Buf,
        out: &mut [f32],
    ) {
        let (i, j) = (self.src.start + i, self.tgt.start + j);
        self.inner
            .score_cell(i, j, valid, cache, buf, out, |clear, buf, out| {
                if !self.cells.copy(i, j, clear, out) {
                    self.inner.inner.score_ending(i, j, clear, cache, buf, out);
                }
            });
    }
}

impl Context<'_> {
    /// The search of a window (every cell), with posteriors when `with_posteriors`.
    fn search_window(
        &self,
        src: &Range<usize>,
        tgt: &Range<usize>,
        with_posteriors: bool,
    ) -> Found {
        let w = Window {
            inner: self.sc,
            cells: self.cells,
            src: src.clone(),
            tgt: tgt.clone(),
        };
        search_full(&w, with_posteriors)
    }

    /// The beads pairing sentences of the best alignment of a window, in path order (their
    /// posteriors not computed yet: most are never taken).
    fn window_beads(&self, src: Range<usize>, tgt: Range<usize>) -> Vec<Candidate> {
        let found = self.search_window(&src, &tgt, false);
        let mut buf = Buf::default();
        found
            .path
            .iter()
            .enumerate()
            .filter_map(|(k, st)| {
                let (a, b) = TYPES[st.t];
                if a == 0 || b == 0 {
                    return None;
                }
                let (i, j) = (src.start + st.i, tgt.start + st.j);
                let score = self.sc.score(st.t, i, j, self.empty, &mut buf);
                let (s, t) = (i..i + a, j..j + b);
                Some(Candidate {
                    loss: self.current.loss(&s, &t),
                    src: s,
                    tgt: t,
                    found_in: (src.clone(), tgt.clone(), k),
                    posterior: 0.0,
                    score,
                    gain: self.nulls.gain(st.t, score),
                })
            })
            .collect()
    }

    /// Sets the posterior of each of `taken` in the window it was found in: the windows of
    /// the taken beads are searched once more, with posteriors (the same search, so the
    /// same path).
    fn fill_posteriors(&self, taken: &mut [Candidate]) {
        let mut windows: Vec<(Range<usize>, Range<usize>)> = taken
            .iter()
            .map(|c| (c.found_in.0.clone(), c.found_in.1.clone()))
            .collect();
        windows.sort_by_key(|(s, t)| (s.start, s.end, t.start, t.end));
        windows.dedup();
        let posteriors: Vec<Vec<f64>> = map_ordered(&windows, 2, |(s, t)| {
            self.search_window(s, t, true).posteriors
        });
        for c in taken {
            let (s, t, k) = &c.found_in;
            if let Some(w) = windows.iter().position(|w| (&w.0, &w.1) == (s, t)) {
                c.posterior = posteriors[w][*k];
            }
        }
    }

    /// The pairing beads of a window (in path order) in blocks of beads that continue one
    /// another, each bead gaining something over the path it changes.
    fn blocks(&self, beads: Vec<Candidate>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut cur: Vec<Candidate> = Vec::new();
        let mut close = |cur: &mut Vec<Candidate>| {
            if let (Some(first), Some(last)) = (cur.first(), cur.last()) {
                let continues = self.moved.continued(first, last);
                out.push(Block::new(std::mem::take(cur), continues));
            }
        };
        for c in beads {
            let continues = cur
                .last()
                .is_some_and(|p| c.src.start <= p.src.end + 1 && c.tgt.start <= p.tgt.end + 1);
            let worth = c.net() > 0.0;
            if !worth || !continues {
                close(&mut cur);
            }
            if worth {
                cur.push(c);
            }
        }
        close(&mut cur);
        out
    }
}

/// The blocks (best first) that pay for their move, each sentence in one block.
fn take_greedily(blocks: Vec<Block>, sc: &Masked) -> Vec<Block> {
    let (n, m) = sc.dims();
    let (mut taken_s, mut taken_t) = (vec![false; n], vec![false; m]);
    let mut out = Vec::new();
    for b in blocks {
        if b.gain <= 0.0 {
            break;
        }
        let free = b
            .beads
            .iter()
            .all(|c| !c.src.clone().any(|i| taken_s[i]) && !c.tgt.clone().any(|j| taken_t[j]));
        if free {
            for c in &b.beads {
                c.src.clone().for_each(|i| taken_s[i] = true);
                c.tgt.clone().for_each(|j| taken_t[j] = true);
            }
            out.push(b);
        }
    }
    out
}

/// Prefix counts of the sentences of `ranges` among `n`.
fn prefix_counts(n: usize, ranges: impl Iterator<Item = Range<usize>>) -> Vec<u32> {
    let mut flags = vec![0u32; n + 1];
    for r in ranges {
        r.for_each(|i| flags[i + 1] = 1);
    }
    for i in 1..=n {
        flags[i] += flags[i - 1];
    }
    flags
}

/// The beads of the rest (its path without the skips) and the moved ones, in source order
/// (a moved bead before the first bead of the rest that starts after it; a 0-1 bead where
/// the source is at), and which of them are moved beads that cross another bead.
fn assemble(masked: &Masked, rest: &Found, chosen: &[Candidate]) -> (Ranges, Vec<bool>) {
    let mut beads = Vec::with_capacity(rest.path.len());
    let mut from_pass = Vec::with_capacity(rest.path.len());
    let mut next = chosen.iter().peekable();
    for (st, &p) in rest.path.iter().zip(&rest.posteriors) {
        if masked.is_skip(st.t, st.i, st.j) {
            continue;
        }
        let (a, b) = TYPES[st.t];
        while let Some(c) = next.next_if(|c| c.src.start < st.i) {
            beads.push((c.src.clone(), c.tgt.clone(), c.posterior));
            from_pass.push(true);
        }
        // a 0-1 bead sits where the source is at (after the moved beads before it)
        let at = if a == 0 {
            beads.last().map_or(0, |x: &(Range<usize>, _, _)| x.0.end)
        } else {
            st.i
        };
        beads.push((at..at + a, st.j..st.j + b, p));
        from_pass.push(false);
    }
    for c in next {
        beads.push((c.src.clone(), c.tgt.clone(), c.posterior));
        from_pass.push(true);
    }
    let crossing = crossing(&beads);
    let moved = from_pass
        .iter()
        .zip(crossing)
        .map(|(&f, c)| f && c)
        .collect();
    (beads, moved)
}

/// Per bead (in source order): true when it pairs sentences and some other such bead
/// lies on the other side of it in the target.
pub(crate) fn crossing(beads: &[(Range<usize>, Range<usize>, f64)]) -> Vec<bool> {
    let paired = |b: &(Range<usize>, Range<usize>, f64)| !b.0.is_empty() && !b.1.is_empty();
    let mut out = vec![false; beads.len()];
    let mut max_end = 0;
    for (k, b) in beads.iter().enumerate().filter(|(_, b)| paired(b)) {
        out[k] = max_end > b.1.start;
        max_end = max_end.max(b.1.end);
    }
    let mut min_start = usize::MAX;
    for (k, b) in beads.iter().enumerate().rev().filter(|(_, b)| paired(b)) {
        out[k] |= min_start < b.1.end;
        min_start = min_start.min(b.1.start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_pieces() {
        assert_eq!(runs(&[true, true, false, true]), [0..2, 3..4]);
        assert!(runs(&[false, false]).is_empty());
        let p = pieces(std::slice::from_ref(&(0..PIECE + 5)));
        assert_eq!(p, [0..PIECE, PIECE / 2..PIECE + 5]);
    }

    /// A window searched with the scores of [`CellScores`] (kept from other windows, with
    /// every type of bead that starts in the grid) finds what it finds scoring its cells
    /// itself, bit for bit, moved sentences and all.
    #[test]
    fn windows_searched_with_kept_cell_scores_find_the_same() {
        use crate::align::features::{Class, Feat, PairFeats};
        use crate::align::model::Params;
        use crate::align::units::UnitsModel;
        let side = |shift: usize| -> Vec<Feat> {
            (0..30)
                .map(|i| Feat {
                    chars: 20.0 + ((i * 7 + shift) % 13) as f64,
                    keys: vec![(i / 2) as u32, 20 + ((i + shift) % 9) as u32],
                    units: 1,
                    ..Feat::default()
                })
                .collect()
        };
        let feats = PairFeats {
            src: side(0),
            tgt: side(3),
            class: vec![Class::Word; 30],
        };
        let units = UnitsModel::new([1u8; 30].into_iter(), [1u8; 30].into_iter());
        let sc = Scorer::new(feats, &Params::initial(600.0, 650.0, units, 3.0));
        let taken = |s: Range<usize>, t: Range<usize>| Candidate {
            found_in: (s.clone(), t.clone(), 0),
            src: s,
            tgt: t,
            posterior: 0.0,
            score: 0.0,
            gain: 0.0,
            loss: 0.0,
        };
        let moved = [taken(6..7, 9..10), taken(20..22, 2..3)];
        let masked = Masked::new(&sc, &moved);
        let windows = [(2..12, 3..14), (5..16, 0..20), (18..30, 1..6)];
        let mut kept = CellScores::default();
        kept.add(&sc, &windows[..2]);
        kept.add(&sc, &windows);
        let none = CellScores::default();
        for (s, t) in &windows {
            let search = |cells: &CellScores| {
                let w = Window {
                    inner: &masked,
                    cells,
                    src: s.clone(),
                    tgt: t.clone(),
                };
                search_full(&w, true)
            };
            let (a, b) = (search(&kept), search(&none));
            assert_eq!(a.path, b.path);
            assert_eq!(a.score.to_bits(), b.score.to_bits());
            let bits = |f: &Found| f.posteriors.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b));
        }
    }

    #[test]
    fn crossing_beads_are_found() {
        let b = |s: Range<usize>, t: Range<usize>| (s, t, 1.0);
        let beads = [
            b(0..1, 0..1),
            b(1..2, 3..4),
            b(2..3, 1..2),
            b(3..4, 4..4),
            b(4..5, 4..5),
        ];
        assert_eq!(crossing(&beads), [false, true, true, false, false]);
    }
}
