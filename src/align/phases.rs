//! The alignment of a corpus job as explicit phases, so that a job can stream its document
//! pairs in batches (or an engine such as Spark can shard them) and still learn one lexicon
//! from all of them:
//!
//! 1. [`Aligner::first_pass`] aligns one document pair twice (the second time with
//!    parameters estimated from the first) and keeps the result ([`FirstPass`]): the
//!    parameters, the beads and the stems of the confident beads;
//! 2. [`StemCounts`] sums, over every first pass, how many confident beads each stem occurs
//!    in; [`PairCounts`] then sums how often two useful stems (neither too rare nor too
//!    frequent, which only the summed stem counts tell) occur in one bead;
//! 3. [`Lexicon::learn`] turns the two sums into a translation lexicon per language pair;
//! 4. [`Aligner::final_pass`] aligns each pair once more, near its first-pass beads, with the
//!    lexicon as one more kind of evidence.
//!
//! Every sum is order-independent, so the result does not depend on how the pairs were
//! batched or sharded; [`super::align_many`] is the four steps over pairs held in memory.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::features::{Class, FastMap, PairTable};
use super::lexicon::{bead_stems, BeadStems, LexiconConfig};
use super::model::Params;
use super::{
    concepts, passes, to_alignment, AlignOptions, Alignment, Passes, Prepared, Ranges, Side,
};
use crate::align::dp::SearchConfig;
use crate::embed::TextVectors;
use crate::lang::Lang;

/// The aligner of a job: its options and the table it builds once (the user's dictionary;
/// the built-in concept list of a language pair is built once per process).
pub struct Aligner {
    opts: AlignOptions,
    cfg: SearchConfig,
    dict: Option<PairTable>,
}

impl std::fmt::Debug for Aligner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aligner")
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

/// The result of the first phase for one document pair (see the module docs). It is
/// serialisable, so that it can be spilled to disk or passed between processes; numbers are
/// kept bit for bit.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstPass {
    langs: (Lang, Lang),
    sizes: (usize, usize),
    fit: Option<Passes>,
    stems: BeadStems,
}

impl Aligner {
    /// An aligner with these options.
    pub fn new(opts: &AlignOptions) -> Aligner {
        Aligner {
            cfg: SearchConfig {
                full_cells: opts.full_dp_cells,
                width: opts.band,
            },
            dict: opts
                .dictionary
                .as_ref()
                .filter(|d| !d.is_empty())
                .map(|d| PairTable::new(d.entries().iter().copied(), Class::Dict)),
            opts: opts.clone(),
        }
    }

    /// The options.
    pub fn options(&self) -> &AlignOptions {
        &self.opts
    }

    /// The built-in concept list of a language pair as anchors, built on first use and
    /// shared by every aligner of the process (a batch of many small pairs builds it once).
    fn concept_table(&self, langs: (Lang, Lang)) -> Arc<PairTable> {
        static TABLES: Mutex<BTreeMap<(Lang, Lang), Arc<PairTable>>> = Mutex::new(BTreeMap::new());
        let mut m = match TABLES.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        m.entry(langs)
            .or_insert_with(|| {
                Arc::new(PairTable::new(
                    concepts::pairs(langs.0, langs.1),
                    Class::Concept,
                ))
            })
            .clone()
    }

    /// Phase 1 of one document pair: two passes and the stems of the confident beads.
    pub fn first_pass(&self, src: &Side, tgt: &Side) -> FirstPass {
        self.first_pass_prepared(&self.prepare(src, tgt))
    }

    pub(super) fn first_pass_prepared(&self, p: &Prepared) -> FirstPass {
        let concept = self.concept_table(p.langs);
        let fit = p.usable().then(|| {
            let tables = self.base_tables(&concept);
            passes(
                p.feats(&tables),
                p.vecs.as_ref(),
                &p.initial_params(&self.opts),
                &self.cfg,
                2,
                None,
                self.opts.moved,
            )
        });
        let stems = match (&fit, self.opts.learn_lexicon) {
            (Some(f), true) => bead_stems(&p.src, &p.tgt, &f.beads, &LexiconConfig::default()),
            _ => Vec::new(),
        };
        FirstPass {
            langs: p.langs,
            sizes: (p.src.len(), p.tgt.len()),
            fit,
            stems,
        }
    }

