//! `selaras score`: strict and lax precision, recall and F1 of predicted alignments, and
//! the validity check of the predictions.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use selaras::eval::{report, score_paths, ScoreOptions};
use selaras::{Error, ErrorKind, Result};

use super::stdout_error;

/// Arguments of `selaras score`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold link file, or folder of them (also --gold-dir); `-`: standard input.
    #[arg(long, alias = "gold-dir")]
    gold: PathBuf,
    /// Predicted link file, or folder of them (also --pred-dir); `-`: standard input.
    #[arg(long, alias = "pred-dir")]
    pred: PathBuf,
    /// One row per file pair.
    #[arg(long)]
    per_file: bool,
    /// Folder mode: score a missing prediction as an empty alignment instead of failing.
    #[arg(long)]
    missing_as_empty: bool,
    /// Source sentence file of a single gold file (one sentence per line), for the
    /// validity check (default: a sibling of the gold file: src.txt, or x.de for x.defr).
    #[arg(long, requires = "tgt")]
    src: Option<PathBuf>,
    /// Target sentence file of a single gold file (see --src).
    #[arg(long, requires = "src")]
    tgt: Option<PathBuf>,
}

/// Runs `selaras score`.
pub fn run(args: Args) -> Result<ExitCode> {
    if args.src.is_some() && args.gold.is_dir() {
        return Err(Error::new(
            ErrorKind::Config,
            "--src and --tgt are for a single gold file; in folder mode the sentence files are found beside each gold file",
        ));
    }
    let opts = ScoreOptions {
        missing_as_empty: args.missing_as_empty,
        sentences: args.src.zip(args.tgt),
    };
    let scores = score_paths(&args.gold, &args.pred, &opts)?;
    let mut err = std::io::stderr().lock();
    for s in scores.iter().filter(|s| s.validity.has_errors()) {
        let v = &s.validity;
        let _ = writeln!(
            err,
            "selaras: warning: {}: not a valid alignment: {} indices out of range, {} source and {} target sentences used more than once",
            s.name, v.out_of_range, v.reused_src, v.reused_tgt
        );
    }
    std::io::stdout()
        .lock()
        .write_all(report(&scores, args.per_file).as_bytes())
        .map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
