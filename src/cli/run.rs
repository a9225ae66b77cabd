//! `selaras run JOB.toml`: a corpus job described in a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selaras::corpus::JobFile;
use selaras::Result;

use super::job::{execute, Reporting};

/// Arguments of `selaras run`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The job file (TOML): corpus, out, pivot, langs, formats, encoding, presegmented,
    /// line_paragraphs, jobs, report, fail_on_findings, dict (`dict = { en = "id-en.dic" }`),
    /// min_score.
    job: PathBuf,
    /// No progress or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `selaras run`.
pub fn run(args: Args) -> Result<ExitCode> {
    let job = JobFile::read(&args.job)?;
    let base = args.job.parent().unwrap_or(Path::new("."));
    let cfg = job.to_config(base)?;
    execute(
        cfg,
        &Reporting {
            quiet: args.quiet,
            fail_on_findings: job.fail_on_findings,
        },
    )
}