    fn base_tables<'t>(&'t self, concept: &'t PairTable) -> Vec<&'t PairTable> {
        self.dict
            .iter()
            .chain(Some(concept).filter(|t| !t.is_empty()))
            .collect()
    }

    /// Phase 2 of one document pair: a last pass near the first-pass beads with the lexicon
    /// of the pair's languages (when there is one), parameters re-estimated.
    pub fn final_pass(
        &self,
        src: &Side,
        tgt: &Side,
        first: &FirstPass,
        lexicon: &Lexicon,
    ) -> Alignment {
        if !self.needs_final_pass(first, lexicon) {
            return first.alignment();
        }
        self.final_pass_prepared(&self.prepare(src, tgt), first, lexicon)
    }

    fn needs_final_pass(&self, first: &FirstPass, lexicon: &Lexicon) -> bool {
        self.opts.learn_lexicon && first.fit.is_some() && lexicon.table(first.langs).is_some()
    }

    pub(super) fn final_pass_prepared(
        &self,
        p: &Prepared,
        first: &FirstPass,
        lexicon: &Lexicon,
    ) -> Alignment {
        let (n, m) = (p.src.len(), p.tgt.len());
        let (Some(f), Some(lex), true) = (
            &first.fit,
            lexicon.table(first.langs),
            self.opts.learn_lexicon,
        ) else {
            return first.alignment();
        };
        let concept = self.concept_table(p.langs);
        let mut tables = self.base_tables(&concept);
        tables.push(lex);
        let r = passes(
            p.feats(&tables),
            p.vecs.as_ref(),
            &f.params,
            &self.cfg,
            1,
            Some(&f.guide),
            self.opts.moved,
        );
        to_alignment(&r.beads, &r.moved, n, m)
    }
}

/// The analysis of one document pair (every sentence's length, anchor keys and stems), which
/// both phases need: a job computes it in phase 1 and keeps it on disk for phase 2
/// ([`Analysis::write_to`], [`Analysis::read_from`]) instead of computing it again.
pub struct Analysis(Prepared);

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Analysis({} x {} sentences)",
            self.0.src.len(),
            self.0.tgt.len()
        )
    }
}

impl Aligner {
    /// Analyses a document pair.
    pub fn analyse(&self, src: &Side, tgt: &Side) -> Analysis {
        Analysis(self.prepare(src, tgt))
    }

    /// Analyses a document pair with the sentence vectors of `vectors` (a job that embeds
    /// its documents a group at a time) rather than those of the options.
    pub fn analyse_with(&self, src: &Side, tgt: &Side, vectors: Option<&TextVectors>) -> Analysis {
        Analysis(Prepared::new(
            src,
            tgt,
            vectors.or(self.opts.embeddings.as_deref()),
        ))
    }

    fn prepare(&self, src: &Side, tgt: &Side) -> Prepared {
        Prepared::new(src, tgt, self.opts.embeddings.as_deref())
    }

    /// [`Aligner::first_pass`] of an analysed pair.
    pub fn first_pass_of(&self, a: &Analysis) -> FirstPass {
        self.first_pass_prepared(&a.0)
    }

    /// [`Aligner::final_pass`] of an analysed pair.
    pub fn final_pass_of(&self, a: &Analysis, first: &FirstPass, lexicon: &Lexicon) -> Alignment {
        self.final_pass_prepared(&a.0, first, lexicon)
    }
}

impl Analysis {
    /// Whether the analysis holds sentence vectors (an analysis read back from disk holds
    /// none: vectors are not spilled).
    pub fn has_vectors(&self) -> bool {
        self.0.vecs.is_some()
    }

