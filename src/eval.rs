//! Scoring alignments against gold link files: strict and lax precision, recall and F1,
//! with the definitions of `score_align.py` (the published Vecalign/Bleualign ones).
//!
//! Precision counts every predicted link, 1-0 and 0-1 links included (a predicted null link
//! is correct only if gold has it verbatim); recall counts only gold links with both sides
//! non-empty. Counts are summed over all file pairs before P, R and F1 are computed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};

/// One link: source indices and target indices (either may be empty).
pub type Link = (Vec<usize>, Vec<usize>);

/// Parses a link file: `[src ids]:[tgt ids]` per line; blank and `#` lines ignored.
pub fn parse_links(text: &str, path: &Path) -> Result<Vec<Link>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let bad = || {
            Error::new(
                ErrorKind::Parse,
                format!("cannot parse link '{t}': expected [i, ...]:[j, ...]"),
            )
            .with_path(path)
            .with_line(n + 1)
        };
        let (a, b) = t.split_once(':').ok_or_else(bad)?;
        let side = |s: &str| -> Option<Vec<usize>> {
            let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
            if inner.is_empty() {
                return Some(Vec::new());
            }
            inner.split(',').map(|x| x.trim().parse().ok()).collect()
        };
        out.push((side(a).ok_or_else(bad)?, side(b).ok_or_else(bad)?));
    }
    Ok(out)
}

/// Formats one link as `[0, 1]:[2]`.
pub fn format_link(
    src: impl IntoIterator<Item = usize>,
    tgt: impl IntoIterator<Item = usize>,
) -> String {
    let join = |it: &mut dyn Iterator<Item = usize>| {
        let mut s = String::new();
        for (k, x) in it.enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            let _ = write!(s, "{x}");
        }
        s
    };
    format!(
        "[{}]:[{}]",
        join(&mut src.into_iter()),
        join(&mut tgt.into_iter())
    )
}

/// Hit counts of one or more file pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predicted links scored for precision.
    pub n_pred: usize,
    /// Gold links with both sides non-empty.
    pub n_gold: usize,
    /// Predicted links exactly in gold.
    pub strict_p_hits: usize,
    /// Gold links exactly predicted.
    pub strict_r_hits: usize,
    /// Predicted links overlapping a gold link on both sides (or exactly in gold).
    pub lax_p_hits: usize,
    /// Gold links overlapped by a predicted link on both sides.
    pub lax_r_hits: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.n_pred += o.n_pred;
        self.n_gold += o.n_gold;
        self.strict_p_hits += o.strict_p_hits;
        self.strict_r_hits += o.strict_r_hits;
        self.lax_p_hits += o.lax_p_hits;
        self.lax_r_hits += o.lax_r_hits;
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

fn prf(p_hits: usize, n_pred: usize, r_hits: usize, n_gold: usize) -> Prf {
    let p = if n_pred > 0 {
        p_hits as f64 / n_pred as f64
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        r_hits as f64 / n_gold as f64
    } else {
        0.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f1 }
}

impl Counts {
    /// Strict scores.
    pub fn strict(&self) -> Prf {
        prf(
            self.strict_p_hits,
            self.n_pred,
            self.strict_r_hits,
            self.n_gold,
        )
    }
    /// Lax scores.
    pub fn lax(&self) -> Prf {
        prf(self.lax_p_hits, self.n_pred, self.lax_r_hits, self.n_gold)
    }
}

type NormLink = (Vec<usize>, Vec<usize>);

fn norm(links: &[Link], keep_half_empty: bool) -> HashSet<NormLink> {
    let mut out = HashSet::new();
    for (s, t) in links {
        if (!s.is_empty() && !t.is_empty()) || (keep_half_empty && (!s.is_empty() || !t.is_empty()))
        {
            let s: BTreeSet<usize> = s.iter().copied().collect();
            let t: BTreeSet<usize> = t.iter().copied().collect();
            out.insert((s.into_iter().collect(), t.into_iter().collect()));
        }
    }
    out
}

fn lax_hits<'a>(cands: impl Iterator<Item = &'a NormLink>, refs: &HashSet<NormLink>) -> usize {
    let mut src_to_tgts: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (rs, rt) in refs {
        for &i in rs {
            src_to_tgts.entry(i).or_default().extend(rt.iter().copied());
        }
    }
    cands
        .filter(|(cs, ct)| {
            !cs.is_empty()
                && !ct.is_empty()
                && cs.iter().any(|i| {
                    src_to_tgts
                        .get(i)
                        .is_some_and(|tg| ct.iter().any(|j| tg.contains(j)))
                })
        })
        .count()
}

/// Scores one predicted alignment against its gold alignment.
pub fn count_pair(gold: &[Link], pred: &[Link]) -> Counts {
    let gold_r = norm(gold, false);
    let gold_p = norm(gold, true);
    let pred_r = norm(pred, false);
    let pred_p = norm(pred, true);
    let strict_p_hits = pred_p.intersection(&gold_p).count();
    Counts {
        n_pred: pred_p.len(),
        n_gold: gold_r.len(),
        strict_p_hits,
        strict_r_hits: pred_r.intersection(&gold_r).count(),
        lax_p_hits: strict_p_hits + lax_hits(pred_p.difference(&gold_p), &gold_r),
        lax_r_hits: lax_hits(gold_r.iter(), &pred_r),
    }
}

