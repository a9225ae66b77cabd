//! `selaras align`: a corpus folder (`CORPUS --out DIR`) or one pair of files (`SRC TGT`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selaras::align::{AlignOptions, Dictionary, Side};
use selaras::corpus::{check_jobs, job::write_outputs, Corpus, JobConfig};
use selaras::embed::{EmbedConfig, EmbedSource};
use selaras::names;
use selaras::output::{self, Format, NameMarks, ReportOptions, ReportPair};
use selaras::pair::{self, AlignedPair};
use selaras::review::{Edits, EditsFile};
use selaras::text::{input_warnings, Document, ReadOptions};
use selaras::{Error, ErrorKind, Lang, Result};

use super::batch;
use super::job::{execute, Reporting};
use super::{stdout_error, EXIT_FINDINGS};

/// Arguments of `selaras align`.
#[derive(clap::Args, Debug)]
#[command(name = "align")]
pub struct Args {
    /// A corpus folder, or two files SRC TGT (one of them may be `-`: standard input).
    #[arg(
        required_unless_present = "batch",
        num_args = 1..=2,
        value_name = "CORPUS | SRC TGT"
    )]
    inputs: Vec<PathBuf>,
    /// Align many pairs of files in one process: LIST has one pair per line,
    /// `src<TAB>tgt<TAB>out` (optionally `<TAB>src_lang<TAB>tgt_lang`); paths are relative
    /// to LIST's folder. Each output is what `align SRC TGT --format F` prints.
    #[arg(long, value_name = "LIST", conflicts_with = "inputs")]
    batch: Option<PathBuf>,
    /// Output folder (required for a corpus; for a pair, writes files instead of printing).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Pivot language of a corpus job, paired with every other language (default: id).
    #[arg(long)]
    pivot: Option<String>,
    /// Only these other languages (comma-separated), e.g. en,fr.
    #[arg(long, value_delimiter = ',')]
    langs: Vec<String>,
    /// Language of SRC (pair mode; default: from a name like x.id.txt).
    #[arg(long)]
    src_lang: Option<String>,
    /// Language of TGT (pair mode; default: from a name like x.en.txt).
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Output formats, comma-separated: links, tsv, jsonl, moses, tmx (default: links to
    /// stdout for a pair; all of them with --out).
    #[arg(long, value_delimiter = ',')]
    format: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Input is one sentence per line, taken as is (blank lines mark paragraphs).
    #[arg(long)]
    presegmented: bool,
    /// Every line is a paragraph (default: paragraphs are separated by blank lines).
    #[arg(long)]
    line_paragraphs: bool,
    /// Input encoding: utf-8 (default; a BOM is always honoured), auto, a name such as
    /// windows-1251, or one per language: ru=windows-1251,tr=windows-1254. A file that is
    /// valid UTF-8 is read as UTF-8 whatever is named.
    #[arg(long, default_value = "utf-8")]
    encoding: String,
    /// No progress or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Do not write report.html (corpus job).
    #[arg(long)]
    no_report: bool,
    /// Pair mode: write the review report (HTML) to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Exit with code 1 when figures differ between aligned sentences or a name is spelled
    /// in more than one way.
    #[arg(long)]
    fail_on_findings: bool,
    /// A bilingual dictionary (hunalign `target @ source` lines, or TSV source<TAB>target):
    /// FILE for a pair of files, LANG=FILE per target language for a corpus (repeatable).
    #[arg(long, value_name = "[LANG=]FILE")]
    dict: Vec<String>,
    /// Keep only beads at least this confident (0 to 1) in the Moses and TMX files; the
    /// others are counted in summary.json.
    #[arg(long, default_value_t = 0.0)]
    min_score: f64,
    /// Corpus job: pair the documents of the languages by their content (figures, names,
    /// length), not by their file names; writes documents.tsv.
    #[arg(long)]
    match_documents: bool,
    /// Preferred spellings of names, one per line (optionally `lang<TAB>name`): suggested
    /// for names spelled in more than one way.
    #[arg(long, value_name = "FILE")]
    canonical: Option<PathBuf>,
    /// Spellings of names known to be right, same format: an entity spelled only in these
    /// ways is reported as accepted and is not a finding for --fail-on-findings.
    #[arg(long, value_name = "FILE")]
    accept_names: Option<PathBuf>,
    /// Corrections exported from the review report (corpus job): the document pairs they
    /// name get the corrected beads (see also `selaras apply`).
    #[arg(long, value_name = "EDITS.json")]
    edits: Option<PathBuf>,
    #[command(flatten)]
    embed: Box<EmbedArgs>,
}

