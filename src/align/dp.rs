//! The dynamic program over beads, searched coarse to fine: the sentences of both sides are
//! merged in pairs until the grid is small, aligned there in full, and each finer level is
//! aligned inside a band around the path of the coarser one (widened and redone when the
//! best path touches the band's edge). Memory and time are linear in the document length
//! times the band width.

use super::expo::exp_nonpositive;

/// Bead types `(source sentences, target sentences)`.
pub(crate) const TYPES: [(usize, usize); 12] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
    (3, 2),
    (2, 3),
    (4, 1),
    (1, 4),
];

/// The number of bead types.
pub(crate) const NTYPES: usize = TYPES.len();

/// The most sentences on one side of a bead.
pub(crate) const MAX_RUN: usize = 4;

/// The first types of [`TYPES`], those of up to three sentences (the coarse levels of the
/// search, which only guide the band, use no others).
pub(crate) const BASIC_TYPES: usize = 8;

/// A bead scorer (log-likelihood, higher is better).
pub(crate) trait Scoring: Sized + Sync {
    /// What scoring the beads of one band can prepare once (shared by the threads).
    type Cache: Sync;
    /// Reusable buffers of one thread.
    type Buf: Default;
    /// Prepares scoring the beads of `band`.
    fn cache(&self, band: &Band) -> Self::Cache;
    /// Number of source and target sentences.
    fn dims(&self) -> (usize, usize);
    /// What runs of null beads cost beyond their beads (none by default).
    fn null_runs(&self) -> NullRuns {
        NullRuns::default()
    }
    /// Score of a bead of type `t` starting at source `i` and target `j`.
    fn score(&self, t: usize, i: usize, j: usize, cache: &Self::Cache, buf: &mut Self::Buf) -> f64;
    /// The scores (as `f32`) of the beads of every type `t` in `valid` (a bit per type) that
    /// end at source boundary `i` and target boundary `j`, into `out[t]`; the others are
    /// left as they are. The same as [`Scoring::score`] for each type; a scorer overrides it
    /// to share the work of the beads that end in one cell.
    fn score_ending(
        &self,
        i: usize,
        j: usize,
        valid: u16,
        cache: &Self::Cache,
        buf: &mut Self::Buf,
        out: &mut [f32],
    ) {
        for (t, &(a, b)) in TYPES.iter().enumerate() {
            if valid & 1 << t != 0 {
                out[t] = self.score(t, i - a, j - b, cache, buf) as f32;
            }
        }
    }
}

/// A scorer that can be coarsened, for the coarse-to-fine [`search`] (the other searches
/// need no coarser level).
pub(crate) trait Coarsen: Scoring {
    /// The same problem with groups of `factor` sentences merged.
    fn coarser(&self, factor: usize) -> Self;
}

/// The cells searched: for each source boundary `i` in `0..=n`, target boundaries
/// `lo[i]..hi[i]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
}

impl Band {
    fn new(lo: Vec<usize>, hi: Vec<usize>) -> Band {
        let mut off = Vec::with_capacity(lo.len() + 1);
        let mut acc = 0;
        for (l, h) in lo.iter().zip(&hi) {
            off.push(acc);
            acc += h - l;
        }
        off.push(acc);
        Band { lo, hi, off }
    }

    /// The band of the given rows (for tests).
    #[cfg(test)]
    pub(crate) fn from_rows(lo: Vec<usize>, hi: Vec<usize>) -> Band {
        Band::new(lo, hi)
    }

    /// Every cell of an `n` × `m` problem.
    pub(crate) fn full(n: usize, m: usize) -> Band {
        Band::new(vec![0; n + 1], vec![m + 1; n + 1])
    }

    /// Target boundaries searched on source boundary `i`.
    pub(crate) fn row(&self, i: usize) -> std::ops::Range<usize> {
        self.lo[i]..self.hi[i]
    }

    /// Number of source boundaries (n + 1).
    pub(crate) fn rows(&self) -> usize {
        self.lo.len()
    }

