//! Sentence-embedding evidence (when the user gives vectors): the cosine similarity of the
//! two sides of a bead, scored as a log-likelihood ratio of "translation" against
//! "unrelated", with both distributions estimated from the document pair itself.
//!
//! A run of several sentences is represented by the sum of its sentences' unit vectors
//! weighted by their lengths in characters to the power [`RUN_WEIGHT_POWER`] — about what
//! mean pooling over the tokens of the joined text gives — so only single sentences are
//! embedded, and the
//! cosine of any bead (and of the merged groups of the coarse search levels) follows from
//! dot products of single sentences: those across the two sides, cached for the band like
//! the anchors, and those of neighbours within one side. A sentence that is one part of a
//! run is expected to match the other side in proportion to its share of its run.

use super::dp::{log_add, MAX_RUN};
use crate::embed::TextVectors;

/// The vectors of one side: each sentence's unit vector times its weight.
#[derive(Debug, Clone, Default)]
pub(crate) struct SideVecs {
    dim: usize,
    /// `n × dim` values; a sentence without a vector is all zeros.
    data: Vec<f32>,
    /// Per sentence: it has a vector.
    has: Vec<bool>,
    /// Per sentence `u`: the dot products of its vector with those of sentences `u + 1`,
    /// `u + 2`, `u + 3` (0 past the end), and with itself at index 0.
    near: Vec<[f32; MAX_RUN]>,
}

impl SideVecs {
    /// The vectors of `texts` (lengths `weights`, weighted by [`run_weight`]) found in
    /// `table`, centred: the mean
    /// vector of the side is taken away (embeddings share a large common component, by
    /// language and style, which makes unrelated sentences look alike and hides what a
    /// sentence merged into a run adds), then each is scaled to length 1.
    pub(crate) fn new(texts: &[&str], weights: &[f64], table: &TextVectors) -> SideVecs {
        let dim = table.dim();
        let found: Vec<Option<&[f32]>> = texts.iter().map(|t| table.get(t)).collect();
        let count = found.iter().flatten().count();
        let mut mean = vec![0f64; dim];
        for v in found.iter().flatten() {
            for (m, &x) in mean.iter_mut().zip(v.iter()) {
                *m += f64::from(x);
            }
        }
        // shrunk on short documents, where the mean is mostly the sentences themselves
        let scale = 1.0 / (count as f64 + CENTRE_PRIOR);
        let mean: Vec<f32> = mean.iter().map(|m| (m * scale) as f32).collect();
        let mut data = vec![0f32; dim * texts.len()];
        let mut has = vec![false; texts.len()];
        for (u, v) in found.iter().enumerate() {
            let Some(v) = v else { continue };
            let row = &mut data[u * dim..(u + 1) * dim];
            for ((x, &y), &m) in row.iter_mut().zip(v.iter()).zip(&mean) {
                *x = y - m;
            }
            let norm = dot(row, row).sqrt();
            if norm > 0.0 {
                let w = run_weight(weights.get(u).copied().unwrap_or(1.0)) as f32 / norm;
                row.iter_mut().for_each(|x| *x *= w);
                has[u] = true;
            }
        }
        SideVecs::from_parts(dim, data, has)
    }

    fn from_parts(dim: usize, data: Vec<f32>, has: Vec<bool>) -> SideVecs {
        let mut s = SideVecs {
            dim,
            data,
            has,
            near: Vec::new(),
        };
        let n = s.len();
        s.near = (0..n)
            .map(|u| {
                std::array::from_fn(|d| {
                    if u + d < n {
                        dot(s.vec(u), s.vec(u + d))
                    } else {
                        0.0
                    }
                })
            })
            .collect();
        s
    }

    /// Number of sentences.
    pub(crate) fn len(&self) -> usize {
        self.has.len()
    }

    fn vec(&self, u: usize) -> &[f32] {
        &self.data[u * self.dim..(u + 1) * self.dim]
    }

