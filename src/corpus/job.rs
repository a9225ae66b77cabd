//! The corpus job: read every document, pair the pivot language with every other language,
//! align all pairs in parallel, and write the outputs and `summary.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{Corpus, DocFile};
use crate::align::{align_many, AlignOptions, Alignment, Dictionary, Side};
use crate::check::FigureFlag;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::names::{self, CheckDocument, CheckOptions};
use crate::output::{
    self, write_atomic, Format, MatchedDocuments, NameMarks, PairView, ReportOptions, ReportPair,
};
use crate::text::{input_warnings, Document, ReadOptions};

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
}

/// A callback told `(done, total)` work units (files read, document pairs aligned) as a job
/// goes on; it may be called from several threads.
#[derive(Clone, Default)]
pub struct Progress(Option<std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>>);

impl Progress {
    /// A progress callback.
    pub fn new(f: impl Fn(usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(std::sync::Arc::new(f)))
    }

    fn tell(&self, done: usize, total: usize) {
        if let Some(f) = &self.0 {
            f(done, total);
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: String,
    /// The 1-based line, where it applies.
    pub line: Option<usize>,
    /// The kind of error.
    pub kind: &'static str,
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
            kind: e.kind().as_str(),
            message: e.message().to_string(),
        }
    }
}

/// A document version that could not be paired.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Unmatched {
    /// Document id.
    pub doc: String,
    /// The language of the version that has no counterpart.
    pub lang: String,
    /// Why.
    pub reason: String,
}

/// Totals for one language pair.
#[derive(Debug, Clone, Serialize, Default)]
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
    /// Files written, relative to the output folder.
    pub outputs: Vec<String>,
}

/// What a corpus job did: `summary.json`.
#[derive(Debug, Clone, Serialize, Default)]
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
#[derive(Debug, Clone, Serialize, Default)]
pub struct MatchingSummary {
    /// The pairs, relative to the output folder (`documents.tsv`).
    pub file: String,
    /// Pairs found.
    pub pairs: usize,
    /// Files paired with nothing, relative to the corpus folder: their other-language
    /// versions (if any) were not found, so they are not aligned.
    pub unpaired_files: Vec<String>,
}

