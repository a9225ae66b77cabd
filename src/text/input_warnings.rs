//! Warnings about input that reads but is probably not what the user meant: markup (HTML)
//! in a plain-text document, and two documents whose lengths cannot be a text and its
//! translation. Neither stops a job; both are reported (stderr, `summary.json`).

use super::Document;
use crate::plural::counted;

/// HTML elements whose tags mark a document as markup rather than text.
const HTML_ELEMENTS: &[&str] = &[
    "a", "article", "b", "body", "br", "div", "em", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hr", "html", "i", "img", "li", "link", "meta", "nav", "ol", "p", "script",
    "section", "span", "strong", "style", "table", "td", "th", "title", "tr", "u", "ul",
];

/// Character entities that plain text does not hold.
const HTML_ENTITIES: &[&str] = &["&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&#"];

/// How many tags and entities make a document look like HTML: one `<script>…</script>`
/// quoted in a news text is two, a page of markup has dozens.
pub const MARKUP_THRESHOLD: usize = 3;

/// Sentence counts `(a, b)` that a text and its translation cannot have: the larger is
/// more than `3 × smaller + 5` (1 against 9, 10 against 36, 100 against 306).
pub fn is_lopsided(a: usize, b: usize) -> bool {
    let (small, large) = (a.min(b), a.max(b));
    large > 3 * small + 5
}

/// A warning when `src` and `tgt` cannot be a text and its translation by their sentence
/// counts (see [`is_lopsided`]).
pub fn lopsided_warning(src: &Document, tgt: &Document) -> Option<String> {
    let (a, b) = (src.sentences.len(), tgt.sentences.len());
    is_lopsided(a, b).then(|| {
        format!(
            "{} ({}) and {} ({}): one has more than three times as many sentences as the other; are they versions of the same document? Most sentences will be aligned with nothing (1-0, 0-1)",
            src.source.display(),
            counted(a, "sentence", "sentences"),
            tgt.source.display(),
            counted(b, "sentence", "sentences"),
        )
    })
}

/// A warning when `doc` looks like HTML: it starts with `<!DOCTYPE html` or `<html`, or
/// holds at least [`MARKUP_THRESHOLD`] HTML tags and entities.
pub fn markup_warning(doc: &Document) -> Option<String> {
    let head: String = doc.text.trim_start().chars().take(14).collect();
    let head = head.to_ascii_lowercase();
    let (count, example) = markup_count(&doc.text);
    if !(head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || count >= MARKUP_THRESHOLD)
    {
        return None;
    }
    Some(format!(
        "{}: looks like HTML ({} tags and entities such as {}): selaras reads plain text, so markup is aligned as words; convert the file to text first",
        doc.source.display(),
        count,
        example.unwrap_or("<html>")
    ))
}

/// The number of HTML tags (`<p>`, `</div>`, `<a href=…>`) and entities (`&amp;`) in
/// `text`, and the first one.
fn markup_count(text: &str) -> (usize, Option<&str>) {
    let mut count = 0;
    let mut first = None;
    for (at, c) in text.char_indices() {
        let len = match c {
            '<' => tag_len(&text[at..]),
            '&' => HTML_ENTITIES
                .iter()
                .find(|e| text[at..].starts_with(*e))
                .map(|e| e.len()),
            _ => None,
        };
        if let Some(len) = len {
            count += 1;
            first.get_or_insert(&text[at..at + len]);
        }
    }
    (count, first)
}

/// The length of the tag of a known element that `s` starts with (`<p>`, `</div>`,
/// `<br/>`, `<a href="x">`), if it starts with one.
fn tag_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix('<')?;
    let body = body.strip_prefix('/').unwrap_or(body);
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = body[..name_len].to_ascii_lowercase();
    if !HTML_ELEMENTS.contains(&name.as_str()) {
        return None;
    }
    let rest = &body[name_len..];
    // A tag is short: look for its end nearby only (no quadratic scan of a text full of
    // '<' without '>').
    let end = rest.bytes().take(512).position(|b| b == b'>')?;
    // `<p>`, `<br/>`, `<a href="x">`: after the name, the tag ends or attributes follow;
    // no line break inside.
    let attrs = &rest[..end];
    let starts_ok = attrs.is_empty() || attrs.starts_with([' ', '/']);
    (starts_ok && !attrs.contains('\n') && !attrs.contains('<'))
        .then(|| s.len() - rest.len() + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ReadOptions;
    use crate::Lang;
    use std::path::Path;

    fn doc(name: &str, text: &str) -> Document {
        Document::from_text(Path::new(name), text, Lang::ENG, &ReadOptions::default()).unwrap()
    }

    #[test]
    fn html_page_is_markup_quoted_tag_is_not() {
        let page = doc(
            "p.en.txt",
            "<div class=\"story\"><p>Seven civilians died.</p>\n<p>Talks&nbsp;resumed.</p></div>",
        );
        let w = markup_warning(&page).unwrap();
        assert!(
            w.contains("looks like HTML (7 tags and entities such as <div class=\"story\">)"),
            "{w}"
        );
        let quoted = doc(
            "q.en.txt",
            "The title is <script>alert(1)</script> only. 3 < 4 > 2.",
        );
        assert_eq!(markup_warning(&quoted), None);
        assert!(markup_warning(&doc("d.en.txt", "<!DOCTYPE html>\nHello.")).is_some());
    }

    #[test]
    fn lopsided_rule() {
        assert!(!is_lopsided(1, 8));
        assert!(is_lopsided(1, 9));
        assert!(is_lopsided(2_000, 1));
        assert!(!is_lopsided(10, 35));
        assert!(is_lopsided(10, 36));
        assert!(!is_lopsided(468, 554));
        let one = doc("a.id.txt", "Satu.");
        let many = doc("a.en.txt", &"One. ".repeat(20));
        let w = lopsided_warning(&one, &many).unwrap();
        assert!(
            w.starts_with("a.id.txt (1 sentence) and a.en.txt (20 sentences)"),
            "{w}"
        );
    }
}