    /// The squared length of the sum of the vectors of sentences `i..i + a`, or `None` when
    /// one of them has no vector.
    fn run_norm2(&self, i: usize, a: usize) -> Option<f32> {
        let mut s = 0.0;
        for u in i..i + a {
            if !self.has[u] {
                return None;
            }
            s += self.near[u][0];
            for d in 1..(i + a - u) {
                s += 2.0 * self.near[u][d];
            }
        }
        Some(s)
    }

    /// The cosine of sentence `u` with the run `i..i + a` that holds it (1 for a run of
    /// one), given the length of the run's vector, `norm`: from the dot products of
    /// neighbours, so it costs no vector arithmetic.
    fn share(&self, i: usize, a: usize, u: usize, norm: f64) -> f64 {
        if a == 1 {
            return 1.0;
        }
        let d: f64 = (i..i + a)
            .map(|l| {
                let (lo, hi) = if l < u { (l, u) } else { (u, l) };
                f64::from(self.near[lo][hi - lo])
            })
            .sum();
        let len = f64::from(self.near[u][0]).sqrt();
        (d / (len * norm).max(1e-12)).clamp(0.0, 1.0)
    }

    /// Groups of `factor` consecutive sentences merged (their vectors summed).
    pub(crate) fn downsample(&self, factor: usize) -> SideVecs {
        let n = self.len();
        let groups = n.div_ceil(factor.max(1));
        let mut data = vec![0f32; self.dim * groups];
        let mut has = vec![true; groups];
        for u in 0..n {
            let g = u / factor.max(1);
            has[g] &= self.has[u];
            for (x, y) in data[g * self.dim..(g + 1) * self.dim]
                .iter_mut()
                .zip(self.vec(u))
            {
                *x += y;
            }
        }
        SideVecs::from_parts(self.dim, data, has)
    }
}

/// Sentences the mean of a side is shrunk by (towards no centring).
const CENTRE_PRIOR: f64 = 4.0;

/// The power of a sentence's length that weighs its vector in the vector of a run. Mean
/// pooling over tokens would be 1; a short sentence (a title, a clause) moves the
/// embedding of a joined text more than its share of the tokens, and with 0.75 a bead of
/// a short and a long sentence is told from the long sentence alone a little better
/// (dev data, mean strict F1 of the 16 rows of the README, with [`MIN_RELATED_SD`]:
/// 0.9521 with 1, 0.9528 with 0.75; without it, 0.9505 with 1, 0.9494 with 0.5, 0.9397
/// with 0, every sentence alike).
pub(crate) const RUN_WEIGHT_POWER: f64 = 0.75;

/// The weight of a sentence of `chars` characters in the vector of a run.
fn run_weight(chars: f64) -> f64 {
    chars.max(1.0).powf(RUN_WEIGHT_POWER)
}

/// The dot product (the compiler vectorizes this loop).
fn dot(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let mut cx = x.chunks_exact(8);
    let mut cy = y.chunks_exact(8);
    for (a, b) in (&mut cx).zip(&mut cy) {
        for k in 0..8 {
            acc[k] += a[k] * b[k];
        }
    }
    let tail: f32 = cx
        .remainder()
        .iter()
        .zip(cy.remainder())
        .map(|(a, b)| a * b)
        .sum();
    acc.iter().sum::<f32>() + tail
}

/// Both sides of a document pair.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairVecs {
    /// Source side.
    pub src: SideVecs,
    /// Target side.
    pub tgt: SideVecs,
}

impl PairVecs {
    /// The dot product of source sentence `i` and target sentence `j`.
    pub(crate) fn cross(&self, i: usize, j: usize) -> f32 {
        dot(self.src.vec(i), self.tgt.vec(j))
    }

    /// The cosine of the bead `i..i + a` × `j..j + b`, given the sum of its cross dot
    /// products, or `None` when a sentence has no vector.
    pub(crate) fn cosine(&self, i: usize, a: usize, j: usize, b: usize, cross: f32) -> Option<f64> {
        let ns = self.src.run_norm2(i, a)?;
        let nt = self.tgt.run_norm2(j, b)?;
        let d = (f64::from(ns) * f64::from(nt)).sqrt();
        (d > 0.0).then(|| (f64::from(cross) / d).clamp(-1.0, 1.0))
    }

