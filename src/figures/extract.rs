//! Finding figures in a text: digit runs read in the language's conventions, with the
//! words around them (scale, percent, unit, approximation, time, ordinal marks), number
//! words, and month names next to numbers.

use crate::text::chars::{is_alphabetic, to_lowercase};
use std::collections::BTreeMap;

use super::data::LangData;
use super::numerals::Reader;
use super::{Figure, Kind};

/// Characters that separate digit groups as a space does: space, no-break space,
/// narrow no-break space, thin space.
fn is_space_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_digit_at(text: &str, i: usize) -> bool {
    text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

fn digits_from(text: &str, i: usize) -> usize {
    text.as_bytes()[i..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Skips white space from `i` forwards.
fn skip_ws(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    i + (rest.len() - rest.trim_start().len())
}

/// Skips white space backwards from `i`.
fn skip_ws_back(text: &str, i: usize) -> usize {
    text[..i].trim_end().len()
}

const CURRENCY: &[char] = &['£', '$', '€', '¥', '₽', '₺', '₹', '₩', '₼'];

/// One maximal digit run: `2.300`, `1 000`, `7,5`, `1,234.5`.
struct Run {
    start: usize,
    end: usize,
}

/// Scans the digit run starting at `start`.
fn scan_run(text: &str, start: usize, d: &LangData) -> Run {
    let mut end = start + digits_from(text, start);
    let mut last_group = end - start;
    while let Some(c) = char_at(text, end) {
        let after = end + c.len_utf8();
        if matches!(c, '.' | ',' | '\'' | '’') && is_digit_at(text, after) {
            let n = digits_from(text, after);
            end = after + n;
            last_group = n;
            continue;
        }
        if is_space_sep(c) && (c != ' ' || d.group_space) && last_group <= 3 {
            let n = digits_from(text, after);
            if n == 3 {
                end = after + 3;
                last_group = 3;
                continue;
            }
        }
        break;
    }
    Run { start, end }
}

/// The value of a digit run in the language's conventions, and other readings it allows.
fn read_number(run: &str, d: &LangData) -> Option<(f64, Vec<f64>)> {
    let clean: String = run.chars().filter(|c| !is_space_sep(*c)).collect();
    let seps: Vec<(usize, char)> = clean
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    if seps.is_empty() {
        return Some((clean.parse().ok()?, vec![]));
    }
    let as_int = || digits(&clean).parse::<f64>().ok();
    let as_decimal = |at: usize| -> Option<f64> {
        let (l, r) = clean.split_at(at);
        // the separator may be more than one byte (’)
        let after = r.chars().next().map_or(0, char::len_utf8);
        format!("{}.{}", digits(l), digits(&r[after..]))
            .parse()
            .ok()
    };
    let last = *seps.last()?;
    let kinds: Vec<char> = {
        let mut k: Vec<char> = seps
            .iter()
            .map(|(_, c)| if *c == '’' { '\'' } else { *c })
            .collect();
        k.dedup();
        k.sort();
        k.dedup();
        k
    };
    let groups: Vec<&str> = clean.split(|c: char| !c.is_ascii_digit()).collect();
    let grouped_ok = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if kinds.len() >= 2 {
        // Two marks: the last one is the decimal mark (1,234.5 / 1.234,5).
        return Some((as_decimal(last.0)?, vec![]));
    }
    let c = kinds[0];
    if c == '\'' || seps.len() >= 2 {
        // An apostrophe or a repeated mark groups digits (1.234.567).
        if grouped_ok || c == '\'' {
            return Some((as_int()?, vec![]));
        }
        let first: f64 = groups[0].parse().ok()?;
        return Some((first, vec![]));
    }
    let right = groups[1].len();
    let left = groups[0];
    let could_group = right == 3 && (1..=3).contains(&left.len()) && !left.starts_with('0');
    if c == d.decimal {
        let dec = as_decimal(last.0)?;
        if could_group {
            // An English "1,000" in Indonesian text: a decimal by convention, but
            // translators copy the other convention.
            return Some((dec, vec![as_int()?]));
        }
        return Some((dec, vec![]));
    }
    if could_group && (d.group.contains(&c) || !d.group_space || d.group.is_empty()) {
        return Some((as_int()?, vec![as_decimal(last.0)?]));
    }
    // The other convention's decimal mark (2.5 in Indonesian text).
    let dec = as_decimal(last.0)?;
    let mut alts = vec![];
    if could_group {
        alts.push(as_int()?);
    }
    Some((dec, alts))
}

fn time_alternatives(h: u32, m: u32) -> (f64, Vec<f64>) {
    let v = |h: u32| h as f64 + m as f64 / 100.0;
    let mut alts = vec![];
    if h < 12 {
        alts.push(v(h + 12));
    } else if h < 24 {
        alts.push(v(h - 12));
    }
    if h == 12 || h == 24 {
        alts.push(v(0));
    }
    (v(h), alts)
}

struct Builder<'a> {
    text: &'a str,
    d: &'a LangData,
    out: Vec<Figure>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        span: std::ops::Range<usize>,
        value: f64,
        alts: Vec<f64>,
        kind: Kind,
        words: bool,
    ) {
        self.out.push(Figure {
            text: self.text[span.clone()].to_string(),
            span,
            value,
            kind,
            unit: None,
            approx: false,
            words,
            alternatives: alts,
            weak: false,
        });
    }

    /// A clock time at `run` if the text makes it one: `15:00`, `07h55`, `17 h 30`,
    /// `pukul 7.55`, `7 a.m.`, `5.30pm`. Returns the end of the time.
    fn time(&mut self, run: &Run) -> Option<usize> {
        let t = self.text;
        let d = self.d;
        let r = &t[run.start..run.end];
        // A clock word before (pukul, saat) or after (pagi, a.m., h, Uhr, 点) the number.
        let word_after = d.time_after.at(t, skip_ws(t, run.end)).map(|(e, _, _)| e);
        let clock_word = word_after.is_some()
            || d.time_before
                .before(t, skip_ws_back(t, run.start))
                .is_some();
        let (h, m, mut end) = if let Some((hs, ms)) = r.split_once(['.', ',']) {
            // pukul 7.55, 5.30pm
            if hs.len() > 2 || ms.len() != 2 || !clock_word {
                return None;
            }
            (hs.parse::<u32>().ok()?, ms.parse::<u32>().ok()?, run.end)
        } else {
            if r.len() > 2 || !r.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let h: u32 = r.parse().ok()?;
            let rest = &t[run.end..];
            // 15:00, 07h55, 17 h 30
            let minutes = rest
                .strip_prefix(':')
                .or_else(|| rest.strip_prefix('h'))
                .or_else(|| rest.strip_prefix(" h "))
                .or_else(|| rest.strip_prefix("\u{a0}h\u{a0}"))
                .filter(|after| after.bytes().take_while(u8::is_ascii_digit).count() == 2);
            if let Some(after) = minutes {
                let m: u32 = after[..2].parse().ok()?;
                let mut end = t.len() - after.len() + 2;
                // seconds
                if t[end..].starts_with(':') && digits_from(t, end + 1) == 2 {
                    end += 3;
                }
                (h, m, end)
            } else if let Some((m, end)) = word_after.and_then(|e| self.minutes_after(e)) {
                (h, m, end)
            } else if clock_word {
                (h, 0, run.end)
            } else {
                return None;
            }
        };
        if h > 24 || m > 59 {
            return None;
        }
        if let Some((e, _, _)) = d.time_after.at(t, skip_ws(t, end)) {
            end = e;
        }
        let (v, alts) = time_alternatives(h, m);
        self.push(run.start..end, v, alts, Kind::Time, false);
        Some(end)
    }

    /// The minutes after the clock word of an hour (the word ending at `after_hour`), when a
    /// minute word follows them: `13点10分`, `13時10分`. Returns (minutes, end).
    fn minutes_after(&self, after_hour: usize) -> Option<(u32, usize)> {
        let t = self.text;
        let start = skip_ws(t, after_hour);
        let n = digits_from(t, start);
        if !(1..=2).contains(&n) {
            return None;
        }
        let m: u32 = t[start..start + n].parse().ok()?;
        let (end, _, _) = self.d.time_minutes.at(t, skip_ws(t, start + n))?;
        Some((m, end))
    }

    /// A numeric date at `run`: 27/9/2020, 27.09.2020, 2020-09-27. Returns its end.
    fn date(&mut self, run: &Run) -> Option<usize> {
        let t = self.text;
        let r = &t[run.start..run.end];
        let parts: Vec<&str>;
        let end;
        if r.contains('.') && !r.contains(',') {
            parts = r.split('.').collect();
            end = run.end;
        } else {
            // day/month/year or year-month-day joined by / or -
            let mut p = vec![(run.start, run.end)];
            let mut e = run.end;
            let sep = char_at(t, e).filter(|c| *c == '/' || *c == '-')?;
            while p.len() < 3 && t[e..].starts_with(sep) && is_digit_at(t, e + 1) {
                let n = digits_from(t, e + 1);
                p.push((e + 1, e + 1 + n));
                e += 1 + n;
            }
            if p.len() != 3 || is_digit_at(t, e) {
                return None;
            }
            parts = p.iter().map(|(a, b)| &t[*a..*b]).collect();
            end = e;
        }
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() != 3 {
            return None;
        }
        let (y, m, dd) = if parts[0].len() == 4 {
            (n[0], n[1], n[2])
        } else if parts[2].len() == 4 || parts[2].len() == 2 {
            (n[2], n[1], n[0])
        } else {
            return None;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
            // month/day/year (US)
            if (1..=12).contains(&dd) && (1..=31).contains(&m) && parts[0].len() != 4 {
                return self.date_parts(run.start..end, y, dd, m);
            }
            return None;
        }
        self.date_parts(run.start..end, y, m, dd)
    }

    fn date_parts(
        &mut self,
        span: std::ops::Range<usize>,
        y: u32,
        m: u32,
        dd: u32,
    ) -> Option<usize> {
        let end = span.end;
        self.push(span.clone(), dd as f64, vec![], Kind::Date, false);
        self.push(span.clone(), m as f64, vec![], Kind::Date, false);
        let yalts = if y >= 100 {
            vec![(y % 100) as f64]
        } else {
            vec![(y + 2000) as f64, (y + 1900) as f64]
        };
        self.push(span, y as f64, yalts, Kind::Year, false);
        Some(end)
    }

    /// A number at `run` with the words around it. Returns its end.
    fn number(&mut self, run: &Run, range_from: Option<&Figure>) -> usize {
        let t = self.text;
        let d = self.d;
        let r = &t[run.start..run.end];
        let Some((mut value, mut alts)) = read_number(r, d) else {
            return run.end;
        };
        let plain_int = r.bytes().all(|b| b.is_ascii_digit());
        let mut start = run.start;
        let mut end = run.end;
        let mut kind = Kind::Number;
        // What the figure takes in before its digits (a sign, a prefix, a percent sign)
        // must not belong to the figure before it: `2%52` in Turkish is 2% and 52, not
        // 2% and %52.
        let taken = self.out.last().map_or(0, |f| f.span.end);
        // Before: a letter (SS19, COVID-19), a minus sign, an ordinal prefix (ke-2).
        let prev = char_before(t, start);
        let prev2 = prev.and_then(|c| char_before(t, start - c.len_utf8()));
        // (a letter of a script without case is the word or clitic before: 第36次,
        // 约2000人, و38 "and 38")
        if prev.is_some_and(|c| c.is_uppercase() || c.is_lowercase())
            || (prev == Some('-') && prev2.is_some_and(is_alphabetic) && {
                d.ordinal_prefix.before(t, start).is_none()
            })
        {
            kind = Kind::Code;
        } else if matches!(prev, Some('-' | '−'))
            && range_from.is_none()
            && prev2.is_none_or(|c| c.is_whitespace() || c == '(')
            && start > taken
        {
            alts.push(value);
            value = -value;
            start -= prev.map_or(0, char::len_utf8);
        } else if let Some((s, _, _)) = d
            .ordinal_prefix
            .before(t, start)
            .filter(|&(s, _, _)| s >= taken)
        {
            kind = Kind::Ordinal;
            start = s;
        }
        // A range's abbreviated end: 1950-53 is 1950-1953.
        if let Some(from) = range_from {
            if plain_int && from.kind == Kind::Year && r.len() == 2 && from.value >= 1000.0 {
                let century = (from.value / 100.0).floor() * 100.0;
                let full = century + value;
                if full > from.value {
                    alts.push(value);
                    value = full;
                    kind = Kind::Year;
                }
            }
        }
        let currency = currency_before(t, start).is_some();
        // Glued marks: 2nd, 1930s, 1930-an, 30-е, 2.8bn, £125m, 10km, 5pm.
        let mut decade = false;
        if kind != Kind::Code {
            if let Some((e, _, _)) = d.decade_suffix.at(t, end) {
                if plain_int && (r.len() == 4 || r.len() == 2) {
                    decade = true;
                    end = e;
                }
            }
            if !decade {
                if let Some((e, _, _)) = d.ordinal_suffix.at(t, end) {
                    let dot_end = t[end..].starts_with('.');
                    let next_word = char_at(t, skip_ws(t, e)).is_some_and(|c| c.is_lowercase());
                    if plain_int && (!dot_end || next_word) {
                        kind = Kind::Ordinal;
                        end = e;
                    }
                }
            }
        }
        let mut scale = 1.0;
        if currency {
            if let Some((e, v, _)) = d.scale_attached.at(t, end) {
                scale = v;
                end = e;
            }
        }
        if scale == 1.0 && kind != Kind::Ordinal {
            if let Some((e, v, _)) = d.scale.at(t, skip_ws(t, end)) {
                if v > 1.0 {
                    scale = v;
                    end = e;
                }
            }
        }
        if scale != 1.0 {
            let mut a = vec![value];
            a.extend(alts.iter().map(|x| x * scale));
            a.extend(alts.iter().copied());
            alts = a;
            value *= scale;
        }
        let mut percent = false;
        if let Some((e, _, _)) = d.percent.at(t, skip_ws(t, end)) {
            percent = true;
            end = e;
        } else if let Some((s, _, _)) = d
            .percent_before
            .before(t, skip_ws_back(t, start))
            .filter(|&(s, _, _)| s >= taken)
        {
            percent = true;
            start = s;
        }
        let mut unit = None;
        if !percent && kind != Kind::Code && kind != Kind::Ordinal {
            if let Some((e, _, u)) = d.unit.at(t, skip_ws(t, end)) {
                unit = Some(u.to_string());
                end = e;
            } else if t[end..].starts_with('-') {
                // 300-килограммовое, a 10-mile walk
                if let Some((e, _, u)) = d.unit.at(t, end + 1) {
                    unit = Some(u.to_string());
                    end = e;
                }
            }
        }
        if unit.as_deref() == Some("year") && plain_int && (1000.0..=2100.0).contains(&value) {
            // "2019 yılında", "в 2019 году": the year 2019, not 2019 years.
            unit = None;
        }
        let approx = d
            .approx
            .before(
                t,
                skip_ws_back(t, currency_before(t, start).unwrap_or(start)),
            )
            .is_some()
            || d.approx_after.at(t, skip_ws(t, end)).is_some();
        if percent {
            kind = Kind::Percent;
        } else if kind == Kind::Number
            && plain_int
            && scale == 1.0
            && unit.is_none()
            && ((1000.0..=2100.0).contains(&value) || decade)
        {
            kind = Kind::Year;
        }
        if decade || (kind == Kind::Code && plain_int && r.len() == 2) {
            // A decade or a season code may be written with two digits: 1930-an and
            // "les années 30", SS19 and 2019.
            let v = value as u64;
            if v >= 100 {
                alts.push((v % 100) as f64);
            } else {
                alts.push((1900 + v) as f64);
                alts.push((2000 + v) as f64);
            }
        }
        self.push(start..end, value, alts, kind, false);
        if let Some(f) = self.out.last_mut() {
            f.unit = unit;
            f.approx = approx;
        }
        end
    }
}

/// Where a currency mark just before `start` begins (`£`, `$ `, `Rp`, `US$`), if any.
fn currency_before(t: &str, start: usize) -> Option<usize> {
    let b = skip_ws_back(t, start);
    let before = &t[..b];
    if let Some(c) = before.chars().next_back().filter(|c| CURRENCY.contains(c)) {
        let s = b - c.len_utf8();
        return Some(if t[..s].ends_with("US") { s - 2 } else { s });
    }
    before.ends_with("Rp").then(|| b - 2)
}

/// A word: a run of letters (and combining marks).
struct Word {
    start: usize,
    end: usize,
    lower: String,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let letter = is_alphabetic(c) || (cur.is_some() && is_mark(c));
        match (letter, cur) {
            (true, None) => cur = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    start: s,
                    end: i,
                    lower: to_lowercase(&text[s..i]),
                });
                cur = None;
            }
            _ => {}
        }
    }
    if let Some(s) = cur {
        out.push(Word {
            start: s,
            end: text.len(),
            lower: to_lowercase(&text[s..]),
        });
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f)
}

