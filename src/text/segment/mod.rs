//! Sentence segmentation with per-language rules and data.
//!
//! A paragraph is scanned once. A sentence may end at a final mark (`.` `!` `?` `…`
//! `։`, other scripts' full stops such as `。` `।` `؟` `።`, per-language additions
//! such as the Armenian `:` or the Greek `;`) together with the closing quotes and
//! brackets right after it, when white space follows. Whether it does depends on
//! what comes before and after:
//!
//! * a lower-case word after the mark continues the sentence (`etc. and`, `…and`,
//!   `«Why?» he asked`), as does `,` `;` `:` or a closing bracket;
//! * before a `.`: a known abbreviation (`src/lang/<iso3>/abbreviations.txt`) that is a
//!   title (`Dr.`, `Jl.`, `No.`) never ends a sentence; one that often ends a sentence
//!   (`etc.`, `dll.`, `usw.`) ends it before a capitalised word; any other abbreviation,
//!   an initial (`J. R. R. Tolkien`) or a dotted short form (`U.S.`, `z.B.`) ends it only
//!   before a common sentence-starting word (`sentence-starters.txt`: `The`, `Namun`, …);
//! * a number before a `.` is an ordinal before a lower-case word (`29. maddesi`) or a
//!   month name (`ordinal-followers.txt`: `am 3. Oktober`); in languages that mark
//!   ordinals with a dot (`ordinal-dot = yes` in `segment.txt`) a number of up to three
//!   digits is one before any capitalised word that is not a sentence starter
//!   (`in der 89. Minute`);
//! * per-language marks (`segment.txt`): the Armenian ASCII full stop is a mijaket, not
//!   an end; the Armenian ASCII colon is a weak end that needs a final mark later in its
//!   sentence, so that a headline's colon stays inside it;
//! * numbers (`2.300`, `2,5`, `27/9/2020`), URLs and e-mail addresses have no white
//!   space after their dots, so they are never split.
//!
//! A line of a paragraph that ends without a final mark (a headline, a list item) ends
//! a sentence when the next line starts like a sentence (capitalised, a digit or a
//! bullet) and the line is not a hard-wrapped line: a wrapped line is one that is
//! "full", i.e. the first word of the next line would not have fitted on it within the
//! width of the paragraph's other lines.
//!
//! No text is ever lost: the sentences are trimmed byte ranges that, with the white
//! space between them, make up the paragraph.

mod profile;

use crate::text::chars::{is_alphabetic, is_alphanumeric};
use std::ops::Range;

use crate::lang::Lang;
use crate::text::script::{is_cjk_punctuation, is_unspaced};

use profile::{AbbrevKind, Profile};