    /// Number of cells.
    pub(crate) fn cells(&self) -> usize {
        self.off[self.off.len() - 1]
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i < self.lo.len() && j >= self.lo[i] && j < self.hi[i] {
            Some(self.off[i] + j - self.lo[i])
        } else {
            None
        }
    }
}

/// One bead of a path: type and start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    /// Index into [`TYPES`].
    pub t: usize,
    /// First source sentence.
    pub i: usize,
    /// First target sentence.
    pub j: usize,
}

/// Bead scores for every cell of the band (the bead ending there), `NEG_INFINITY` where the
/// bead would start outside the band.
fn bead_scores<S: Scoring>(sc: &S, band: &Band) -> Vec<f32> {
    use rayon::prelude::*;
    let cache = sc.cache(band);
    let row = |i: usize, buf: &mut S::Buf| -> Vec<f32> {
        let mut out = vec![f32::NEG_INFINITY; (band.hi[i] - band.lo[i]) * TYPES.len()];
        for (cell, j) in (band.lo[i]..band.hi[i]).enumerate() {
            let mut valid = 0u16;
            for (t, &(a, b)) in TYPES.iter().enumerate() {
                if i >= a && j >= b && band.index(i - a, j - b).is_some() {
                    valid |= 1 << t;
                }
            }
            let at = cell * TYPES.len();
            sc.score_ending(i, j, valid, &cache, buf, &mut out[at..at + TYPES.len()]);
        }
        out
    };
    // rows are independent: score them in parallel on long documents (the result does not
    // depend on the number of threads)
    if band.cells() < 2_000 {
        let mut buf = S::Buf::default();
        return (0..band.lo.len()).flat_map(|i| row(i, &mut buf)).collect();
    }
    let rows: Vec<Vec<f32>> = (0..band.lo.len())
        .into_par_iter()
        .map_init(S::Buf::default, |buf, i| row(i, buf))
        .collect();
    rows.concat()
}

/// What a run of null beads costs beyond its beads' own scores: a null bead (1-0 or 0-1)
/// scores `open[side]` more after any other bead and `extend[side]` more right after a null
/// bead of its own side (side 0 the source, 1 the target), so that a run of omissions can
/// cost less per sentence than scattered ones. All zero: every bead is scored alone.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct NullRuns {
    /// Added to a null bead that starts a run, per side.
    pub open: [f64; 2],
    /// Added to a null bead that continues a run of its side, per side.
    pub extend: [f64; 2],
}

/// The states of the search: the kind of the last bead into a cell (a pairing bead or the
/// start, a source null, a target null).
const STATES: usize = 3;

impl NullRuns {
    /// The state a bead of type `t` leads to.
    fn state(t: usize) -> usize {
        match TYPES[t] {
            (_, 0) => 1,
            (0, _) => 2,
            _ => 0,
        }
    }

    /// The extra score of a bead of type `t` after a bead that left state `prev`.
    fn adjust(&self, t: usize, prev: usize) -> f64 {
        match Self::state(t) {
            0 => 0.0,
            s if s == prev => self.extend[s - 1],
            s => self.open[s - 1],
        }
    }
}