/// Byte spans (of the digit figures), for the questions the word scan asks of them.
struct Spans {
    /// The spans sorted by start.
    by_start: Vec<(usize, usize)>,
    /// The largest end among the first k spans of `by_start`, for each k.
    max_end: Vec<usize>,
    /// The ends, sorted.
    ends: Vec<usize>,
}

impl Spans {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> Spans {
        let mut by_start: Vec<(usize, usize)> = spans.collect();
        by_start.sort_unstable();
        let max_end = by_start
            .iter()
            .scan(0, |m, &(_, z)| {
                *m = z.max(*m);
                Some(*m)
            })
            .collect();
        let mut ends: Vec<usize> = by_start.iter().map(|&(_, z)| z).collect();
        ends.sort_unstable();
        Spans {
            by_start,
            max_end,
            ends,
        }
    }

    /// Whether some span overlaps `s..e`.
    fn overlaps(&self, s: usize, e: usize) -> bool {
        // the spans starting before e; one of them overlaps when it ends after s
        let k = self.by_start.partition_point(|&(a, _)| a < e);
        k > 0 && self.max_end[k - 1] > s
    }

    /// The ends of the spans that end in `lo..=hi` (with repeats).
    fn ending_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = usize> + '_ {
        let i = self.ends.partition_point(|&z| z < lo);
        self.ends[i..].iter().copied().take_while(move |&z| z <= hi)
    }

    /// The starts of the spans that start in `lo..=hi` (with repeats).
    fn starting_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = usize> + '_ {
        let i = self.by_start.partition_point(|&(a, _)| a < lo);
        self.by_start[i..]
            .iter()
            .map(|&(a, _)| a)
            .take_while(move |&a| a <= hi)
    }
}

