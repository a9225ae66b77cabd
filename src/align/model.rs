//! The bead score: a log-likelihood ratio combining the bead-type prior, the length model
//! and the anchors (naive Bayes over shared and missing keys), with every weight estimated
//! from a first pass over the data.

use std::ops::Range;
use std::sync::Arc;

pub(crate) use super::dp::NTYPES;
use super::dp::{Band, Coarsen, NullRuns, Scoring, BASIC_TYPES, MAX_RUN, TYPES};
use super::embedding::{CosModel, PairVecs};
use super::features::{downsample, sample_keys, Feat, PairFeats, NCLASS};
use super::length::{LengthModel, LengthScorer};
use super::units::{line_units, UnitsModel, WIDTH};

/// Numbers per side of the sentence-count model.
fn units_len() -> usize {
    UnitsModel::default_len()
}

/// Everything the scorer needs besides the sentences.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Params {
    /// Length model.
    pub length: LengthModel,
    /// Sentence-count model.
    pub units: UnitsModel,
    /// Log prior of each bead type (see [`TYPES`]).
    pub log_prior: [f64; NTYPES],
    /// Per class: the probability that a key of one sentence that occurs on the other side
    /// of the document also occurs in the sentence's translation.
    pub p: [f64; NCLASS],
    /// Per side (source, target) and class: log-likelihood ratios for "this sentence has a
    /// counterpart" of a lone key (one that occurs nowhere on the other side; ≤ 0) and of a
    /// key that occurs there (≥ 0).
    pub counterpart: [[(f64, f64); NCLASS]; 2],
    /// Score of a bead per paragraph boundary it crosses (≤ 0).
    pub para: f64,
    /// The cosine of the sentence embeddings of a bead (used only when there are vectors).
    pub embed: CosModel,
    /// How much more (or less) likely a null bead is right after another of its side than
    /// after any other bead: omissions and insertions that come in runs.
    pub runs: NullRuns,
}

/// Keys kept per group of sentences at the coarse levels of the search.
const COARSE_KEYS: usize = 16;

/// Default bead-type probabilities, in the order of [`TYPES`].
const PRIOR: [f64; NTYPES] = [
    0.83, 0.03, 0.03, 0.035, 0.035, 0.01, 0.005, 0.005, 0.003, 0.003, 0.002, 0.002,
];

/// Default match rates per class.
const P0: [f64; NCLASS] = [0.9, 0.7, 0.7, 0.6, 0.7, 0.7, 0.7, 0.8];

/// Weight of the "has a counterpart" evidence: its keys are summed as if independent,
/// which they are not (the words of one sentence go together), so it is halved.
const COUNTERPART_WEIGHT: f64 = 0.5;

/// The strongest evidence one lone key can give against a counterpart, per class: figures
/// are nearly always carried over; words, punctuation and lexicon entries often are not,
/// and where the first pass saw no chance matches the estimate would be unbounded.
const LONE_FLOOR: [f64; NCLASS] = [-3.0, -0.7, -0.7, -0.7, -0.7, -0.7, -0.7, -1.0];

/// Default counterpart log-likelihood ratios per class (lone key, key found).
const LONE0: [(f64, f64); NCLASS] = [
    (-1.5, 0.3),
    (0.0, 0.0),
    (0.0, 0.0),
    (0.0, 0.0),
    (0.0, 0.0),
    (0.0, 0.0),
    (0.0, 0.0),
    (0.0, 0.0),
];

impl Params {
    /// Every number of the parameters, in a fixed order (for the spill of a corpus job and
    /// the stream commands; [`Params::from_flat`] reads them back exactly).
    pub(crate) fn to_flat(&self) -> Vec<f64> {
        let mut v = vec![self.length.ratio, self.length.var, self.length.rand_var];
        v.extend_from_slice(&self.units.src);
        v.extend_from_slice(&self.units.tgt);
        v.extend_from_slice(&self.units.gamma);
        v.extend_from_slice(&self.log_prior);
        v.extend_from_slice(&self.p);
        for side in &self.counterpart {
            for (a, b) in side {
                v.push(*a);
                v.push(*b);
            }
        }
        v.push(self.para);
        let e = &self.embed;
        v.extend_from_slice(&[
            e.related.0,
            e.related.1,
            e.unrelated.0,
            e.unrelated.1,
            e.loose,
        ]);
        v.extend_from_slice(&self.runs.open);
        v.extend_from_slice(&self.runs.extend);
        v
    }

    /// The parameters written by [`Params::to_flat`]; `None` when `v` has the wrong length.
    pub(crate) fn from_flat(v: &[f64]) -> Option<Params> {
        let mut it = v.iter().copied();
        let mut next = || it.next();
        let mut array = |n: usize| -> Option<Vec<f64>> { (0..n).map(|_| next()).collect() };
        let length = array(3)?;
        let src = array(self::units_len())?;
        let tgt = array(self::units_len())?;
        let gamma = array(2)?;
        let log_prior = array(NTYPES)?;
        let p = array(NCLASS)?;
        let cp = array(4 * NCLASS)?;
        let para = array(1)?;
        let embed = array(5)?;
        let runs = array(4)?;
        if v.len() != 3 + 2 * units_len() + 2 + NTYPES + NCLASS + 4 * NCLASS + 1 + 5 + 4 {
            return None;
        }
        let mut counterpart = [[(0.0, 0.0); NCLASS]; 2];
        for (k, pair) in cp.chunks(2).enumerate() {
            counterpart[k / NCLASS][k % NCLASS] = (pair[0], pair[1]);
        }
        Some(Params {
            length: LengthModel {
                ratio: length[0],
                var: length[1],
                rand_var: length[2],
            },
            units: UnitsModel {
                src: src.try_into().ok()?,
                tgt: tgt.try_into().ok()?,
                gamma: gamma.try_into().ok()?,
            },
            log_prior: log_prior.try_into().ok()?,
            p: p.try_into().ok()?,
            counterpart,
            para: para[0],
            embed: CosModel {
                related: (embed[0], embed[1]),
                unrelated: (embed[2], embed[3]),
                loose: embed[4],
            },
            runs: NullRuns {
                open: [runs[0], runs[1]],
                extend: [runs[2], runs[3]],
            },
        })
    }

