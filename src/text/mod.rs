//! Text: decoding files into clean UTF-8 ([`read`]), splitting them into paragraphs and
//! sentences ([`segment`]), kept together as a [`Document`].

pub mod chars;
pub mod input_warnings;
pub mod read;
pub mod script;
pub mod segment;

use std::ops::Range;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

pub use read::{decode, parse_encodings, read_input, Encoding};

/// How paragraphs are marked in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParagraphMode {
    /// A blank line separates paragraphs; single line breaks are inside a paragraph.
    #[default]
    BlankLine,
    /// Every line is a paragraph.
    Line,
}

/// How to read a document.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The encoding of the bytes (of the languages not in `encoding_by_lang`).
    pub encoding: Encoding,
    /// The encoding of the documents in some languages (`--encoding ru=windows-1251`);
    /// languages are compared without their script.
    pub encoding_by_lang: Vec<(Lang, Encoding)>,
    /// How paragraphs are marked.
    pub paragraphs: ParagraphMode,
    /// One sentence per line, taken as is; blank lines mark paragraphs.
    pub presegmented: bool,
    /// Keep the text's Unicode as written (no NFC normalization; line ends are still
    /// normalized), so that sentences reproduce the input exactly.
    pub keep_unicode: bool,
}

impl ReadOptions {
    /// Options from the usual flags: an encoding spec (`utf-8`, `auto`, `windows-1251`,
    /// `ru=windows-1251,tr=windows-1254`: see [`parse_encodings`]), one paragraph per line,
    /// one sentence per line.
    pub fn from_flags(encoding: &str, line_paragraphs: bool, presegmented: bool) -> Result<Self> {
        let (encoding, encoding_by_lang) = parse_encodings(encoding)?;
        Ok(ReadOptions {
            encoding,
            encoding_by_lang,
            paragraphs: if line_paragraphs {
                ParagraphMode::Line
            } else {
                ParagraphMode::BlankLine
            },
            presegmented,
            keep_unicode: false,
        })
    }

    /// The encoding of a document in `lang`.
    pub fn encoding_for(&self, lang: Lang) -> Encoding {
        let lang = lang.without_script();
        self.encoding_by_lang
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(self.encoding, |(_, e)| *e)
    }
}

/// One sentence: a byte span into [`Document::text`] and the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the document text (no leading or trailing white space).
    pub span: Range<usize>,
    /// Index of the paragraph (0-based).
    pub paragraph: usize,
    /// 1-based line of the document where the sentence starts.
    pub line: usize,
}

/// A document in one language: its normalized text, paragraphs and sentences.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from (a path, or `-` for standard input).
    pub source: PathBuf,
    /// Its language.
    pub lang: Lang,
    /// The text, NFC-normalized, with `\n` line ends.
    pub text: String,
    /// Byte ranges of the paragraphs in `text`.
    pub paragraphs: Vec<Range<usize>>,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Reads and segments the file at `path`.
    pub fn read(path: &Path, lang: Lang, opts: &ReadOptions) -> Result<Document> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
        if meta.is_dir() {
            return Err(
                Error::new(ErrorKind::NotAFile, "is a folder, expected a text file")
                    .with_path(path),
            );
        }
        if is_device(&meta) {
            // /dev/zero would be read for ever; a FIFO (`<(command)`) is read as given.
            return Err(
                Error::new(ErrorKind::NotAFile, "is a device, expected a text file")
                    .with_path(path),
            );
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        Document::from_bytes(path, &bytes, lang, opts)
    }

    /// Reads and segments the file at `path`, or standard input when `path` is `-`.
    pub fn read_input(path: &Path, lang: Lang, opts: &ReadOptions) -> Result<Document> {
        if path.as_os_str() == "-" {
            return Document::from_bytes(path, &read_input(path)?, lang, opts);
        }
        Document::read(path, lang, opts)
    }

    /// Decodes and segments `bytes`; `source` names them in errors.
    pub fn from_bytes(
        source: &Path,
        bytes: &[u8],
        lang: Lang,
        opts: &ReadOptions,
    ) -> Result<Document> {
        let text = decode(bytes, opts.encoding_for(lang)).map_err(|e| e.with_path(source))?;
        Document::from_text(source, &text, lang, opts)
    }

    /// Normalizes (line ends, NFC) and segments `text`; `source` names it in errors.
    pub fn from_text(
        source: &Path,
        text: &str,
        lang: Lang,
        opts: &ReadOptions,
    ) -> Result<Document> {
        let text = normalize(text, !opts.keep_unicode);
        if text.trim().is_empty() {
            return Err(Error::new(ErrorKind::Empty, "the document has no text").with_path(source));
        }
        let mut doc = Document {
            source: source.to_path_buf(),
            lang,
            text,
            paragraphs: Vec::new(),
            sentences: Vec::new(),
        };
        let mode = if opts.presegmented {
            ParagraphMode::BlankLine
        } else {
            opts.paragraphs
        };
        doc.paragraphs = paragraphs(&doc.text, mode);
        let lines = LineIndex::new(&doc.text);
        for (p, range) in doc.paragraphs.iter().enumerate() {
            let para = &doc.text[range.clone()];
            let spans = if opts.presegmented {
                segment::lines(para)
            } else {
                segment::split_sentences(para, lang)
            };
            for s in spans {
                let span = range.start + s.start..range.start + s.end;
                doc.sentences.push(Sentence {
                    line: lines.line_of(span.start),
                    span,
                    paragraph: p,
                });
            }
        }
        Ok(doc)
    }

    /// The text of sentence `i`.
    pub fn sentence(&self, i: usize) -> &str {
        &self.text[self.sentences[i].span.clone()]
    }

    /// The texts of all sentences, in order.
    pub fn sentence_texts(&self) -> Vec<&str> {
        self.sentences
            .iter()
            .map(|s| &self.text[s.span.clone()])
            .collect()
    }
}

