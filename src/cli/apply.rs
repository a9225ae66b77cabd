//! `selaras apply EDITS.json --out DIR`: the job the report was made of, run again with the
//! corrections exported from the report (`selaras align CORPUS --out DIR --edits EDITS.json`,
//! the corpus named in the edits file).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches, Parser};
use selaras::review::EditsFile;
use selaras::{Error, ErrorKind, Result};

/// Arguments of `selaras apply`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The edits exported from the review report (`selaras-edits.json`).
    edits: PathBuf,
    /// The output folder of the job (its outputs are replaced, atomically).
    #[arg(long)]
    out: PathBuf,
    /// The corpus folder (default: the one named in the edits file).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// No progress or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// The settings of the original job, as given to `selaras align` (e.g. --presegmented,
    /// --langs en,fr, --format tsv, --dict en=id-en.dic, --quiet).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ALIGN OPTIONS"
    )]
    options: Vec<String>,
}

/// `selaras align`'s arguments on their own.
#[derive(Parser, Debug)]
#[command(name = "selaras apply")]
struct AlignArgs {
    #[command(flatten)]
    args: super::align::Args,
}

/// Runs `selaras apply`.
pub fn run(a: Args) -> Result<ExitCode> {
    let corpus = match a.corpus {
        Some(c) => c,
        None => {
            let file = EditsFile::read(&a.edits)?;
            if file.corpus.is_empty() {
                return Err(Error::new(
                    ErrorKind::Edits,
                    "the edits file does not name its corpus: add --corpus DIR",
                )
                .with_path(&a.edits));
            }
            PathBuf::from(file.corpus)
        }
    };
    let mut argv: Vec<std::ffi::OsString> = vec!["selaras apply".into(), corpus.into()];
    argv.extend(["--out".into(), a.out.into_os_string()]);
    argv.extend(["--edits".into(), a.edits.into_os_string()]);
    if a.quiet {
        argv.push("--quiet".into());
    }
    argv.extend(a.options.into_iter().map(Into::into));
    let matches = <AlignArgs as clap::CommandFactory>::command()
        .try_get_matches_from(argv)
        .map_err(|e| Error::new(ErrorKind::Config, e.to_string()))?;
    let parsed = AlignArgs::from_arg_matches(&matches)
        .map_err(|e| Error::new(ErrorKind::Config, e.to_string()))?;
    super::align::run(parsed.args)
}
