//! The two phases of a corpus job over one document group (see [`crate::align::phases`]):
//!
//! * [`Stages::first`]: the first pass of every document pair of the group, and the words
//!   the group's documents show as names (the names check needs them from the whole corpus);
//! * [`Stages::second`]: with what the first phase learned from every group ([`JobModel`]),
//!   the final pass of every pair, the figure check of every bead and the names of the group.
//!
//! A group's results depend only on the group and the [`JobModel`], never on which other
//! groups share its batch, so batches and shards give the same bytes.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::job::FileError;
use super::read::LoadedGroup;
use crate::align::{
    AlignOptions, Aligner, Alignment, Analysis, Dictionary, FirstPass, Lexicon, Side,
};
use crate::check::{bead_figures, FigureFlag};
use crate::embed::{vectors_for, EmbedConfig, EmbedSource, Embedder, TextVectors};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::names::learn::{bead_evidence, Evidence};
use crate::names::{check_group, known_words, CheckDocument, CheckOptions, GroupNames};
use crate::review::{Edits, HandCounts};
use crate::text::{input_warnings, Document};

/// The settings of the phases, shared by every group of a job.
pub struct Stages {
    pivot: Lang,
    others: Vec<Lang>,
    aligner: Aligner,
    with_dictionary: BTreeMap<Lang, Aligner>,
    names: CheckOptions,
    /// The user's sentence embedder (`--embed-cmd`), started once for the job and asked for
    /// the vectors of one document pair at a time.
    embedder: Option<Mutex<Box<dyn Embedder>>>,
    /// A cache of vectors for this job alone (when the user gave none), so that phase 2
    /// does not embed again what phase 1 embedded.
    _embed_scratch: Option<tempfile::TempDir>,
}

impl std::fmt::Debug for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stages")
            .field("pivot", &self.pivot)
            .field("others", &self.others)
            .field("embedder", &self.embedder.is_some())
            .finish_non_exhaustive()
    }
}

/// What the first phase found in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFirst {
    /// The document id.
    pub doc: String,
    /// The first pass of each document pair, by target language.
    pub passes: Vec<(Lang, FirstPass)>,
    /// Words the group's documents show as names, sorted.
    pub known: Vec<String>,
}

/// What the second phase needs from the first phase of every group: the lexicon and the
/// words known as names.
#[derive(Debug, Default)]
pub struct JobModel {
    /// The lexicon learned from every first pass.
    pub lexicon: Lexicon,
    /// Words seen as names anywhere in the corpus.
    pub known: HashSet<String>,
}

/// One aligned document pair of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAlignment {
    /// The target language of the pair (without script), which names its outputs.
    pub tgt_lang: Lang,
    /// The pivot version: an index into [`GroupResult::docs`].
    pub src: usize,
    /// The target version: an index into [`GroupResult::docs`].
    pub tgt: usize,
    /// The beads.
    pub alignment: Alignment,
    /// Per bead, the figures that differ.
    pub figures: Vec<Vec<FigureFlag>>,
    /// What the review report's edits changed (nothing without edits).
    #[serde(default, skip_serializing_if = "HandCounts::is_none")]
    pub hand: HandCounts,
}

/// Everything the outputs need from one document group.
#[derive(Debug, Clone)]
pub struct GroupResult {
    /// The document id.
    pub doc: String,
    /// The versions read.
    pub docs: Vec<Document>,
    /// The files that could not be read.
    pub errors: Vec<FileError>,
    /// Its document pairs, in the job's language order.
    pub pairs: Vec<PairAlignment>,
    /// Its names.
    pub names: GroupNames,
    /// Notes on its input: markup in a document, versions of very different lengths.
    pub warnings: Vec<String>,
    /// The names its aligned beads pair (for the names learned from the whole job).
    pub evidence: Evidence,
}

