//! `selaras align --batch LIST`: many pairs of files in one process.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use selaras::align::{AlignOptions, Dictionary};
use selaras::batch::{self, BatchSettings};
use selaras::output::Format;
use selaras::text::ReadOptions;
use selaras::{Error, ErrorKind, Lang, Result};

use super::{EXIT_ERROR, EXIT_FINDINGS};

/// The flags of `selaras align` that matter to a batch.
pub struct BatchArgs {
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
    pub dict: Vec<String>,
    pub jobs: Option<usize>,
    pub quiet: bool,
    pub fail_on_findings: bool,
    /// Flags given that a batch does not take.
    pub not_for_batch: Vec<&'static str>,
}

fn config(msg: String) -> Error {
    Error::new(ErrorKind::Config, msg)
}

/// Runs a batch; errors of single lines are printed (naming the list and the line) and give
/// exit code 2 once every other pair is written.
pub fn run(
    list: &Path,
    args: &BatchArgs,
    read: ReadOptions,
    formats: &[Format],
) -> Result<ExitCode> {
    if let Some(flag) = args.not_for_batch.first() {
        return Err(config(format!(
            "{flag} does not apply to --batch: each line of the list names its output file"
        )));
    }
    let format =
        match formats {
            [] => Format::Links,
            [Format::Moses] => return Err(config(
                "--batch writes one file per pair: the moses format (two files) is not available"
                    .into(),
            )),
            [f] => *f,
            _ => {
                return Err(config(
                    "--batch writes one format per pair: give one --format".into(),
                ))
            }
        };
    let lang = |l: &Option<String>| l.as_deref().map(Lang::parse).transpose();
    let dictionary = match args.dict.as_slice() {
        [] => None,
        [file] => {
            let file = file.split_once('=').map(|(_, f)| f).unwrap_or(file);
            Some(Dictionary::read(&PathBuf::from(file))?)
        }
        _ => {
            return Err(config(
                "--batch takes one --dict FILE, used for every pair".into(),
            ))
        }
    };
    let settings = BatchSettings {
        read,
        align: AlignOptions {
            dictionary,
            ..AlignOptions::default()
        },
        format,
        langs: (lang(&args.src_lang)?, lang(&args.tgt_lang)?),
        check_findings: args.fail_on_findings,
    };
    let start = Instant::now();
    let (entries, malformed) = batch::read_list(list)?;
    let results = match args.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| config(format!("cannot start {n} threads: {e}")))?
            .install(|| batch::run(list, &entries, &settings)),
        None => batch::run(list, &entries, &settings),
    };
    let mut err = std::io::stderr().lock();
    for e in &malformed {
        let _ = writeln!(err, "selaras: {e} (skipped)");
    }
    let (mut done, mut sentences, mut findings) = (0usize, 0usize, false);
    let mut failed = malformed.len();
    for r in &results {
        match r {
            Ok(s) => {
                done += 1;
                sentences += s.sentences.0 + s.sentences.1;
                findings |= s.findings;
            }
            Err(e) => {
                failed += 1;
                let _ = writeln!(err, "selaras: {e} (skipped)");
            }
        }
    }
    if !args.quiet {
        let _ = writeln!(
            err,
            "selaras: aligned {done} pairs ({sentences} sentences) from {} in {:.2} s; {failed} failed",
            list.display(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(EXIT_ERROR)
    } else if args.fail_on_findings && findings {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
