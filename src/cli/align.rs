//! `selaras align`: a corpus folder (`CORPUS --out DIR`) or one pair of files (`SRC TGT`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selaras::align::{align_pair, AlignOptions, Side};
use selaras::corpus::{job::write_outputs, run_job, JobConfig};
use selaras::output::{self, Format, PairView};
use selaras::text::{Document, Encoding, ParagraphMode, ReadOptions};
use selaras::{Error, ErrorKind, Lang, Result};

use super::stdout_error;

/// Arguments of `selaras align`.
#[derive(clap::Args, Debug)]
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
}

/// Runs `selaras align`.
pub fn run(args: Args) -> Result<ExitCode> {
    let read = ReadOptions {
        encoding: Encoding::parse(&args.encoding)?,
        paragraphs: if args.line_paragraphs {
            ParagraphMode::Line
        } else {
            ParagraphMode::BlankLine
        },
        presegmented: args.presegmented,
    };
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
        out: out.clone(),
        pivot: Lang::parse(&args.pivot)?,
        langs,
        formats: if formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            formats
        },
        read,
        align: AlignOptions::default(),
        jobs: args.jobs,
    };
    let summary = run_job(&cfg)?;
    let mut err = std::io::stderr().lock();
    for e in &summary.errors {
        let loc = match e.line {
            Some(l) => format!("{}:{l}", e.path),
            None => e.path.clone(),
        };
        let _ = writeln!(err, "selaras: {loc}: {} (skipped)", e.message);
    }
    if !args.quiet {
        for w in &summary.warnings {
            let _ = writeln!(err, "selaras: warning: {w}");
        }
        for u in &summary.unmatched {
            let _ = writeln!(
                err,
                "selaras: unmatched: {} ({}): {}",
                u.doc, u.lang, u.reason
            );
        }
        let beads: usize = summary.pairs.iter().map(|p| p.beads).sum();
        let findings: usize = summary.pairs.iter().map(|p| p.figure_findings).sum();
        let _ = writeln!(
            err,
            "selaras: {} documents ({} files, {} sentences), {} language pairs, {} beads, {} figure findings, {} unreadable files; outputs in {}",
            summary.documents,
            summary.files,
            summary.sentences,
            summary.pairs.len(),
            beads,
            findings,
            summary.errors.len(),
            out.display()
        );
    }
    Ok(if summary.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_ERROR)
    })
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
    let src_lang = pair_lang(&args.src_lang, src, "src")?;
    let tgt_lang = pair_lang(&args.tgt_lang, tgt, "tgt")?;
    let sdoc = Document::read(src, src_lang, &read)?;
    let tdoc = Document::read(tgt, tgt_lang, &read)?;
    let alignment = align_pair(
        &Side::from_document(&sdoc),
        &Side::from_document(&tdoc),
        &AlignOptions::default(),
    );
    let figures = selaras::check::bead_figures(&sdoc, &tdoc, &alignment);
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
    if let Some(out) = &args.out {
        let formats = if formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            formats
        };
        write_outputs(out, &src_lang.code(), &tgt_lang.code(), &[view], &formats)?;
        return Ok(ExitCode::SUCCESS);
    }
    let text = match formats.as_slice() {
        [] | [Format::Links] => output::links(&view),
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
    Ok(ExitCode::SUCCESS)
}