    /// Whether this is the analysis of a pair with these languages and sentence counts.
    pub fn fits(&self, src: &Side, tgt: &Side) -> bool {
        self.0.langs == (src.lang, tgt.lang)
            && self.0.src.len() == src.sentences.len()
            && self.0.tgt.len() == tgt.sentences.len()
            && self.0.src_paras == src.paragraphs
            && self.0.tgt_paras == tgt.paragraphs
    }

    /// Writes the analysis in a compact binary form (native to this build of selaras).
    pub fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let p = &self.0;
        for l in [p.langs.0, p.langs.1] {
            let code = l.code();
            put_u64(w, code.len() as u64)?;
            w.write_all(code.as_bytes())?;
        }
        for (side, paras) in [(&p.src, &p.src_paras), (&p.tgt, &p.tgt_paras)] {
            put_u64(w, side.len() as u64)?;
            for (a, para) in side.iter().zip(paras) {
                put_u64(w, a.chars.to_bits())?;
                put_u64(w, *para as u64)?;
                w.write_all(&[a.units])?;
                put_u64(w, a.keys.len() as u64)?;
                for (c, k) in &a.keys {
                    w.write_all(&[*c as u8])?;
                    put_u64(w, *k)?;
                }
                put_u64(w, a.stems.len() as u64)?;
                for s in &a.stems {
                    put_u64(w, *s)?;
                }
                put_u64(w, a.parts.len() as u64)?;
                for x in &a.parts {
                    w.write_all(&x.to_bits().to_le_bytes())?;
                }
            }
        }
        Ok(())
    }

    /// Reads an analysis written by [`Analysis::write_to`].
    pub fn read_from(r: &mut impl std::io::Read) -> std::io::Result<Analysis> {
        let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an analysis");
        let langs = (read_lang(r)?, read_lang(r)?);
        let mut sides = Vec::new();
        for _ in 0..2 {
            let n = get_u64(r)? as usize;
            let mut side = Vec::with_capacity(n.min(1 << 20));
            let mut paras = Vec::with_capacity(n.min(1 << 20));
            for _ in 0..n {
                let chars = f64::from_bits(get_u64(r)?);
                paras.push(get_u64(r)? as usize);
                let mut u = [0u8; 1];
                r.read_exact(&mut u)?;
                let nk = get_u64(r)? as usize;
                let mut keys = Vec::with_capacity(nk.min(1 << 16));
                for _ in 0..nk {
                    let mut c = [0u8; 1];
                    r.read_exact(&mut c)?;
                    keys.push((Class::from_u8(c[0]).ok_or_else(bad)?, get_u64(r)?));
                }
                let ns = get_u64(r)? as usize;
                let mut stems = Vec::with_capacity(ns.min(1 << 16));
                for _ in 0..ns {
                    stems.push(get_u64(r)?);
                }
                let np = get_u64(r)? as usize;
                let mut parts = Vec::with_capacity(np.min(1 << 16));
                for _ in 0..np {
                    let mut b = [0u8; 4];
                    r.read_exact(&mut b)?;
                    parts.push(f32::from_bits(u32::from_le_bytes(b)));
                }
                side.push(super::features::Analysed {
                    chars,
                    keys,
                    stems,
                    units: u[0],
                    parts,
                });
            }
            sides.push((side, paras));
        }
        let (tgt, tgt_paras) = sides.pop().ok_or_else(bad)?;
        let (src, src_paras) = sides.pop().ok_or_else(bad)?;
        Ok(Analysis(Prepared {
            langs,
            src,
            tgt,
            src_paras,
            tgt_paras,
            vecs: None,
        }))
    }
}

fn put_u64(w: &mut (impl std::io::Write + ?Sized), x: u64) -> std::io::Result<()> {
    w.write_all(&x.to_le_bytes())
}

fn get_u64(r: &mut (impl std::io::Read + ?Sized)) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