/// The sentence-embedding options (shared by pair mode and corpus jobs).
#[derive(clap::Args, Debug, Default)]
pub struct EmbedArgs {
    /// Sentence embeddings as extra evidence: run CMD (with `sh -c`) once, write the texts
    /// on its standard input and read their vectors from its standard output (JSON lines;
    /// see the README), e.g. 'python3 tools/embed_e5.py'.
    #[arg(long, value_name = "CMD")]
    pub embed_cmd: Option<String>,
    /// The model id of the embeddings (default: the one the command announces); with
    /// --embed-cache, texts found in the cache then need no command at all.
    #[arg(long, value_name = "ID")]
    pub embed_model: Option<String>,
    /// Keep vectors in DIR, by model id and text, so re-runs do not embed again.
    #[arg(long, value_name = "DIR")]
    pub embed_cache: Option<PathBuf>,
    /// Seconds the command may take to start, and to answer one batch of texts.
    #[arg(long, value_name = "SECS", default_value_t = selaras::embed::DEFAULT_TIMEOUT.as_secs_f64())]
    pub embed_timeout: f64,
    /// Vectors a Vecalign pipeline made: the overlaps file and the float32 embeddings file
    /// of the source, then of the target (pair mode).
    #[arg(long, num_args = 4, value_names = ["SRC_OVERLAPS", "SRC_EMB", "TGT_OVERLAPS", "TGT_EMB"])]
    pub embed_vecalign: Vec<PathBuf>,
}

impl EmbedArgs {
    /// The embedding settings, if any were given.
    pub fn config(&self) -> Result<Option<EmbedConfig>> {
        let source = match (&self.embed_cmd, self.embed_vecalign.as_slice()) {
            (None, []) => {
                if self.embed_cache.is_some() || self.embed_model.is_some() {
                    return Err(config(
                        "--embed-cache and --embed-model go with --embed-cmd CMD",
                    ));
                }
                return Ok(None);
            }
            (Some(cmd), []) => EmbedSource::Command(cmd.clone()),
            (None, [so, se, to, te]) => {
                if self.embed_cache.is_some() {
                    return Err(config(
                        "--embed-vecalign reads vectors already made: --embed-cache is for --embed-cmd",
                    ));
                }
                EmbedSource::Vecalign {
                    src: (so.clone(), se.clone()),
                    tgt: (to.clone(), te.clone()),
                }
            }
            _ => {
                return Err(config(
                    "give either --embed-cmd CMD or --embed-vecalign SRC_OVERLAPS SRC_EMB TGT_OVERLAPS TGT_EMB",
                ))
            }
        };
        if !(self.embed_timeout > 0.0 && self.embed_timeout.is_finite()) {
            return Err(config("--embed-timeout takes a number of seconds above 0"));
        }
        Ok(Some(EmbedConfig {
            source,
            model: self.embed_model.clone(),
            cache: self.embed_cache.clone(),
            timeout: std::time::Duration::from_secs_f64(self.embed_timeout),
        }))
    }
}

/// Runs `selaras align`.
pub fn run(args: Args) -> Result<ExitCode> {
    let read = ReadOptions::from_flags(&args.encoding, args.line_paragraphs, args.presegmented)?;
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(config("--min-score takes a number from 0 to 1"));
    }
    let formats = args
        .format
        .iter()
        .map(|f| Format::parse(f))
        .collect::<Result<Vec<_>>>()?;
    if let Some(list) = &args.batch {
        return batch::run(list, &args.batch_args(), read, &formats);
    }
    match args.inputs.as_slice() {
        [corpus] => run_corpus(&args, corpus, read, formats),
        [src, tgt] => {
            check_pair_flags(&args, src, tgt)?;
            run_pair(&args, src, tgt, read, formats)
        }
        _ => Err(config("give a corpus folder, or two files SRC TGT")),
    }
}