impl Stages {
    /// The phases of a job pairing `pivot` with `others`; a dictionary of
    /// `dictionaries` applies to the pairs of its target language.
    pub fn new(
        pivot: Lang,
        others: &[Lang],
        align: &AlignOptions,
        dictionaries: &BTreeMap<Lang, Dictionary>,
        names: CheckOptions,
    ) -> Stages {
        let with_dictionary = dictionaries
            .iter()
            .map(|(l, d)| {
                let opts = AlignOptions {
                    dictionary: Some(d.clone()),
                    ..align.clone()
                };
                (l.without_script(), Aligner::new(&opts))
            })
            .collect();
        Stages {
            pivot: pivot.without_script(),
            others: others.iter().map(|l| l.without_script()).collect(),
            aligner: Aligner::new(align),
            with_dictionary,
            names,
            embedder: None,
            _embed_scratch: None,
        }
    }

    /// The phases with sentence vectors from the embedder of `cfg` as evidence (vectors
    /// cached for the job in a temporary folder when `cfg` names no cache).
    pub fn with_embedder(mut self, cfg: Option<&EmbedConfig>) -> Result<Stages> {
        let Some(cfg) = cfg else {
            return Ok(self);
        };
        let mut cfg = cfg.clone();
        if cfg.cache.is_none() && matches!(cfg.source, EmbedSource::Command(_)) {
            let dir = tempfile::tempdir().map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("cannot make a temporary folder for the vectors: {e}"),
                )
            })?;
            cfg.cache = Some(dir.path().to_path_buf());
            self._embed_scratch = Some(dir);
        }
        self.embedder = Some(Mutex::new(cfg.open()?));
        Ok(self)
    }

    /// Stops the embedder (an error if it failed on the way out).
    pub fn finish(self) -> Result<()> {
        match self.embedder {
            Some(e) => e.into_inner().map_err(|_| poisoned())?.finish(),
            None => Ok(()),
        }
    }

    /// The vectors of the sentences of a document pair, when the job has an embedder.
    fn vectors(&self, src: &Side, tgt: &Side) -> Result<Option<TextVectors>> {
        let Some(e) = &self.embedder else {
            return Ok(None);
        };
        let mut e = e.lock().map_err(|_| poisoned())?;
        vectors_for(&[(src.clone(), tgt.clone())], e.as_mut()).map(Some)
    }

    fn aligner(&self, tgt: Lang) -> &Aligner {
        self.with_dictionary.get(&tgt).unwrap_or(&self.aligner)
    }

    /// The document pairs of a group: target language, pivot version, target version.
    fn pairs(&self, docs: &[Document]) -> Vec<(Lang, usize, usize)> {
        let find = |l: Lang| docs.iter().position(|d| d.lang.without_script() == l);
        let Some(src) = find(self.pivot) else {
            return Vec::new();
        };
        self.others
            .iter()
            .filter_map(|&l| find(l).map(|t| (l, src, t)))
            .collect()
    }

    /// Phase 1 of a group.
    pub fn first(&self, g: &LoadedGroup) -> Result<GroupFirst> {
        Ok(self.first_analysed(g)?.0)
    }

    /// Phase 1 of a group, with the analysis of each of its document pairs (which phase 2
    /// can use instead of analysing the pairs again).
    pub fn first_analysed(&self, g: &LoadedGroup) -> Result<(GroupFirst, Vec<Analysis>)> {
        let done: Vec<((Lang, FirstPass), Analysis)> = self
            .pairs(&g.docs)
            .par_iter()
            .map(|&(l, s, t)| {
                let al = self.aligner(l);
                let (ss, ts) = (
                    Side::from_document(&g.docs[s]),
                    Side::from_document(&g.docs[t]),
                );
                let a = al.analyse_with(&ss, &ts, self.vectors(&ss, &ts)?.as_ref());
                Ok(((l, al.first_pass_of(&a)), a))
            })
            .collect::<Result<_>>()?;
        let (passes, analyses): (Vec<(Lang, FirstPass)>, Vec<Analysis>) = done.into_iter().unzip();
        let mut known = HashSet::new();
        for d in &g.docs {
            known_words(&CheckDocument::from_document(&g.doc, d), &mut known);
        }
        let mut known: Vec<String> = known.into_iter().collect();
        known.sort_unstable();
        let first = GroupFirst {
            doc: g.doc.clone(),
            passes,
            known,
        };
        Ok((first, analyses))
    }

    /// Phase 2 of a group, with its first phase (computed here when `first` is `None` or
    /// does not fit the documents, e.g. a file that changed since).
    pub fn second(
        &self,
        g: LoadedGroup,
        first: Option<&GroupFirst>,
        model: &JobModel,
    ) -> Result<GroupResult> {
        self.second_analysed(g, first, Vec::new(), model)
    }

    /// [`Stages::second`] with the analyses of phase 1 (each used when it fits its pair).
    pub fn second_analysed(
        &self,
        g: LoadedGroup,
        first: Option<&GroupFirst>,
        analyses: Vec<Analysis>,
        model: &JobModel,
    ) -> Result<GroupResult> {
        let pairs = self.pairs(&g.docs);
        let aligned: Vec<(PairAlignment, Evidence)> = pairs
            .par_iter()
            .enumerate()
            .map(|(k, &(l, s, t))| {
                let (src, tgt) = (&g.docs[s], &g.docs[t]);
                let (ss, ts) = (Side::from_document(src), Side::from_document(tgt));
                let al = self.aligner(l);
                let fresh;
                let usable = |a: &&Analysis| {
                    a.fits(&ss, &ts) && (self.embedder.is_none() || a.has_vectors())
                };
                let analysis = match analyses.get(k).filter(usable) {
                    Some(a) => a,
                    None => {
                        fresh = al.analyse_with(&ss, &ts, self.vectors(&ss, &ts)?.as_ref());
                        &fresh
                    }
                };
                let fitting = first
                    .and_then(|f| f.passes.iter().find(|(x, _)| *x == l))
                    .map(|(_, fp)| fp)
                    .filter(|fp| {
                        fp.langs() == (src.lang, tgt.lang)
                            && fp.sentences() == (src.sentences.len(), tgt.sentences.len())
                    })
                    .cloned()
                    .unwrap_or_else(|| al.first_pass_of(analysis));
                let alignment = al.final_pass_of(analysis, &fitting, &model.lexicon);
                let figures = bead_figures(src, tgt, &alignment);
                let evidence = bead_evidence(src, tgt, &alignment, &model.known);
                let pair = PairAlignment {
                    tgt_lang: l,
                    src: s,
                    tgt: t,
                    alignment,
                    figures,
                    hand: HandCounts::default(),
                };
                Ok((pair, evidence))
            })
            .collect::<Result<_>>()?;
        let check_docs: Vec<CheckDocument> = g
            .docs
            .iter()
            .map(|d| CheckDocument::from_document(&g.doc, d))
            .collect();
        let names = check_group(&check_docs, &model.known, &self.names);
        let mut warnings: Vec<String> = g
            .docs
            .iter()
            .filter_map(input_warnings::markup_warning)
            .collect();
        warnings.extend(
            pairs
                .iter()
                .filter_map(|&(_, s, t)| input_warnings::lopsided_warning(&g.docs[s], &g.docs[t])),
        );
        let mut evidence = Evidence::default();
        let mut pair_results = Vec::with_capacity(aligned.len());
        for (p, e) in aligned {
            evidence.merge(e);
            pair_results.push(p);
        }
        Ok(GroupResult {
            doc: g.doc,
            docs: g.docs,
            errors: g.errors,
            pairs: pair_results,
            names,
            warnings,
            evidence,
        })
    }
}