/// The best path through the band and its score.
fn viterbi(band: &Band, scores: &[f32], runs: &NullRuns) -> (f64, Vec<Step>) {
    let nt = TYPES.len();
    let mut best = vec![f64::NEG_INFINITY; band.cells() * STATES];
    // per cell and state: the type of the last bead and the state before it
    let mut back = vec![(u8::MAX, 0u8); band.cells() * STATES];
    for i in 0..band.lo.len() {
        for j in band.lo[i]..band.hi[i] {
            let cell = band.off[i] + j - band.lo[i];
            if i == 0 && j == 0 {
                best[cell * STATES] = 0.0;
                continue;
            }
            for (t, &(a, b)) in TYPES.iter().enumerate() {
                let s = scores[cell * nt + t];
                if s == f32::NEG_INFINITY {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                let to = cell * STATES + NullRuns::state(t);
                for from in 0..STATES {
                    let v = best[prev * STATES + from] + f64::from(s) + runs.adjust(t, from);
                    if v > best[to] {
                        best[to] = v;
                        back[to] = (t as u8, from as u8);
                    }
                }
            }
        }
    }
    let n = band.lo.len() - 1;
    let m = band.hi[n] - 1;
    let Some(end) = band.index(n, m) else {
        return (f64::NEG_INFINITY, Vec::new());
    };
    let mut state = (0..STATES)
        .max_by(|&x, &y| {
            best[end * STATES + x]
                .total_cmp(&best[end * STATES + y])
                .then(y.cmp(&x))
        })
        .unwrap_or(0);
    let total = best[end * STATES + state];
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(cell) = band.index(i, j) else { break };
        let (t, from) = back[cell * STATES + state];
        if t == u8::MAX {
            break;
        }
        let (a, b) = TYPES[t as usize];
        i -= a;
        j -= b;
        state = from as usize;
        path.push(Step {
            t: t as usize,
            i,
            j,
        });
    }
    path.reverse();
    (total, path)
}

/// `ln(e^a + e^b)`, computed without overflow (the two-term mixtures of the bead scores).
pub(crate) fn log_add(a: f64, b: f64) -> f64 {
    a.max(b) + (-(a - b).abs()).exp().ln_1p()
}

/// Terms more than this below the largest add less than `2^-64` of it each to a sum of
/// at most 36 terms, under a unit in the last place of the sum: they are left out.
const NEGLIGIBLE: f64 = -45.0;

/// `ln(sum of e^x)` over `xs`.
fn logsumexp(xs: &[f64]) -> f64 {
    let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    let mut sum = 0.0;
    for &x in xs {
        let d = x - m;
        if d > NEGLIGIBLE {
            sum += exp_nonpositive(d);
        }
    }
    m + sum.ln()
}

/// Posterior probability of each bead of `path` (sum over all paths in the band). The
/// forward and backward sums are independent: on a large band they run in parallel.
fn posteriors(band: &Band, scores: &[f32], path: &[Step], runs: &NullRuns) -> Vec<f64> {
    let nt = TYPES.len();
    let cells = band.cells();
    let (alpha, beta) = if cells >= 4_000 {
        rayon::join(
            || forward(band, scores, runs),
            || backward(band, scores, runs),
        )
    } else {
        (forward(band, scores, runs), backward(band, scores, runs))
    };
    let z = logsumexp(&alpha[(cells - 1) * STATES..cells * STATES]);
    path.iter()
        .map(|st| {
            let (a, b) = TYPES[st.t];
            match (band.index(st.i, st.j), band.index(st.i + a, st.j + b)) {
                (Some(s), Some(e)) => {
                    let after = beta[e * STATES + NullRuns::state(st.t)];
                    let into: Vec<f64> = (0..STATES)
                        .map(|from| alpha[s * STATES + from] + runs.adjust(st.t, from))
                        .collect();
                    let v = logsumexp(&into) + f64::from(scores[e * nt + st.t]) + after - z;
                    v.exp().clamp(0.0, 1.0)
                }
                _ => 0.0,
            }
        })
        .collect()
}

/// [`NullRuns::adjust`] of every bead type after every state, looked up rather than
/// matched in the inner loops (the same numbers).
fn adjustments(runs: &NullRuns) -> [[f64; STATES]; NTYPES] {
    let mut adj = [[0.0; STATES]; NTYPES];
    for (t, row) in adj.iter_mut().enumerate() {
        for (from, x) in row.iter_mut().enumerate() {
            *x = runs.adjust(t, from);
        }
    }
    adj
}

/// The terms of the log-sum-exps of one cell, per state, in the order they are added (at
/// most one per bead type and state before it).
struct Terms {
    xs: [[f64; NTYPES * STATES]; STATES],
    len: [usize; STATES],
}

impl Terms {
    fn new() -> Terms {
        Terms {
            xs: [[0.0; NTYPES * STATES]; STATES],
            len: [0; STATES],
        }
    }

    fn clear(&mut self) {
        self.len = [0; STATES];
    }

