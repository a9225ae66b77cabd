//! Decoding bytes into text: UTF-8 (with or without BOM), UTF-16 (with BOM, or named),
//! legacy encodings by name (windows-1251, windows-1254, KOI8-R, ISO-8859-x, ...) or
//! detected.
//!
//! A named encoding never corrupts a UTF-8 file: bytes that are valid UTF-8 and hold no NUL
//! are read as UTF-8 whatever encoding was named (a legacy text of more than a few words
//! is practically never valid UTF-8, and pure ASCII reads the same either way), so one
//! `--encoding windows-1251` can be given for a corpus whose other versions are UTF-8.
//! [`parse_encodings`] reads an encoding per language (`ru=windows-1251,tr=windows-1254`).

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

/// Which encoding to decode with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or UTF-16/UTF-8 as announced by a byte-order mark. Invalid bytes are an error.
    #[default]
    Utf8,
    /// A byte-order mark if there is one, else UTF-8 if the bytes are valid UTF-8, else
    /// UTF-16 if the bytes read as BOM-less UTF-16 text, else a legacy encoding detected
    /// from the bytes.
    Auto,
    /// A named encoding for bytes that are not UTF-8: a BOM still wins, and valid UTF-8
    /// without NUL bytes stays UTF-8.
    Named(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// Parses an encoding name as given to `--encoding`: `utf-8`, `auto`, or any WHATWG
    /// label (`windows-1251`, `cp1254`, `koi8-r`, `iso-8859-9`, `latin1`, ...).
    pub fn parse(name: &str) -> Result<Encoding> {
        let n = name.trim().to_ascii_lowercase();
        match n.as_str() {
            "auto" | "detect" => return Ok(Encoding::Auto),
            "utf-8" | "utf8" => return Ok(Encoding::Utf8),
            _ => {}
        }
        let label = n.strip_prefix("cp").map(|d| format!("windows-{d}"));
        encoding_rs::Encoding::for_label(label.as_deref().unwrap_or(&n).as_bytes())
            .map(Encoding::Named)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::UnknownEncoding,
                    format!(
                        "unknown encoding '{name}': use utf-8, auto, or a name such as windows-1251, windows-1254, koi8-r, iso-8859-9"
                    ),
                )
            })
    }
}

/// Parses an `--encoding` value: one encoding for every file (`windows-1251`), one per
/// language (`ru=windows-1251,tr=windows-1254`), or both (`auto,ru=koi8-r`). Returns the
/// encoding for the languages not named and the per-language ones.
pub fn parse_encodings(spec: &str) -> Result<(Encoding, Vec<(Lang, Encoding)>)> {
    let mut default = None;
    let mut by_lang: Vec<(Lang, Encoding)> = Vec::new();
    for part in spec.split(',').map(str::trim) {
        match part.split_once('=') {
            Some((lang, name)) => {
                let lang = Lang::parse(lang.trim())?.without_script();
                let enc = Encoding::parse(name)?;
                if by_lang.iter().any(|(l, _)| *l == lang) {
                    return Err(encoding_config(format!(
                        "--encoding {spec}: two encodings for {lang}"
                    )));
                }
                by_lang.push((lang, enc));
            }
            None if default.is_some() => {
                return Err(encoding_config(format!(
                    "--encoding {spec}: more than one encoding for all files; name the others per language (LANG=NAME)"
                )))
            }
            None => default = Some(Encoding::parse(part)?),
        }
    }
    Ok((default.unwrap_or_default(), by_lang))
}

fn encoding_config(message: String) -> Error {
    Error::new(ErrorKind::Config, message)
}

/// Reads the bytes of `path`, or of standard input when `path` is `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map_err(|e| {
            Error::new(ErrorKind::Io, format!("reading standard input: {e}")).with_path(path)
        })?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| Error::io(path, &e))
}

/// Decodes `bytes` to a `String` (BOM removed; line ends and Unicode untouched).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], enc);
    }
    if let Encoding::Named(enc) = encoding {
        if let Some(text) = plain_utf8(bytes) {
            return Ok(text.to_string());
        }
        if is_utf16(enc) {
            let text = decode_with(bytes, enc)?;
            check_not_binary(text.as_bytes())?;
            return Ok(text);
        }
    }
    if let Err(binary) = check_not_binary(bytes) {
        return match utf16_without_bom(bytes) {
            Some(enc) if encoding == Encoding::Auto => decode_with(bytes, enc),
            Some(enc) => Err(Error::new(
                ErrorKind::Decode,
                format!(
                    "looks like {} text without a byte-order mark: read it with --encoding {}",
                    enc.name(),
                    enc.name().to_ascii_lowercase()
                ),
            )),
            None => Err(binary),
        };
    }
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                Err(Error::new(
                    ErrorKind::Decode,
                    format!(
                        "invalid UTF-8 at byte {at}: give the encoding with --encoding (e.g. windows-1251, windows-1254, koi8-r, or ru=windows-1251 for one language) or use --encoding auto"
                    ),
                )
                .with_line(line_at(bytes, at)))
            }
        },
        Encoding::Auto => {
            if let Ok(s) = std::str::from_utf8(bytes) {
                return Ok(s.to_string());
            }
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            decode_with(bytes, det.guess(None, true))
        }
        Encoding::Named(enc) => decode_with(bytes, enc),
    }
}