    /// Starting parameters for a pair with these total lengths.
    pub(crate) fn initial(src_chars: f64, tgt_chars: f64, units: UnitsModel, para: f64) -> Params {
        Params {
            length: LengthModel::from_totals(src_chars, tgt_chars),
            units,
            log_prior: PRIOR.map(f64::ln),
            p: P0,
            counterpart: [LONE0; 2],
            para: -para.abs(),
            embed: CosModel::OFF,
            runs: NullRuns::default(),
        }
    }

    /// Re-estimates the parameters from a pass: `beads` as `(src range, tgt range)` with
    /// their confidence.
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn estimate(
        &self,
        f: &PairFeats,
        beads: &[(usize, usize, usize, usize, f64)],
    ) -> Params {
        let confident: Vec<&(usize, usize, usize, usize, f64)> = beads
            .iter()
            .filter(|b| b.1 == 1 && b.3 == 1 && b.4 >= 0.9)
            .collect();
        let mut out = self.clone();
        if confident.is_empty() {
            return out;
        }
        // length: the variance from every 1-1 bead (the confident ones are biased towards
        // good length fits), the spread of unrelated pairs from the confident ones
        let all11: Vec<(f64, f64)> = beads
            .iter()
            .filter(|b| b.1 == 1 && b.3 == 1)
            .map(|b| (f.src[b.0].chars, f.tgt[b.2].chars))
            .collect();
        let pairs: Vec<(f64, f64)> = confident
            .iter()
            .map(|b| (f.src[b.0].chars, f.tgt[b.2].chars))
            .collect();
        let k = confident.len();
        let shift = (k / 2).clamp(1, 7);
        let shuffled: Vec<(f64, f64)> = (0..k)
            .map(|i| (pairs[i].0, pairs[(i + shift) % k].1))
            .collect();
        out.length = self.length.estimate(&pairs, &all11, &shuffled);
        let units = |fs: &[Feat], start: usize, len: usize| -> usize {
            fs[start..start + len]
                .iter()
                .map(|x| line_units(x.units) as usize)
                .sum()
        };
        let unit_beads: Vec<(usize, usize, usize, usize)> = beads
            .iter()
            .filter(|b| b.1 > 0 && b.3 > 0 && b.4 >= 0.9)
            .map(|b| (b.1, b.3, units(&f.src, b.0, b.1), units(&f.tgt, b.2, b.3)))
            .collect();
        out.units = self.units.estimate(&unit_beads);
        // match rates; for "has a counterpart": keys of aligned sentences that occur
        // nowhere on the other side (lone), in the translation (shared) or elsewhere only
        // (by chance: how the keys of an unrelated sentence behave)
        let mut shared = [0f64; NCLASS];
        let mut total = [0f64; NCLASS];
        let mut counts = [[[0f64; 3]; NCLASS]; 2];
        for b in &confident {
            let (a, x) = (&f.src[b.0], &f.tgt[b.2]);
            for (side, (s, t)) in [(a, x), (x, a)].into_iter().enumerate() {
                for &key in &s.keys {
                    let c = f.class[key as usize] as usize;
                    total[c] += 1.0;
                    if t.keys.binary_search(&key).is_ok() {
                        shared[c] += 1.0;
                        counts[side][c][1] += 1.0;
                    } else {
                        counts[side][c][2] += 1.0;
                    }
                }
                for c in 0..NCLASS {
                    counts[side][c][0] += f64::from(s.lone[c]);
                }
            }
        }
        for c in 0..NCLASS {
            out.p[c] = ((shared[c] + 4.0 * P0[c]) / (total[c] + 4.0)).clamp(0.05, 0.97);
            for side in 0..2 {
                let [l, sh, ch] = counts[side][c].map(|x| x + 1.0);
                // rate of lone keys in translated sentences, and in unrelated ones
                let r1 = l / (l + sh + ch);
                let r0 = l / (l + ch);
                out.counterpart[side][c] = (
                    (r1 / r0).ln().clamp(LONE_FLOOR[c], 0.0),
                    ((1.0 - r1) / (1.0 - r0)).ln().clamp(0.0, 3.0),
                );
            }
        }
        // bead-type priors, smoothed towards the defaults
        let counts = type_counts(beads);
        let n: f64 = counts.iter().sum();
        let alpha = 200.0;
        for t in 0..NTYPES {
            out.log_prior[t] = ((counts[t] + alpha * PRIOR[t]) / (n + alpha)).ln();
        }
        out.runs = estimate_runs(beads);
        out
    }
}

/// How many beads of each type a pass found, for the bead-type priors. A run of null
/// beads on one side (a passage that one version added or left out: a block of captions, a
/// note) is one event and counts once: counted bead by bead, one long run would make a null
/// bead look likely everywhere in the document, and a bead of two sentences would then be
/// read as a 1-1 bead and a null bead (a 1-2 bead as 1-1 + 0-1).
fn type_counts(beads: &[(usize, usize, usize, usize, f64)]) -> [f64; NTYPES] {
    let mut counts = [0f64; NTYPES];
    let mut prev = (false, false);
    for b in beads {
        // (no source sentence, no target sentence)
        let null = (b.1 == 0, b.3 == 0);
        let continues_run = (null.0 && prev.0) || (null.1 && prev.1);
        if let Some(t) = TYPES.iter().position(|&(x, y)| x == b.1 && y == b.3) {
            if !continues_run {
                counts[t] += 1.0;
            }
        }
        prev = null;
    }
    counts
}

