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
            inner.split(',').map(|x| index(x.trim())).collect()
        };
        out.push((side(a).ok_or_else(bad)?, side(b).ok_or_else(bad)?));
    }
    Ok(out)
}

/// A sentence index: ASCII digits only (no sign), as `score_align.py` reads them.
fn index(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
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

/// What makes a predicted alignment not an alignment: the validity check of
/// `score_align.py`. It is reported, and does not change the scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Validity {
    /// Distinct indices at or beyond the number of sentences of their side.
    pub out_of_range: usize,
    /// Source sentences used more than once (each extra use counts).
    pub reused_src: usize,
    /// Target sentences used more than once (each extra use counts).
    pub reused_tgt: usize,
    /// Source sentences in no link (a warning).
    pub unaligned_src: usize,
    /// Target sentences in no link (a warning).
    pub unaligned_tgt: usize,
    /// Links `[]:[]`.
    pub empty_links: usize,
    /// Whether the sentence counts were known, so that the range and unaligned checks ran.
    pub range_checked: bool,
}

impl std::ops::AddAssign for Validity {
    fn add_assign(&mut self, o: Validity) {
        self.out_of_range += o.out_of_range;
        self.reused_src += o.reused_src;
        self.reused_tgt += o.reused_tgt;
        self.unaligned_src += o.unaligned_src;
        self.unaligned_tgt += o.unaligned_tgt;
        self.empty_links += o.empty_links;
        self.range_checked |= o.range_checked;
    }
}

impl Validity {
    /// Indices out of range or sentences used twice: the prediction is not an alignment.
    pub fn has_errors(&self) -> bool {
        self.out_of_range > 0 || self.reused_src > 0 || self.reused_tgt > 0
    }
}

/// Checks that `links` form an alignment: each sentence at most once per side and, when
/// the sentence counts `(source, target)` are known, every index in range and every
/// sentence in some link.
pub fn validate(links: &[Link], lengths: Option<(usize, usize)>) -> Validity {
    let mut v = Validity {
        range_checked: lengths.is_some(),
        ..Default::default()
    };
    let mut seen_src: HashMap<usize, usize> = HashMap::new();
    let mut seen_tgt: HashMap<usize, usize> = HashMap::new();
    for (s, t) in links {
        if s.is_empty() && t.is_empty() {
            v.empty_links += 1;
        }
        v.reused_src += uses(s, &mut seen_src);
        v.reused_tgt += uses(t, &mut seen_tgt);
    }
    v.reused_src += seen_src.values().map(|c| c - 1).sum::<usize>();
    v.reused_tgt += seen_tgt.values().map(|c| c - 1).sum::<usize>();
    if let Some((n_src, n_tgt)) = lengths {
        v.out_of_range = seen_src.keys().filter(|&&i| i >= n_src).count()
            + seen_tgt.keys().filter(|&&j| j >= n_tgt).count();
        v.unaligned_src = (0..n_src).filter(|i| !seen_src.contains_key(i)).count();
        v.unaligned_tgt = (0..n_tgt).filter(|j| !seen_tgt.contains_key(j)).count();
    }
    v
}

/// Counts the distinct indices of one side of a link in `seen`; returns how many indices
/// the link repeats within itself.
fn uses(side: &[usize], seen: &mut HashMap<usize, usize>) -> usize {
    let distinct: BTreeSet<usize> = side.iter().copied().collect();
    for &i in &distinct {
        *seen.entry(i).or_default() += 1;
    }
    side.len() - distinct.len()
}

/// The scores of one file pair, named.
#[derive(Debug, Clone, Serialize)]
pub struct FileScore {
    /// The task or file name.
    pub name: String,
    /// Its counts.
    pub counts: Counts,
    /// The validity check of the prediction.
    pub validity: Validity,
    /// The prediction was missing and scored as an empty alignment.
    pub missing: bool,
}

/// How to pair and read gold and prediction files.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// Score a missing prediction (folder mode) as an empty alignment instead of failing.
    pub missing_as_empty: bool,
    /// Source and target sentence files of a single gold file, for the validity check
    /// (default: siblings of the gold file).
    pub sentences: Option<(PathBuf, PathBuf)>,
}

/// One gold file, its prediction (`None`: missing, to be scored empty) and the sentence
/// counts of its two sides when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorePair {
    /// The task or file name.
    pub name: String,
    /// The gold link file.
    pub gold: PathBuf,
    /// The predicted link file.
    pub pred: Option<PathBuf>,
    /// Sentences of the source and target side.
    pub lengths: Option<(usize, usize)>,
}