impl FirstPass {
    /// The beads of the first phase (what the job gives when no lexicon is learned).
    pub fn alignment(&self) -> Alignment {
        match &self.fit {
            Some(f) => to_alignment(&f.beads, &f.moved, self.sizes.0, self.sizes.1),
            None => to_alignment(&Vec::new(), &[], self.sizes.0, self.sizes.1),
        }
    }

    /// Moves the stems of the confident beads out (what the lexicon counts need), leaving
    /// the parameters and beads (what the final pass needs).
    pub fn take_stems(&mut self) -> BeadStemsOf {
        BeadStemsOf {
            langs: self.langs,
            stems: std::mem::take(&mut self.stems),
        }
    }

    /// The sentences of the two sides.
    pub fn sentences(&self) -> (usize, usize) {
        self.sizes
    }

    /// The languages of the two documents (with their scripts), which choose the lexicon.
    pub fn langs(&self) -> (Lang, Lang) {
        self.langs
    }
}

/// The serialised form of a [`FirstPass`]: floating-point numbers as their IEEE bits.
#[derive(Serialize, Deserialize)]
struct FirstPassRepr {
    src_lang: Lang,
    tgt_lang: Lang,
    src_sentences: usize,
    tgt_sentences: usize,
    /// Parameters as IEEE bits, empty when the pair had no first pass (an empty side).
    params: Vec<u64>,
    /// Beads in source order: source start, source length, target start, target length,
    /// confidence bits.
    beads: Vec<RangeRepr>,
    /// Indices of the beads paired out of order (moved runs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    moved: Vec<usize>,
    /// The monotone path of the last search (what the final pass searches near), when it
    /// differs from the beads (there are moved beads).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    guide: Vec<RangeRepr>,
    /// Stems of the confident beads: source stems, target stems.
    stems: BeadStems,
}

/// A bead of [`FirstPassRepr`].
type RangeRepr = (usize, usize, usize, usize, u64);

fn ranges_repr(r: &Ranges) -> Vec<RangeRepr> {
    r.iter()
        .map(|(a, b, c)| (a.start, a.len(), b.start, b.len(), c.to_bits()))
        .collect()
}

fn ranges_of(r: &[RangeRepr]) -> Ranges {
    r.iter()
        .map(|&(a, n, b, m, c)| (a..a + n, b..b + m, f64::from_bits(c)))
        .collect()
}

/// Whether `beads` cover `n` source and `m` target sentences once each, no bead empty on
/// both sides, sources in order (and, when `monotone`, targets in order too).
fn covers(beads: &Ranges, (n, m): (usize, usize), monotone: bool) -> bool {
    let mut seen = vec![false; m];
    let (mut i, mut j) = (0, 0);
    for (a, b, _) in beads {
        if a.start != i || (a.is_empty() && b.is_empty()) || b.end > m {
            return false;
        }
        if monotone && b.start != j {
            return false;
        }
        for k in b.clone() {
            if std::mem::replace(&mut seen[k], true) {
                return false;
            }
        }
        (i, j) = (a.end, b.end);
    }
    i == n && seen.iter().all(|&x| x)
}