    /// The embedding score of the bead `i..i + a` × `j..j + b` given the dot products of
    /// its sentences across the sides (`cross[x * b + y]`, source `i + x`, target `j + y`):
    /// each sentence is compared with the other side of the bead as a whole, and the
    /// evidence of each side is halved (so a 1-1 bead scores the cosine of its pair once).
    /// A sentence whose content is not on the other side (an omission merged into a bead)
    /// thus scores as unrelated, and two 1-1 beads are not mistaken for one 2-2 bead.
    ///
    /// A sentence that is one part of a run is not expected to match the other side as
    /// well as a whole translation does: if the two runs translate each other, its cosine
    /// with the other side is about that of a translation times its cosine with its own
    /// run ([`SideVecs::share`]), so the "translation" mean of the model is scaled by that
    /// share ([`CosModel::llr_part`]). A short part (a title merged with the next
    /// sentence) then gives little evidence either way, instead of counting against the
    /// run as an unrelated sentence would.
    /// `None` when a sentence has no vector.
    pub(crate) fn score(
        &self,
        m: &CosModel,
        i: usize,
        a: usize,
        j: usize,
        b: usize,
        cross: &[f32],
    ) -> Option<f64> {
        let ns = f64::from(self.src.run_norm2(i, a)?).sqrt();
        let nt = f64::from(self.tgt.run_norm2(j, b)?).sqrt();
        if ns <= 0.0 || nt <= 0.0 {
            return Some(0.0);
        }
        let mut s = 0.0;
        for x in 0..a {
            let num: f32 = cross[x * b..(x + 1) * b].iter().sum();
            let len = f64::from(self.src.near[i + x][0]).sqrt();
            let share = self.src.share(i, a, i + x, ns);
            s += m.llr_part(f64::from(num) / (len * nt).max(1e-12), share);
        }
        for y in 0..b {
            let num: f32 = (0..a).map(|x| cross[x * b + y]).sum();
            let len = f64::from(self.tgt.near[j + y][0]).sqrt();
            let share = self.tgt.share(j, b, j + y, nt);
            s += m.llr_part(f64::from(num) / (len * ns).max(1e-12), share);
        }
        Some(0.5 * s)
    }

    /// The cosine of the bead `i..i + a` × `j..j + b` (computing its cross products).
    pub(crate) fn bead_cosine(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f64> {
        let mut cross = 0.0;
        for x in i..i + a {
            for y in j..j + b {
                cross += self.cross(x, y);
            }
        }
        self.cosine(i, a, j, b, cross)
    }

    /// The same pair with groups of `factor` sentences merged.
    pub(crate) fn downsample(&self, factor: usize) -> PairVecs {
        PairVecs {
            src: self.src.downsample(factor),
            tgt: self.tgt.downsample(factor),
        }
    }

    /// Cosines of source sentence `i` with the target sentences two before and two after
    /// `j` (its translation): neighbours, the alternatives a search weighs against it, but
    /// not the next ones, which may hold part of a merged translation.
    fn unrelated_near(&self, i: usize, j: usize) -> impl Iterator<Item = f64> + '_ {
        [j.checked_sub(UNRELATED_OFFSET), Some(j + UNRELATED_OFFSET)]
            .into_iter()
            .flatten()
            .filter(|&y| y < self.tgt.len())
            .filter_map(move |y| self.bead_cosine(i, 1, y, 1))
    }

