//! The sentence-count model: a line of a presegmented file may hold several sentences (a
//! translator merged two, or the file was segmented differently), and the two sides of a
//! bead tend to hold as many sentences each. The number of sentences the segmenter finds in
//! each line ("units") is compared across a bead: the score of a difference `d` is the
//! chance distribution of `d` for a bead of that shape, tilted by `exp(-γ|d|)`, against the
//! chance distribution itself. Where `d` is the same for every bead of a shape (files with
//! one sentence per line) the score is 0 whatever `γ`, so the model only speaks where lines
//! hold different numbers of sentences. `γ` is estimated from the confident beads of a pass.

use super::dp::TYPES;
use super::model::NTYPES;

/// Units per line counted (more are counted as this many).
const MAX_UNITS: usize = 4;
/// Offset of `d = 0` in a table of differences.
const OFF: usize = 3 * MAX_UNITS;
/// Width of a table of differences.
pub(crate) const WIDTH: usize = 2 * OFF + 1;

/// Default tilts, for 1-1 beads and for larger ones (where a difference is a sign of a
/// wrong merge), and the weight of the default against the data, in beads.
const GAMMA0: [f64; 2] = [1.0, 2.0];
const PRIOR_BEADS: f64 = 5.0;

/// The units of one line as the model counts them (from 1 to `MAX_UNITS`).
pub(crate) fn line_units(units: u32) -> u32 {
    units.clamp(1, MAX_UNITS as u32)
}

/// The distribution of units per line on one side (index `units - 1`).
pub(crate) fn side_dist(units: impl Iterator<Item = u8>) -> [f64; MAX_UNITS] {
    let mut d = [0f64; MAX_UNITS];
    let mut n = 0.0;
    for u in units {
        d[(usize::from(u).clamp(1, MAX_UNITS)) - 1] += 1.0;
        n += 1.0;
    }
    if n == 0.0 {
        d[0] = 1.0;
        return d;
    }
    d.map(|x| x / n)
}

/// Distribution of the total units of `k` lines drawn from `d` (index = total).
fn sum_of(d: &[f64; MAX_UNITS], k: usize) -> Vec<f64> {
    let mut acc = vec![1.0];
    for _ in 0..k {
        let mut next = vec![0.0; acc.len() + MAX_UNITS];
        for (s, &p) in acc.iter().enumerate() {
            for (u, &q) in d.iter().enumerate() {
                next[s + u + 1] += p * q;
            }
        }
        acc = next;
    }
    acc
}

/// Chance distribution of `d` (index `d + OFF`) for a bead of `a` source and `b` target
/// lines drawn at random.
fn chance(ds: &[f64; MAX_UNITS], dt: &[f64; MAX_UNITS], a: usize, b: usize) -> [f64; WIDTH] {
    let (ss, st) = (sum_of(ds, a), sum_of(dt, b));
    let mut out = [0f64; WIDTH];
    for (x, &p) in ss.iter().enumerate() {
        for (y, &q) in st.iter().enumerate() {
            let d = (x as i64 - y as i64).clamp(-(OFF as i64), OFF as i64);
            out[(d + OFF as i64) as usize] += p * q;
        }
    }
    out
}

fn group(a: usize, b: usize) -> usize {
    usize::from(a + b > 2)
}

fn tilt(gamma: f64, d: usize) -> f64 {
    -gamma * (d as f64 - OFF as f64).abs()
}

/// ln Z of the tilted distribution.
fn log_z(chance: &[f64; WIDTH], gamma: f64) -> f64 {
    chance
        .iter()
        .enumerate()
        .map(|(d, &p)| p * tilt(gamma, d).exp())
        .sum::<f64>()
        .max(1e-300)
        .ln()
}

/// The tilts tried when estimating (`k` tenths, `k` in `0..GRID`).
const GRID: usize = 61;

/// `exp(tilt(k / 10, d))` for every tilt of the grid and every difference `d`, computed once
/// per process (the same numbers [`log_z`] computes).
fn grid_exps() -> &'static [[f64; WIDTH]; GRID] {
    static EXPS: std::sync::OnceLock<[[f64; WIDTH]; GRID]> = std::sync::OnceLock::new();
    EXPS.get_or_init(|| {
        std::array::from_fn(|k| std::array::from_fn(|d| tilt(grid_gamma(k), d).exp()))
    })
}

fn grid_gamma(k: usize) -> f64 {
    f64::from(k as u32) * 0.1
}

/// [`log_z`] of the `k`-th tilt of the grid.
fn log_z_grid(chance: &[f64; WIDTH], k: usize) -> f64 {
    chance
        .iter()
        .zip(&grid_exps()[k])
        .map(|(&p, &e)| p * e)
        .sum::<f64>()
        .max(1e-300)
        .ln()
}

/// The model of one document pair.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitsModel {
    /// Per-side distribution of units per line.
    pub src: [f64; MAX_UNITS],
    /// See `src`.
    pub tgt: [f64; MAX_UNITS],
    /// Tilt for 1-1 beads and for larger beads.
    pub gamma: [f64; 2],
}