impl Serialize for FirstPass {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (params, beads, moved, guide) = match &self.fit {
            Some(f) => (
                f.params.to_flat().iter().map(|x| x.to_bits()).collect(),
                ranges_repr(&f.beads),
                f.moved
                    .iter()
                    .enumerate()
                    .filter(|(_, &m)| m)
                    .map(|(k, _)| k)
                    .collect(),
                if f.guide == f.beads {
                    Vec::new()
                } else {
                    ranges_repr(&f.guide)
                },
            ),
            None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
        };
        FirstPassRepr {
            src_lang: self.langs.0,
            tgt_lang: self.langs.1,
            src_sentences: self.sizes.0,
            tgt_sentences: self.sizes.1,
            params,
            beads,
            moved,
            guide,
            stems: self.stems.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for FirstPass {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FirstPass, D::Error> {
        let r = FirstPassRepr::deserialize(d)?;
        let sizes = (r.src_sentences, r.tgt_sentences);
        let fit = if r.params.is_empty() {
            None
        } else {
            let flat: Vec<f64> = r.params.iter().map(|&b| f64::from_bits(b)).collect();
            let params = Params::from_flat(&flat).ok_or_else(|| {
                serde::de::Error::custom("first pass: wrong number of parameters")
            })?;
            let beads = ranges_of(&r.beads);
            let guide = if r.guide.is_empty() {
                beads.clone()
            } else {
                ranges_of(&r.guide)
            };
            if !covers(&beads, sizes, r.moved.is_empty()) || !covers(&guide, sizes, true) {
                return Err(serde::de::Error::custom(
                    "first pass: the beads do not cover the sentences once each, in order",
                ));
            }
            let mut moved = vec![false; beads.len()];
            for &k in &r.moved {
                *moved.get_mut(k).ok_or_else(|| {
                    serde::de::Error::custom("first pass: a moved bead that is not there")
                })? = true;
            }
            Some(Passes {
                params,
                guide,
                beads,
                moved,
            })
        };
        Ok(FirstPass {
            langs: (r.src_lang, r.tgt_lang),
            sizes,
            fit,
            stems: r.stems,
        })
    }
}

/// The stems of the confident beads of one first pass, with the languages of its pair (see
/// [`FirstPass::take_stems`]); counted by [`StemCounts::add_stems`] and
/// [`PairCounts::add_stems`].
#[derive(Debug, Clone, PartialEq)]
pub struct BeadStemsOf {
    langs: (Lang, Lang),
    stems: BeadStems,
}

impl BeadStemsOf {
    /// Writes the stems in a compact binary form.
    pub fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        for l in [self.langs.0, self.langs.1] {
            let code = l.code();
            put_u64(w, code.len() as u64)?;
            w.write_all(code.as_bytes())?;
        }
        put_u64(w, self.stems.len() as u64)?;
        for (s, t) in &self.stems {
            for side in [s, t] {
                put_u64(w, side.len() as u64)?;
                for x in side {
                    put_u64(w, *x)?;
                }
            }
        }
        Ok(())
    }

    /// Reads stems written by [`BeadStemsOf::write_to`].
    pub fn read_from(r: &mut impl std::io::Read) -> std::io::Result<BeadStemsOf> {
        let langs = (read_lang(r)?, read_lang(r)?);
        let n = get_u64(r)? as usize;
        let mut stems = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let mut pair: [Vec<u64>; 2] = [Vec::new(), Vec::new()];
            for side in &mut pair {
                let k = get_u64(r)? as usize;
                side.reserve(k.min(1 << 16));
                for _ in 0..k {
                    side.push(get_u64(r)?);
                }
            }
            let [s, t] = pair;
            stems.push((s, t));
        }
        Ok(BeadStemsOf { langs, stems })
    }
}

fn read_lang(r: &mut (impl std::io::Read + ?Sized)) -> std::io::Result<Lang> {
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not a language code");
    let n = get_u64(r)? as usize;
    if n > 64 {
        return Err(bad());
    }
    let mut b = vec![0u8; n];
    r.read_exact(&mut b)?;
    std::str::from_utf8(&b)
        .ok()
        .and_then(|s| Lang::parse(s).ok())
        .ok_or_else(bad)
}

/// Per language pair: how many confident first-pass beads there are and how many of them
/// each source and target stem occurs in. Sums of these are sums of the counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StemCounts {
    by_langs: BTreeMap<(Lang, Lang), Marginals>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Marginals {
    beads: u32,
    src: FastMap<u64, u32>,
    tgt: FastMap<u64, u32>,
}

impl Marginals {
    /// Whether a stem with these counts teaches anything: not a hapax, not a function word.
    fn useful(&self, count: Option<&u32>, cfg: &LexiconConfig) -> bool {
        let cap = (self.beads / 3).max(cfg.min_count + 1);
        count.is_some_and(|&c| c >= cfg.min_count && c <= cap)
    }
}

