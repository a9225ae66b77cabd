//! `selaras names`: `key`, `match` and `check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selaras::names::{self, check::CheckOptions};
use selaras::text::{read_input, ReadOptions};
use selaras::{Error, ErrorKind, Lang, Result};

use super::{stdout_error, EXIT_ERROR};

/// Arguments of `selaras names`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Print the comparison key of each NAME.
    Key {
        /// Language of the names (id, en, tr, az, ru, hy, ...).
        #[arg(long)]
        lang: String,
        /// The names.
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Decide for each pair of a TSV file whether the two names are the same entity.
    Match {
        /// TSV with a header whose first five columns are pair_id lang_a name_a lang_b name_b
        /// (`-`: standard input).
        #[arg(long)]
        pairs: PathBuf,
    },
    /// Report names spelled in more than one way, and names missing from a version.
    Check {
        /// The corpus folder.
        corpus: PathBuf,
        /// Also write names.json into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Preferred spellings, one per line (optionally `lang<TAB>name`).
        #[arg(long)]
        canonical: Option<PathBuf>,
        /// Spellings known to be right, same format: entities spelled only in these ways
        /// are marked accepted.
        #[arg(long, value_name = "FILE")]
        accept_names: Option<PathBuf>,
        /// Input encoding, as for `selaras align`: utf-8 (default), auto, a name such as
        /// windows-1251, or per language: ru=windows-1251,tr=windows-1254.
        #[arg(long, default_value = "utf-8")]
        encoding: String,
        /// Input is one sentence per line (blank lines mark paragraphs).
        #[arg(long)]
        presegmented: bool,
        /// Every line is a paragraph (default: paragraphs are separated by blank lines).
        #[arg(long)]
        line_paragraphs: bool,
    },
}

/// Runs `selaras names`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Key { lang, names } => key(&lang, &names),
        Command::Match { pairs } => match_pairs(&pairs),
        Command::Check {
            corpus,
            out,
            canonical,
            accept_names,
            encoding,
            presegmented,
            line_paragraphs,
        } => {
            let read = ReadOptions::from_flags(&encoding, line_paragraphs, presegmented)?;
            let lists = names::check::name_lists(canonical.as_deref(), accept_names.as_deref())?;
            check(&corpus, out.as_deref(), &lists, &read)
        }
    }
}

fn key(lang: &str, list: &[String]) -> Result<ExitCode> {
    let lang = Lang::parse(lang)?;
    let mut out = std::io::stdout().lock();
    for n in list {
        writeln!(out, "{}", names::key(n, lang)).map_err(stdout_error)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn match_pairs(path: &Path) -> Result<ExitCode> {
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::new(ErrorKind::Decode, "the pair file is not UTF-8").with_path(path))?;
    let (pairs, errors) = names::parse_pairs(&text, path);
    let mut err = std::io::stderr().lock();
    for e in &errors {
        let _ = writeln!(err, "selaras: {e}");
    }
    if pairs.is_empty() && !errors.is_empty() {
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "pair_id\tsame\tscore").map_err(stdout_error)?;
    for p in &pairs {
        let s = names::score(&p.name_a, p.lang_a, &p.name_b, p.lang_b);
        writeln!(
            out,
            "{}\t{}\t{:.4}",
            p.id,
            u8::from(s >= names::THRESHOLD),
            s
        )
        .map_err(stdout_error)?;
    }
    out.flush().map_err(stdout_error)?;
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}

fn check(
    corpus: &Path,
    out: Option<&Path>,
    opts: &CheckOptions,
    read: &ReadOptions,
) -> Result<ExitCode> {
    let corpus = names::check::read_corpus(corpus, read)?;
    let mut err = std::io::stderr().lock();
    for w in &corpus.warnings {
        let _ = writeln!(err, "selaras: warning: {w}");
    }
    for e in &corpus.errors {
        let _ = writeln!(err, "selaras: {e} (skipped)");
    }
    let report = names::check(&corpus.docs, opts);
    if let Some(dir) = out {
        names::check::write_json(&report, dir)?;
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(report.to_text().as_bytes())
        .map_err(stdout_error)?;
    Ok(if corpus.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}