/// Pairs gold and prediction files: two files (either may be `-`, standard input), or two
/// folders laid out as `score_align.py` expects (`D/<task>/gold.txt` with
/// `E/<task>/gold.txt|pred.txt`, `E/<task>.txt|.pred`, `E/<task>/align.txt`; or flat
/// `D/x` with `E/x`, `E/x.pred` or `E/<x without extension>.pred`). Sentence counts come
/// from `opts.sentences` or from siblings of each gold file (`T/src.txt` and `T/tgt.txt`
/// beside `T/gold.txt`; `x.de` and `x.fr` beside `x.defr`).
pub fn pair_files(gold: &Path, pred: &Path, opts: &ScoreOptions) -> Result<Vec<ScorePair>> {
    let stdin = |p: &Path| p.as_os_str() == "-";
    if stdin(gold) && stdin(pred) {
        return Err(Error::new(
            ErrorKind::Config,
            "only one of --gold and --pred can be - (standard input)",
        ));
    }
    if stdin(gold) || !gold.is_dir() {
        if pred.is_dir() {
            return Err(Error::new(
                ErrorKind::NotAFile,
                "gold is a file but the prediction is a folder: give two files or two folders",
            )
            .with_path(pred));
        }
        let lengths = match &opts.sentences {
            Some((s, t)) => Some((count_lines(s)?, count_lines(t)?)),
            None => sibling_lengths(gold)?,
        };
        return Ok(vec![ScorePair {
            name: file_name(pred),
            gold: gold.to_path_buf(),
            pred: Some(pred.to_path_buf()),
            lengths,
        }]);
    }
    if stdin(pred) || !pred.is_dir() {
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
    let missing = |name: &str| {
        Error::new(
            ErrorKind::Io,
            format!(
                "no prediction for {name} (--missing-as-empty scores it as an empty alignment)"
            ),
        )
        .with_path(pred)
    };
    if !tasks.is_empty() {
        for t in tasks {
            let name = file_name(t);
            let cands = [
                pred.join(&name).join("gold.txt"),
                pred.join(&name).join("pred.txt"),
                pred.join(format!("{name}.txt")),
                pred.join(format!("{name}.pred")),
                pred.join(&name).join("align.txt"),
            ];
            let p = cands.into_iter().find(|c| c.is_file());
            if p.is_none() && !opts.missing_as_empty {
                return Err(missing(&format!("task {name}")));
            }
            let g = t.join("gold.txt");
            out.push(ScorePair {
                name,
                lengths: sibling_lengths(&g)?,
                gold: g,
                pred: p,
            });
        }
        return Ok(out);
    }
    let files: Vec<&PathBuf> = entries
        .iter()
        .filter(|p| p.is_file() && !file_name(p).starts_with('.'))
        .collect();
    let defr: Vec<&PathBuf> = files
        .iter()
        .copied()
        .filter(|p| p.extension().is_some_and(|e| e == "defr"))
        .collect();
    let golds = if defr.is_empty() { files } else { defr };
    for g in golds {
        let name = file_name(g);
        let mut cands = vec![pred.join(&name), pred.join(format!("{name}.pred"))];
        if let Some(stem) = g.file_stem() {
            cands.push(pred.join(stem).with_extension("pred"));
        }
        let p = cands.into_iter().find(|c| c.is_file());
        if p.is_none() && !opts.missing_as_empty {
            return Err(missing(&name));
        }
        out.push(ScorePair {
            name,
            lengths: sibling_lengths(g)?,
            gold: g.clone(),
            pred: p,
        });
    }
    if out.is_empty() {
        return Err(Error::new(ErrorKind::Io, "no gold files in this folder").with_path(gold));
    }
    Ok(out)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The sentence counts of the sibling files of `gold`: `T/src.txt` and `T/tgt.txt` for
/// `T/gold.txt`; `x.de` and `x.fr` for `x.defr` (an extension of two language codes).
fn sibling_lengths(gold: &Path) -> Result<Option<(usize, usize)>> {
    let mut cands = Vec::new();
    if gold.file_name().is_some_and(|n| n == "gold.txt") {
        let dir = gold.parent().unwrap_or(Path::new(""));
        cands.push((dir.join("src.txt"), dir.join("tgt.txt")));
    }
    if let Some(ext) = gold.extension().and_then(|e| e.to_str()) {
        if ext.len() == 4 && ext.chars().all(char::is_alphabetic) {
            cands.push((
                gold.with_extension(&ext[..2]),
                gold.with_extension(&ext[2..]),
            ));
        }
    }
    for (s, t) in cands {
        if s.is_file() && t.is_file() {
            return Ok(Some((count_lines(&s)?, count_lines(&t)?)));
        }
    }
    Ok(None)
}

/// Lines of a sentence file, as `score_align.py` counts them: split at `\n`, a last empty
/// piece not counted.
fn count_lines(path: &Path) -> Result<usize> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let breaks = bytes.iter().filter(|&&b| b == b'\n').count();
    Ok(breaks + usize::from(bytes.last().is_some_and(|&b| b != b'\n')))
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

fn read_links(path: &Path) -> Result<Vec<Link>> {
    let bytes = crate::text::read_input(path)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!(
                "a link file is UTF-8 text: invalid byte at offset {}",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_path(path)
    })?;
    parse_links(&text, path)
}

/// Scores predictions against gold: two files or two folders (see [`pair_files`]), with
/// the validity check of each prediction.
pub fn score_paths(gold: &Path, pred: &Path, opts: &ScoreOptions) -> Result<Vec<FileScore>> {
    pair_files(gold, pred, opts)?
        .into_iter()
        .map(|p| {
            let gold_links = read_links(&p.gold)?;
            let pred_links = match &p.pred {
                Some(path) => read_links(path)?,
                None => Vec::new(),
            };
            Ok(FileScore {
                name: p.name,
                counts: count_pair(&gold_links, &pred_links),
                validity: validate(&pred_links, p.lengths),
                missing: p.pred.is_none(),
            })
        })
        .collect()
}

/// The report of `score_align.py` for `scores`, line for line: an optional table per file,
/// the totals, the validity check, and last the `strict_f1=… lax_f1=…` line.
pub fn report(scores: &[FileScore], per_file: bool) -> String {
    let mut out = String::new();
    if per_file {
        let _ = writeln!(
            out,
            "{:40} {:>5} {:>5} {:>8} {:>6}  issues",
            "file", "gold", "pred", "strictF1", "laxF1"
        );
        for s in scores {
            out.push_str(&per_file_row(s));
        }
        out.push('\n');
    }
    let mut total = Counts::default();
    let mut v = Validity::default();
    for s in scores {
        total += s.counts;
        v += s.validity;
    }
    let (st, lx) = (total.strict(), total.lax());
    let _ = writeln!(
        out,
        "files: {}   gold links (both sides non-empty): {}   predicted links scored: {}",
        scores.len(),
        total.n_gold,
        total.n_pred
    );
    let _ = writeln!(out, "{:8} {:>6} {:>6} {:>6}", "", "P", "R", "F1");
    let _ = writeln!(
        out,
        "{:8} {:6.3} {:6.3} {:6.3}",
        "strict", st.p, st.r, st.f1
    );
    let _ = writeln!(out, "{:8} {:6.3} {:6.3} {:6.3}", "lax", lx.p, lx.r, lx.f1);
    out.push_str(&validity_lines(scores, &v));
    let _ = writeln!(
        out,
        "strict_f1={:.3} lax_f1={:.3} strict_p={:.3} strict_r={:.3} lax_p={:.3} lax_r={:.3}",
        st.f1, lx.f1, st.p, st.r, lx.p, lx.r
    );
    out
}

/// One row of the per-file table: counts, F1 scores and the validity issues.
fn per_file_row(s: &FileScore) -> String {
    let f = &s.validity;
    let name: String = s.name.chars().take(40).collect();
    let issues: Vec<String> = [
        ("out_of_range", f.out_of_range),
        ("dup_src", f.reused_src),
        ("dup_tgt", f.reused_tgt),
        ("unaligned_src", f.unaligned_src),
        ("unaligned_tgt", f.unaligned_tgt),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(k, n)| format!("{k}={n}"))
    .collect();
    format!(
        "{name:40} {:>5} {:>5} {:>8.3} {:>6.3}  {}\n",
        s.counts.n_gold,
        s.counts.n_pred,
        s.counts.strict().f1,
        s.counts.lax().f1,
        issues.join(",")
    )
}

/// The validity line (and the warning about sentences in no link), `total` summed over
/// `scores`.
fn validity_lines(scores: &[FileScore], total: &Validity) -> String {
    let count = |f: fn(&FileScore) -> bool| scores.iter().filter(|s| f(s)).count();
    let bad = count(|s| s.validity.has_errors());
    let checked = count(|s| s.validity.range_checked);
    let missing = count(|s| s.missing);
    let mut out = format!(
        "validity: {bad} file(s) with errors; out_of_range={} reused_src={} reused_tgt={} empty_links={}; range checked for {checked}/{} files",
        total.out_of_range,
        total.reused_src,
        total.reused_tgt,
        total.empty_links,
        scores.len()
    );
    if missing > 0 {
        let _ = write!(out, "; missing predictions scored empty: {missing}");
    }
    out.push('\n');
    if total.unaligned_src > 0 || total.unaligned_tgt > 0 {
        let _ = writeln!(
            out,
            "warning: sentences in no predicted link: src={} tgt={}",
            total.unaligned_src, total.unaligned_tgt
        );
    }
    out
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
    fn validity_counts_as_the_reference_scorer_does() {
        let pred = links("[0]:[0]\n[0, 0]:[1]\n[9]:[]\n[]:[]\n[2]:[1, 1]\n");
        let v = validate(&pred, Some((4, 3)));
        // source 0: twice within a link, and in two links; target 1: likewise
        assert_eq!((v.reused_src, v.reused_tgt), (2, 2));
        assert_eq!(v.out_of_range, 1);
        assert_eq!((v.unaligned_src, v.unaligned_tgt), (2, 1));
        assert_eq!(v.empty_links, 1);
        assert!(v.has_errors() && v.range_checked);
        let unchecked = validate(&pred, None);
        assert_eq!((unchecked.out_of_range, unchecked.unaligned_src), (0, 0));
        assert!(!unchecked.range_checked);
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