fn poisoned() -> Error {
    Error::new(
        ErrorKind::Embed,
        "the embedder stopped after a failure in another thread",
    )
}

impl GroupResult {
    /// The group with the review report's edits of its document pairs applied.
    pub fn with_edits(mut self, edits: &Edits) -> crate::Result<GroupResult> {
        for p in &mut self.pairs {
            let (src, tgt) = (&self.docs[p.src], &self.docs[p.tgt]);
            if let Some(e) = edits.apply_to_pair(&self.doc, src, tgt, &p.alignment)? {
                p.alignment = e.alignment;
                p.figures = e.figures;
                p.hand = e.hand;
            }
        }
        Ok(self)
    }
}

/// The serialised form of a document in a [`GroupResult`]: what the outputs use of it.
#[derive(Serialize, Deserialize)]
struct DocRepr {
    lang: Lang,
    path: String,
    sentences: Vec<String>,
    /// Per sentence, its 1-based input line (the report shows it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    lines: Vec<usize>,
    /// Per sentence, its paragraph (the report marks where one starts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    paragraphs: Vec<usize>,
}

impl DocRepr {
    fn of(d: &Document) -> DocRepr {
        DocRepr {
            lang: d.lang,
            path: d.source.display().to_string(),
            sentences: d.sentence_texts().into_iter().map(str::to_string).collect(),
            lines: d.sentences.iter().map(|s| s.line).collect(),
            paragraphs: d.sentences.iter().map(|s| s.paragraph).collect(),
        }
    }

