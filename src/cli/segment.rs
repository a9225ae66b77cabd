//! `selaras segment`: one sentence per line.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
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
    /// The text file, or `-` for standard input.
    file: PathBuf,
}

/// Runs `selaras segment`.
pub fn run(args: Args) -> Result<ExitCode> {
    let lang = Lang::parse(&args.lang)?;
    let opts = ReadOptions {
        // Print the text as written, not NFC-normalized, so the output reproduces the input.
        keep_unicode: true,
        ..ReadOptions::from_flags(&args.encoding, args.line_paragraphs, args.presegmented)?
    };
    let doc = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
            Error::new(ErrorKind::Io, format!("reading standard input: {e}")).with_path("-")
        })?;
        Document::from_bytes(Path::new("-"), &bytes, lang, &opts)?
    } else {
        Document::read(&args.file, lang, &opts)?
    };
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
