//! The corpus job: read every document, pair the pivot language with every other language,
//! align all pairs in parallel, and write the outputs and `summary.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{Corpus, DocFile};
use crate::align::{align_many, AlignOptions, Side};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::output::{self, write_atomic, Format, PairView};
use crate::text::{Document, ReadOptions};

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
    /// Worker threads (all cores when `None`).
    pub jobs: Option<usize>,
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
    let docs = corpus.documents();
    let mut summary = JobSummary {
        corpus: cfg.corpus.display().to_string(),
        pivot: cfg.pivot.code(),
        documents: docs.len(),
        files: corpus.files.len(),
        warnings: corpus.warnings.clone(),
        ..Default::default()
    };
    if corpus.files.is_empty() {
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
    let read: Vec<Result<Document>> = needed
        .par_iter()
        .map(|f| Document::read(&f.path, f.lang, &cfg.read))
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
    for &tgt_lang in &others {
        let mut pairs: Vec<(&str, &Document, &Document)> = Vec::new();
        for doc in docs.keys() {
            if let (Some(s), Some(t)) = (loaded.get(&(*doc, pivot)), loaded.get(&(*doc, tgt_lang)))
            {
                pairs.push((doc, s, t));
            }
        }
        if pairs.is_empty() {
            continue;
        }
        let sides: Vec<(Side, Side)> = pairs
            .iter()
            .map(|(_, s, t)| (Side::from_document(s), Side::from_document(t)))
            .collect();
        let alignments = align_many(&sides, &cfg.align);
        let figures: Vec<Vec<Vec<String>>> = pairs
            .par_iter()
            .zip(&alignments)
            .map(|((_, s, t), a)| crate::check::bead_figures(s, t, a))
            .collect();
        let views: Vec<PairView> = pairs
            .iter()
            .zip(&alignments)
            .zip(&figures)
            .map(|(((doc, s, t), a), f)| PairView {
                doc,
                src: s,
                tgt: t,
                alignment: a,
                figures: f,
            })
            .collect();
        let src_code = pairs[0].1.lang.code();
        let tgt_code = pairs[0].2.lang.code();
        let mut ps = PairSummary {
            src_lang: src_code.clone(),
            tgt_lang: tgt_code.clone(),
            documents: pairs.len(),
            ..Default::default()
        };
        tally(&mut ps, &views);
        ps.outputs = write_outputs(&cfg.out, &src_code, &tgt_code, &views, &cfg.formats)?;
        summary.pairs.push(ps);
    }
    let json = serde_json::to_string_pretty(&summary)
        .map_err(|e| Error::new(ErrorKind::Io, format!("summary: {e}")))?;
    write_atomic(
        &cfg.out.join("summary.json"),
        format!("{json}\n").as_bytes(),
    )?;
    Ok(summary)
}

fn tally(ps: &mut PairSummary, views: &[PairView]) {
    for v in views {
        ps.src_sentences += v.src.sentences.len();
        ps.tgt_sentences += v.tgt.sentences.len();
        ps.beads += v.alignment.beads.len();
        for b in &v.alignment.beads {
            *ps.beads_by_type.entry(b.kind()).or_default() += 1;
        }
        ps.figure_findings += v.figures.iter().filter(|f| !f.is_empty()).count();
    }
}

/// Writes the outputs of one language pair into `out`; returns the paths written,
/// relative to `out`. Per document: `<s>-<t>/<doc>.links` and `<s>-<t>/<doc>.tsv`; for the
/// whole pair: `<s>-<t>.<s>` + `<s>-<t>.<t>` (Moses), `<s>-<t>.jsonl`, `<s>-<t>.tmx`.
pub fn write_outputs(
    out: &Path,
    src: &str,
    tgt: &str,
    views: &[PairView],
    formats: &[Format],
) -> Result<Vec<String>> {
    let stem = format!("{src}-{tgt}");
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
                let (s, t) = output::moses(views);
                files.push((format!("{stem}.{src}"), s));
                files.push((format!("{stem}.{tgt}"), t));
            }
            Format::Tmx => files.push((format!("{stem}.tmx"), output::tmx(views))),
        }
    }
    files
        .par_iter()
        .map(|(rel, text)| write_atomic(&out.join(rel), text.as_bytes()))
        .collect::<Result<Vec<()>>>()?;
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}
