//! `selaras match`: which documents of a corpus folder are versions of each other, by
//! content (the pairing `selaras align CORPUS --match-documents` aligns).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use selaras::corpus::{match_documents, Corpus, MatchOptions};
use selaras::output::write_atomic;
use selaras::text::ReadOptions;
use selaras::{Lang, Result};

use super::{stdout_error, EXIT_ERROR};

/// Arguments of `selaras match`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus folder (`<lang>/` subfolders or `<doc>.<lang>.txt` files).
    corpus: PathBuf,
    /// Pivot language, paired with every other language.
    #[arg(long, default_value = "id")]
    pivot: String,
    /// Only these other languages (comma-separated), e.g. en,fr.
    #[arg(long, value_delimiter = ',')]
    langs: Vec<String>,
    /// Input is one sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// Every line is a paragraph.
    #[arg(long)]
    line_paragraphs: bool,
    /// Input encoding: utf-8 (default), auto, or a name such as windows-1251.
    #[arg(long, default_value = "utf-8")]
    encoding: String,
    /// Write the pairs (documents.tsv) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Pairs scoring under this are not made (0 to 1).
    #[arg(long, default_value_t = MatchOptions::default().min_score)]
    min_score: f64,
}

/// Runs `selaras match`: prints `pivot_file other_file score` lines, lists the unpaired and
/// unreadable files on stderr (exit code 2 when a file could not be read).
pub fn run(args: Args) -> Result<ExitCode> {
    let read = ReadOptions::from_flags(&args.encoding, args.line_paragraphs, args.presegmented)?;
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(selaras::Error::new(
            selaras::ErrorKind::Config,
            "--min-score takes a number from 0 to 1",
        ));
    }
    let corpus = Corpus::discover(&args.corpus)?;
    let langs = args
        .langs
        .iter()
        .map(|l| Lang::parse(l))
        .collect::<Result<Vec<_>>>()?;
    let opts = MatchOptions {
        min_score: args.min_score,
        ..MatchOptions::default()
    };
    let langs = (!langs.is_empty()).then_some(langs.as_slice());
    let m = match_documents(&corpus, Lang::parse(&args.pivot)?, langs, &read, &opts);
    let tsv = m.tsv(&corpus);
    match &args.out {
        Some(p) => write_atomic(p, tsv.as_bytes())?,
        None => std::io::stdout()
            .lock()
            .write_all(tsv.as_bytes())
            .map_err(stdout_error)?,
    }
    let mut err = std::io::stderr().lock();
    for w in &corpus.warnings {
        let _ = writeln!(err, "selaras: warning: {w}");
    }
    for f in m.unpaired_files(&corpus) {
        let _ = writeln!(err, "selaras: unpaired: {f}");
    }
    for (_, e) in &m.errors {
        let _ = writeln!(err, "selaras: {e}");
    }
    Ok(if m.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}
