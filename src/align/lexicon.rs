//! A translation lexicon learned from the corpus itself: the Dice coefficient of source and
//! target stems over the confident beads of a first pass (over every document pair of a
//! job in the same language pair), keeping the strongest associations.

use super::features::{Analysed, FastMap};

/// Settings of lexicon learning.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LexiconConfig {
    /// Minimum posterior of a bead used for learning.
    pub min_confidence: f64,
    /// Minimum number of beads in which a pair co-occurs.
    pub min_count: u32,
    /// Minimum Dice coefficient.
    pub min_dice: f64,
    /// At most this many translations per source stem (and per target stem).
    pub per_stem: usize,
}

impl Default for LexiconConfig {
    fn default() -> Self {
        LexiconConfig {
            min_confidence: 0.8,
            min_count: 2,
            min_dice: 0.3,
            per_stem: 2,
        }
    }
}

/// The stems of each side of the confident beads of one document pair.
pub(crate) type BeadStems = Vec<(Vec<u64>, Vec<u64>)>;

/// Collects the stem sets of the confident beads (`(src range, tgt range, confidence)`).
pub(crate) fn bead_stems(
    src: &[Analysed],
    tgt: &[Analysed],
    beads: &[(std::ops::Range<usize>, std::ops::Range<usize>, f64)],
    cfg: &LexiconConfig,
) -> BeadStems {
    let union = |side: &[Analysed], r: &std::ops::Range<usize>| {
        let mut v: Vec<u64> = side[r.clone()]
            .iter()
            .flat_map(|a| a.stems.iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    beads
        .iter()
        .filter(|(s, t, c)| {
            *c >= cfg.min_confidence && !s.is_empty() && !t.is_empty() && s.len() + t.len() <= 3
        })
        .map(|(s, t, _)| (union(src, s), union(tgt, t)))
        .collect()
}

/// Learns `(source stem, target stem)` pairs from the stem sets of confident beads. The
/// result is sorted and does not depend on the order of the input beads. (A job sums the
/// same counts in phases: `super::phases`.)
#[cfg(test)]
pub(crate) fn learn(beads: &[&BeadStems], cfg: &LexiconConfig) -> Vec<(u64, u64)> {
    let mut cs: FastMap<u64, u32> = FastMap::default();
    let mut ct: FastMap<u64, u32> = FastMap::default();
    let mut nb = 0u32;
    for doc in beads {
        for (s, t) in doc.iter() {
            nb += 1;
            for x in s {
                *cs.entry(*x).or_default() += 1;
            }
            for y in t {
                *ct.entry(*y).or_default() += 1;
            }
        }
    }
    if nb < 4 {
        return Vec::new();
    }
    // very frequent stems (function words) and hapaxes teach nothing
    let cap = (nb / 3).max(cfg.min_count + 1);
    let useful = |c: Option<&u32>| c.is_some_and(|&c| c >= cfg.min_count && c <= cap);
    let mut cst: FastMap<(u64, u64), u32> = FastMap::default();
    for doc in beads {
        for (s, t) in doc.iter() {
            let t: Vec<u64> = t.iter().copied().filter(|y| useful(ct.get(y))).collect();
            for x in s.iter().filter(|x| useful(cs.get(x))) {
                for y in &t {
                    *cst.entry((*x, *y)).or_default() += 1;
                }
            }
        }
    }
    select(nb, &cs, &ct, &cst, cfg)
}

/// The lexicon from the counts: `beads` confident beads, `cs` / `ct` how many of them each
/// source / target stem occurs in, `cst` how many each pair of useful stems occurs in
/// together. Sorted; independent of the order in which the counts were summed.
pub(crate) fn select(
    beads: u32,
    cs: &FastMap<u64, u32>,
    ct: &FastMap<u64, u32>,
    cst: &FastMap<(u64, u64), u32>,
    cfg: &LexiconConfig,
) -> Vec<(u64, u64)> {
    if beads < 4 {
        return Vec::new();
    }
    let mut cands: Vec<(f64, u64, u64)> = cst
        .iter()
        .filter(|&(_, &c)| c >= cfg.min_count)
        .filter_map(|(&(x, y), &c)| {
            let n = cs.get(&x).copied().unwrap_or(0) + ct.get(&y).copied().unwrap_or(0);
            let d = 2.0 * f64::from(c) / f64::from(n.max(1));
            (d >= cfg.min_dice).then_some((d, x, y))
        })
        .collect();
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut per_s: FastMap<u64, usize> = FastMap::default();
    let mut per_t: FastMap<u64, usize> = FastMap::default();
    let mut out = Vec::new();
    for (_, x, y) in cands {
        let ns = per_s.entry(x).or_default();
        let nt = per_t.entry(y).or_default();
        if *ns < cfg.per_stem && *nt < cfg.per_stem {
            *ns += 1;
            *nt += 1;
            out.push((x, y));
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_consistent_pairs_only() {
        // stem k always with 100 + k; 99 co-occurs with 101 once by chance
        let mut doc: BeadStems = Vec::new();
        for k in 0..40u64 {
            let s = vec![1 + k % 4, 10 + k];
            let t = vec![101 + k % 4, 200 + k];
            doc.push((s, t));
        }
        doc.push((vec![99], vec![101]));
        let lex = learn(&[&doc], &LexiconConfig::default());
        assert!(lex.contains(&(1, 101)));
        assert!(lex.contains(&(2, 102)));
        assert!(!lex.iter().any(|&(x, _)| x == 99));
        assert!(!lex.contains(&(1, 102)));
    }
}