    /// The model re-estimated from the beads of a pass `(src start, src len, tgt start, tgt
    /// len, confidence)`: translations from the confident beads, unrelated pairs from the
    /// neighbours of their confident 1-1 beads; pulled towards `prior`.
    pub(crate) fn estimate(
        &self,
        beads: &[(usize, usize, usize, usize, f64)],
        prior: &CosModel,
    ) -> CosModel {
        let confident = beads.iter().filter(|b| b.1 == 1 && b.3 == 1 && b.4 >= 0.9);
        let related: Vec<f64> = confident
            .clone()
            .filter_map(|b| self.bead_cosine(b.0, 1, b.2, 1))
            .collect();
        let unrelated: Vec<f64> = confident
            .flat_map(|b| self.unrelated_near(b.0, b.2))
            .collect();
        let prior = (*prior != CosModel::OFF).then_some(prior);
        CosModel::fit(&related, &unrelated, prior)
    }

    /// The initial model: "translation" from the pairs of sentences that are each other's
    /// best match near the diagonal, "unrelated" from the other pairs near them.
    pub(crate) fn initial_model(&self) -> CosModel {
        let (n, m) = (self.src.len(), self.tgt.len());
        if n == 0 || m == 0 {
            return CosModel::OFF;
        }
        let window = 10 + n.max(m) / 20;
        let near = |i: usize| {
            let c = i * m / n;
            c.saturating_sub(window)..(c + window + 1).min(m)
        };
        let best_t = |i: usize| -> Option<(usize, f32)> {
            near(i)
                .filter(|&j| self.src.has[i] && self.tgt.has[j])
                .map(|j| {
                    (
                        j,
                        self.cross(i, j) / (self.src.near[i][0] * self.tgt.near[j][0]).sqrt(),
                    )
                })
                .max_by(|x, y| x.1.total_cmp(&y.1))
        };
        let step = (n / 400).max(1);
        let mut related = Vec::new();
        let mut unrelated = Vec::new();
        for i in (0..n).step_by(step) {
            let Some((j, c)) = best_t(i) else { continue };
            // mutual: no source sentence near j matches j better
            let back = (i.saturating_sub(window)..(i + window + 1).min(n))
                .filter(|&x| self.src.has[x])
                .map(|x| self.cross(x, j) / (self.src.near[x][0] * self.tgt.near[j][0]).sqrt())
                .fold(f32::MIN, f32::max);
            if back > c {
                continue;
            }
            related.push(f64::from(c));
            unrelated.extend(self.unrelated_near(i, j));
        }
        CosModel::fit(&related, &unrelated, None)
    }
}

/// Cosines of translations and of unrelated pairs. Unrelated pairs: a normal distribution.
/// Translations: a normal distribution, except that a share `loose` of them look no more
/// alike than unrelated pairs (free translations, short sentences): a mixture, so the
/// evidence against a pair is at most `ln loose`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CosModel {
    /// Mean and spread of the cosine of a translation.
    pub related: (f64, f64),
    /// Mean and spread of the cosine of unrelated sentences.
    pub unrelated: (f64, f64),
    /// The share of translations whose cosine is like that of unrelated pairs.
    pub loose: f64,
}

/// Distance of the "unrelated" neighbours from a translation.
const UNRELATED_OFFSET: usize = 2;

/// Pseudo-observations of the earlier estimate in a new one.
const PRIOR_WEIGHT: f64 = 4.0;

/// Smallest spread (cosines of one model are never that tight; avoids division by 0).
const MIN_SD: f64 = 0.01;

/// Smallest spread of the cosines of translations. On a short document the spread is
/// fitted to the few confident pairs of a pass, which are the ones that look most alike
/// (0.05 on a 10-sentence NTREX pair): a true pair whose cosine is a little lower would
/// then count against its bead nearly as much as an unrelated one. Over the 1,022
/// sentences of Text+Berg dev the fitted spread is 0.15 (e5-small, centred).
const MIN_RELATED_SD: f64 = 0.1;

/// Default share of loose translations, and its weight in pseudo-observations.
const LOOSE0: f64 = 0.1;
const LOOSE_WEIGHT: f64 = 10.0;

fn log_normal(x: f64, (m, s): (f64, f64)) -> f64 {
    let z = (x - m) / s;
    -0.5 * z * z - s.ln()
}