/// The scores of one file pair, named.
#[derive(Debug, Clone, Serialize)]
pub struct FileScore {
    /// The task or file name.
    pub name: String,
    /// Its counts.
    pub counts: Counts,
}

/// Pairs gold and prediction files: two files, or two folders laid out as `score_align.py`
/// expects (`D/<task>/gold.txt` with `E/<task>/gold.txt|pred.txt`, `E/<task>.txt|.pred`,
/// `E/<task>/align.txt`; or flat `D/x` with `E/x` or `E/x.pred`).
pub fn pair_files(gold: &Path, pred: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    if !gold.is_dir() {
        if pred.is_dir() {
            return Err(Error::new(
                ErrorKind::NotAFile,
                "gold is a file but the prediction is a folder: give two files or two folders",
            )
            .with_path(pred));
        }
        let name = pred
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![(name, gold.to_path_buf(), pred.to_path_buf())]);
    }
    if !pred.is_dir() {
        return Err(Error::new(
            ErrorKind::NotAFile,
            "gold is a folder: the prediction must be a folder too",
        )
        .with_path(pred));
    }
    let entries = sorted_entries(gold)?;
    let tasks: Vec<&PathBuf> = entries
        .iter()
        .filter(|p| p.join("gold.txt").is_file())
        .collect();
    let mut out = Vec::new();
    if !tasks.is_empty() {
        for t in tasks {
            let name = t
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let cands = [
                pred.join(&name).join("gold.txt"),
                pred.join(&name).join("pred.txt"),
                pred.join(format!("{name}.txt")),
                pred.join(format!("{name}.pred")),
                pred.join(&name).join("align.txt"),
            ];
            let p = cands.into_iter().find(|c| c.is_file()).ok_or_else(|| {
                Error::new(ErrorKind::Io, format!("no prediction for task {name}")).with_path(pred)
            })?;
            out.push((name, t.join("gold.txt"), p));
        }
        return Ok(out);
    }
    let files: Vec<&PathBuf> = entries.iter().filter(|p| p.is_file()).collect();
    let defr: Vec<&PathBuf> = files
        .iter()
        .copied()
        .filter(|p| p.extension().is_some_and(|e| e == "defr"))
        .collect();
    let golds = if defr.is_empty() { files } else { defr };
    for g in golds {
        let name = g
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let cands = [pred.join(&name), pred.join(format!("{name}.pred"))];
        let p = cands.into_iter().find(|c| c.is_file()).ok_or_else(|| {
            Error::new(ErrorKind::Io, format!("no prediction for {name}")).with_path(pred)
        })?;
        out.push((name, g.clone(), p));
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::Io, "no gold files in this folder").with_path(gold));
    }
    Ok(out)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

fn read_links(path: &Path) -> Result<Vec<Link>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    parse_links(&text, path)
}

/// Scores predictions against gold: two files or two folders (see [`pair_files`]).
pub fn score_paths(gold: &Path, pred: &Path) -> Result<Vec<FileScore>> {
    pair_files(gold, pred)?
        .into_iter()
        .map(|(name, g, p)| {
            Ok(FileScore {
                name,
                counts: count_pair(&read_links(&g)?, &read_links(&p)?),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(s: &str) -> Vec<Link> {
        parse_links(s, Path::new("t")).unwrap()
    }

    #[test]
    fn parses_and_formats() {
        let l = links("[0]:[0]\n# c\n\n[6]:[6, 7, 8]\n[]:[16]\n[3,4]:[]\n");
        assert_eq!(l[1], (vec![6], vec![6, 7, 8]));
        assert_eq!(l[2], (vec![], vec![16]));
        assert_eq!(format_link([6], [6, 7, 8]), "[6]:[6, 7, 8]");
        assert_eq!(format_link([], [16]), "[]:[16]");
        let e = parse_links("[0]:[0]\n[x]:[1]\n", Path::new("p.txt")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.txt:2: cannot parse link '[x]:[1]': expected [i, ...]:[j, ...]"
        );
    }

    #[test]
    fn strict_and_lax_follow_reference_definitions() {
        let gold = links("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[3]\n");
        let pred = links("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]\n");
        let c = count_pair(&gold, &pred);
        assert_eq!(c.n_pred, 5);
        assert_eq!(c.n_gold, 3);
        assert_eq!(c.strict_p_hits, 3); // [0]:[0], [2]:[], [3]:[3]
        assert_eq!(c.strict_r_hits, 2);
        assert_eq!(c.lax_p_hits, 4); // + [1]:[1] overlaps [1]:[1,2]
        assert_eq!(c.lax_r_hits, 3);
        assert!((c.strict().f1 - 2.0 * 0.6 * (2.0 / 3.0) / (0.6 + 2.0 / 3.0)).abs() < 1e-12);
    }
}