/// How much a null bead's probability changes after a null bead of its own side (runs of
/// omissions or insertions) and after any other bead, per side, from the beads of a pass in
/// order: the log ratios of the two conditional rates to the overall rate, smoothed towards
/// no change ([`RUNS_SMOOTHING`] beads' worth) and bounded.
fn estimate_runs(beads: &[(usize, usize, usize, usize, f64)]) -> NullRuns {
    let mut out = NullRuns::default();
    if beads.len() < 2 {
        return out;
    }
    let is_null = |b: &(usize, usize, usize, usize, f64), side: usize| match side {
        0 => b.1 > 0 && b.3 == 0,
        _ => b.1 == 0 && b.3 > 0,
    };
    for side in 0..2 {
        // transitions (previous bead, bead): after a null of the side, after another bead
        let (mut after_null, mut null_after_null) = (0.0, 0.0);
        let (mut after_other, mut null_after_other) = (0.0, 0.0);
        for w in beads.windows(2) {
            let next = f64::from(u8::from(is_null(&w[1], side)));
            if is_null(&w[0], side) {
                after_null += 1.0;
                null_after_null += next;
            } else {
                after_other += 1.0;
                null_after_other += next;
            }
        }
        let rate = (null_after_null + null_after_other) / (after_null + after_other);
        if rate <= 0.0 {
            continue;
        }
        let a = RUNS_SMOOTHING;
        let extend = (null_after_null + a * rate) / (after_null + a) / rate;
        let open = (null_after_other + a * rate) / (after_other + a) / rate;
        out.extend[side] = extend.ln().clamp(0.0, 2.0);
        out.open[side] = open.ln().clamp(-1.0, 0.0);
    }
    out
}

/// Beads' worth of "no change" in the estimate of [`NullRuns`].
const RUNS_SMOOTHING: f64 = 20.0;

/// Per-key weights.
#[derive(Debug, Clone)]
struct KeyWeights {
    /// A shared key, by the number of sentences on each side of the bead, minus what its
    /// two misses (already counted) would have scored.
    gain: [[f64; MAX_RUN]; MAX_RUN],
    /// A key missing from the other side.
    miss: f64,
}

/// Scores beads of one document pair (at one level of the coarse-to-fine search).
pub(crate) struct Scorer {
    feats: PairFeats,
    params: Params,
    length: LengthScorer,
    weights: Vec<KeyWeights>,
    lone_s: Vec<f64>,
    lone_t: Vec<f64>,
    /// Prefix sums of the units of each side (per line at most what the model counts; at a
    /// coarse level the model is off), and the score of each difference per type.
    units_s: Vec<u32>,
    units_t: Vec<u32>,
    units: [[f64; WIDTH]; NTYPES],
    /// Bead types scored: the first this many of [`TYPES`].
    types: usize,
    /// Prefix sums of the miss weights of the keys of each side.
    miss_s: Vec<f64>,
    miss_t: Vec<f64>,
    /// Sentence vectors, when the user gave a model.
    emb: Option<Arc<PairVecs>>,
}

/// The keys shared by each pair of sentences near the band.
pub(crate) struct Cache {
    /// Per source sentence: first target sentence of its window.
    win_lo: Vec<usize>,
    /// Per source sentence: index of its first cell in `cell_off`.
    row_off: Vec<usize>,
    /// Per (source, target) pair of the windows: start of its keys in `keys`.
    cell_off: Vec<u32>,
    keys: Vec<u32>,
    /// Per cell: the dot product of the two sentences' vectors (empty without vectors).
    cross: Vec<f32>,
}

/// Reusable buffers of one thread.
#[derive(Default)]
pub(crate) struct Buf {
    /// Keys shared by the bead being scored, as `key << 8 | source offset << 4 | target
    /// offset` (one integer sorts faster than a tuple).
    shared: Vec<u64>,
    tmp: Vec<u32>,
    /// Keys shared by the sentence pairs of the beads ending in one cell, as `key << 4 |`
    /// the index of the pair's bit (see [`pair_bit`]).
    window: Vec<u64>,
    /// The same grouped: each key (ascending) with the bits of the pairs that share it.
    keyed: Vec<(u32, u16)>,
}

/// The sentence pairs of the beads that end in a cell, as (source, target) offsets back
/// from the end: a bead of `a` × `b` sentences holds the pairs with offsets below `a` and
/// `b`, and no bead type reaches other pairs.
const WINDOW: [(usize, usize); 10] = [
    (0, 0),
    (1, 0),
    (2, 0),
    (3, 0),
    (0, 1),
    (1, 1),
    (2, 1),
    (0, 2),
    (1, 2),
    (0, 3),
];

/// The bit of the pair at offsets `(x, y)` back from a cell: bit `x * 4 + y`.
const fn pair_bit(x: usize, y: usize) -> u16 {
    1 << (x * 4 + y)
}

/// The bits of the pairs of a bead of `a` × `b` sentences ending in a cell.
const fn bead_mask(a: usize, b: usize) -> u16 {
    let mut m = 0;
    let mut x = 0;
    while x < a {
        let mut y = 0;
        while y < b {
            m |= pair_bit(x, y);
            y += 1;
        }
        x += 1;
    }
    m
}

/// Given the pairs of a bead that share a key (bits as [`pair_bit`]), the number of its
/// source sentences and of its target sentences that hold the key, minus 2.
fn extra_holders(pairs: u16) -> u32 {
    let mut rows = pairs | pairs >> 1;
    rows |= rows >> 2;
    let cols = pairs | pairs >> 4 | pairs >> 8 | pairs >> 12;
    (rows & 0x1111).count_ones() + (cols & 0xf).count_ones() - 2
}

