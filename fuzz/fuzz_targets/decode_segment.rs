//! Bytes → decoding (every encoding mode) → normalization → paragraphs → sentences: never
//! a panic; either a typed error or sentences that cover the whole text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use selaras::text::{Document, Encoding, ParagraphMode, ReadOptions};
use selaras::ErrorKind;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let Some((&lang, bytes)) = rest.split_first() else {
        return;
    };
    let encoding = match ctl % 6 {
        0 => Encoding::Utf8,
        1 => Encoding::Auto,
        2 => Encoding::parse("windows-1251").unwrap(),
        3 => Encoding::parse("utf-16le").unwrap(),
        4 => Encoding::parse("utf-16be").unwrap(),
        _ => Encoding::parse("windows-1254").unwrap(),
    };
    let opts = ReadOptions {
        encoding,
        paragraphs: if ctl & 0x10 != 0 {
            ParagraphMode::Line
        } else {
            ParagraphMode::BlankLine
        },
        presegmented: ctl & 0x20 != 0,
        keep_unicode: ctl & 0x40 != 0,
        ..Default::default()
    };
    let lang = common::lang(lang);
    match Document::from_bytes(Path::new("fuzz.txt"), bytes, lang, &opts) {
        Ok(doc) => {
            common::assert_sentences_cover(&doc);
            // Valid UTF-8 read as UTF-8 keeps its text (line ends aside).
            if let (Encoding::Utf8, Ok(s), true) =
                (encoding, std::str::from_utf8(bytes), opts.keep_unicode)
            {
                let want = selaras::text::normalize(s, false);
                assert_eq!(doc.text, want);
            }
        }
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::Decode | ErrorKind::Binary | ErrorKind::Empty
            ),
            "unexpected error kind: {e}"
        ),
    }
});
