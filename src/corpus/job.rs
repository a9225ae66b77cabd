//! The corpus job: the pivot language paired with every other language of a corpus folder,
//! every document pair aligned, the outputs and `summary.json` written.
//!
//! A job streams its document groups (every language version of one document id) through
//! the stages of the pipeline in batches, so that its memory depends on the batch size and
//! the longest document, not on the corpus:
//!
//! 1. [`plan`](super::plan): the language pairs and document groups, from the file names;
//! 2. [`OutputFolder::open`]: the output folder checked and locked, a staging folder made;
//! 3. phase 1 ([`Stages::first`]): each group read and aligned a first time; the lexicon
//!    counts and the words known as names summed; the first passes spilled to a temporary
//!    file;
//! 4. [`Lexicon::learn`](crate::align::Lexicon::learn): the lexicon of the job;
//! 5. phase 2 ([`Stages::second`]): each group read again and aligned with the lexicon, its
//!    figures and names checked, its outputs written ([`JobWriter`]) while the next batch is
//!    aligned;
//! 6. [`JobWriter::finish`]: `names.json`, the report, `summary.json`;
//! 7. [`OutputFolder::commit`]: the outputs put in place of the previous job's.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::batches::{first_phase, second_phase, Stage, Work};
use super::outdir::{check_out, OutputFolder};
use super::plan::{plan, JobPlan, PlanOptions};
use super::stage::Stages;
pub use super::write::write_outputs;
use super::write::{JobWriter, WriteOptions};
use super::Corpus;
use crate::align::{AlignOptions, Dictionary};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::names::CheckOptions;
use crate::output::{write_atomic, Format, MatchedDocuments, ReportOptions};
use crate::review::Edits;
use crate::text::ReadOptions;

/// What a corpus job does.
#[derive(Debug, Clone)]
pub struct JobConfig {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// The pivot language, paired with every other language.
    pub pivot: Lang,
    /// Only these other languages (all when `None`).
    pub langs: Option<Vec<Lang>>,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// How to read documents.
    pub read: ReadOptions,
    /// Aligner settings.
    pub align: AlignOptions,
    /// Dictionaries per target language (`--dict LANG=FILE`), used for that language pair.
    pub dictionaries: BTreeMap<Lang, Dictionary>,
    /// Keep only beads at least this confident in the Moses and TMX files (0: keep all).
    pub min_score: f64,
    /// Worker threads (all cores when `None`).
    pub jobs: Option<usize>,
    /// Write the review report `report.html`.
    pub report: bool,
    /// Pair the documents by their content, not by their file names
    /// ([`super::matching`]); writes `documents.tsv`.
    pub match_documents: bool,
    /// Told how far the job is.
    pub progress: Progress,
    /// Sentence embeddings as extra evidence (`--embed-cmd`): the embedder is started once
    /// for the job and fed one language pair at a time.
    pub embed: Option<crate::embed::EmbedConfig>,
    /// The names check: canonical and accepted spellings (`--canonical`,
    /// `--accept-names`); its pivot is the job's.
    pub names: CheckOptions,
    /// Document groups aligned and written together (0: the default, 64). Outputs do not
    /// depend on it; memory grows with it.
    pub batch: usize,
    /// Set to stop the job (Ctrl-C): it stops between document groups, removes what it
    /// wrote and leaves the output folder as it was.
    pub cancel: Cancel,
    /// Corrections from the review report: the document pairs they name get these beads
    /// instead of the aligner's (see [`crate::review`]).
    pub edits: Option<Arc<Edits>>,
}