/// Sentences a side of a bead may hold for its length to be scored sentence by sentence.
const MAX_PARTS: usize = 8;

/// How often the sentences of the two sides of a bead that hold as many correspond one to
/// one (rather than being split at different places).
const PARTS_CORRESPOND: f64 = 0.5;

fn intersect(xs: &[u32], ys: &[u32], out: &mut Vec<u32>) {
    let (mut x, mut y) = (0, 0);
    while x < xs.len() && y < ys.len() {
        match xs[x].cmp(&ys[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                out.push(xs[x]);
                x += 1;
                y += 1;
            }
        }
    }
}

impl Scorer {
    /// A scorer for `feats` with `params`.
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn new(feats: PairFeats, params: &Params) -> Scorer {
        let nk = feats.class.len();
        let mut ds = vec![0u32; nk];
        let mut dt = vec![0u32; nk];
        for f in &feats.src {
            for &k in &f.keys {
                ds[k as usize] += 1;
            }
        }
        for f in &feats.tgt {
            for &k in &f.keys {
                dt[k as usize] += 1;
            }
        }
        let ns = feats.src.len().max(1) as f64;
        let nt = feats.tgt.len().max(1) as f64;
        // ln q, the chance that a group of sentences holds a key, by document frequency and
        // group size, computed once per frequency (few distinct values) rather than per key
        let table = |n: f64, d_max: u32| -> Vec<[f64; MAX_RUN]> {
            (0..=d_max)
                .map(|d| {
                    std::array::from_fn(|size| {
                        let r = (f64::from(d) / n).min(0.99);
                        (1.0 - (1.0 - r).powi(size as i32 + 1))
                            .clamp(1e-6, 0.99)
                            .ln()
                    })
                })
                .collect()
        };
        let tq_s = table(ns, ds.iter().copied().max().unwrap_or(0));
        let tq_t = table(nt, dt.iter().copied().max().unwrap_or(0));
        let lps: [(f64, f64); NCLASS] =
            std::array::from_fn(|c| (params.p[c].ln(), (1.0 - params.p[c]).ln()));
        let weights = (0..nk)
            .map(|k| {
                let (lp, l1p) = lps[feats.class[k] as usize];
                let qs = &tq_s[ds[k] as usize];
                let qt = &tq_t[dt[k] as usize];
                // a key of one side is in the other by translation (p) or by chance (q):
                // found with probability p + (1 - p) q against q for an unrelated
                // sentence, missing with (1 - p)(1 - q) against 1 - q (noisy or); halved,
                // as each side's keys are counted from both sides
                let p = lp.exp();
                let found = |lq: f64| (p + (1.0 - p) * lq.exp()).ln() - lq;
                let miss = 0.5 * l1p;
                KeyWeights {
                    gain: std::array::from_fn(|a| {
                        std::array::from_fn(|b| 0.5 * (found(qs[a]) + found(qt[b])) - 2.0 * miss)
                    }),
                    miss,
                }
            })
            .collect();
        let lone = |fs: &[Feat], side: usize| -> Vec<f64> {
            let w = &params.counterpart[side];
            let mut acc = 0.0;
            let mut out = vec![0.0];
            for f in fs {
                let mut x = 0.0;
                for c in 0..NCLASS {
                    x += f64::from(f.lone[c]) * w[c].0;
                }
                for &k in &f.keys {
                    x += w[feats.class[k as usize] as usize].1;
                }
                acc += x * COUNTERPART_WEIGHT;
                out.push(acc);
            }
            out
        };
        let weights: Vec<KeyWeights> = weights;
        let miss = |fs: &[Feat]| -> Vec<f64> {
            let mut acc = 0.0;
            let mut out = vec![0.0];
            for f in fs {
                for &k in &f.keys {
                    acc += weights[k as usize].miss;
                }
                out.push(acc);
            }
            out
        };
        let prefix = |fs: &[Feat]| -> Vec<u32> {
            std::iter::once(0)
                .chain(fs.iter().scan(0u32, |acc, f| {
                    *acc = acc.saturating_add(line_units(f.units));
                    Some(*acc)
                }))
                .collect()
        };
        Scorer {
            units_s: prefix(&feats.src),
            units_t: prefix(&feats.tgt),
            units: params.units.table(),
            types: NTYPES,
            miss_s: miss(&feats.src),
            miss_t: miss(&feats.tgt),
            lone_s: lone(&feats.src, 0),
            lone_t: lone(&feats.tgt, 1),
            feats,
            length: params.length.scorer(),
            params: params.clone(),
            weights,
            emb: None,
        }
    }

    /// The same scorer with sentence vectors (the embedding evidence).
    pub(crate) fn with_embeddings(mut self, emb: Option<Arc<PairVecs>>) -> Scorer {
        self.emb = emb;
        self
    }

    /// The sentence vectors scored, if any.
    pub(crate) fn embeddings(&self) -> Option<&PairVecs> {
        self.emb.as_deref()
    }

    /// The embedding part of the score of a bead (both sides non-empty).
    fn embedding(&self, e: &PairVecs, i: usize, a: usize, j: usize, b: usize, sc: &Cache) -> f64 {
        let mut cross = [0f32; MAX_RUN * MAX_RUN];
        for x in 0..a {
            let si = i + x;
            let lo = sc.win_lo[si];
            let cells = sc.row_off[si + 1] - sc.row_off[si];
            for y in 0..b {
                let tj = j + y;
                cross[x * b + y] = if tj >= lo && tj < lo + cells {
                    sc.cross[sc.row_off[si] + tj - lo]
                } else {
                    e.cross(si, tj)
                };
            }
        }
        e.score(&self.params.embed, i, a, j, b, &cross[..a * b])
            .unwrap_or(0.0)
    }