impl Args {
    /// The settings of `--batch`, and the flags given that do not apply to it.
    fn batch_args(&self) -> batch::BatchArgs {
        let mut not_for_batch = Vec::new();
        for (given, flag) in [
            (self.out.is_some(), "--out"),
            (self.report.is_some(), "--report"),
            (self.no_report, "--no-report"),
            (!self.langs.is_empty(), "--langs"),
            (self.min_score != 0.0, "--min-score"),
            (self.match_documents, "--match-documents"),
            (self.embed.embed_cmd.is_some(), "--embed-cmd"),
            (!self.embed.embed_vecalign.is_empty(), "--embed-vecalign"),
            (self.edits.is_some(), "--edits"),
            (self.canonical.is_some(), "--canonical"),
            (self.accept_names.is_some(), "--accept-names"),
        ] {
            if given {
                not_for_batch.push(flag);
            }
        }
        batch::BatchArgs {
            src_lang: self.src_lang.clone(),
            tgt_lang: self.tgt_lang.clone(),
            dict: self.dict.clone(),
            jobs: self.jobs,
            quiet: self.quiet,
            fail_on_findings: self.fail_on_findings,
            not_for_batch,
        }
    }
}

/// Flags of a corpus job are an error with a pair of files, not silently ignored.
fn check_pair_flags(args: &Args, src: &Path, tgt: &Path) -> Result<()> {
    if args.pivot.is_some() || !args.langs.is_empty() {
        return Err(config(
            "--pivot and --langs are for a corpus folder; for a pair of files the languages are --src-lang and --tgt-lang (or names like x.id.txt)",
        ));
    }
    if src.as_os_str() == "-" && tgt.as_os_str() == "-" {
        return Err(config("only one of SRC and TGT can be - (standard input)"));
    }
    Ok(())
}

fn config(msg: &str) -> Error {
    Error::new(ErrorKind::Config, msg)
}

fn run_corpus(
    args: &Args,
    corpus: &Path,
    read: ReadOptions,
    formats: Vec<Format>,
) -> Result<ExitCode> {
    if args.src_lang.is_some() || args.tgt_lang.is_some() {
        return Err(config(
            "--src-lang and --tgt-lang are for a pair of files; for a corpus use --pivot and --langs",
        ));
    }
    if args.report.is_some() {
        return Err(config(
            "a corpus job writes report.html into --out; --report FILE is for a pair of files (use --no-report to skip it)",
        ));
    }
    if corpus.as_os_str() == "-" {
        return Err(config(
            "standard input (-) can be one file of a pair: selaras align - TGT --src-lang L (or SRC - --tgt-lang L)",
        ));
    }
    Corpus::check_root(corpus)?;
    let out = args
        .out
        .clone()
        .ok_or_else(|| config("a corpus job needs an output folder: add --out DIR"))?;
    let langs = if args.langs.is_empty() {
        None
    } else {
        Some(
            args.langs
                .iter()
                .map(|l| Lang::parse(l))
                .collect::<Result<Vec<_>>>()?,
        )
    };
    let cfg = JobConfig {
        corpus: corpus.to_path_buf(),
        out,
        pivot: Lang::parse(args.pivot.as_deref().unwrap_or("id"))?,
        langs,
        formats: if formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            formats
        },
        read,
        align: AlignOptions::default(),
        dictionaries: corpus_dictionaries(&args.dict)?,
        min_score: args.min_score,
        jobs: check_jobs(args.jobs)?,
        report: !args.no_report,
        match_documents: args.match_documents,
        progress: Default::default(),
        embed: corpus_embed(&args.embed)?,
        names: names::check::name_lists(args.canonical.as_deref(), args.accept_names.as_deref())?,
        batch: 0,
        cancel: Default::default(),
        edits: match &args.edits {
            Some(p) => Some(std::sync::Arc::new(Edits::new(EditsFile::read(p)?)?)),
            None => None,
        },
    };
    execute(
        cfg,
        &Reporting {
            quiet: args.quiet,
            fail_on_findings: args.fail_on_findings,
        },
    )
}

/// The embedding options of a corpus job (Vecalign's files are per document pair).
fn corpus_embed(args: &EmbedArgs) -> Result<Option<EmbedConfig>> {
    if !args.embed_vecalign.is_empty() {
        return Err(config(
            "--embed-vecalign gives the vectors of one pair of files; for a corpus use --embed-cmd",
        ));
    }
    args.config()
}

/// `--dict LANG=FILE` options of a corpus job.
fn corpus_dictionaries(specs: &[String]) -> Result<BTreeMap<Lang, Dictionary>> {
    let mut out = BTreeMap::new();
    for spec in specs {
        let (lang, file) = spec.split_once('=').ok_or_else(|| {
            config(&format!(
                "--dict {spec}: a corpus job needs the target language: --dict LANG=FILE (e.g. --dict en=id-en.dic)"
            ))
        })?;
        out.insert(
            Lang::parse(lang)?.without_script(),
            Dictionary::read(Path::new(file))?,
        );
    }
    Ok(out)
}

