//! `selaras figures`.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use selaras::figures::{self, pairs};
use selaras::text::read_input;
use selaras::{Error, ErrorKind, Lang, Result};

use super::{stdout_error, EXIT_ERROR};

/// Arguments of `selaras figures`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  selaras figures --pairs pairs.tsv > verdicts.tsv
  selaras figures --lang id 'Sekitar 2.300 tentara tewas pada 27/9/2020.'
  echo 'seven civilians and 84 soldiers' | selaras figures --lang en")]
pub struct Args {
    /// Compare the figures of sentence pairs: a TSV file with the header
    /// `id src_lang tgt_lang src tgt` (`-`: standard input). Prints `id diverged detail`,
    /// one line per pair in input order; a malformed line (too few cells, or more than the
    /// header has) is reported on stderr with its line (exit code 2) and skipped.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["lang", "text"])]
    pairs: Option<PathBuf>,
    /// List the figures of TEXT (or of standard input) written in language L.
    #[arg(long, value_name = "L")]
    lang: Option<String>,
    /// The text whose figures to list (words are joined with spaces).
    #[arg(value_name = "TEXT", requires = "lang")]
    text: Vec<String>,
}

/// Runs `selaras figures`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(path) = &args.pairs {
        return run_pairs(path);
    }
    let Some(lang) = &args.lang else {
        return Err(Error::new(
            ErrorKind::Config,
            "give --pairs FILE to compare sentence pairs, or --lang L [TEXT] to list the figures of a text",
        ));
    };
    let lang = Lang::parse(lang)?;
    let text = if args.text.is_empty() {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::new(ErrorKind::Io, format!("reading standard input: {e}")))?;
        s
    } else {
        args.text.join(" ")
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "span\ttext\tvalue\tkind\tnotes").map_err(stdout_error)?;
    for f in figures::extract(&text, lang) {
        let mut notes = Vec::new();
        if let Some(u) = &f.unit {
            notes.push(format!("unit={u}"));
        }
        if f.approx {
            notes.push("approx".to_string());
        }
        if f.words {
            notes.push("words".to_string());
        }
        if f.weak {
            notes.push("weak".to_string());
        }
        writeln!(
            out,
            "{}..{}\t{}\t{}\t{}\t{}",
            f.span.start,
            f.span.end,
            clean(&f.text),
            f.value,
            f.kind.as_str(),
            if notes.is_empty() {
                "-".to_string()
            } else {
                notes.join(",")
            }
        )
        .map_err(stdout_error)?;
    }
    out.flush().map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}

fn run_pairs(path: &PathBuf) -> Result<ExitCode> {
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_path(path)
    })?;
    let rows = pairs::read_pairs(&text, path)?;
    let results: Vec<Result<pairs::PairResult>> = rows
        .into_par_iter()
        .map(|r| r.map(|p| pairs::check_pair(&p)))
        .collect();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut malformed = false;
    writeln!(out, "id\tdiverged\tdetail").map_err(stdout_error)?;
    for r in results {
        match r {
            Ok(r) => writeln!(
                out,
                "{}\t{}\t{}",
                r.id,
                u8::from(r.comparison.diverged),
                clean(&r.comparison.detail())
            )
            .map_err(stdout_error)?,
            Err(e) => {
                malformed = true;
                out.flush().map_err(stdout_error)?;
                let _ = writeln!(std::io::stderr(), "selaras: {e}");
            }
        }
    }
    out.flush().map_err(stdout_error)?;
    Ok(if malformed {
        ExitCode::from(EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

/// Text safe for one TSV field.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