#[cfg(unix)]
fn is_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device() || meta.file_type().is_block_device()
}

#[cfg(not(unix))]
fn is_device(_: &std::fs::Metadata) -> bool {
    false
}

/// Line ends to `\n`, a leading BOM removed, and Unicode to NFC when `nfc` is set.
pub fn normalize(text: &str, nfc: bool) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unix = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if !nfc
        || unicode_normalization::is_nfc_quick(unix.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        unix
    } else {
        unix.nfc().collect()
    }
}

/// Byte ranges of the paragraphs of `text` (trimmed, never empty).
pub fn paragraphs(text: &str, mode: ParagraphMode) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let blank = content.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            end = pos + content.trim_end().len();
            if mode == ParagraphMode::Line {
                if let Some(s) = start.take() {
                    out.push(s..end);
                }
            }
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Maps byte offsets to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_by_blank_lines() {
        let t = "a b\nc\n\n  \nd\n";
        let p = paragraphs(t, ParagraphMode::BlankLine);
        assert_eq!(
            p.iter().map(|r| &t[r.clone()]).collect::<Vec<_>>(),
            ["a b\nc", "d"]
        );
        let p = paragraphs(t, ParagraphMode::Line);
        assert_eq!(
            p.iter().map(|r| &t[r.clone()]).collect::<Vec<_>>(),
            ["a b", "c", "d"]
        );
    }

    #[test]
    fn normalizes_crlf_and_nfc() {
        assert_eq!(normalize("\u{feff}e\u{301}\r\nx\ry", true), "é\nx\ny");
        assert_eq!(normalize("e\u{301}\r\n", false), "e\u{301}\n");
    }

    #[test]
    fn presegmented_keeps_lines_and_paragraphs() {
        let opts = ReadOptions {
            presegmented: true,
            ..Default::default()
        };
        let d = Document::from_text(Path::new("t"), "One. Two.\nThree\n\nFour", Lang::ENG, &opts)
            .unwrap();
        assert_eq!(d.sentence_texts(), ["One. Two.", "Three", "Four"]);
        assert_eq!(
            d.sentences
                .iter()
                .map(|s| (s.paragraph, s.line))
                .collect::<Vec<_>>(),
            [(0, 1), (0, 2), (1, 4)]
        );
    }

    proptest::proptest! {
        /// Nothing is lost: the sentences, in order and without overlap, cover every
        /// non-white-space character of the normalized text, in both reading modes.
        #[test]
        fn sentences_cover_the_text(text in "[a-zA-Zçğışöü .!?\"'\n\r\t0-9,]{0,200}", preseg: bool, lines: bool) {
            let opts = ReadOptions {
                presegmented: preseg,
                paragraphs: if lines { ParagraphMode::Line } else { ParagraphMode::BlankLine },
                ..Default::default()
            };
            match Document::from_text(Path::new("p"), &text, Lang::TUR, &opts) {
                Err(e) => proptest::prop_assert_eq!(e.kind(), ErrorKind::Empty),
                Ok(d) => {
                    let mut last = 0;
                    let mut covered = String::new();
                    for (k, s) in d.sentences.iter().enumerate() {
                        proptest::prop_assert!(s.span.start >= last);
                        proptest::prop_assert!(s.span.start < s.span.end);
                        if k > 0 {
                            proptest::prop_assert!(s.paragraph >= d.sentences[k - 1].paragraph);
                        }
                        last = s.span.end;
                        covered.extend(d.text[s.span.clone()].chars().filter(|c| !c.is_whitespace()));
                    }
                    let all: String = d.text.chars().filter(|c| !c.is_whitespace()).collect();
                    proptest::prop_assert_eq!(covered, all);
                }
            }
        }
    }

    #[test]
    fn empty_document_is_an_error() {
        let e = Document::from_text(
            Path::new("e.txt"),
            " \n\n",
            Lang::ENG,
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Empty);
    }
}