impl CosModel {
    /// No evidence.
    pub(crate) const OFF: CosModel = CosModel {
        related: (0.0, 1.0),
        unrelated: (0.0, 1.0),
        loose: 1.0,
    };

    /// A model fitted to cosines of translations and of unrelated pairs: the unrelated
    /// distribution robustly (median and median absolute deviation), the translations'
    /// mixture by expectation maximisation; pulled towards `prior` when given.
    pub(crate) fn fit(related: &[f64], unrelated: &[f64], prior: Option<&CosModel>) -> CosModel {
        let shrink = |k: usize, x: (f64, f64), p: Option<(f64, f64)>| match p {
            Some((m0, s0)) => {
                let k = k as f64;
                (
                    (k * x.0 + PRIOR_WEIGHT * m0) / (k + PRIOR_WEIGHT),
                    (k * x.1 + PRIOR_WEIGHT * s0) / (k + PRIOR_WEIGHT),
                )
            }
            None => x,
        };
        if related.len() < 3 || unrelated.len() < 3 {
            return prior.copied().unwrap_or(CosModel::OFF);
        }
        let u = robust(unrelated);
        let u = shrink(
            unrelated.len(),
            (u.0, u.1.max(MIN_SD)),
            prior.map(|p| p.unrelated),
        );
        let loose0 = prior.map_or(LOOSE0, |p| p.loose.min(0.5));
        let mut r = robust(related);
        r.1 = r.1.max(MIN_SD);
        let mut loose = loose0;
        for _ in 0..20 {
            // the chance that each cosine comes from the tight part of the mixture
            let w: Vec<f64> = related
                .iter()
                .map(|&x| {
                    let a = (1.0 - loose).ln() + log_normal(x, r);
                    let b = loose.ln() + log_normal(x, u);
                    1.0 / (1.0 + (b - a).exp())
                })
                .collect();
            let n1: f64 = w.iter().sum();
            if n1 < 1.0 {
                break;
            }
            let m = related.iter().zip(&w).map(|(x, w)| x * w).sum::<f64>() / n1;
            let v = related
                .iter()
                .zip(&w)
                .map(|(x, w)| w * (x - m).powi(2))
                .sum::<f64>()
                / n1;
            r = (m, v.sqrt().max(MIN_RELATED_SD));
            let k = related.len() as f64;
            loose = ((k - n1) + LOOSE_WEIGHT * loose0) / (k + LOOSE_WEIGHT);
        }
        let r = shrink(related.len(), r, prior.map(|p| p.related));
        if r.0 <= u.0 {
            return prior.copied().unwrap_or(CosModel::OFF);
        }
        CosModel {
            related: r,
            unrelated: u,
            loose: loose.clamp(0.01, 0.5),
        }
    }

    /// [`CosModel::llr`] of the cosine `c` of one part of a run with the other side of a
    /// bead, where the part's cosine with its own run is `share`: under "translation" the
    /// expected cosine is moved from the translations' mean towards the unrelated pairs'
    /// in proportion (at `share` 0 the part gives no evidence).
    pub(crate) fn llr_part(&self, c: f64, share: f64) -> f64 {
        if share >= 1.0 {
            return self.llr(c);
        }
        let mut m = *self;
        m.related.0 = self.unrelated.0 + (self.related.0 - self.unrelated.0) * share.max(0.0);
        m.llr(c)
    }

    /// Log-likelihood ratio of "translation" against "unrelated" for cosine `c`: flat
    /// outside the two means, so that a higher cosine is never evidence against.
    pub(crate) fn llr(&self, c: f64) -> f64 {
        let (r, u) = (self.related, self.unrelated);
        if r.0 <= u.0 {
            return 0.0;
        }
        let c = c.clamp(u.0, r.0);
        let tight = (1.0 - self.loose).ln() + log_normal(c, r) - log_normal(c, u);
        // ln((1 - loose) N_r / N_u + loose)
        log_add(tight, self.loose.ln())
    }
}

