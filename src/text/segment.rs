//! Sentence segmentation with per-language rules.
//!
//! (First version: splits after `.`, `!`, `?`, `։` followed by white space and an
//! upper-case letter or digit. The language-aware version replaces it.)

use std::ops::Range;

use crate::lang::Lang;

/// Splits one paragraph into sentences: byte ranges into `para`, trimmed, in order,
/// covering every non-white-space character exactly once.
pub fn split_sentences(para: &str, _lang: Lang) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?' | '։') {
            let next = chars.get(k + 1).map(|x| x.1);
            let after = chars.get(k + 2).map(|x| x.1);
            if next.is_some_and(char::is_whitespace)
                && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit())
            {
                push_trimmed(para, start..i + c.len_utf8(), &mut out);
                start = i + c.len_utf8();
            }
        }
    }
    push_trimmed(para, start..para.len(), &mut out);
    out
}

/// One sentence per line (for pre-segmented input): the trimmed non-blank lines.
pub fn lines(para: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in para.split_inclusive('\n') {
        push_trimmed(para, pos..pos + line.len(), &mut out);
        pos += line.len();
    }
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(r.start + lead..r.start + lead + t.len());
    }
}