    fn push(&mut self, state: usize, x: f64) {
        self.xs[state][self.len[state]] = x;
        self.len[state] += 1;
    }

    fn logsumexp(&self, state: usize) -> f64 {
        logsumexp(&self.xs[state][..self.len[state]])
    }
}

/// The log of the summed score of the paths from the start to each cell, per state.
///
/// A pairing bead adds nothing for the state before it, so its paths into a cell are
/// summed once over the three states of the cell it starts from (`total`), not once per
/// bead type and state; only null beads, whose score depends on that state, are summed
/// per state.
fn forward(band: &Band, scores: &[f32], runs: &NullRuns) -> Vec<f64> {
    let adj = adjustments(runs);
    let mut alpha = vec![f64::NEG_INFINITY; band.cells() * STATES];
    let mut total = vec![f64::NEG_INFINITY; band.cells()];
    let mut terms = Terms::new();
    for i in 0..band.lo.len() {
        for j in band.lo[i]..band.hi[i] {
            let cell = band.off[i] + j - band.lo[i];
            if i == 0 && j == 0 {
                alpha[cell * STATES] = 0.0;
                total[cell] = 0.0;
                continue;
            }
            terms.clear();
            for (t, &(a, b)) in TYPES.iter().enumerate() {
                let s = scores[cell * NTYPES + t];
                if s == f32::NEG_INFINITY {
                    continue;
                }
                if let Some(prev) = band.index(i - a, j - b) {
                    match NullRuns::state(t) {
                        0 => terms.push(0, total[prev] + f64::from(s)),
                        to => {
                            for (from, &adjust) in adj[t].iter().enumerate() {
                                terms.push(to, alpha[prev * STATES + from] + f64::from(s) + adjust);
                            }
                        }
                    }
                }
            }
            for state in 0..STATES {
                alpha[cell * STATES + state] = terms.logsumexp(state);
            }
            total[cell] = logsumexp(&alpha[cell * STATES..(cell + 1) * STATES]);
        }
    }
    alpha
}

/// The log of the summed score of the paths from each cell (in each state) to the end.
/// As in [`forward`], the paths through pairing beads are summed once for the three states
/// a cell can be left in, and only those through null beads per state.
fn backward(band: &Band, scores: &[f32], runs: &NullRuns) -> Vec<f64> {
    let adj = adjustments(runs);
    let mut beta = vec![f64::NEG_INFINITY; band.cells() * STATES];
    let n = band.lo.len() - 1;
    // per null bead leaving the cell: its type and the score of the paths through it
    // before the adjustment for the state it leaves
    let mut nulls = [(0usize, 0.0f64); NTYPES];
    let mut pairing = [0.0f64; NTYPES];
    let mut terms = [0.0f64; NTYPES + 1];
    for i in (0..=n).rev() {
        for j in (band.lo[i]..band.hi[i]).rev() {
            let cell = band.off[i] + j - band.lo[i];
            if i == n && j + 1 == band.hi[n] {
                beta[cell * STATES..(cell + 1) * STATES].fill(0.0);
                continue;
            }
            let (mut np, mut nn) = (0, 0);
            for (t, &(a, b)) in TYPES.iter().enumerate() {
                if let Some(e) = band.index(i + a, j + b) {
                    let s = scores[e * NTYPES + t];
                    if s != f32::NEG_INFINITY {
                        let to = NullRuns::state(t);
                        let x = beta[e * STATES + to] + f64::from(s);
                        if to == 0 {
                            pairing[np] = x;
                            np += 1;
                        } else {
                            nulls[nn] = (t, x);
                            nn += 1;
                        }
                    }
                }
            }
            let through_pairs = logsumexp(&pairing[..np]);
            for from in 0..STATES {
                terms[0] = through_pairs;
                for (k, &(t, x)) in nulls[..nn].iter().enumerate() {
                    terms[k + 1] = x + adj[t][from];
                }
                beta[cell * STATES + from] = logsumexp(&terms[..nn + 1]);
            }
        }
    }
    beta
}