    /// A document with these sentences (one per line of its text).
    fn into_document(self) -> Document {
        let mut text = String::new();
        let mut sentences = Vec::with_capacity(self.sentences.len());
        for (k, s) in self.sentences.iter().enumerate() {
            if k > 0 {
                text.push('\n');
            }
            let start = text.len();
            text.push_str(s);
            sentences.push(crate::text::Sentence {
                span: start..text.len(),
                paragraph: self.paragraphs.get(k).copied().unwrap_or(0),
                line: self.lines.get(k).copied().unwrap_or(k + 1),
            });
        }
        Document {
            source: self.path.into(),
            lang: self.lang,
            paragraphs: std::iter::once(0..text.len()).collect(),
            text,
            sentences,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct GroupResultRepr {
    doc: String,
    docs: Vec<DocRepr>,
    #[serde(default)]
    errors: Vec<FileError>,
    #[serde(default)]
    pairs: Vec<PairAlignment>,
    #[serde(default)]
    names: GroupNames,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    #[serde(default)]
    evidence: Evidence,
}

impl Serialize for GroupResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        GroupResultRepr {
            doc: self.doc.clone(),
            docs: self.docs.iter().map(DocRepr::of).collect(),
            errors: self.errors.clone(),
            pairs: self.pairs.clone(),
            names: self.names.clone(),
            warnings: self.warnings.clone(),
            evidence: self.evidence.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for GroupResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<GroupResult, D::Error> {
        let r = GroupResultRepr::deserialize(d)?;
        let sizes: Vec<usize> = r.docs.iter().map(|d| d.sentences.len()).collect();
        let fits = |a: &PairAlignment| match (sizes.get(a.src), sizes.get(a.tgt)) {
            (Some(&n), Some(&m)) => a.alignment.beads.iter().all(|b| {
                b.src.start <= b.src.end
                    && b.src.end <= n
                    && b.tgt.start <= b.tgt.end
                    && b.tgt.end <= m
            }),
            _ => false,
        };
        if !r.pairs.iter().all(fits) {
            return Err(serde::de::Error::custom(
                "a document pair points to a document or sentence the group does not have",
            ));
        }
        Ok(GroupResult {
            doc: r.doc,
            docs: r.docs.into_iter().map(DocRepr::into_document).collect(),
            errors: r.errors,
            pairs: r.pairs,
            names: r.names,
            warnings: r.warnings,
            evidence: r.evidence,
        })
    }
}
