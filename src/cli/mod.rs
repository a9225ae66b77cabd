//! Command-line arguments and the dispatch to one module per subcommand. Each module
//! turns its raw arguments into library settings, calls the library and prints.

mod align;
mod apply;
mod batch;
mod figures;
mod job;
mod matching;
mod names;
mod run;
mod score;
mod segment;
mod stream;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Align multilingual news corpora, normalize names, flag divergent figures.
#[derive(Parser, Debug)]
#[command(name = "selaras", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// parsed once per run: the size of the largest variant (align's flags) does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Align a corpus folder (CORPUS --out DIR) or one pair of files (SRC TGT).
    Align(Box<align::Args>),
    /// Rebuild a job's outputs with the corrections exported from its review report.
    Apply(apply::Args),
    /// Find figures in a text, or flag divergent figures in sentence pairs.
    Figures(figures::Args),
    /// Which documents of a corpus folder are versions of each other, by content.
    Match(matching::Args),
    /// Name keys, name matching, and name consistency checks of a corpus.
    Names(names::Args),
    /// Run a corpus job described in a TOML job file.
    Run(run::Args),
    /// Score predicted alignments against gold link files (strict and lax P/R/F1).
    Score(score::Args),
    /// Split a text into sentences, one per line.
    Segment(segment::Args),
    /// The phases of a corpus job as commands over JSON lines (for Spark, Hadoop Streaming).
    Stream(stream::Args),
}

/// Exit code: findings, with `--fail-on-findings`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code for errors.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_ERROR)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Align(a) => align::run(*a),
        Command::Apply(a) => apply::run(a),
        Command::Figures(a) => figures::run(a),
        Command::Match(a) => matching::run(a),
        Command::Names(a) => names::run(a),
        Command::Run(a) => run::run(a),
        Command::Score(a) => score::run(a),
        Command::Segment(a) => segment::run(a),
        Command::Stream(a) => stream::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "selaras: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A write to a closed pipe (`selaras ... | head`) is not an error.
fn is_broken_pipe(e: &selaras::Error) -> bool {
    e.kind() == selaras::ErrorKind::Io && e.message().contains("Broken pipe")
}

/// Wraps an I/O error from writing to standard output.
pub fn stdout_error(e: std::io::Error) -> selaras::Error {
    selaras::Error::new(selaras::ErrorKind::Io, format!("writing output: {e}"))
}