/// Runs a corpus job.
pub fn run_job(cfg: &JobConfig) -> Result<JobSummary> {
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

fn run_job_here(cfg: &JobConfig) -> Result<JobSummary> {
    let corpus = Corpus::discover(&cfg.corpus)?;
    let found_files = corpus.files.len();
    let mut unreadable = Vec::new();
    let (corpus, matching, matched) = if cfg.match_documents {
        let (corpus, summary, matched, errors) = pair_by_content(corpus, cfg)?;
        unreadable = errors;
        (corpus, Some(summary), Some(matched))
    } else {
        (corpus, None, None)
    };
    let docs = corpus.documents();
    let mut summary = JobSummary {
        corpus: cfg.corpus.display().to_string(),
        pivot: cfg.pivot.code(),
        documents: docs.len(),
        files: found_files,
        warnings: corpus.warnings.clone(),
        document_matching: matching,
        errors: corpus
            .errors
            .iter()
            .map(FileError::from)
            .chain(unreadable)
            .collect(),
        ..Default::default()
    };
    if found_files == 0 {
        return Err(Error::new(
            ErrorKind::Io,
            "no documents found: name files <doc>.<lang>.txt or put them in <lang>/ folders",
        )
        .with_path(&cfg.corpus));
    }
    let wanted = |l: Lang| {
        l.without_script() == cfg.pivot.without_script()
            || cfg
                .langs
                .as_ref()
                .is_none_or(|ls| ls.iter().any(|x| x.without_script() == l.without_script()))
    };
    // Read every file the job needs, in parallel, in a fixed order.
    let needed: Vec<&DocFile> = corpus.files.iter().filter(|f| wanted(f.lang)).collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    // Work units: files to read, then document pairs to align (pivot version × each other
    // wanted version of a document).
    let is_pivot = |l: Lang| l.without_script() == cfg.pivot.without_script();
    let pair_units: usize = docs
        .values()
        .filter(|fs| fs.iter().any(|f| is_pivot(f.lang)))
        .map(|fs| {
            fs.iter()
                .filter(|f| !is_pivot(f.lang) && wanted(f.lang))
                .count()
        })
        .sum();
    let total = needed.len() + pair_units;
    let tick = |n: usize| {
        let d = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
        cfg.progress.tell(d.min(total), total);
    };
    let read: Vec<Result<Document>> = needed
        .par_iter()
        .map(|f| {
            let r = Document::read(&f.path, f.lang, &cfg.read);
            tick(1);
            r
        })
        .collect();
    let mut loaded: BTreeMap<(&str, Lang), Document> = BTreeMap::new();
    for (f, r) in needed.iter().zip(read) {
        match r {
            Ok(d) => {
                summary.sentences += d.sentences.len();
                loaded.insert((f.doc.as_str(), f.lang.without_script()), d);
            }
            Err(e) => summary.errors.push(FileError::from(&e)),
        }
    }
    summary
        .warnings
        .extend(loaded.values().filter_map(input_warnings::markup_warning));
    // Language pairs: pivot → every other language present (or asked for).
    let mut others: Vec<Lang> = corpus
        .languages()
        .into_iter()
        .map(Lang::without_script)
        .filter(|l| *l != cfg.pivot.without_script() && wanted(*l))
        .collect();
    others.dedup();
    if let Some(ls) = &cfg.langs {
        for l in ls {
            if !others.contains(&l.without_script()) {
                summary
                    .warnings
                    .push(format!("no document in language {l} in the corpus"));
            }
        }
    }
    let pivot = cfg.pivot.without_script();
    summary.warnings.extend(super::unused_dictionaries(
        &cfg.dictionaries,
        pivot,
        &others,
    ));
    for (doc, files) in &docs {
        let has = |l: Lang| files.iter().any(|f| f.lang.without_script() == l);
        if !has(pivot) {
            for f in files.iter().filter(|f| wanted(f.lang)) {
                summary.unmatched.push(Unmatched {
                    doc: doc.to_string(),
                    lang: f.lang.code(),
                    reason: format!("no {} version of this document", cfg.pivot),
                });
            }
        } else if !others.iter().any(|l| has(*l)) {
            summary.unmatched.push(Unmatched {
                doc: doc.to_string(),
                lang: cfg.pivot.code(),
                reason: "no other language version of this document".into(),
            });
        }
    }
    let mut embedder = cfg.embed.as_ref().map(|e| e.open()).transpose()?;
    // Align every language pair; keep the results for the outputs and the report.
    struct PairResult<'d> {
        src_code: String,
        tgt_code: String,
        docs: Vec<(&'d str, &'d Document, &'d Document)>,
        alignments: Vec<Alignment>,
        figures: Vec<Vec<Vec<FigureFlag>>>,
    }
    let align_all = || -> Result<Vec<PairResult>> {
        let mut results: Vec<PairResult> = Vec::new();
        for &tgt_lang in &others {
            let mut docs_here: Vec<(&str, &Document, &Document)> = Vec::new();
            for doc in docs.keys() {
                if let (Some(s), Some(t)) =
                    (loaded.get(&(*doc, pivot)), loaded.get(&(*doc, tgt_lang)))
                {
                    docs_here.push((doc, s, t));
                }
            }
            let Some(first) = docs_here.first() else {
                continue;
            };
            let sides: Vec<(Side, Side)> = docs_here
                .iter()
                .map(|(_, s, t)| (Side::from_document(s), Side::from_document(t)))
                .collect();
            let mut opts = cfg.align.clone();
            if let Some(d) = cfg.dictionaries.get(&tgt_lang) {
                opts.dictionary = Some(d.clone());
            }
            if let Some(e) = embedder.as_mut() {
                let vectors = crate::embed::vectors_for(&sides, e.as_mut())?;
                opts.embeddings = Some(std::sync::Arc::new(vectors));
            }
            let alignments = align_many(&sides, &opts);
            tick(docs_here.len());
            let figures = docs_here
                .par_iter()
                .zip(&alignments)
                .map(|((_, s, t), a)| crate::check::bead_figures(s, t, a))
                .collect();
            results.push(PairResult {
                src_code: first.1.lang.code(),
                tgt_code: first.2.lang.code(),
                docs: docs_here,
                alignments,
                figures,
            });
        }
        Ok(results)
    };
    let check_names = || {
        let docs: Vec<CheckDocument> = loaded
            .iter()
            .map(|((doc, _), d)| CheckDocument::from_document(doc, d))
            .collect();
        let opts = CheckOptions {
            pivot: Some(cfg.pivot),
            ..cfg.names.clone()
        };
        names::check(&docs, &opts)
    };
    // Names are checked while the documents are aligned.
    let (results, mut names_report) = rayon::join(align_all, check_names);
    let results = results?;
    if let Some(e) = embedder {
        e.finish()?;
    }
    summary.warnings.extend(
        results
            .iter()
            .flat_map(|r| &r.docs)
            .filter_map(|(_, s, t)| input_warnings::lopsided_warning(s, t)),
    );
    let aligned: Vec<(&str, &Document, &Document, &Alignment)> = results
        .iter()
        .flat_map(|r| r.docs.iter().zip(&r.alignments))
        .map(|((doc, s, t), a)| (*doc, *s, *t, a))
        .collect();
    names_report.add_learned(names::learn::learned_names(
        &aligned,
        &names::LearnOptions::default(),
    ));
    summary.name_variants = names_report.variant_findings();
    summary.name_variants_accepted = names_report.variants.len() - summary.name_variants;
    summary.names_without_counterpart = names_report.unmatched.len();
    names::check::write_json(&names_report, &cfg.out)?;
    let name_marks = NameMarks::from_report(&names_report);
    let mut report_pairs = Vec::new();
    for r in &results {
        let views: Vec<PairView> = r
            .docs
            .iter()
            .zip(&r.alignments)
            .zip(&r.figures)
            .map(|(((doc, s, t), a), f)| PairView {
                doc,
                src: s,
                tgt: t,
                alignment: a,
                figures: f,
            })
            .collect();
        let mut ps = PairSummary {
            src_lang: r.src_code.clone(),
            tgt_lang: r.tgt_code.clone(),
            documents: views.len(),
            ..Default::default()
        };
        tally(&mut ps, &views);
        ps.below_min_score = below_min_score(&views, cfg.min_score);
        ps.outputs = write_outputs(
            &cfg.out,
            &r.src_code,
            &r.tgt_code,
            &views,
            &cfg.formats,
            cfg.min_score,
        )?;
        summary.pairs.push(ps);
        report_pairs.push(ReportPair {
            src_lang: r.src_code.clone(),
            tgt_lang: r.tgt_code.clone(),
            views,
        });
    }
    if cfg.report {
        let title = cfg
            .corpus
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "corpus".into());
        let opts = ReportOptions {
            title: format!("selaras — {title}"),
            matching: matched,
            ..Default::default()
        };
        let files = output::report(&report_pairs, &name_marks, &opts);
        files
            .par_iter()
            .map(|(rel, html)| write_atomic(&cfg.out.join(rel), html.as_bytes()))
            .collect::<Result<Vec<()>>>()?;
        summary.report = Some("report.html".into());
    }
    let json = serde_json::to_string_pretty(&summary)
        .map_err(|e| Error::new(ErrorKind::Io, format!("summary: {e}")))?;
    write_atomic(
        &cfg.out.join("summary.json"),
        format!("{json}\n").as_bytes(),
    )?;
    Ok(summary)
}