/// Finds the figures of `text`.
pub(crate) fn extract(text: &str, d: &LangData) -> Vec<Figure> {
    let mut b = Builder {
        text,
        d,
        out: Vec::new(),
    };
    // Digits.
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut range_from: Option<usize> = None;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = scan_run(text, i, d);
        let before = b.out.len();
        let end = b.time(&run).or_else(|| b.date(&run)).unwrap_or_else(|| {
            let from = range_from.and_then(|k| b.out.get(k)).cloned();
            b.number(&run, from.as_ref())
        });
        // A range or a score: the next number right after a dash.
        range_from = None;
        if b.out.len() > before {
            if let Some(c) = char_at(text, end) {
                if matches!(c, '-' | '–' | '—') && is_digit_at(text, end + c.len_utf8()) {
                    range_from = Some(b.out.len() - 1);
                }
            }
        }
        i = end.max(run.end);
        // Resume at a character boundary.
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    let spans: Vec<(usize, usize)> = b.out.iter().map(|f| (f.span.start, f.span.end)).collect();
    if d.numerals.characters {
        // numbers in Han characters (两千, 百分之五)
        let found = super::cjk::extract(text, d, &spans);
        b.out.extend(found);
    }
    let digit_spans = Spans::new(spans.into_iter());
    let covered = |s: usize, e: usize| digit_spans.overlaps(s, e);
    let near_digit_figure = |s: usize, e: usize| {
        digit_spans.ending_in(s.saturating_sub(3), s).any(|z| {
            text[z..s]
                .chars()
                .all(|c| c.is_whitespace() || c == ',' || c == '.')
        }) || digit_spans.starting_in(e, e + 3).any(|a| {
            text[e..a]
                .chars()
                .all(|c| c.is_whitespace() || c == '.' || c == ',')
        })
    };
    // Every figure by where it starts and ends, for the days next to a month.
    let mut by_start: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_end: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut indexed = 0;
    // Words: number words, approximate-figure words, months next to numbers.
    let ws = words(text);
    let mut k = 0;
    while k < ws.len() {
        let w = &ws[k];
        if covered(w.start, w.end) {
            k += 1;
            continue;
        }
        if let Some((e, m, _)) = d.month.at(text, w.start) {
            if near_digit_figure(w.start, e) {
                // The day next to the month is a date too: a figure ending at most 3 bytes
                // before the month or starting at most 3 bytes after it.
                for (k, f) in b.out.iter().enumerate().skip(indexed) {
                    by_start.entry(f.span.start).or_default().push(k);
                    by_end.entry(f.span.end).or_default().push(k);
                }
                indexed = b.out.len();
                let next_to = by_end
                    .range(w.start.saturating_sub(3)..=w.start)
                    .chain(by_start.range(e..=e + 3))
                    .flat_map(|(_, ks)| ks.iter().copied());
                for k in next_to {
                    let f = &mut b.out[k];
                    if matches!(f.kind, Kind::Number | Kind::Ordinal)
                        && (1.0..=31.0).contains(&f.value)
                    {
                        f.kind = Kind::Date;
                    }
                }
                let span = w.start..e;
                b.push(span, m, vec![], Kind::Date, true);
                while k < ws.len() && ws[k].start < e {
                    k += 1;
                }
                continue;
            }
        }
        if d.numerals.is_empty() || d.numerals.characters {
            k += 1;
            continue;
        }
        if let Some((e, v, _)) = d.approx_figure.at(text, w.start) {
            b.push(w.start..e, v, vec![], Kind::Number, true);
            if let Some(f) = b.out.last_mut() {
                f.approx = true;
                f.weak = true;
            }
            while k < ws.len() && ws[k].start < e {
                k += 1;
            }
            continue;
        }
        // The longest well-formed run of number words from here.
        let mut r = Reader::default();
        let mut j = k;
        let mut best: Option<(usize, Reader)> = None;
        while j < ws.len() {
            if j > k {
                let gap = &text[ws[j - 1].end..ws[j].start];
                let ok = gap == "-"
                    || (!gap.is_empty() && gap.chars().all(char::is_whitespace))
                    || (gap.trim() == "," && r.value() >= 1000 && r.value() % 1000 == 0);
                if !ok || covered(ws[j].start, ws[j].end) {
                    break;
                }
            }
            // A hyphenated pair the table has as one entry (quatre-vingt).
            let mut used = 1;
            let mut toks = None;
            if j + 1 < ws.len() && &text[ws[j].end..ws[j + 1].start] == "-" {
                let joined = format!("{}-{}", ws[j].lower, ws[j + 1].lower);
                if let Some(t) = d.numerals.lookup(&joined) {
                    toks = Some(t);
                    used = 2;
                }
            }
            let toks = match toks.or_else(|| d.numerals.lookup(&ws[j].lower)) {
                Some(t) => t,
                None => break,
            };
            let mut next = r.clone();
            if !toks.into_iter().all(|t| next.push(t)) {
                break;
            }
            r = next;
            j += used;
            if !r.dangling() {
                best = Some((j, r.clone()));
            }
        }
        let Some((j, r)) = best else {
            k += 1;
            continue;
        };
        let span = ws[k].start..ws[j - 1].end;
        // An article ("un", "bir") or a small ordinal ("second", "kedua", "второе") is
        // as often not a figure at all.
        let fraction = r.ordinal
            && k > 0
            && text[ws[k - 1].end..ws[k].start].trim().is_empty()
            && d.numerals.is_fraction_article(&ws[k - 1].lower);
        let single_weak = (j - k == 1 && d.numerals.is_weak(&ws[k].lower))
            || ((r.ordinal || r.prefix_ordinal) && r.value() <= 2)
            || fraction;
        let kind = if r.ordinal || r.prefix_ordinal {
            Kind::Ordinal
        } else {
            Kind::Number
        };
        let value = r.value() as f64;
        let mut end = span.end;
        let mut kind = kind;
        // (not a percent sign that a figure in digits begins with: "on %70", ten 70 %)
        let after = skip_ws(text, end);
        if let Some((e, _, _)) = d
            .percent
            .at(text, after)
            .filter(|&(e, _, _)| !covered(after, e))
        {
            kind = Kind::Percent;
            end = e;
        }
        let mut unit = None;
        if kind == Kind::Number {
            if let Some((e, _, u)) = d.unit.at(text, skip_ws(text, end)) {
                unit = Some(u.to_string());
                end = e;
            }
        }
        let approx = d
            .approx
            .before(text, skip_ws_back(text, span.start))
            .is_some();
        b.push(span.start..end, value, vec![], kind, true);
        if let Some(f) = b.out.last_mut() {
            // "satu dekade" is a quantity even if "satu" alone is often an article.
            f.weak = single_weak && unit.is_none();
            f.unit = unit;
            f.approx = approx;
        }
        k = j;
        while k < ws.len() && ws[k].start < end {
            k += 1;
        }
    }
    b.out.sort_by_key(|f| (f.span.start, f.span.end));
    // The unit of a range's end is the unit of its start too: 2 sampai 4 inci.
    for k in (1..b.out.len()).rev() {
        let (a, z) = b.out.split_at_mut(k);
        let (a, z) = (&mut a[k - 1], &z[0]);
        if a.unit.is_none() && z.unit.is_some() && a.span.end <= z.span.start {
            let gap = text[a.span.end..z.span.start].trim();
            if d.range.at(gap, 0).is_some_and(|(e, _, _)| e == gap.len()) {
                a.unit = z.unit.clone();
            }
        }
    }
    b.out
}