/// Search settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchConfig {
    /// Problems with at most this many cells are searched in full.
    pub full_cells: usize,
    /// Half width of the band around the projected coarse path, in sentences.
    pub width: usize,
}

/// The band of an `n` × `m` problem around a path of the problem coarsened by `factor`.
fn project(coarse: &[Step], factor: usize, n: usize, m: usize, width: usize) -> Band {
    let mut lo = vec![usize::MAX; n + 1];
    let mut hi = vec![0usize; n + 1];
    let mut cover = |i0: usize, i1: usize, j0: usize, j1: usize| {
        for i in i0.min(n)..=i1.min(n) {
            lo[i] = lo[i].min(j0.min(m));
            hi[i] = hi[i].max(j1.min(m));
        }
    };
    cover(0, 0, 0, 0);
    for st in coarse {
        let (a, b) = TYPES[st.t];
        cover(
            st.i * factor,
            (st.i + a) * factor,
            st.j * factor,
            (st.j + b) * factor,
        );
    }
    cover(n, n, m, m);
    // fill rows the path skipped (cannot happen with a complete path, but be safe)
    for i in 1..=n {
        if lo[i] == usize::MAX {
            lo[i] = lo[i - 1];
            hi[i] = hi[i - 1];
        }
    }
    let mut wlo = vec![0; n + 1];
    let mut whi = vec![0; n + 1];
    for i in 0..=n {
        let (a, b) = (i.saturating_sub(width), (i + width).min(n));
        let l = (a..=b).map(|k| lo[k]).min().unwrap_or(0);
        let h = (a..=b).map(|k| hi[k]).max().unwrap_or(m);
        wlo[i] = l.saturating_sub(width);
        whi[i] = (h + width).min(m) + 1;
    }
    // monotone, so every row overlaps the next
    for i in 1..=n {
        wlo[i] = wlo[i].max(wlo[i - 1]);
    }
    for i in (0..n).rev() {
        whi[i] = whi[i].min(whi[i + 1]);
    }
    for i in 0..n {
        wlo[i + 1] = wlo[i + 1].min(whi[i] - 1);
    }
    Band::new(wlo, whi)
}

/// True when the path runs along an edge of the band that is not an edge of the grid.
fn touches_edge(band: &Band, path: &[Step], n: usize, m: usize) -> bool {
    let mut pts: Vec<(usize, usize)> = path.iter().map(|s| (s.i, s.j)).collect();
    pts.push((n, m));
    pts.iter()
        .any(|&(i, j)| j == band.lo[i] && j > 0 || j + 1 == band.hi[i] && j < m)
}

/// The result of a search: the best path, its score and the band it was found in.
pub(crate) struct Found {
    /// The beads.
    pub path: Vec<Step>,
    /// Total score.
    pub score: f64,
    /// Posterior of each bead (only when asked for).
    pub posteriors: Vec<f64>,
}

/// True when a problem is searched in full, with no band.
fn small<S: Scoring>(sc: &S, cfg: &SearchConfig) -> bool {
    let (n, m) = sc.dims();
    (n + 1).saturating_mul(m + 1) <= cfg.full_cells || n < 4 || m < 4
}

/// Searches the best path, coarse to fine; posteriors are computed when `with_posteriors`.
pub(crate) fn search<S: Coarsen>(sc: &S, cfg: &SearchConfig, with_posteriors: bool) -> Found {
    let guide = (!small(sc, cfg)).then(|| (search(&sc.coarser(2), cfg, false).path, 2));
    search_in(sc, cfg, guide, with_posteriors)
}

/// Searches the best path in a band around `near`, the path of an earlier pass over the
/// same sentences (which guides as well as a coarser level, at no cost).
pub(crate) fn search_near<S: Scoring>(sc: &S, cfg: &SearchConfig, near: Vec<Step>) -> Found {
    let guide = (!small(sc, cfg)).then_some((near, 1));
    search_in(sc, cfg, guide, true)
}