/// Pairs the documents of `corpus` by content ([`super::matching`]), writes
/// `documents.tsv`; returns the corpus with paired files under one document id, the
/// summary, the pairs for the report and the files that could not be read.
fn pair_by_content(
    corpus: Corpus,
    cfg: &JobConfig,
) -> Result<(Corpus, MatchingSummary, MatchedDocuments, Vec<FileError>)> {
    let opts = super::MatchOptions::default();
    let m = super::match_documents(&corpus, cfg.pivot, cfg.langs.as_deref(), &cfg.read, &opts);
    let file = "documents.tsv".to_string();
    write_atomic(&cfg.out.join(&file), m.tsv(&corpus).as_bytes())?;
    let matched = MatchedDocuments {
        pairs: m.rows(&corpus),
        unpaired: m.unpaired_files(&corpus),
    };
    let summary = MatchingSummary {
        file,
        pairs: m.pairs.len(),
        unpaired_files: matched.unpaired.clone(),
    };
    let errors = m.errors.iter().map(|(_, e)| FileError::from(e)).collect();
    Ok((m.apply(&corpus, cfg.pivot), summary, matched, errors))
}

fn tally(ps: &mut PairSummary, views: &[PairView]) {
    for v in views {
        ps.src_sentences += v.src.sentences.len();
        ps.tgt_sentences += v.tgt.sentences.len();
        ps.beads += v.alignment.beads.len();
        for b in &v.alignment.beads {
            *ps.beads_by_type.entry(b.kind()).or_default() += 1;
        }
        ps.moved_beads += v.alignment.beads.iter().filter(|b| b.moved).count();
        ps.figure_findings += v.figures.iter().filter(|f| !f.is_empty()).count();
    }
}