impl JobConfig {
    /// A job over `corpus` into `out` with the default settings: pivot Indonesian, every
    /// other language, every format, the report.
    pub fn new(corpus: impl Into<PathBuf>, out: impl Into<PathBuf>) -> JobConfig {
        JobConfig {
            corpus: corpus.into(),
            out: out.into(),
            pivot: Lang::IND,
            langs: None,
            formats: Format::ALL.to_vec(),
            read: ReadOptions::default(),
            align: AlignOptions::default(),
            dictionaries: BTreeMap::new(),
            min_score: 0.0,
            jobs: None,
            report: true,
            progress: Progress::default(),
            match_documents: false,
            embed: None,
            names: CheckOptions::default(),
            batch: 0,
            cancel: Cancel::default(),
            edits: None,
        }
    }
}

/// A flag that stops a job (see [`JobConfig::cancel`]); clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks the job to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the job was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// The error of a stopped job.
    pub(crate) fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::new(
                ErrorKind::Interrupted,
                "interrupted: nothing was changed in the output folder",
            ))
        } else {
            Ok(())
        }
    }
}

/// The callback of a [`Progress`]: stage, work units done, work units in all.
type ProgressFn = dyn Fn(&str, usize, usize) + Send + Sync;

/// A callback told how far a job is: `(done, total)` work units, each stage of the job
/// weighted by the work it does (reading and the first pass, the final pass with the checks
/// and the parallel files, the report), so that the count moves steadily from the first
/// file read to the last file written. It may be called from several threads.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<ProgressFn>>);

impl Progress {
    /// A progress callback told `(done, total)`.
    pub fn new(f: impl Fn(usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(move |_: &str, d, t| f(d, t))))
    }

    /// A progress callback also told what the job is doing (`"aligning (pass 1)"`, ...).
    pub fn with_stages(f: impl Fn(&str, usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(f)))
    }

    pub(crate) fn tell(&self, stage: &str, done: usize, total: usize) {
        if let Some(f) = &self.0 {
            f(stage, done, total);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(callback)"
        } else {
            "Progress(none)"
        })
    }
}

/// A problem with one input file; the rest of the job went on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: String,
    /// The 1-based line, where it applies.
    pub line: Option<usize>,
    /// The kind of error (see [`ErrorKind::as_str`]).
    pub kind: String,
    /// The message.
    pub message: String,
}

impl From<&Error> for FileError {
    fn from(e: &Error) -> Self {
        FileError {
            path: e
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            line: e.line(),
            kind: e.kind().as_str().to_string(),
            message: e.message().to_string(),
        }
    }
}

/// A document version that could not be paired.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Unmatched {
    /// Document id.
    pub doc: String,
    /// The language of the version that has no counterpart.
    pub lang: String,
    /// Why.
    pub reason: String,
}

/// Totals for one language pair.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct PairSummary {
    /// Source (pivot) language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// Documents aligned.
    pub documents: usize,
    /// Source sentences.
    pub src_sentences: usize,
    /// Target sentences.
    pub tgt_sentences: usize,
    /// Beads.
    pub beads: usize,
    /// Beads by type (`1-1`, `1-0`, ...).
    pub beads_by_type: BTreeMap<String, usize>,
    /// Beads whose figures differ between the two sides.
    pub figure_findings: usize,
    /// Beads paired out of order (moved paragraphs).
    pub moved_beads: usize,
    /// Beads left out of the Moses and TMX files by `--min-score` (null beads included).
    pub below_min_score: usize,
    /// Beads corrected by hand in the review report (`--edits`): beads that are not the
    /// aligner's.
    #[serde(default)]
    pub hand_corrected: usize,
    /// Findings accepted in the review report.
    #[serde(default)]
    pub findings_accepted: usize,
    /// Findings dismissed in the review report (dismissed figures are left out of the
    /// outputs and of `figure_findings`).
    #[serde(default)]
    pub findings_dismissed: usize,
    /// Files written, relative to the output folder. `summary.json` lists every file; the
    /// summary [`run_job`] returns leaves out the files of each document pair (links, TSV),
    /// so that a job's memory does not grow with its documents.
    pub outputs: Vec<String>,
}

