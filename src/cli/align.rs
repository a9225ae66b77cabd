//! `selaras align`: a corpus folder (`CORPUS --out DIR`) or one pair of files (`SRC TGT`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selaras::align::{align_pair, AlignOptions, Dictionary, Side};
use selaras::corpus::{job::write_outputs, JobConfig};
use selaras::names::{self, CheckDocument, CheckOptions};
use selaras::output::{self, Format, NameMarks, PairView, ReportOptions, ReportPair};
use selaras::review::{Edits, EditsFile};
use selaras::text::{Document, ReadOptions};
use selaras::{Error, ErrorKind, Lang, Result};

use super::job::{execute, Reporting};
use super::{stdout_error, EXIT_FINDINGS};

/// Arguments of `selaras align`.
#[derive(clap::Args, Debug)]
#[command(name = "align")]
pub struct Args {
    /// A corpus folder, or two files SRC TGT.
    #[arg(required = true, num_args = 1..=2, value_name = "CORPUS | SRC TGT")]
    inputs: Vec<PathBuf>,
    /// Output folder (required for a corpus; for a pair, writes files instead of printing).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Pivot language of a corpus job, paired with every other language.
    #[arg(long, default_value = "id")]
    pivot: String,
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
    /// Input encoding: utf-8 (default; a BOM is always honoured), auto, or a name such as
    /// windows-1251.
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
    /// Corrections exported from the review report (corpus job): the document pairs they
    /// name get the corrected beads (see also `selaras apply`).
    #[arg(long, value_name = "EDITS.json")]
    edits: Option<PathBuf>,
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
    match args.inputs.as_slice() {
        [corpus] => run_corpus(&args, corpus, read, formats),
        [src, tgt] => run_pair(&args, src, tgt, read, formats),
        _ => Err(config("give a corpus folder, or two files SRC TGT")),
    }
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
        pivot: Lang::parse(&args.pivot)?,
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
        jobs: args.jobs,
        report: !args.no_report,
        progress: Default::default(),
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.strip_suffix(".txt")
        .and_then(|s| s.rsplit_once('.'))
        .and_then(|(_, tag)| Lang::parse(tag).ok())
        .ok_or_else(|| {
            config(&format!(
                "cannot tell the language of {}: add --{which}-lang",
                path.display()
            ))
        })
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
    let src_lang = pair_lang(&args.src_lang, src, "src")?;
    let tgt_lang = pair_lang(&args.tgt_lang, tgt, "tgt")?;
    let sdoc = Document::read(src, src_lang, &read)?;
    let tdoc = Document::read(tgt, tgt_lang, &read)?;
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
    let alignment = align_pair(
        &Side::from_document(&sdoc),
        &Side::from_document(&tdoc),
        &AlignOptions {
            dictionary,
            ..AlignOptions::default()
        },
    );
    let formats = match (formats.is_empty(), args.out.is_some()) {
        (false, _) => formats,
        (true, true) => Format::ALL.to_vec(),
        (true, false) => vec![Format::Links],
    };
    // Links and Moses carry no findings: check figures and names only when an output (or
    // the exit code) shows them.
    let wants_findings = args.report.is_some()
        || args.fail_on_findings
        || formats
            .iter()
            .any(|f| matches!(f, Format::Tsv | Format::Jsonl | Format::Tmx));
    let (figures, names_report) = if wants_findings {
        let names_report = names::check(
            &[
                CheckDocument::from_document("pair", &sdoc),
                CheckDocument::from_document("pair", &tdoc),
            ],
            &CheckOptions {
                canonical: Vec::new(),
                pivot: Some(src_lang),
            },
        );
        (
            selaras::check::bead_figures(&sdoc, &tdoc, &alignment),
            names_report,
        )
    } else {
        (vec![Vec::new(); alignment.beads.len()], Default::default())
    };
    let doc = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = doc.strip_suffix(".txt").unwrap_or(&doc);
    let doc = doc
        .rsplit_once('.')
        .map(|(d, _)| d)
        .unwrap_or(doc)
        .to_string();
    let view = PairView {
        doc: &doc,
        src: &sdoc,
        tgt: &tdoc,
        alignment: &alignment,
        figures: &figures,
    };
    if let Some(path) = &args.report {
        let pair = ReportPair {
            src_lang: src_lang.code(),
            tgt_lang: tgt_lang.code(),
            views: vec![view],
        };
        let opts = ReportOptions {
            title: format!("selaras — {doc}"),
            split_above: usize::MAX,
            ..Default::default()
        };
        let marks = NameMarks::from_report(&names_report);
        for (_, html) in output::report(&[pair], &marks, &opts)? {
            output::write_atomic(path, html.as_bytes())?;
        }
    }
    let findings = figures.iter().any(|f| !f.is_empty()) || !names_report.variants.is_empty();
    let code = if args.fail_on_findings && findings {
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
        [Format::Links] => output::links(&view),
        [Format::Tsv] => output::tsv(&[view]),
        [Format::Jsonl] => output::jsonl(&[view]),
        [Format::Tmx] => output::tmx(&[view]),
        [Format::Moses] => return Err(config("the moses format is two files: add --out DIR")),
        _ => return Err(config("several formats at once need --out DIR")),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(stdout_error)?;
    Ok(code)
}