/// Writes the outputs of one language pair into `out`; returns the paths written,
/// relative to `out`. Per document: `<s>-<t>/<doc>.links` and `<s>-<t>/<doc>.tsv`; for the
/// whole pair: `<s>-<t>.<s>` + `<s>-<t>.<t>` (Moses), `<s>-<t>.jsonl`, `<s>-<t>.tmx`.
/// The parallel-corpus formats (Moses, TMX) keep only beads with both sides and a
/// confidence of at least `min_score` when it is above 0; the others keep every bead.
pub fn write_outputs(
    out: &Path,
    src: &str,
    tgt: &str,
    views: &[PairView],
    formats: &[Format],
    min_score: f64,
) -> Result<Vec<String>> {
    let stem = format!("{src}-{tgt}");
    let kept: Vec<(Alignment, Vec<Vec<FigureFlag>>)> =
        views.iter().map(|v| confident(v, min_score)).collect();
    let confident_views: Vec<PairView> = views
        .iter()
        .zip(&kept)
        .map(|(v, (a, f))| PairView {
            alignment: a,
            figures: f,
            ..*v
        })
        .collect();
    let corpus_views = if min_score > 0.0 {
        &confident_views[..]
    } else {
        views
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for &f in formats {
        match f {
            Format::Links => {
                for v in views {
                    files.push((format!("{stem}/{}.links", v.doc), output::links(v)));
                }
            }
            Format::Tsv => {
                for v in views {
                    files.push((
                        format!("{stem}/{}.tsv", v.doc),
                        output::tsv(std::slice::from_ref(v)),
                    ));
                }
            }
            Format::Jsonl => files.push((format!("{stem}.jsonl"), output::jsonl(views))),
            Format::Moses => {
                let (s, t) = output::moses(corpus_views);
                files.push((format!("{stem}.{src}"), s));
                files.push((format!("{stem}.{tgt}"), t));
            }
            Format::Tmx => files.push((format!("{stem}.tmx"), output::tmx(corpus_views))),
        }
    }
    files
        .par_iter()
        .map(|(rel, text)| write_atomic(&out.join(rel), text.as_bytes()))
        .collect::<Result<Vec<()>>>()?;
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// The beads of `v` with both sides and a confidence of at least `min_score`.
fn confident(v: &PairView, min_score: f64) -> (Alignment, Vec<Vec<FigureFlag>>) {
    let mut a = Alignment::default();
    let mut f = Vec::new();
    for (k, b) in v.alignment.beads.iter().enumerate() {
        if !b.src.is_empty() && !b.tgt.is_empty() && b.score >= min_score {
            a.beads.push(b.clone());
            f.push(v.figures.get(k).cloned().unwrap_or_default());
        }
    }
    (a, f)
}

/// How many beads of `views` the parallel-corpus formats leave out at `min_score`.
fn below_min_score(views: &[PairView], min_score: f64) -> usize {
    if min_score <= 0.0 {
        return 0;
    }
    views
        .iter()
        .flat_map(|v| &v.alignment.beads)
        .filter(|b| b.src.is_empty() || b.tgt.is_empty() || b.score < min_score)
        .count()
}