/// The 1-based line of byte offset `at` (lines end with `\n`).
fn line_at(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// `bytes` as text when they are valid UTF-8 with no NUL byte: a UTF-8 file, whatever
/// encoding was named (UTF-16 text has NUL bytes as soon as it holds an ASCII character).
fn plain_utf8(bytes: &[u8]) -> Option<&str> {
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

fn is_utf16(enc: &'static encoding_rs::Encoding) -> bool {
    enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE
}

/// The UTF-16 byte order in which `bytes` (no BOM) read as text: an even length, no
/// unpaired surrogates, no control characters other than white space, and more characters
/// below U+0100 (spaces, line ends, digits, Latin letters) than in the other order, which
/// turns each of them into a character U+xx00. `None` when neither order wins.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 2 || bytes.len() % 2 != 0 {
        return None;
    }
    let latin = |enc: &'static encoding_rs::Encoding| {
        enc.decode_without_bom_handling_and_without_replacement(bytes)
            .filter(|t| check_not_binary(t.as_bytes()).is_ok())
            .map(|t| t.chars().filter(|&c| c < '\u{100}').count())
    };
    match (latin(encoding_rs::UTF_16LE), latin(encoding_rs::UTF_16BE)) {
        (Some(le), be) if le > 0 && be.is_none_or(|be| le > be) => Some(encoding_rs::UTF_16LE),
        (le, Some(be)) if be > 0 && le.is_none_or(|le| be > le) => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

fn decode_with(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Result<String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let at = text.find('\u{fffd}').unwrap_or(0);
        return Err(Error::new(
            ErrorKind::Decode,
            format!("bytes that are not valid {}", enc.name()),
        )
        .with_line(1 + text[..at].matches('\n').count()));
    }
    Ok(text.into_owned())
}

/// A file with NUL bytes or many control characters is not text.
fn check_not_binary(bytes: &[u8]) -> Result<()> {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if head.contains(&0) || controls * 20 > head.len().max(1) {
        return Err(Error::new(
            ErrorKind::Binary,
            "looks like a binary file, not text (NUL or control bytes)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("Çavuşoğlu".as_bytes(), Encoding::Utf8).unwrap(),
            "Çavuşoğlu"
        );
        assert_eq!(decode(b"\xef\xbb\xbfok", Encoding::Utf8).unwrap(), "ok");
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xff, 0xfe];
        for u in "Эрдоган".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&b, Encoding::Utf8).unwrap(), "Эрдоган");
    }

    #[test]
    fn legacy_by_name_and_detection() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Нагорный Карабах и Армения");
        let e = decode(&bytes, Encoding::Utf8).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert_eq!(e.line(), Some(1));
        let named = Encoding::parse("windows-1251").unwrap();
        assert_eq!(decode(&bytes, named).unwrap(), "Нагорный Карабах и Армения");
        assert_eq!(
            decode(&bytes, Encoding::parse("cp1251").unwrap()).unwrap(),
            "Нагорный Карабах и Армения"
        );
        let (tr, _, _) = encoding_rs::WINDOWS_1254
            .encode("Dışişleri Bakanı Çavuşoğlu, Ermenistan'ın saldırılarını kınadı.");
        assert_eq!(
            decode(&tr, Encoding::parse("windows-1254").unwrap()).unwrap(),
            "Dışişleri Bakanı Çavuşoğlu, Ermenistan'ın saldırılarını kınadı."
        );
    }

    #[test]
    fn named_encoding_keeps_utf8_and_reads_utf16_without_bom() {
        let cp1251 = Encoding::parse("windows-1251").unwrap();
        assert_eq!(decode("l'Arménie".as_bytes(), cp1251).unwrap(), "l'Arménie");
        let le: Vec<u8> = "Эрдоган: 7.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Эрдоган: 7.\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let named = |n: &str| Encoding::parse(n).unwrap();
        assert_eq!(decode(&le, named("utf-16le")).unwrap(), "Эрдоган: 7.\n");
        assert_eq!(decode(&be, named("utf-16be")).unwrap(), "Эрдоган: 7.\n");
        assert_eq!(decode(&le, Encoding::Auto).unwrap(), "Эрдоган: 7.\n");
        assert_eq!(decode(&be, Encoding::Auto).unwrap(), "Эрдоган: 7.\n");
        let e = decode(&le, Encoding::Utf8).unwrap_err();
        assert!(e.message().contains("--encoding utf-16le"), "{e}");
        // a named single-byte encoding on UTF-16 bytes says what they are
        let e = decode(&be, cp1251).unwrap_err();
        assert!(e.message().contains("--encoding utf-16be"), "{e}");
    }

    #[test]
    fn encodings_per_language() {
        let (all, by_lang) = parse_encodings("auto, ru=koi8-r,tr=cp1254").unwrap();
        assert_eq!(all, Encoding::Auto);
        assert_eq!(by_lang.len(), 2);
        assert_eq!(by_lang[0].0, Lang::RUS);
        assert_eq!(
            parse_encodings("ru=windows-1251").unwrap().0,
            Encoding::Utf8
        );
        assert!(parse_encodings("koi8-r,windows-1251").is_err());
        assert!(parse_encodings("xx=koi8-r").is_err());
    }

    #[test]
    fn binary_and_unknown_encoding() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x00\x00", Encoding::Utf8)
                .unwrap_err()
                .kind(),
            ErrorKind::Binary
        );
        assert_eq!(
            Encoding::parse("klingon-8").unwrap_err().kind(),
            ErrorKind::UnknownEncoding
        );
    }
}