impl StemCounts {
    /// Adds the confident beads of one first pass.
    pub fn add(&mut self, first: &FirstPass) {
        self.add_beads(first.langs, &first.stems);
    }

    /// Adds stems taken from a first pass.
    pub fn add_stems(&mut self, stems: &BeadStemsOf) {
        self.add_beads(stems.langs, &stems.stems);
    }

    fn add_beads(&mut self, langs: (Lang, Lang), stems: &BeadStems) {
        if stems.is_empty() {
            return;
        }
        let m = self.by_langs.entry(langs).or_default();
        for (s, t) in stems {
            m.beads += 1;
            for x in s {
                *m.src.entry(*x).or_default() += 1;
            }
            for y in t {
                *m.tgt.entry(*y).or_default() += 1;
            }
        }
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: StemCounts) {
        for (k, o) in other.by_langs {
            let m = self.by_langs.entry(k).or_default();
            m.beads += o.beads;
            for (x, c) in o.src {
                *m.src.entry(x).or_default() += c;
            }
            for (y, c) in o.tgt {
                *m.tgt.entry(y).or_default() += c;
            }
        }
    }
}

/// Per language pair: in how many confident beads two useful stems (see [`StemCounts`])
/// occur together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairCounts {
    by_langs: BTreeMap<(Lang, Lang), FastMap<(u64, u64), u32>>,
}

impl PairCounts {
    /// Adds the confident beads of one first pass; `stems` is the sum over the whole job.
    pub fn add(&mut self, stems: &StemCounts, first: &FirstPass) {
        self.add_beads(stems, first.langs, &first.stems);
    }

    /// Adds stems taken from a first pass; `stems` is the sum over the whole job.
    pub fn add_stems(&mut self, stems: &StemCounts, beads: &BeadStemsOf) {
        self.add_beads(stems, beads.langs, &beads.stems);
    }

    fn add_beads(&mut self, stems: &StemCounts, langs: (Lang, Lang), beads: &BeadStems) {
        if let Some(m) = stems.by_langs.get(&langs).filter(|_| !beads.is_empty()) {
            count_pairs(self.by_langs.entry(langs).or_default(), m, beads);
        }
    }

    /// Adds many stems taken from first passes, each language pair in its own thread.
    pub fn add_all(&mut self, stems: &StemCounts, beads: &[BeadStemsOf]) {
        let mut by: BTreeMap<(Lang, Lang), Vec<&BeadStems>> = BTreeMap::new();
        for b in beads.iter().filter(|b| !b.stems.is_empty()) {
            by.entry(b.langs).or_default().push(&b.stems);
        }
        type Work<'a> = (
            (Lang, Lang),
            &'a Marginals,
            FastMap<(u64, u64), u32>,
            Vec<&'a BeadStems>,
        );
        let mut work: Vec<Work> = Vec::new();
        for (k, v) in by {
            if let Some(m) = stems.by_langs.get(&k) {
                work.push((k, m, self.by_langs.remove(&k).unwrap_or_default(), v));
            }
        }
        use rayon::prelude::*;
        work.par_iter_mut().for_each(|(_, m, out, v)| {
            for b in v.iter() {
                count_pairs(out, m, b);
            }
        });
        for (k, _, out, _) in work {
            self.by_langs.insert(k, out);
        }
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: PairCounts) {
        for (k, o) in other.by_langs {
            let m = self.by_langs.entry(k).or_default();
            for (xy, c) in o {
                *m.entry(xy).or_default() += c;
            }
        }
    }
}

/// Counts the pairs of useful stems (by the marginals `m`) of `beads` into `out`.
fn count_pairs(out: &mut FastMap<(u64, u64), u32>, m: &Marginals, beads: &BeadStems) {
    let cfg = LexiconConfig::default();
    let mut t: Vec<u64> = Vec::new();
    for (s, ts) in beads {
        t.clear();
        t.extend(ts.iter().copied().filter(|y| m.useful(m.tgt.get(y), &cfg)));
        for x in s.iter().filter(|x| m.useful(m.src.get(x), &cfg)) {
            for y in &t {
                *out.entry((*x, *y)).or_default() += 1;
            }
        }
    }
}