/// What a corpus job did: `summary.json`.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct JobSummary {
    /// The corpus folder.
    pub corpus: String,
    /// The pivot language.
    pub pivot: String,
    /// Document ids found.
    pub documents: usize,
    /// Document files found.
    pub files: usize,
    /// Sentences read, over all files that could be read.
    pub sentences: usize,
    /// Per language pair.
    pub pairs: Vec<PairSummary>,
    /// Document versions with no counterpart.
    pub unmatched: Vec<Unmatched>,
    /// Files that could not be read.
    pub errors: Vec<FileError>,
    /// Files and folders skipped, and other notes.
    pub warnings: Vec<String>,
    /// The review report, relative to the output folder, if one was written.
    pub report: Option<String>,
    /// Entities spelled in more than one way within one language (details in `names.json`),
    /// those whose every spelling is on the list of accepted names left out.
    pub name_variants: usize,
    /// Entities spelled in more than one way whose every spelling is accepted.
    pub name_variants_accepted: usize,
    /// Names in one language version of a document with no counterpart in another (details
    /// in `names.json`).
    pub names_without_counterpart: usize,
    /// The documents paired by content (`--match-documents`), if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_matching: Option<MatchingSummary>,
}

/// What pairing the documents by content found (`summary.json`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MatchingSummary {
    /// The pairs, relative to the output folder (`documents.tsv`).
    pub file: String,
    /// Pairs found.
    pub pairs: usize,
    /// Files paired with nothing, relative to the corpus folder: their other-language
    /// versions (if any) were not found, so they are not aligned.
    pub unpaired_files: Vec<String>,
}

/// Runs a corpus job (see the module docs).
pub fn run_job(cfg: &JobConfig) -> Result<JobSummary> {
    check_out(&cfg.out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::new(
                ErrorKind::Config,
                format!("cannot start worker threads: {e}"),
            )
        })?;
    pool.install(|| run_job_here(cfg))
}

/// The plan of a job: its corpus discovered, its languages checked.
pub fn plan_job(cfg: &JobConfig) -> Result<JobPlan> {
    plan_corpus(cfg, Corpus::discover(&cfg.corpus)?)
}

/// The plan of a job over the documents of `corpus`.
fn plan_corpus(cfg: &JobConfig, corpus: Corpus) -> Result<JobPlan> {
    let mut plan = plan(
        corpus,
        &PlanOptions {
            corpus: &cfg.corpus,
            pivot: cfg.pivot,
            langs: cfg.langs.as_deref(),
        },
    )?;
    plan.summary.warnings.extend(super::unused_dictionaries(
        &cfg.dictionaries,
        plan.pivot,
        &plan.others,
    ));
    Ok(plan)
}

/// The documents of a job paired by content (`--match-documents`): `documents.tsv` and
/// what the report shows of it.
struct ContentPairs {
    tsv: String,
    matched: MatchedDocuments,
}

/// The plan of a job whose documents are paired by content: the corpus with paired files
/// under one document id, the summary told of the pairing and of the files that could not
/// be read.
fn plan_matched_job(cfg: &JobConfig) -> Result<(JobPlan, ContentPairs)> {
    let corpus = Corpus::discover(&cfg.corpus)?;
    let opts = super::MatchOptions::default();
    let m = super::match_documents(&corpus, cfg.pivot, cfg.langs.as_deref(), &cfg.read, &opts);
    let matched = MatchedDocuments {
        pairs: m.rows(&corpus),
        unpaired: m.unpaired_files(&corpus),
    };
    let found_files = corpus.files.len();
    let mut plan = plan_corpus(cfg, m.apply(&corpus, cfg.pivot))?;
    plan.summary.files = found_files;
    plan.summary
        .errors
        .extend(m.errors.iter().map(|(_, e)| FileError::from(e)));
    plan.summary.document_matching = Some(MatchingSummary {
        file: DOCUMENTS_TSV.into(),
        pairs: m.pairs.len(),
        unpaired_files: matched.unpaired.clone(),
    });
    let tsv = m.tsv(&corpus);
    Ok((plan, ContentPairs { tsv, matched }))
}