impl UnitsModel {
    /// Numbers in each per-side distribution.
    pub(crate) const fn default_len() -> usize {
        MAX_UNITS
    }

    /// A model with the default tilts for sides with these units per line.
    pub(crate) fn new(src: impl Iterator<Item = u8>, tgt: impl Iterator<Item = u8>) -> Self {
        UnitsModel {
            src: side_dist(src),
            tgt: side_dist(tgt),
            gamma: GAMMA0,
        }
    }

    /// The score of each difference, per bead type (0 for the empty types).
    pub(crate) fn table(&self) -> [[f64; WIDTH]; NTYPES] {
        std::array::from_fn(|t| {
            let (a, b) = TYPES[t];
            if a == 0 || b == 0 {
                return [0.0; WIDTH];
            }
            let c = chance(&self.src, &self.tgt, a, b);
            let g = self.gamma[group(a, b)];
            let z = log_z(&c, g);
            std::array::from_fn(|d| if c[d] > 0.0 { tilt(g, d) - z } else { 0.0 })
        })
    }

    /// Re-estimates the tilts from beads `(a, b, units of the source run, units of the
    /// target run)` by maximum likelihood (a grid), each pulled towards its default as if
    /// it had been seen in `PRIOR_BEADS` beads.
    pub(crate) fn estimate(&self, beads: &[(usize, usize, usize, usize)]) -> Self {
        let chances: [[f64; WIDTH]; NTYPES] = std::array::from_fn(|t| {
            let (a, b) = TYPES[t];
            chance(&self.src, &self.tgt, a, b)
        });
        let mut out = self.clone();
        for (g, &gamma0) in GAMMA0.iter().enumerate() {
            let obs: Vec<(usize, usize)> = beads
                .iter()
                .filter(|b| b.0 > 0 && b.1 > 0 && group(b.0, b.1) == g)
                .filter_map(|&(a, b, us, ut)| {
                    let t = TYPES.iter().position(|&x| x == (a, b))?;
                    let d = (us as i64 - ut as i64).clamp(-(OFF as i64), OFF as i64);
                    Some((t, (d + OFF as i64) as usize))
                })
                .collect();
            // the data enter through counts per (type, difference)
            let mut counts = [[0f64; WIDTH]; NTYPES];
            for &(t, d) in &obs {
                counts[t][d] += 1.0;
            }
            let ll = |k: usize| -> f64 {
                let gamma = grid_gamma(k);
                let mut data = 0.0;
                for (t, row) in counts.iter().enumerate() {
                    let n: f64 = row.iter().sum();
                    if n > 0.0 {
                        let z = log_z_grid(&chances[t], k);
                        data += row
                            .iter()
                            .enumerate()
                            .map(|(d, &k)| k * tilt(gamma, d))
                            .sum::<f64>()
                            - n * z;
                    }
                }
                data - PRIOR_BEADS * 0.5 * (gamma - gamma0).powi(2)
            };
            let mut best = (f64::NEG_INFINITY, gamma0);
            for k in 0..GRID {
                let v = ll(k);
                if v > best.0 {
                    best = (v, grid_gamma(k));
                }
            }
            out.gamma[g] = best.1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_z_of_the_grid_is_log_z() {
        let m = UnitsModel::new([1u8, 2, 1, 3, 1].into_iter(), [1u8, 1, 2, 1].into_iter());
        for (t, &(a, b)) in TYPES
            .iter()
            .enumerate()
            .filter(|(_, &(a, b))| a > 0 && b > 0)
        {
            let c = chance(&m.src, &m.tgt, a, b);
            for k in 0..GRID {
                let gamma = f64::from(k as u32) * 0.1;
                assert_eq!(
                    log_z_grid(&c, k).to_bits(),
                    log_z(&c, gamma).to_bits(),
                    "{t} {k}"
                );
            }
        }
    }

    #[test]
    fn silent_when_every_line_is_one_sentence() {
        let m = UnitsModel::new([1u8; 10].into_iter(), [1u8; 12].into_iter());
        for row in m.table() {
            assert!(row.iter().all(|x| x.abs() < 1e-9), "{row:?}");
        }
    }

    #[test]
    fn prefers_beads_with_as_many_sentences_on_each_side() {
        let src = [1u8, 2, 1, 1, 1, 2, 1, 1];
        let tgt = [1u8; 10];
        let m = UnitsModel::new(src.into_iter(), tgt.into_iter());
        let table = m.table();
        let t12 = TYPES.iter().position(|&x| x == (1, 2)).unwrap_or(0);
        let t11 = TYPES.iter().position(|&x| x == (1, 1)).unwrap_or(0);
        // a two-sentence line against two lines, rather than against one
        assert!(table[t12][OFF] > 0.0);
        assert!(table[t11][OFF + 1] < 0.0);
        // estimation moves the tilt towards the data
        let agree: Vec<(usize, usize, usize, usize)> = (0..30).map(|_| (1, 2, 2, 2)).collect();
        assert!(m.estimate(&agree).gamma[1] > GAMMA0[1]);
    }
}