/// The lexicon learned by a job: per language pair of documents, `(source stem, target
/// stem)` entries.
#[derive(Default)]
pub struct Lexicon {
    entries: BTreeMap<(Lang, Lang), Vec<(u64, u64)>>,
    tables: BTreeMap<(Lang, Lang), PairTable>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v.len())))
            .finish()
    }
}

impl Lexicon {
    /// Learns the lexicon from the summed counts of a job (the Dice coefficient of two
    /// stems, the strongest associations kept).
    pub fn learn(stems: &StemCounts, pairs: &PairCounts) -> Lexicon {
        let cfg = LexiconConfig::default();
        let mut entries = BTreeMap::new();
        for (k, m) in &stems.by_langs {
            let none = FastMap::default();
            let cst = pairs.by_langs.get(k).unwrap_or(&none);
            let lex = super::lexicon::select(m.beads, &m.src, &m.tgt, cst, &cfg);
            entries.insert(*k, lex);
        }
        Lexicon::from_entries(entries)
    }

    fn from_entries(entries: BTreeMap<(Lang, Lang), Vec<(u64, u64)>>) -> Lexicon {
        let tables = entries
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (*k, PairTable::new(v.iter().copied(), Class::Lexicon)))
            .collect();
        Lexicon { entries, tables }
    }

    fn table(&self, langs: (Lang, Lang)) -> Option<&PairTable> {
        self.tables.get(&langs)
    }

    /// Entries per language pair.
    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    /// True when no language pair has an entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Serialised forms: one object per language pair, sorted, so that equal counts give equal
/// bytes.
#[derive(Serialize, Deserialize)]
struct CountsRepr {
    src_lang: Lang,
    tgt_lang: Lang,
    #[serde(default)]
    beads: u32,
    #[serde(default)]
    src: Vec<(u64, u32)>,
    #[serde(default)]
    tgt: Vec<(u64, u32)>,
    #[serde(default)]
    pairs: Vec<(u64, u64, u32)>,
}

fn sorted<K: Ord + Copy, V: Copy>(m: &FastMap<K, V>) -> Vec<(K, V)> {
    let mut v: Vec<(K, V)> = m.iter().map(|(k, c)| (*k, *c)).collect();
    v.sort_unstable_by_key(|x| x.0);
    v
}

impl Serialize for StemCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<CountsRepr> = self
            .by_langs
            .iter()
            .map(|((a, b), m)| CountsRepr {
                src_lang: *a,
                tgt_lang: *b,
                beads: m.beads,
                src: sorted(&m.src),
                tgt: sorted(&m.tgt),
                pairs: Vec::new(),
            })
            .collect();
        v.serialize(s)
    }
}

impl<'de> Deserialize<'de> for StemCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<StemCounts, D::Error> {
        let mut out = StemCounts::default();
        for r in Vec::<CountsRepr>::deserialize(d)? {
            let mut one = StemCounts::default();
            one.by_langs.insert(
                (r.src_lang, r.tgt_lang),
                Marginals {
                    beads: r.beads,
                    src: r.src.into_iter().collect(),
                    tgt: r.tgt.into_iter().collect(),
                },
            );
            out.merge(one);
        }
        Ok(out)
    }
}

impl Serialize for PairCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<CountsRepr> = self
            .by_langs
            .iter()
            .map(|((a, b), m)| CountsRepr {
                src_lang: *a,
                tgt_lang: *b,
                beads: 0,
                src: Vec::new(),
                tgt: Vec::new(),
                pairs: sorted(m).into_iter().map(|((x, y), c)| (x, y, c)).collect(),
            })
            .collect();
        v.serialize(s)
    }
}