/// The file of the document pairs found by content.
const DOCUMENTS_TSV: &str = "documents.tsv";

/// The phases of a job.
pub fn job_stages(cfg: &JobConfig, plan: &JobPlan) -> Result<Stages> {
    Stages::new(
        plan.pivot,
        &plan.others,
        &cfg.align,
        &cfg.dictionaries,
        names_options(cfg),
    )
    .with_embedder(cfg.embed.as_ref())
}

/// The names check of a job.
pub fn names_options(cfg: &JobConfig) -> CheckOptions {
    CheckOptions {
        pivot: Some(cfg.pivot),
        ..cfg.names.clone()
    }
}

/// What a job writes.
pub fn write_options(cfg: &JobConfig) -> WriteOptions {
    let title = cfg
        .corpus
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into());
    WriteOptions {
        formats: cfg.formats.clone(),
        min_score: cfg.min_score,
        report: cfg.report.then(|| ReportOptions {
            title: format!("selaras — {title}"),
            corpus: cfg.corpus.display().to_string(),
            ..Default::default()
        }),
        names: names_options(cfg),
    }
}

fn run_job_here(cfg: &JobConfig) -> Result<JobSummary> {
    let (mut plan, content_pairs) = if cfg.match_documents {
        let (plan, pairs) = plan_matched_job(cfg)?;
        (plan, Some(pairs))
    } else {
        (plan_job(cfg)?, None)
    };
    if let Some(e) = &cfg.edits {
        check_edits_in_plan(e, &plan)?;
    }
    let folder = OutputFolder::open(&cfg.out)?;
    plan.groups.spill_in(folder.staging())?;
    let stages = job_stages(cfg, &plan)?;
    let work = Work::new(&plan, cfg.report, &cfg.progress);
    let (model, spill) = first_phase(cfg, &plan, &stages, folder.staging(), &work)?;
    let mut opts = write_options(cfg);
    if let (Some(r), Some(c)) = (opts.report.as_mut(), &content_pairs) {
        r.matching = Some(c.matched.clone());
    }
    let writer = JobWriter::new(folder.staging(), &plan.others, plan.summary.clone(), opts)?;
    let writer = second_phase(cfg, &plan, &stages, &model, spill, writer, &work)?;
    drop(model);
    stages.finish()?;
    if let Some(e) = &cfg.edits {
        e.check_all_applied()?;
    }
    work.stage(Stage::Names);
    let (summary, mut files) = writer.finish(&|n| work.tick(Stage::Report, n))?;
    if let Some(c) = &content_pairs {
        write_atomic(&folder.staging().join(DOCUMENTS_TSV), c.tsv.as_bytes())?;
        files.push(DOCUMENTS_TSV.into());
    }
    cfg.cancel.check()?;
    work.stage(Stage::Commit);
    folder.commit(files)?;
    work.done();
    Ok(summary)
}

/// Refuses edits of a document pair the plan does not have, before any work is done.
fn check_edits_in_plan(edits: &Edits, plan: &JobPlan) -> Result<()> {
    for (doc, src, tgt) in edits.pairs() {
        let has = |g: &super::plan::Group, l: &str| g.files.iter().any(|f| f.lang.code() == l);
        let mut found = false;
        for g in plan.groups.iter()? {
            let g = g?;
            if g.doc == doc && has(&g, src) && has(&g, tgt) {
                found = true;
                break;
            }
        }
        if !found {
            return Err(Error::new(
                ErrorKind::Edits,
                format!(
                    "edits of document '{doc}' ({src} → {tgt}), which this job does not have: give the corpus and settings of the job the report was made of; nothing was changed"
                ),
            ));
        }
    }
    Ok(())
}