/// Searches the band around `guide` (a path and the factor its problem was coarsened by),
/// widened while the best path touches its edge, or every cell when there is no guide.
fn search_in<S: Scoring>(
    sc: &S,
    cfg: &SearchConfig,
    guide: Option<(Vec<Step>, usize)>,
    with_posteriors: bool,
) -> Found {
    let (n, m) = sc.dims();
    let mut width = cfg.width.max(1);
    loop {
        let b = match &guide {
            None => Band::full(n, m),
            Some((p, factor)) => project(p, *factor, n, m, width),
        };
        let scores = bead_scores(sc, &b);
        let runs = sc.null_runs();
        let (score, path) = viterbi(&b, &scores, &runs);
        let full = guide.is_none() || b.cells() == (n + 1) * (m + 1);
        if full || width >= 4 * cfg.width.max(1) || !touches_edge(&b, &path, n, m) {
            let posteriors = if with_posteriors {
                posteriors(&b, &scores, &path, &runs)
            } else {
                Vec::new()
            };
            return Found {
                path,
                score,
                posteriors,
            };
        }
        width *= 2;
    }
}

/// Searches every cell (small problems); posteriors are computed when `with_posteriors`.
pub(crate) fn search_full<S: Scoring>(sc: &S, with_posteriors: bool) -> Found {
    let cfg = SearchConfig {
        full_cells: usize::MAX,
        width: 1,
    };
    search_in(sc, &cfg, None, with_posteriors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy scorer: sentences are numbers, a bead scores by how close its sums are.
    struct Toy {
        s: Vec<f64>,
        t: Vec<f64>,
    }

    impl Scoring for Toy {
        type Cache = ();
        type Buf = ();
        fn cache(&self, _: &Band) {}
        fn dims(&self) -> (usize, usize) {
            (self.s.len(), self.t.len())
        }
        fn score(&self, t: usize, i: usize, j: usize, _: &(), _: &mut ()) -> f64 {
            let (a, b) = TYPES[t];
            if a == 0 || b == 0 {
                return -6.0;
            }
            let x: f64 = self.s[i..i + a].iter().sum();
            let y: f64 = self.t[j..j + b].iter().sum();
            -((x - y).powi(2)) / (x + y) - (a + b - 2) as f64 * 1.5
        }
    }

    impl Coarsen for Toy {
        fn coarser(&self, f: usize) -> Toy {
            Toy {
                s: self.s.chunks(f).map(|c| c.iter().sum()).collect(),
                t: self.t.chunks(f).map(|c| c.iter().sum()).collect(),
            }
        }
    }

    #[test]
    fn aligns_a_merge_and_a_deletion() {
        let toy = Toy {
            s: vec![10.0, 20.0, 5.0, 7.0, 30.0],
            t: vec![10.0, 25.0, 7.0, 90.0, 30.0],
        };
        let f = search_full(&toy, true);
        let kinds: Vec<(usize, usize)> = f.path.iter().map(|s| TYPES[s.t]).collect();
        assert_eq!(kinds, [(1, 1), (2, 1), (1, 1), (0, 1), (1, 1)]);
        assert!(f.posteriors.iter().all(|&p| (0.0..=1.0).contains(&p)));
    }

    /// A toy scorer with a cost model for runs of null beads.
    struct WithRuns(Toy, NullRuns);

    impl Scoring for WithRuns {
        type Cache = ();
        type Buf = ();
        fn cache(&self, _: &Band) {}
        fn dims(&self) -> (usize, usize) {
            self.0.dims()
        }
        fn null_runs(&self) -> NullRuns {
            self.1
        }
        fn score(&self, t: usize, i: usize, j: usize, c: &(), b: &mut ()) -> f64 {
            self.0.score(t, i, j, c, b)
        }
    }

    impl Coarsen for WithRuns {
        fn coarser(&self, f: usize) -> WithRuns {
            WithRuns(self.0.coarser(f), self.1)
        }
    }

    const RUNS: NullRuns = NullRuns {
        open: [-0.5, -0.5],
        extend: [1.0, 1.0],
    };

    #[test]
    fn null_runs_make_a_run_of_insertions_cheaper_than_scattered_ones() {
        let toy = || Toy {
            s: vec![100.0],
            t: vec![101.0, 100.0, 400.0],
        };
        let kinds =
            |f: &Found| -> Vec<(usize, usize)> { f.path.iter().map(|s| TYPES[s.t]).collect() };
        // alone, the insertions go around the good pair
        assert_eq!(kinds(&search_full(&toy(), true)), [(0, 1), (1, 1), (0, 1)]);
        // in a run they pay one opening: the pair moves to the first sentence
        let f = search_full(&WithRuns(toy(), RUNS), true);
        assert_eq!(kinds(&f), [(1, 1), (0, 1), (0, 1)]);
        let expected = toy().score(0, 0, 0, &(), &mut ()) - 12.0 - 0.5 + 1.0;
        assert!((f.score - expected).abs() < 1e-6, "{}", f.score);
        assert!(f.posteriors.iter().all(|&p| (0.0..=1.0).contains(&p)));
    }

    #[test]
    fn band_is_monotone_and_connected() {
        let path = vec![
            Step { t: 0, i: 0, j: 0 },
            Step { t: 4, i: 1, j: 1 },
            Step { t: 0, i: 2, j: 3 },
        ];
        let b = project(&path, 2, 6, 8, 1);
        assert_eq!(b.index(0, 0), Some(0));
        assert!(b.index(6, 8).is_some());
        for i in 0..6 {
            assert!(b.lo[i] <= b.lo[i + 1] && b.hi[i] <= b.hi[i + 1]);
            assert!(b.lo[i + 1] < b.hi[i]);
        }
    }

    use proptest::prelude::*;

    fn doc() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        // a source of sentence lengths and a noisy translation: merges, deletions, insertions
        prop::collection::vec((5.0f64..60.0, 0u8..20, 0.8f64..1.2), 1..60).prop_map(|v| {
            let mut s = Vec::new();
            let mut t: Vec<f64> = Vec::new();
            for (len, op, noise) in v {
                s.push(len);
                match op {
                    0 => {}
                    1 if !t.is_empty() => *t.last_mut().unwrap_or(&mut 0.0) += len * noise,
                    2 => {
                        t.push(len * noise * 0.5);
                        t.push(len * noise * 0.5);
                    }
                    3 => {
                        t.push(len * noise);
                        t.push(12.0);
                    }
                    _ => t.push(len * noise),
                }
            }
            if t.is_empty() {
                t.push(10.0);
            }
            (s, t)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn banded_search_equals_full_dp((s, t) in doc()) {
            let toy = Toy { s, t };
            let full = search_full(&toy, true);
            let banded = search(&toy, &SearchConfig { full_cells: 16, width: 8 }, true);
            prop_assert!((full.score - banded.score).abs() < 1e-6,
                "full {} banded {}", full.score, banded.score);
        }

        #[test]
        fn banded_search_with_null_runs_equals_full_dp((s, t) in doc()) {
            let toy = WithRuns(Toy { s, t }, RUNS);
            let full = search_full(&toy, true);
            let banded = search(&toy, &SearchConfig { full_cells: 16, width: 8 }, true);
            prop_assert!((full.score - banded.score).abs() < 1e-6,
                "full {} banded {}", full.score, banded.score);
            // the posteriors of the beads of the best path are probabilities and the best
            // path is the likeliest: its beads' posteriors are not all tiny
            prop_assert!(full.posteriors.iter().all(|&p| (0.0..=1.0 + 1e-9).contains(&p)));
        }

        #[test]
        fn path_covers_every_sentence_once((s, t) in doc()) {
            let toy = Toy { s, t };
            let (n, m) = toy.dims();
            let f = search(&toy, &SearchConfig { full_cells: 16, width: 2 }, true);
            let (mut i, mut j) = (0, 0);
            for st in &f.path {
                prop_assert_eq!((st.i, st.j), (i, j));
                i += TYPES[st.t].0;
                j += TYPES[st.t].1;
            }
            prop_assert_eq!((i, j), (n, m));
            prop_assert_eq!(f.posteriors.len(), f.path.len());
        }
    }
}