impl<'de> Deserialize<'de> for PairCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PairCounts, D::Error> {
        let mut out = PairCounts::default();
        for r in Vec::<CountsRepr>::deserialize(d)? {
            let mut one = PairCounts::default();
            one.by_langs.insert(
                (r.src_lang, r.tgt_lang),
                r.pairs.into_iter().map(|(x, y, c)| ((x, y), c)).collect(),
            );
            out.merge(one);
        }
        Ok(out)
    }
}

#[derive(Serialize, Deserialize)]
struct LexiconRepr {
    src_lang: Lang,
    tgt_lang: Lang,
    entries: Vec<(u64, u64)>,
}

impl Serialize for Lexicon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<LexiconRepr> = self
            .entries
            .iter()
            .map(|((a, b), e)| LexiconRepr {
                src_lang: *a,
                tgt_lang: *b,
                entries: e.clone(),
            })
            .collect();
        v.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Lexicon {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lexicon, D::Error> {
        let mut entries = BTreeMap::new();
        for r in Vec::<LexiconRepr>::deserialize(d)? {
            let mut e = r.entries;
            e.sort_unstable();
            e.dedup();
            entries.insert((r.src_lang, r.tgt_lang), e);
        }
        Ok(Lexicon::from_entries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs() -> Vec<(Vec<String>, Vec<String>)> {
        let id = [
            "Presiden tiba di Baku pada 12 Oktober.",
            "Ia bertemu menteri luar negeri selama 2 jam.",
            "Kunjungan itu menelan biaya 2.300 dolar.",
            "Cuaca cerah sepanjang hari di Baku.",
            "Menteri luar negeri berbicara tentang perdamaian.",
        ];
        let en = [
            "The president arrived in Baku on 12 October.",
            "He met the foreign minister for 2 hours.",
            "The visit cost 2,300 dollars.",
            "The weather was sunny all day in Baku.",
            "The foreign minister spoke about peace.",
        ];
        (0..6)
            .map(|k| {
                let rot = |v: &[&str]| -> Vec<String> {
                    (0..v.len())
                        .map(|i| v[(i + k) % v.len()].to_string())
                        .collect()
                };
                (rot(&id), rot(&en))
            })
            .collect()
    }

    fn sides(p: &(Vec<String>, Vec<String>)) -> (Side<'_>, Side<'_>) {
        (
            Side::from_sentences(Lang::IND, p.0.iter().map(String::as_str).collect()),
            Side::from_sentences(Lang::ENG, p.1.iter().map(String::as_str).collect()),
        )
    }

    #[test]
    fn phases_in_any_grouping_equal_align_many() {
        let data = pairs();
        let all: Vec<(Side, Side)> = data.iter().map(sides).collect();
        let opts = AlignOptions::default();
        let expected = super::super::align_many(&all, &opts);
        let al = Aligner::new(&opts);
        let firsts: Vec<FirstPass> = all.iter().map(|(s, t)| al.first_pass(s, t)).collect();
        // counts summed in two shards, through their serialised forms
        let mut stems = StemCounts::default();
        for shard in firsts.chunks(4) {
            let mut part = StemCounts::default();
            for f in shard {
                part.add(f);
            }
            let json = serde_json::to_string(&part).unwrap();
            stems.merge(serde_json::from_str(&json).unwrap());
        }
        let mut pc = PairCounts::default();
        for shard in firsts.chunks(3).rev() {
            let mut part = PairCounts::default();
            for f in shard {
                let json = serde_json::to_string(f).unwrap();
                let back: FirstPass = serde_json::from_str(&json).unwrap();
                assert_eq!(&back, f);
                part.add(&stems, &back);
            }
            pc.merge(serde_json::from_str(&serde_json::to_string(&part).unwrap()).unwrap());
        }
        let lex = Lexicon::learn(&stems, &pc);
        let lex: Lexicon = serde_json::from_str(&serde_json::to_string(&lex).unwrap()).unwrap();
        let got: Vec<Alignment> = all
            .iter()
            .zip(&firsts)
            .map(|((s, t), f)| al.final_pass(s, t, f, &lex))
            .collect();
        assert_eq!(got, expected);
    }
}