    /// The features scored.
    pub(crate) fn feats(&self) -> &PairFeats {
        &self.feats
    }

    /// Gives the features back.
    pub(crate) fn into_feats(self) -> PairFeats {
        self.feats
    }

    /// The length part of the score of a bead (both sides non-empty, `ls` and `lt`
    /// characters). Where the segmenter finds as many sentences on each side and some line
    /// holds several (a line of two sentences against two lines), the sentences may pair
    /// off in order, each pair scored on its own, or may have been split differently (a
    /// mixture of the two, [`PARTS_CORRESPOND`]). A bead whose boundaries are shifted by a
    /// sentence has about the right total length, but not the right lengths of its parts:
    /// without this, a run of 1-2 and 1-3 beads with no anchors can be shifted by one
    /// sentence, at no cost in length, for as long as the run lasts.
    fn length_score(&self, src: &[Feat], tgt: &[Feat], ls: f64, lt: f64) -> f64 {
        let whole = self.length.llr(ls, lt);
        if src.iter().chain(tgt).all(|f| f.parts.is_empty()) {
            return whole;
        }
        // the length of each sentence of a side (a line of one sentence is one part)
        fn parts(fs: &[Feat]) -> impl Iterator<Item = f64> + '_ {
            fs.iter().flat_map(|f| {
                let single = f.parts.is_empty().then_some(f.chars);
                f.parts.iter().map(|&p| f64::from(p)).chain(single)
            })
        }
        let n = parts(src).count();
        if n != parts(tgt).count() || n > MAX_PARTS {
            return whole;
        }
        let by_parts: f64 = parts(src)
            .zip(parts(tgt))
            .map(|(a, b)| self.length.llr(a, b))
            .sum();
        let m = by_parts.max(whole);
        let pi = PARTS_CORRESPOND;
        m + (pi * (by_parts - m).exp() + (1.0 - pi) * (whole - m).exp()).ln()
    }

    /// A cache of no cell, for beads scored one at a time anywhere in the grid (their
    /// shared keys are found by intersecting the two sides' keys).
    pub(crate) fn empty_cache(&self) -> Cache {
        let n = self.feats.src.len();
        Cache {
            win_lo: vec![0; n],
            row_off: vec![0; n + 1],
            cell_off: vec![0],
            keys: Vec::new(),
            cross: Vec::new(),
        }
    }

    /// The anchor part of the score of a bead (both sides non-empty).
    fn anchors(&self, i: usize, a: usize, j: usize, b: usize, sc: &Cache, buf: &mut Buf) -> f64 {
        let (ai, bi) = (a - 1, b - 1);
        // every key counted as missing from the other side, then corrected for the shared
        let mut s = self.miss_s[i + a] - self.miss_s[i] + self.miss_t[j + b] - self.miss_t[j];
        buf.shared.clear();
        for x in 0..a {
            for y in 0..b {
                let (si, tj) = (i + x, j + y);
                let lo = sc.win_lo[si];
                let cells = sc.row_off[si + 1] - sc.row_off[si];
                if tj >= lo && tj < lo + cells {
                    let c = sc.row_off[si] + tj - lo;
                    let (k0, k1) = (sc.cell_off[c] as usize, sc.cell_off[c + 1] as usize);
                    let xy = (x << 4 | y) as u64;
                    buf.shared
                        .extend(sc.keys[k0..k1].iter().map(|&k| u64::from(k) << 8 | xy));
                } else {
                    buf.tmp.clear();
                    intersect(
                        &self.feats.src[si].keys,
                        &self.feats.tgt[tj].keys,
                        &mut buf.tmp,
                    );
                    let xy = (x << 4 | y) as u64;
                    buf.shared
                        .extend(buf.tmp.iter().map(|&k| u64::from(k) << 8 | xy));
                }
            }
        }
        if buf.shared.is_empty() {
            return s;
        }
        if a * b > 1 {
            buf.shared.sort_unstable();
        }
        let mut x = 0;
        while x < buf.shared.len() {
            let k = buf.shared[x] >> 8;
            let (mut in_s, mut in_t) = (0u8, 0u8);
            while x < buf.shared.len() && buf.shared[x] >> 8 == k {
                in_s |= 1 << ((buf.shared[x] >> 4) & 15);
                in_t |= 1 << (buf.shared[x] & 15);
                x += 1;
            }
            let w = &self.weights[k as usize];
            s += w.gain[ai][bi];
            s -= f64::from(in_s.count_ones() + in_t.count_ones() - 2) * w.miss;
        }
        s
    }
}

impl Scorer {
    /// The score of a bead of type `t` (both sides non-empty) starting at source `i` and
    /// target `j`, given its anchor part (`sc` holds the embedding similarities of the
    /// cells near the path, if sentence vectors are scored).
    fn joint(&self, t: usize, i: usize, j: usize, anchors: f64, sc: &Cache) -> f64 {
        let (a, b) = TYPES[t];
        let mut s = self.params.log_prior[t];
        let src = &self.feats.src[i..i + a];
        let tgt = &self.feats.tgt[j..j + b];
        let ls: f64 = src.iter().map(|f| f.chars).sum();
        let lt: f64 = tgt.iter().map(|f| f.chars).sum();
        s += self.length_score(src, tgt, ls, lt);
        let us = i64::from(self.units_s[i + a] - self.units_s[i]);
        let ut = i64::from(self.units_t[j + b] - self.units_t[j]);
        let off = (WIDTH / 2) as i64;
        s += self.units[t][((us - ut).clamp(-off, off) + off) as usize];
        s += anchors;
        if let Some(e) = &self.emb {
            s += self.embedding(e, i, a, j, b, sc);
        }
        s += self.lone_s[i + a] - self.lone_s[i] + self.lone_t[j + b] - self.lone_t[j];
        let crossings = (src[a - 1].para.1 - src[0].para.0) + (tgt[b - 1].para.1 - tgt[0].para.0);
        s + self.params.para * crossings as f64
    }

