//! Decoding bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, legacy
//! encodings by name (windows-1251, windows-1254, KOI8-R, ISO-8859-x, ...) or detected.

use crate::error::{Error, ErrorKind, Result};

/// Which encoding to decode with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or UTF-16/UTF-8 as announced by a byte-order mark. Invalid bytes are an error.
    #[default]
    Utf8,
    /// A byte-order mark if there is one, else UTF-8 if the bytes are valid UTF-8, else a
    /// legacy encoding detected from the bytes.
    Auto,
    /// A named encoding (a BOM still wins).
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

/// Decodes `bytes` to a `String` (BOM removed; line ends and Unicode untouched).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], enc);
    }
    check_not_binary(bytes)?;
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                Err(Error::new(
                    ErrorKind::Decode,
                    format!(
                        "invalid UTF-8 at byte {at}: give the encoding with --encoding (e.g. windows-1251, windows-1254, koi8-r) or use --encoding auto"
                    ),
                )
                .with_line(line))
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

fn decode_with(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Result<String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Error::new(
            ErrorKind::Decode,
            format!("bytes that are not valid {}", enc.name()),
        ));
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