/// Splits one paragraph into sentences: byte ranges into `para`, trimmed, in order,
/// covering every non-white-space character exactly once.
///
/// ```
/// use selaras::{text::segment::split_sentences, Lang};
/// let p = "Dr. Budi tiba pk. 10.00 di Jl. Sudirman dll. Dia lalu pergi.";
/// let s: Vec<&str> = split_sentences(p, Lang::IND).into_iter().map(|r| &p[r]).collect();
/// assert_eq!(s, ["Dr. Budi tiba pk. 10.00 di Jl. Sudirman dll.", "Dia lalu pergi."]);
/// ```
pub fn split_sentences(para: &str, lang: Lang) -> Vec<Range<usize>> {
    let p = Profile::get(lang);
    let mut cuts: Vec<usize> = Vec::new();
    let mut lines: Option<LineWidths> = None;
    let mut line_start = 0;
    // `«` minus `»` so far: a French closing guillemet after a space closes a quote.
    let mut open_guillemets: i32 = 0;
    // For weak marks: up to where the last look-ahead for a final mark holds, and its
    // answer (so that a run of weak marks is looked through once).
    let mut weak_memo: (usize, bool) = (0, false);
    let bytes = para.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Only bytes that may start a mark of interest are looked at (ASCII marks and
        // the lead bytes of the others), so letters of any script are skipped fast.
        if !p.lead_bytes[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        if c == '\n' {
            if newline_ends_sentence(para, line_start, i, p, &mut lines) {
                cuts.push(i);
            }
            line_start = i + 1;
            i += 1;
            continue;
        }
        if c == '«' || c == '»' {
            open_guillemets += if c == '«' { 1 } else { -1 };
            i += c.len_utf8();
            continue;
        }
        if !p.is_stop(c) {
            i += c.len_utf8();
            continue;
        }
        // The run of final marks ("?!", "...", "…").
        let start = i;
        let mut end = i;
        let mut tight = false;
        for (j, d) in para[i..].char_indices() {
            // `?!`, `...`, `…`, and a dot typed after another mark (`….`, `?.`).
            if p.is_stop(d) || d == '.' && j > 0 {
                tight |= p.tight_stops.contains(&d);
                end = i + j + d.len_utf8();
            } else {
                break;
            }
        }
        let run = &para[start..end];
        let run_end = end;
        end = skip_closers(para, end, open_guillemets, p);
        open_guillemets -= para[start..end].matches('»').count() as i32;
        open_guillemets += para[start..end].matches('«').count() as i32;
        i = end;
        let after = &para[end..];
        let Some(next) = after.chars().next() else {
            continue;
        };
        // `收视率.其他`: an ASCII mark between characters of a script without spaces
        tight |= !next.is_whitespace()
            && is_unspaced(next)
            && char_before(para, start).is_some_and(is_unspaced);
        if !next.is_whitespace() && !tight {
            continue;
        }
        if after
            .chars()
            .all(|d| d.is_whitespace() || p.closers.contains(&d) || p.openers.contains(&d))
            && !after.contains('\n')
        {
            // only quotation marks left in the paragraph: not a sentence of their own
            continue;
        }
        if end > run_end && p.continues_quote(after) {
            // the quotation is part of a sentence: `。」と語った`, `。”，他说`
            continue;
        }
        if p.weak_stops.contains(&c) && end >= weak_memo.0 {
            weak_memo = final_mark_follows(para, end, line_start, p, &mut lines);
        }
        if p.weak_stops.contains(&c) && !weak_memo.1 {
            // A weak mark (the Armenian `:` is also a colon) in a sentence without a
            // final mark, such as a headline (`Քանյե Ուեսթ: Ռեփերը ...`), is a colon.
            continue;
        }
        if ends_sentence(para, start, run, end, p) {
            cuts.push(end);
        }
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        if cut > start {
            push_trimmed(para, start..cut, &mut out);
            start = cut;
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

/// The end of the closing quotes and brackets that follow a final mark ending at `pos`:
/// those attached to it, then a French closing guillemet after a (no-break) space when
/// a `«` is still open (`fin. »`).
fn skip_closers(para: &str, mut pos: usize, open_guillemets: i32, p: &Profile) -> usize {
    for (j, d) in para[pos..].char_indices() {
        if !p.closers.contains(&d) {
            pos += j;
            break;
        }
        if pos + j + d.len_utf8() == para.len() {
            return para.len();
        }
    }
    let rest = &para[pos..];
    let mut cs = rest.char_indices();
    if let (Some((_, sp)), Some((k, '»'))) = (cs.next(), cs.next()) {
        // A French closing guillemet stands apart from its sentence and is followed by
        // white space or punctuation; a German opening one (`»Komm!«`) is attached to
        // the word it opens.
        if matches!(sp, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
            && cs
                .next()
                .is_none_or(|(_, c)| c.is_whitespace() || !is_alphanumeric(c))
            && open_guillemets >= 0
        {
            return pos + k + '»'.len_utf8();
        }
    }
    pos
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// How far (in bytes) to look for the final mark of a sentence.
const MAX_LOOKAHEAD: usize = 4096;

/// Does a final mark follow `pos` in its sentence: before the end of the paragraph or
/// a line break that ends a sentence (after a headline)? A weak mark counts only at the
/// end of a line. `line_start` is the start of the line of `pos`. Returns the answer
/// and the position up to which it holds for any later `pos`.
fn final_mark_follows(
    para: &str,
    pos: usize,
    mut line_start: usize,
    p: &Profile,
    widths: &mut Option<LineWidths>,
) -> (usize, bool) {
    for (k, c) in para[pos..].char_indices() {
        let at = pos + k;
        if k > MAX_LOOKAHEAD {
            // A very long stretch: take the mark as final rather than scan on.
            return (at, true);
        }
        if c == '\n' {
            if newline_ends_sentence(para, line_start, at, p, widths) {
                return (at, false);
            }
            line_start = at + 1;
        } else if p.is_stop(c)
            && (!p.weak_stops.contains(&c)
                || para[at + c.len_utf8()..]
                    .chars()
                    .take_while(|&d| d != '\n')
                    .all(|d| d.is_whitespace() || p.closers.contains(&d)))
        {
            return (at, true);
        }
    }
    (para.len(), false)
}

/// What kind of text follows a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Nothing: the end of the paragraph.
    End,
    /// A word starting with a lower-case letter.
    Lower,
    /// A word starting with an upper-case letter.
    Upper,
    /// A word starting with a digit.
    Digit,
    /// A word in a script without case.
    Uncased,
    /// Punctuation that continues a sentence (`,` `;` `)` …).
    Continuing,
    /// Other symbols (`$`, `€`, `#`, emoji …).
    Symbol,
}

/// The class of the first word of `text` (after white space and opening quotes,
/// brackets and dashes), and that word.
fn next_word<'a>(text: &'a str, p: &Profile) -> (Next, &'a str) {
    let t = text.trim_start();
    let t = t.trim_start_matches(|c: char| p.openers.contains(&c) || c.is_whitespace());
    let Some(first) = t.chars().next() else {
        return (Next::End, "");
    };
    let word_end = t
        .char_indices()
        .find(|&(_, c)| !(is_alphanumeric(c) || is_mark(c)))
        .map_or(t.len(), |(k, _)| k);
    let word = &t[..word_end];
    let class = if first.is_lowercase() {
        Next::Lower
    } else if first.is_uppercase() || is_titlecase(first) {
        Next::Upper
    } else if first.is_numeric() {
        Next::Digit
    } else if is_alphabetic(first) {
        Next::Uncased
    } else if matches!(first, ',' | ';' | ':' | ')' | ']' | '}' | '%')
        || p.closers.contains(&first)
        || p.is_stop(first)
    {
        Next::Continuing
    } else {
        Next::Symbol
    };
    (class, word)
}

fn is_titlecase(c: char) -> bool {
    // Dž, Lj, Nj, Dz and their Greek counterparts: neither upper nor lower case.
    !c.is_lowercase() && c.to_lowercase().next() != Some(c) && is_alphabetic(c)
}

/// Combining marks (inside words of many scripts).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x483..=0x489 | 0x591..=0x5BD | 0x610..=0x61A | 0x64B..=0x65F
        | 0x900..=0x903 | 0x93A..=0x94F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// Does the run of final marks `run` at `start`, with its closers up to `end`, end a
/// sentence? White space follows it.
fn ends_sentence(para: &str, start: usize, run: &str, end: usize, p: &Profile) -> bool {
    let (next, word) = next_word(&para[end..], p);
    match next {
        Next::End => return true,
        Next::Lower | Next::Continuing => return false,
        Next::Upper | Next::Digit | Next::Uncased | Next::Symbol => {}
    }
    if run != "." {
        return true;
    }
    // A single full stop: what is the word before it?
    let before = &para[..start];
    // a word of a spaced script ends at white space or at text without spaces
    // (`Puff Daddy、P. Diddy`)
    let tok_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || is_unspaced(c) || is_cjk_punctuation(c))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let token = before[tok_start..].trim_start_matches(|c: char| p.openers.contains(&c));
    let Some(last) = token.chars().next_back() else {
        return true;
    };
    if !is_alphanumeric(last) {
        // `"word".`, `(AP).`, `50%.`
        return true;
    }
    // `J. R. R. Tolkien`, `В. В. Путин`: an initial follows.
    let initial_follows = next == Next::Upper && word.chars().nth(1).is_none() && {
        let rest = para[end..].trim_start();
        rest.get(word.len()..).is_some_and(|r| r.starts_with('.'))
    };
    // `ex-Gov.`: the part after a hyphen may be the abbreviation.
    let kind = p.abbrev(token).or_else(|| {
        token
            .rsplit_once('-')
            .and_then(|(_, tail)| (!tail.is_empty()).then(|| p.abbrev(tail)).flatten())
    });
    if let Some(kind) = kind {
        if initial_follows {
            return false;
        }
        // After a number a short form is a unit (`10 см.`, `5 p.`): it may end a sentence.
        let after_number = before[..tok_start]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| c.is_numeric());
        return match kind {
            AbbrevKind::Title if after_number => p.is_starter(word),
            AbbrevKind::Title => false,
            AbbrevKind::End => true,
            AbbrevKind::Other => p.is_starter(word),
        };
    }
    if last.is_numeric() {
        if !token.chars().all(|c| c.is_ascii_digit()) {
            // `3:1.`, `27/9/2020.`, `2.300.`
            return true;
        }
        if p.is_ordinal_follower(word) {
            // `am 3. Oktober`, `29. Ekim`
            return false;
        }
        // Where a dot marks ordinals (`in der 89. Minute`, `1. Dünya Savaşı`), a short
        // number before a capitalised word is an ordinal unless a common sentence
        // starter follows; a year ends the sentence (`seit 2019. Die`).
        return !(p.ordinal_dot && token.len() <= 3 && next == Next::Upper) || p.is_starter(word);
    }
    if is_initial_or_short_form(token) {
        return next != Next::Upper || !initial_follows && p.is_starter(word);
    }
    true
}

/// An initial (`J`, `Т`) or a dotted short form (`U.S`, `z.B`, `т.е`, `Ph.D`): pieces of
/// one to three letters joined by dots, the whole starting with a letter.
fn is_initial_or_short_form(token: &str) -> bool {
    let mut pieces = 0;
    for piece in token.split('.') {
        let n = piece.chars().count();
        if n == 0 || n > 3 || !piece.chars().all(is_alphabetic) {
            return false;
        }
        pieces += 1;
    }
    if pieces == 1 {
        let mut cs = token.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
    } else {
        true
    }
}

/// Line lengths (in characters) of a paragraph: the two longest.
struct LineWidths {
    longest: usize,
    second: usize,
}

impl LineWidths {
    fn new(para: &str) -> LineWidths {
        let (mut longest, mut second) = (0, 0);
        for line in para.split('\n') {
            let n = line.trim().chars().count();
            if n > longest {
                second = longest;
                longest = n;
            } else if n > second {
                second = n;
            }
        }
        LineWidths { longest, second }
    }

    /// The longest line other than one of length `n`.
    fn widest_other(&self, n: usize) -> usize {
        if n >= self.longest {
            self.second
        } else {
            self.longest
        }
    }
}

/// Does the line `para[line_start..nl]` end a sentence at its line break `nl`, although
/// it does not end with a final mark (a headline, a list item)?
fn newline_ends_sentence(
    para: &str,
    line_start: usize,
    nl: usize,
    p: &Profile,
    widths: &mut Option<LineWidths>,
) -> bool {
    let line = para[line_start..nl].trim();
    let Some(last) = line.chars().next_back() else {
        return false;
    };
    let bare = line.trim_end_matches(|c: char| p.closers.contains(&c));
    if bare.chars().next_back().is_some_and(|c| p.is_stop(c)) {
        // A final mark: decided there.
        return false;
    }
    let rest = para[nl + 1..].trim_start();
    if rest.is_empty() {
        return false;
    }
    if starts_with_bullet(rest) {
        return true;
    }
    if p.continuers.contains(&last) {
        return false;
    }
    match next_word(rest, p).0 {
        Next::Upper | Next::Digit | Next::Uncased => {}
        _ => return false,
    }
    let widths = widths.get_or_insert_with(|| LineWidths::new(para));
    let n = line.chars().count();
    // Wrapping breaks lines at spaces, never at no-break spaces (`150\u{a0}000`).
    let next_len = rest
        .chars()
        .take_while(|&c| !matches!(c, ' ' | '\t' | '\n'))
        .count();
    // A hard-wrapped line is full: the next word would not have fitted on it.
    n + 1 + next_len <= widths.widest_other(n)
}

/// A list item: `- `, `• `, `* `, `– `, `· `, `1. `, `1) `, `a) `.
fn starts_with_bullet(line: &str) -> bool {
    let mut cs = line.chars();
    let Some(c) = cs.next() else {
        return false;
    };
    if matches!(c, '-' | '•' | '*' | '–' | '·' | '▪' | '‣' | '◦') {
        return cs.next().is_some_and(char::is_whitespace);
    }
    let t = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = line.len() - t.len();
    let mut ts = t.chars();
    (1..=3).contains(&digits)
        && matches!(ts.next(), Some('.' | ')'))
        && ts.next().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests;
