//! TMX 1.4b: one `<tu>` per bead, `xml:lang` on every `<tuv>`.

use std::fmt::Write as _;

use super::formats::PairView;

/// Renders a TMX 1.4b document. Each bead becomes a `<tu>` with a `<tuv>` per non-empty
/// side and properties for the document, the bead type and its score (and `x-moved` for a
/// bead paired out of order).
pub fn tmx(pairs: &[PairView]) -> String {
    let src_lang = pairs.first().map(|p| p.src.lang.code()).unwrap_or_default();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        out,
        "  <header creationtool=\"selaras\" creationtoolversion=\"{}\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"{}\" o-tmf=\"selaras\"/>",
        env!("CARGO_PKG_VERSION"),
        escape(&src_lang)
    );
    out.push_str("  <body>\n");
    for pair in pairs {
        for b in pair.beads() {
            out.push_str("    <tu>\n");
            let _ = writeln!(
                out,
                "      <prop type=\"x-document\">{}</prop>",
                escape(b.doc)
            );
            let _ = writeln!(out, "      <prop type=\"x-bead\">{}</prop>", b.kind);
            let _ = writeln!(out, "      <prop type=\"x-score\">{:.4}</prop>", b.score);
            if b.moved {
                out.push_str("      <prop type=\"x-moved\">yes</prop>\n");
            }
            for f in &b.figures {
                let _ = writeln!(out, "      <note>figures: {}</note>", escape(&f.reason));
            }
            for (lang, text) in [(&b.src_lang, &b.src), (&b.tgt_lang, &b.tgt)] {
                if !text.is_empty() {
                    let _ = writeln!(
                        out,
                        "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                        escape(lang),
                        escape(text)
                    );
                }
            }
            out.push_str("    </tu>\n");
        }
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

/// Escapes text for XML content and attributes; drops characters XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_chars() {
        assert_eq!(
            escape("<script>a & \"b\" 'c'\u{1}</script>"),
            "&lt;script&gt;a &amp; &quot;b&quot; &apos;c&apos;&lt;/script&gt;"
        );
    }
}
