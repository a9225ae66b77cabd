//! `selaras segment`: one sentence per line.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use selaras::text::{Document, ReadOptions};
use selaras::{Error, ErrorKind, Lang, Result};

use super::stdout_error;

/// Arguments of `selaras segment`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Language of the text: ISO 639-1 (`id`), ISO 639-3 (`ind`) or a tag (`aze-Latn`).
    #[arg(long, short = 'l')]
    lang: String,
    /// The input is already one sentence per line: print its lines as they are.
    #[arg(long, conflicts_with = "line_paragraphs")]
    presegmented: bool,
    /// Every line is a paragraph (default: paragraphs are separated by blank lines).
    #[arg(long)]
    line_paragraphs: bool,
    /// Encoding of the input: utf-8 (default), auto, or a name such as windows-1251.
    #[arg(long, default_value = "utf-8")]
    encoding: String,
    /// The text file, or `-` for standard input (also read when no FILE is given and
    /// standard input is not a terminal).
    file: Option<PathBuf>,
}

/// Runs `selaras segment`.
pub fn run(args: Args) -> Result<ExitCode> {
    let lang = Lang::parse(&args.lang)?;
    let opts = ReadOptions {
        // Print the text as written, not NFC-normalized, so the output reproduces the input.
        keep_unicode: true,
        ..ReadOptions::from_flags(&args.encoding, args.line_paragraphs, args.presegmented)?
    };
    let file = match args.file {
        Some(f) => f,
        None if !std::io::stdin().is_terminal() => PathBuf::from("-"),
        None => {
            return Err(Error::new(
                ErrorKind::Config,
                "give the text FILE (or -), or pipe the text in: selaras segment --lang L FILE",
            ))
        }
    };
    let doc = Document::read_input(&file, lang, &opts)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for s in doc.sentence_texts() {
        // A sentence of hard-wrapped text spans lines: print it on one.
        let line = s.replace('\n', " ");
        writeln!(out, "{line}").map_err(stdout_error)?;
    }
    out.flush().map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