#[cfg(test)]
mod spans_tests {
    use super::Spans;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn spans_answer_as_a_scan(
            spans in prop::collection::vec((0usize..60, 1usize..8), 0..12),
            s in 0usize..70,
            len in 0usize..8,
        ) {
            let spans: Vec<(usize, usize)> = spans.into_iter().map(|(a, n)| (a, a + n)).collect();
            let e = s + len;
            let idx = Spans::new(spans.iter().copied());
            prop_assert_eq!(idx.overlaps(s, e), spans.iter().any(|&(a, z)| s < z && e > a));
            let mut ends: Vec<usize> = idx.ending_in(s.saturating_sub(3), s).collect();
            let mut want: Vec<usize> =
                spans.iter().map(|&(_, z)| z).filter(|&z| z <= s && s - z <= 3).collect();
            ends.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(ends, want);
            let mut starts: Vec<usize> = idx.starting_in(e, e + 3).collect();
            let mut want: Vec<usize> =
                spans.iter().map(|&(a, _)| a).filter(|&a| a >= e && a - e <= 3).collect();
            starts.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(starts, want);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::figures::extract;
    use crate::Lang;

    /// Found by the fuzz smoke run: a decimal read across a separator of several bytes
    /// (`10.30’30`) cut the text inside the ’.
    #[test]
    fn a_separator_of_several_bytes_is_not_cut() {
        for lang in [Lang::FRA, Lang::IND, Lang::ENG] {
            let _ = extract("pukul 10.30’30’heure idéale 17\u{a0}h\u{a0}30", lang);
        }
    }

    /// A text with 20,000 figures is read in about the time of 20,000 short texts: the word
    /// scan looks the digit figures up instead of scanning them all per word.
    #[test]
    fn many_figures_in_one_text_take_linear_time() {
        let text: String = (0..20_000)
            .map(|i| format!("{} Oktober dua ", i % 28 + 1))
            .collect();
        let start = std::time::Instant::now();
        let f = extract(&text, Lang::IND);
        assert_eq!(f.len(), 60_000);
        assert!(f[0].kind == crate::figures::Kind::Date);
        // quadratic, this took minutes; linear, well under a second even unoptimised
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    fn values(text: &str, lang: Lang) -> Vec<f64> {
        extract(text, lang).iter().map(|f| f.value).collect()
    }

    #[test]
    fn digits_follow_the_language() {
        assert_eq!(values("2.300 tentara", Lang::IND), vec![2300.0]);
        assert_eq!(values("2,300 soldiers", Lang::ENG), vec![2300.0]);
        assert_eq!(values("2,5 persen", Lang::IND), vec![2.5]);
        assert_eq!(values("2.5 per cent", Lang::ENG), vec![2.5]);
        assert_eq!(values("2 300 soldats", Lang::FRA), vec![2300.0]);
        assert_eq!(values("2\u{a0}300 soldats", Lang::FRA), vec![2300.0]);
        assert_eq!(values("2\u{202f}300 солдат", Lang::RUS), vec![2300.0]);
        assert_eq!(values("1.234.567", Lang::DEU), vec![1234567.0]);
        assert_eq!(values("1,234.5", Lang::ENG), vec![1234.5]);
    }

    #[test]
    fn ambiguous_separators_keep_both_readings() {
        // An English "1.000": a decimal by English convention, 1000 by the other.
        let f = &extract("1.000 people", Lang::ENG)[0];
        assert_eq!(f.value, 1.0);
        assert!(f.alternatives.contains(&1000.0));
        // An Indonesian "1,5" is a decimal; "1,000" may be an English thousand.
        assert_eq!(extract("1,5 juta", Lang::IND)[0].value, 1_500_000.0);
        let f = &extract("1,000 orang", Lang::IND)[0];
        assert_eq!(f.value, 1.0);
        assert!(f.alternatives.contains(&1000.0));
        // An Indonesian "2.5" (not three digits) is a decimal in the other convention.
        assert_eq!(values("2.5 kg", Lang::IND), vec![2.5]);
    }

    #[test]
    fn scale_words_attached_or_not() {
        assert_eq!(values("£125m", Lang::ENG), vec![125e6]);
        assert_eq!(values("£125 juta", Lang::IND), vec![125e6]);
        assert_eq!(values("£2.8bn", Lang::ENG), vec![2.8e9]);
        assert_eq!(values("2,8 miliar", Lang::IND), vec![2.8e9]);
        assert_eq!(values("350 тыс. долларов", Lang::RUS), vec![350e3]);
        assert_eq!(values("1,5 млн", Lang::RUS), vec![1.5e6]);
        assert_eq!(values("5 Mio. Euro", Lang::DEU), vec![5e6]);
        assert_eq!(values("2 milyar", Lang::TUR), vec![2e9]);
        assert_eq!(values("100m sprint", Lang::ENG), vec![100.0]);
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/figures.rs`): the percent sign between two
    /// numbers belonged to both figures, `2%` and `%52`.
    #[test]
    fn percent_sign_between_two_numbers_belongs_to_one_figure() {
        let f = extract("CNN'i 2%52 milyon seyretti.", Lang::TUR);
        let spans: Vec<_> = f.iter().map(|f| f.span.clone()).collect();
        assert_eq!(spans, [6..8, 8..17], "{f:?}");
    }

    /// Found by fuzzing: a number word before a percent sign that begins a figure in
    /// digits (Turkish "on %70", where "on" is ten) took the sign too, and the two figures
    /// overlapped.
    #[test]
    fn percent_sign_before_digits_is_not_taken_by_the_number_word_before() {
        use crate::figures::Kind;
        let f = extract("on %70 ile", Lang::TUR);
        let spans: Vec<_> = f.iter().map(|f| (f.span.clone(), f.kind)).collect();
        assert_eq!(
            spans,
            [(0..2, Kind::Number), (3..6, Kind::Percent)],
            "{f:?}"
        );
    }

    #[test]
    fn kinds() {
        use crate::figures::Kind;
        let k = |t: &str, l: Lang| extract(t, l).iter().map(|f| f.kind).collect::<Vec<_>>();
        assert_eq!(k("naik 6,6 persen", Lang::IND), vec![Kind::Percent]);
        assert_eq!(k("yüzde 5", Lang::TUR), vec![Kind::Percent]);
        assert_eq!(k("%5", Lang::TUR), vec![Kind::Percent]);
        assert_eq!(k("ke-2", Lang::IND), vec![Kind::Ordinal]);
        assert_eq!(k("the 2nd", Lang::ENG), vec![Kind::Ordinal]);
        assert_eq!(k("le 2e", Lang::FRA), vec![Kind::Ordinal]);
        assert_eq!(k("2-й", Lang::RUS), vec![Kind::Ordinal]);
        assert_eq!(k("pada 1992", Lang::IND), vec![Kind::Year]);
        assert_eq!(k("at 15:00", Lang::ENG), vec![Kind::Time]);
        assert_eq!(k("SS19", Lang::ENG), vec![Kind::Code]);
    }

    #[test]
    fn times_dates_ranges() {
        let f = extract("pukul 3 sore", Lang::IND);
        assert_eq!(f.len(), 1);
        assert!(f[0].values().any(|v| v == 15.0));
        assert_eq!(values("à 17 h 30", Lang::FRA), vec![17.3]);
        assert_eq!(values("à 07h55", Lang::FRA), vec![7.55]);
        assert_eq!(values("at 5.30pm", Lang::ENG), vec![5.3]);
        assert_eq!(values("(27/9/2020)", Lang::IND), vec![27.0, 9.0, 2020.0]);
        assert_eq!(
            values("27 September 2020", Lang::ENG),
            vec![27.0, 9.0, 2020.0]
        );
        assert_eq!(values("Sept. 29", Lang::ENG), vec![9.0, 29.0]);
        assert_eq!(values("29-го сентября", Lang::RUS), vec![29.0, 9.0]);
        assert_eq!(values("29 Eylül", Lang::TUR), vec![29.0, 9.0]);
        assert_eq!(values("10-12", Lang::ENG), vec![10.0, 12.0]);
        assert_eq!(values("1950-53", Lang::IND), vec![1950.0, 1953.0]);
        assert_eq!(values("minus -5 derajat", Lang::IND), vec![-5.0]);
        assert_eq!(values("skor 1-0", Lang::IND), vec![1.0, 0.0]);
    }

    #[test]
    fn words_and_approximations() {
        let f = extract("sekitar dua ribu tiga ratus tentara", Lang::IND);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, 2300.0);
        assert!(f[0].approx && f[0].words);
        assert_eq!(values("tiga persen", Lang::IND), vec![3.0]);
        assert_eq!(
            values("two thousand three hundred", Lang::ENG),
            vec![2300.0]
        );
        assert_eq!(values("vingt-cinq ans", Lang::FRA), vec![25.0]);
        assert_eq!(values("семи человек", Lang::RUS), vec![7.0]);
        assert!(extract("binlerce kişi", Lang::TUR)[0].approx);
        assert!(extract("около 300", Lang::RUS)[0].approx);
        assert!(extract("about 300", Lang::ENG)[0].approx);
        // A bound is not a rounding: "more than 20 million" vs "21 million" differ.
        assert!(!extract("more than 300", Lang::ENG)[0].approx);
        assert!(extract("un homme", Lang::FRA)[0].weak);
    }
}