    /// Calls `f` with each key shared by source sentence `si` and target sentence `tj`,
    /// ascending (from the cache where it holds the pair).
    fn shared_keys(
        &self,
        si: usize,
        tj: usize,
        sc: &Cache,
        tmp: &mut Vec<u32>,
        mut f: impl FnMut(u32),
    ) {
        let lo = sc.win_lo[si];
        let cells = sc.row_off[si + 1] - sc.row_off[si];
        if tj >= lo && tj < lo + cells {
            let c = sc.row_off[si] + tj - lo;
            let (k0, k1) = (sc.cell_off[c] as usize, sc.cell_off[c + 1] as usize);
            sc.keys[k0..k1].iter().for_each(|&k| f(k));
        } else {
            tmp.clear();
            intersect(&self.feats.src[si].keys, &self.feats.tgt[tj].keys, tmp);
            tmp.iter().for_each(|&k| f(k));
        }
    }

    /// Fills `buf.keyed` with the keys shared by the sentence pairs of the beads ending at
    /// boundaries `(i, j)` ([`WINDOW`]), ascending, each with the bits of its pairs.
    fn shared_in_window(&self, i: usize, j: usize, sc: &Cache, buf: &mut Buf) {
        buf.window.clear();
        for &(x, y) in &WINDOW {
            if x >= i || y >= j {
                continue;
            }
            let bit = u64::from(pair_bit(x, y).trailing_zeros());
            let window = &mut buf.window;
            self.shared_keys(i - 1 - x, j - 1 - y, sc, &mut buf.tmp, |k| {
                window.push(u64::from(k) << 4 | bit)
            });
        }
        buf.window.sort_unstable();
        buf.keyed.clear();
        for &e in &buf.window {
            let (k, bit) = ((e >> 4) as u32, 1u16 << (e & 15));
            match buf.keyed.last_mut() {
                Some((last, bits)) if *last == k => *bits |= bit,
                _ => buf.keyed.push((k, bit)),
            }
        }
    }

    /// The anchor parts of the scores of the beads of the types in `types` (all with both
    /// sides non-empty) that end at boundaries `(i, j)`, from the keys shared in the window
    /// of that cell: for each type the same terms, added in the same order (ascending key),
    /// as [`Scorer::anchors`] (each key visits only the types whose beads hold it).
    fn anchors_of_window(
        &self,
        i: usize,
        j: usize,
        types: u16,
        keyed: &[(u32, u16)],
    ) -> [f64; NTYPES] {
        let mut acc = [0f64; NTYPES];
        for (t, &(a, b)) in TYPES.iter().enumerate() {
            if types & 1 << t != 0 {
                let (i, j) = (i - a, j - b);
                acc[t] = self.miss_s[i + a] - self.miss_s[i] + self.miss_t[j + b] - self.miss_t[j];
            }
        }
        for &(k, pairs) in keyed {
            let mut hit = 0u16;
            let mut bits = pairs;
            while bits != 0 {
                hit |= TYPES_HOLDING_PAIR[bits.trailing_zeros() as usize];
                bits &= bits - 1;
            }
            hit &= types;
            if hit == 0 {
                continue;
            }
            let w = &self.weights[k as usize];
            while hit != 0 {
                let t = hit.trailing_zeros() as usize;
                hit &= hit - 1;
                let (a, b) = TYPES[t];
                acc[t] += w.gain[a - 1][b - 1];
                acc[t] -= f64::from(extra_holders(pairs & BEAD_MASKS[t])) * w.miss;
            }
        }
        acc
    }
}

/// Per bead type, the bits ([`pair_bit`]) of the sentence pairs of its beads.
const BEAD_MASKS: [u16; NTYPES] = {
    let mut m = [0u16; NTYPES];
    let mut t = 0;
    while t < NTYPES {
        m[t] = bead_mask(TYPES[t].0, TYPES[t].1);
        t += 1;
    }
    m
};

/// Per pair bit, the bead types (a bit per type) whose beads hold that pair.
const TYPES_HOLDING_PAIR: [u16; 16] = {
    let mut h = [0u16; 16];
    let mut bit = 0;
    while bit < 16 {
        let mut t = 0;
        while t < NTYPES {
            if BEAD_MASKS[t] & 1 << bit != 0 {
                h[bit] |= 1 << t;
            }
            t += 1;
        }
        bit += 1;
    }
    h
};

/// The bead types with both sides non-empty (a bit per type).
const JOINT_TYPES: u16 = {
    let mut m = 0u16;
    let mut t = 0;
    while t < NTYPES {
        if TYPES[t].0 > 0 && TYPES[t].1 > 0 {
            m |= 1 << t;
        }
        t += 1;
    }
    m
};

impl Scorer {
    /// The keys shared by each source sentence and the target sentences `window(source)`
    /// gives (as `(lo, hi)`): a [`Cache`] for the beads of those sentence pairs.
    fn cache_of(&self, window: impl Fn(usize) -> (usize, usize)) -> Cache {
        let n = self.feats.src.len();
        let mut sc = Cache {
            win_lo: Vec::with_capacity(n),
            row_off: Vec::with_capacity(n + 1),
            cell_off: vec![0],
            keys: Vec::new(),
            cross: Vec::new(),
        };
        for si in 0..n {
            let (lo, hi) = window(si);
            sc.win_lo.push(lo);
            sc.row_off.push(sc.cell_off.len() - 1);
            for tj in lo..hi.max(lo) {
                intersect(
                    &self.feats.src[si].keys,
                    &self.feats.tgt[tj].keys,
                    &mut sc.keys,
                );
                sc.cell_off.push(sc.keys.len() as u32);
                if let Some(e) = &self.emb {
                    sc.cross.push(e.cross(si, tj));
                }
            }
        }
        sc.row_off.push(sc.cell_off.len() - 1);
        sc
    }