/// The language of a pair-mode file: the flag, else the `<name>.<lang>.txt` suffix.
fn pair_lang(flag: &Option<String>, path: &Path, which: &str) -> Result<Lang> {
    if let Some(l) = flag {
        return Lang::parse(l);
    }
    pair::lang_of_file(path).ok_or_else(|| {
        config(&format!(
            "cannot tell the language of {}: add --{which}-lang",
            path.display()
        ))
    })
}

/// Markup in a document, or two documents that cannot be translations by their lengths:
/// said on stderr.
fn warn_about_input(src: &Document, tgt: &Document) {
    let mut err = std::io::stderr().lock();
    let warnings = [
        input_warnings::markup_warning(src),
        input_warnings::markup_warning(tgt),
        input_warnings::lopsided_warning(src, tgt),
    ];
    for w in warnings.into_iter().flatten() {
        let _ = writeln!(err, "selaras: warning: {w}");
    }
}

fn run_pair(
    args: &Args,
    src: &Path,
    tgt: &Path,
    read: ReadOptions,
    formats: Vec<Format>,
) -> Result<ExitCode> {
    if args.edits.is_some() {
        return Err(config(
            "--edits is for a corpus job (CORPUS --out DIR), whose report the edits come from",
        ));
    }
    if args.match_documents {
        return Err(config(
            "--match-documents pairs the documents of a corpus folder; two files are a pair already",
        ));
    }
    let src_lang = pair_lang(&args.src_lang, src, "src")?;
    let tgt_lang = pair_lang(&args.tgt_lang, tgt, "tgt")?;
    let sdoc = Document::read_input(src, src_lang, &read)?;
    let tdoc = Document::read_input(tgt, tgt_lang, &read)?;
    if !args.quiet {
        warn_about_input(&sdoc, &tdoc);
    }
    if args.min_score > 0.0 && args.out.is_none() {
        return Err(config(
            "--min-score applies to the Moses and TMX files written with --out DIR",
        ));
    }
    let dictionary = match args.dict.as_slice() {
        [] => None,
        [file] => {
            let file = file.split_once('=').map(|(_, f)| f).unwrap_or(file);
            Some(Dictionary::read(Path::new(file))?)
        }
        _ => return Err(config("a pair of files takes one --dict FILE")),
    };
    let embeddings = match args.embed.config()? {
        Some(cfg) => {
            let sides = (Side::from_document(&sdoc), Side::from_document(&tdoc));
            Some(std::sync::Arc::new(selaras::embed::embed_once(
                &cfg,
                std::slice::from_ref(&sides),
            )?))
        }
        None => None,
    };
    let formats = match (formats.is_empty(), args.out.is_some()) {
        (false, _) => formats,
        (true, true) => Format::ALL.to_vec(),
        (true, false) => vec![Format::Links],
    };
    // Links and Moses carry no findings: check figures and names only when an output (or
    // the exit code) shows them.
    let wants_findings = args.report.is_some()
        || args.fail_on_findings
        || formats.iter().any(|f| pair::shows_findings(*f));
    let lists = names::check::name_lists(args.canonical.as_deref(), args.accept_names.as_deref())?;
    let aligned = AlignedPair::align_documents(
        pair::doc_id(if src.as_os_str() == "-" { tgt } else { src }),
        sdoc,
        tdoc,
        &AlignOptions {
            dictionary,
            embeddings,
            ..AlignOptions::default()
        },
        wants_findings.then_some(&lists),
    );
    let view = aligned.view();
    if let Some(path) = &args.report {
        let pair = ReportPair {
            src_lang: src_lang.code(),
            tgt_lang: tgt_lang.code(),
            views: vec![view],
        };
        let opts = ReportOptions {
            title: format!("selaras — {}", aligned.doc),
            split_above: usize::MAX,
            ..Default::default()
        };
        let marks = NameMarks::from_report(&aligned.names);
        for (_, html) in output::report(&[pair], &marks, &opts)? {
            output::write_atomic(path, html.as_bytes())?;
        }
    }
    let code = if args.fail_on_findings && aligned.has_findings() {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    };
    if let Some(out) = &args.out {
        write_outputs(
            out,
            &src_lang.code(),
            &tgt_lang.code(),
            &[view],
            &formats,
            args.min_score,
        )?;
        return Ok(code);
    }
    let text = match formats.as_slice() {
        [format] => aligned.text(*format)?,
        _ => return Err(config("several formats at once need --out DIR")),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(stdout_error)?;
    Ok(code)
}