/// Median and a robust standard deviation (1.4826 × the median absolute deviation).
fn robust(xs: &[f64]) -> (f64, f64) {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let med = v[v.len() / 2];
    let mut dev: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    (med, 1.4826 * dev[dev.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(texts: &[&str], vecs: Vec<Vec<f32>>) -> TextVectors {
        TextVectors::new(texts, vecs).unwrap()
    }

    /// A side of vectors taken as they are (weights already applied, no centring).
    fn raw(vecs: &[[f32; 2]]) -> SideVecs {
        SideVecs::from_parts(
            2,
            vecs.iter().flatten().copied().collect(),
            vec![true; vecs.len()],
        )
    }

    #[test]
    fn a_run_is_the_sum_of_its_sentences() {
        let p = PairVecs {
            src: raw(&[[30.0, 0.0], [0.0, 10.0]]),
            tgt: raw(&[[3.0, 1.0]]),
        };
        // (30, 10) · (3, 1) / (|(30, 10)| |(3, 1)|) = 1
        let c = p.bead_cosine(0, 2, 0, 1).unwrap();
        assert!((c - 1.0).abs() < 1e-6, "{c}");
        let c1 = p.bead_cosine(0, 1, 0, 1).unwrap();
        assert!((c1 - 3.0 / 10f64.sqrt()).abs() < 1e-6, "{c1}");
        // merged groups give the same cosine as the run
        let g = p.downsample(2);
        assert!((g.bead_cosine(0, 1, 0, 1).unwrap() - c).abs() < 1e-6);
    }

    #[test]
    fn centring_takes_away_what_every_sentence_shares() {
        // three sentences around a common direction (1, 0, 0)
        let texts = ["a", "b", "c"];
        let t = table(
            &texts,
            vec![
                vec![1.0, 0.3, 0.0],
                vec![1.0, -0.3, 0.0],
                vec![1.0, 0.0, 0.3],
            ],
        );
        let side = SideVecs::new(&texts, &[1.0; 3], &t);
        let p = PairVecs {
            src: side.clone(),
            tgt: side,
        };
        let raw_cos = 1.0 / 1.09f64; // a · b of the raw unit vectors
        let c = p.bead_cosine(0, 1, 1, 1).unwrap();
        assert!(c < raw_cos - 0.3, "{c}");
        assert!((p.bead_cosine(0, 1, 0, 1).unwrap() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn an_omission_merged_into_a_bead_scores_below_the_bead_without_it() {
        let m = CosModel::fit(
            &[0.9, 0.88, 0.92, 0.91, 0.89],
            &[0.1, 0.0, 0.2, -0.1, 0.05],
            None,
        );
        // source 0 is the translation of target 0, source 1 is unrelated to it
        let p = PairVecs {
            src: raw(&[[1.0, 0.0], [0.0, 1.0]]),
            tgt: raw(&[[1.0, 0.05]]),
        };
        let cross =
            |i: usize, a: usize| -> Vec<f32> { (i..i + a).map(|x| p.cross(x, 0)).collect() };
        let one = p.score(&m, 0, 1, 0, 1, &cross(0, 1)).unwrap();
        let two = p.score(&m, 0, 2, 0, 1, &cross(0, 2)).unwrap();
        assert!(one > two + 3.0, "{one} {two}");
    }

    #[test]
    fn a_short_part_of_a_run_is_not_scored_as_an_unrelated_sentence() {
        let m = CosModel {
            related: (0.9, 0.05),
            unrelated: (0.05, 0.1),
            loose: 0.1,
        };
        // a short title and a long sentence; the target is the translation of both joined
        let p = PairVecs {
            src: raw(&[[5.0, 0.0], [0.0, 40.0]]),
            tgt: raw(&[[5.0, 40.0]]),
        };
        let cross =
            |i: usize, a: usize| -> Vec<f32> { (i..i + a).map(|x| p.cross(x, 0)).collect() };
        let title = p.bead_cosine(0, 1, 0, 1).unwrap();
        // its cosine alone is that of an unrelated sentence ...
        assert!(m.llr(title) < 0.0, "{title}");
        // ... but it is what a title of that size in a translated run gives
        let share = p
            .src
            .share(0, 2, 0, f64::from(p.src.run_norm2(0, 2).unwrap()).sqrt());
        assert!((share - title).abs() < 1e-6, "{share} {title}");
        assert!(m.llr_part(title, share) > 0.0);
        assert_eq!(m.llr_part(0.3, 0.0), 0.0);
        assert_eq!(m.llr_part(0.7, 1.0), m.llr(0.7));
        // so the 2-1 bead scores at least as well as the 1-1 bead of the sentence alone
        let two = p.score(&m, 0, 2, 0, 1, &cross(0, 2)).unwrap();
        let one = p.score(&m, 1, 1, 0, 1, &cross(1, 1)).unwrap();
        assert!(two >= one, "{two} {one}");
    }

    #[test]
    fn the_spread_of_translations_is_not_fitted_tighter_than_its_floor() {
        // a few confident pairs that look very much alike (a short document)
        let m = CosModel::fit(
            &[0.57, 0.58, 0.56, 0.575, 0.565, 0.57],
            &[0.3, 0.35, 0.4, 0.33, 0.37, 0.36],
            None,
        );
        assert!(m.related.1 >= MIN_RELATED_SD, "{m:?}");
        // so a true pair a little less alike than those still counts for its bead
        assert!(m.llr(0.48) > 0.0, "{}", m.llr(0.48));
        // refitted with that model as the prior, the floor holds too
        let again = CosModel::fit(&[0.57, 0.58, 0.56, 0.575], &[0.3, 0.35, 0.4], Some(&m));
        assert!(again.related.1 >= MIN_RELATED_SD, "{again:?}");
    }

    #[test]
    fn a_sentence_weighs_in_its_run_by_its_length_to_the_power_three_quarters() {
        let texts = ["long", "short"];
        let t = table(&texts, vec![vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0]]);
        let side = SideVecs::new(&texts, &[100.0, 10.0], &t);
        let len = |u: usize| f64::from(side.near[u][0]).sqrt();
        assert!((len(0) - 100f64.powf(0.75)).abs() < 1e-3, "{}", len(0));
        assert!((len(1) - 10f64.powf(0.75)).abs() < 1e-3, "{}", len(1));
        // the short sentence moves the run more than its share of the characters
        assert!(len(1) / len(0) > 10.0 / 100.0);
        assert_eq!(run_weight(0.0), 1.0);
    }

    #[test]
    fn a_sentence_without_a_vector_gives_no_evidence() {
        let t = table(&["a"], vec![vec![1.0, 0.0]]);
        let p = PairVecs {
            src: SideVecs::new(&["a", "zzz"], &[1.0, 1.0], &t),
            tgt: SideVecs::new(&["a"], &[1.0], &t),
        };
        assert!(p.bead_cosine(0, 1, 0, 1).is_some());
        assert!(p.bead_cosine(0, 2, 0, 1).is_none());
    }

    #[test]
    fn the_score_rises_with_the_cosine_and_is_flat_outside_the_means() {
        let m = CosModel::fit(
            &[0.9, 0.88, 0.92, 0.91, 0.89],
            &[0.7, 0.75, 0.8, 0.72, 0.78],
            None,
        );
        assert!(m.llr(0.9) > 0.0 && m.llr(0.75) < 0.0);
        let mut last = f64::NEG_INFINITY;
        for k in 0..=100 {
            let x = m.llr(f64::from(k) / 100.0);
            assert!(x >= last - 1e-12, "{k}");
            last = x;
        }
        assert_eq!(m.llr(0.99), m.llr(0.95));
        // translations that look no more alike than unrelated pairs give no evidence
        let none = CosModel::fit(&[0.5, 0.5, 0.6], &[0.7, 0.8, 0.75], None);
        assert_eq!(none.llr(0.9), 0.0);
    }
}