    /// A [`Cache`] of every pair of the source sentences `src` and the target sentences
    /// `tgt` (a window of the grid searched on its own).
    pub(crate) fn window_cache(&self, src: &Range<usize>, tgt: &Range<usize>) -> Cache {
        self.cache_of(|si| {
            if src.contains(&si) {
                (tgt.start, tgt.end)
            } else {
                (0, 0)
            }
        })
    }
}

impl Scoring for Scorer {
    fn null_runs(&self) -> NullRuns {
        self.params.runs
    }

    type Cache = Cache;
    type Buf = Buf;

    fn cache(&self, band: &Band) -> Cache {
        let m = self.feats.tgt.len();
        let rows = band.rows();
        self.cache_of(|si| {
            // a bead holding source sentence si starts at row >= si - (MAX_RUN - 1) and
            // ends at a row <= si + MAX_RUN, so its target sentences lie in this window
            let lo = band.row(si.saturating_sub(MAX_RUN - 1)).start.min(m);
            let hi = band.row((si + MAX_RUN).min(rows - 1)).end.min(m);
            (lo, hi)
        })
    }

    fn dims(&self) -> (usize, usize) {
        (self.feats.src.len(), self.feats.tgt.len())
    }

    fn score(&self, t: usize, i: usize, j: usize, sc: &Cache, buf: &mut Buf) -> f64 {
        if t >= self.types {
            return f64::NEG_INFINITY;
        }
        let (a, b) = TYPES[t];
        if a == 0 || b == 0 {
            return self.params.log_prior[t];
        }
        let anchors = self.anchors(i, a, j, b, sc, buf);
        self.joint(t, i, j, anchors, sc)
    }

    fn score_ending(
        &self,
        i: usize,
        j: usize,
        valid: u16,
        sc: &Cache,
        buf: &mut Buf,
        out: &mut [f32],
    ) {
        let valid = valid & ((1u16 << self.types) - 1);
        if valid == 0 {
            return;
        }
        self.shared_in_window(i, j, sc, buf);
        let anchors = self.anchors_of_window(i, j, valid & JOINT_TYPES, &buf.keyed);
        for (t, &(a, b)) in TYPES.iter().enumerate() {
            if valid & 1 << t == 0 {
                continue;
            }
            out[t] = if a == 0 || b == 0 {
                self.params.log_prior[t]
            } else {
                self.joint(t, i - a, j - b, anchors[t], sc)
            } as f32;
        }
    }
}

impl Coarsen for Scorer {
    fn coarser(&self, factor: usize) -> Scorer {
        let mut feats = PairFeats {
            src: downsample(&self.feats.src, factor),
            tgt: downsample(&self.feats.tgt, factor),
            class: self.feats.class.clone(),
        };
        // a coarse level only guides the band: its rarest keys are enough, and the length
        // model is made lenient, twice the variance per level (systematic differences add
        // up over groups of sentences; much more leniency and, on a long document whose
        // groups look alike, the coarse path is left to chance)
        sample_keys(&mut feats, COARSE_KEYS);
        let mut params = self.params.clone();
        params.length.var *= 2.0;
        // a group has no counterpart only when none of its sentences has one: its prior is
        // that of a sentence to the power of the group's size (left at a sentence's, null
        // groups cost nothing next to groups that pay a miss for every key that the other
        // side has by chance, and the coarse path, which the finer levels are searched
        // around, ran along the edges of the grid on long documents)
        for (t, &(a, b)) in TYPES.iter().enumerate() {
            if a == 0 || b == 0 {
                params.log_prior[t] *= factor as f64;
            }
        }
        // runs of groups are not runs of sentences
        params.runs = NullRuns::default();
        // "has a counterpart" is evidence about single sentences, not groups
        params.counterpart = [[(0.0, 0.0); NCLASS]; 2];
        params.units.gamma = [0.0; 2];
        let emb = self.emb.as_ref().map(|e| Arc::new(e.downsample(factor)));
        let mut coarse = Scorer::new(feats, &params).with_embeddings(emb);
        coarse.types = BASIC_TYPES;
        coarse
    }
}

#[cfg(test)]
mod tests {
    use super::estimate_runs;

    /// Beads as `(src start, src len, tgt start, tgt len, confidence)`, from their kinds.
    fn beads(kinds: &[(usize, usize)]) -> Vec<(usize, usize, usize, usize, f64)> {
        let (mut i, mut j) = (0, 0);
        kinds
            .iter()
            .map(|&(a, b)| {
                let bead = (i, a, j, b, 1.0);
                i += a;
                j += b;
                bead
            })
            .collect()
    }

    #[test]
    fn runs_of_omissions_make_a_null_likelier_after_a_null() {
        // source omissions in runs of three, target ones alone
        let mut kinds = Vec::new();
        for _ in 0..20 {
            kinds.extend([
                (1, 1),
                (1, 1),
                (1, 0),
                (1, 0),
                (1, 0),
                (1, 1),
                (0, 1),
                (1, 1),
            ]);
        }
        let r = estimate_runs(&beads(&kinds));
        assert!(r.extend[0] > 0.3 && r.open[0] < -0.1, "{r:?}");
        assert!(
            r.extend[1] == 0.0 && r.open[1] <= 0.0 && r.open[1] > -0.2,
            "{r:?}"
        );
    }

    #[test]
    fn scattered_nulls_change_nothing() {
        let mut kinds = Vec::new();
        for _ in 0..20 {
            kinds.extend([(1, 1), (1, 0), (1, 1), (1, 1), (0, 1), (2, 1)]);
        }
        let r = estimate_runs(&beads(&kinds));
        assert_eq!(r.extend, [0.0, 0.0], "{r:?}");
        assert!(r.open.iter().all(|&o| o <= 0.0 && o > -0.2), "{r:?}");
        assert_eq!(estimate_runs(&beads(&[(1, 0)])), Default::default());
    }

    use super::*;
    use crate::align::features::Class;
    use crate::align::units::UnitsModel;

    /// A document pair of `n` sentences a side whose sentences all hold key 0 (a key as
    /// common as it gets) and, in sentence `i` of each side, key `1 + i` (a rare one).
    fn feats(n: usize) -> PairFeats {
        let side = (0..n)
            .map(|i| Feat {
                chars: 40.0,
                keys: vec![0, 1 + i as u32],
                units: 1,
                ..Feat::default()
            })
            .collect::<Vec<_>>();
        PairFeats {
            src: side.clone(),
            tgt: side,
            class: vec![Class::Word; n + 1],
        }
    }

    use proptest::prelude::*;

    /// Random sentences: lengths, units, paragraphs and keys drawn from a small vocabulary,
    /// so that neighbouring sentences share keys.
    fn random_side() -> impl Strategy<Value = Vec<Feat>> {
        prop::collection::vec(
            (
                1.0f64..200.0,
                1u32..3,
                0usize..3,
                prop::collection::btree_set(0u32..40, 0..12),
            ),
            1..14,
        )
        .prop_map(|v| {
            let mut para = 0;
            v.into_iter()
                .map(|(chars, units, p, keys)| {
                    para += usize::from(p == 0);
                    Feat {
                        chars,
                        keys: keys.into_iter().collect(),
                        units,
                        para: (para, para),
                        ..Feat::default()
                    }
                })
                .collect()
        })
    }

    proptest! {
        /// The scores of the beads ending in a cell, computed together, are those of
        /// `score`, bit for bit (the search's output must not change by a byte).
        #[test]
        fn scores_of_a_cell_are_the_scores_of_its_beads(
            src in random_side(),
            tgt in random_side(),
            coarse in any::<bool>(),
        ) {
            let (n, m) = (src.len(), tgt.len());
            let feats = PairFeats { src, tgt, class: vec![Class::Word; 40] };
            let params = Params::initial(
                400.0,
                450.0,
                UnitsModel::new([1u8, 2, 1].into_iter(), [1u8, 1, 1].into_iter()),
                3.0,
            );
            let mut sc = Scorer::new(feats, &params);
            if coarse {
                sc.types = BASIC_TYPES;
            }
            // a narrow band, so that some pairs come from the cache and some do not
            let lo: Vec<usize> = (0..=n).map(|i| (i * m / n).saturating_sub(1)).collect();
            let hi: Vec<usize> = lo.iter().map(|&l| (l + 3).min(m + 1)).collect();
            let band = Band::from_rows(lo, hi);
            let cache = sc.cache(&band);
            let mut buf = Buf::default();
            for i in 0..=n {
                for j in 0..=m {
                    let mut valid = 0u16;
                    for (t, &(a, b)) in TYPES.iter().enumerate() {
                        if i >= a && j >= b {
                            valid |= 1 << t;
                        }
                    }
                    let mut out = [f32::NEG_INFINITY; NTYPES];
                    sc.score_ending(i, j, valid, &cache, &mut buf, &mut out);
                    for (t, &(a, b)) in TYPES.iter().enumerate() {
                        let want = if valid & 1 << t != 0 {
                            sc.score(t, i - a, j - b, &cache, &mut buf) as f32
                        } else {
                            f32::NEG_INFINITY
                        };
                        prop_assert_eq!(out[t].to_bits(), want.to_bits(), "type {} at {},{}", t, i, j);
                    }
                }
            }
        }
    }

    #[test]
    fn a_run_of_null_beads_counts_once_in_the_bead_type_priors() {
        let bead = |a: usize, b: usize| (0, a, 0, b, 1.0);
        let beads = [
            bead(1, 1),
            bead(0, 1),
            bead(0, 1),
            bead(0, 1),
            bead(1, 1),
            bead(0, 1),
            bead(1, 0),
            bead(1, 0),
            bead(1, 2),
        ];
        let counts = type_counts(&beads);
        let of = |a, b| counts[TYPES.iter().position(|&t| t == (a, b)).unwrap()];
        assert_eq!(
            (of(1, 1), of(0, 1), of(1, 0), of(1, 2)),
            (2.0, 2.0, 1.0, 1.0)
        );
    }

    #[test]
    fn a_shared_key_is_never_evidence_against_a_bead() {
        let n = 10;
        let params = Params::initial(
            400.0,
            400.0,
            UnitsModel::new([1u8; 10].into_iter(), [1u8; 10].into_iter()),
            3.0,
        );
        let sc = Scorer::new(feats(n), &params);
        let cache = sc.cache(&Band::full(n, n));
        let mut buf = Buf::default();
        // sentences 0 and 1 share only the common key, sentences 0 and 0 both keys
        let common = sc.anchors(0, 1, 1, 1, &cache, &mut buf);
        let both = sc.anchors(0, 1, 0, 1, &cache, &mut buf);
        // the common key itself: its score as shared minus the score of its two misses
        let w = &sc.weights[0];
        assert!(w.gain[0][0] + 2.0 * w.miss >= 0.0, "{w:?}");
        assert!(both > common, "{both} {common}");
        // with the common key shared, a bead scores at least as well as if it were missing
        // from both sentences (two misses)
        assert!(
            common >= 2.0 * w.miss + 2.0 * sc.weights[1].miss,
            "{common}"
        );
    }
}
