//! Number words: the table of one language (`src/lang/<iso3>/numerals.tsv`) and the
//! parser that turns a run of words into a value ("dua ribu tiga ratus" → 2300,
//! "fünfundzwanzig" → 25, "двадцать пятый" → 25th, "ikibinüçyüz" → 2300).

use std::hash::Hasher;

use crate::hashing::{FastHasher, FastMap, FastSet};
use crate::lang::{data_lines, Lang};
use crate::text::chars::to_lowercase;

/// What a number word does to the number being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Adds its value (seven, twenty, двести).
    Atom,
    /// Multiplies the current small group by ten (puluh).
    Tens,
    /// Adds ten to the current small group (belas).
    Teen,
    /// Multiplies the current small group by a hundred (hundred, ratus, cent).
    Hundred,
    /// Multiplies everything read since the last scale word (thousand, juta, млн).
    Scale,
    /// Joins number words (and, et, und).
    Connector,
    /// A stem that takes an ordinal suffix (French "cinqu" + "ième").
    OStem,
    /// In a table read character by character (Chinese, Japanese): multiplies the digit
    /// before it (or 1) and adds the product to the group (十 百 千).
    Unit,
}

/// One piece of a number word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub value: u64,
    pub role: Role,
    /// An ordinal ending: nothing follows it ("twenty-fifth").
    pub ordinal: bool,
    /// An ordinal prefix: the number goes on ("kedua puluh lima").
    pub prefix: bool,
}

/// The number words of one language.
#[derive(Debug, Default)]
pub(crate) struct Numerals {
    words: FastMap<String, Tok>,
    /// Hashes of every prefix of every key of `words` (the keys too), ending at a
    /// character boundary: a compound is cut only after a piece that begins some table
    /// word. Only ever used to stop a search early, so a collision costs time, not a
    /// wrong answer.
    prefixes: FastSet<u64>,
    ostems: FastMap<String, u64>,
    ordinal_prefix: Vec<String>,
    ordinal_suffix: Vec<String>,
    weak: FastSet<String>,
    /// Words that make a following ordinal a fraction ("a fifth").
    fraction_articles: FastSet<String>,
    /// Whether only the listed stems take ordinal suffixes (not every cardinal).
    ordinal_stems_only: bool,
    /// Whether the table is read character by character (scripts without spaces:
    /// `src/figures/cjk.rs`), not word by word.
    pub(crate) characters: bool,
    /// Words before which a numeral is not a figure (周六 is Saturday).
    pub(crate) not_after: Vec<String>,
    max_chars: usize,
}

impl Numerals {
    /// Reads a `numerals.tsv` file.
    pub(crate) fn parse(text: &str) -> Numerals {
        let mut n = Numerals::default();
        // a word a line, about (the map is not grown and rehashed line by line)
        n.words
            .reserve(text.bytes().filter(|&b| b == b'\n').count());
        let mut cols: Vec<&str> = Vec::new();
        for line in data_lines(text) {
            cols.clear();
            cols.extend(line.split('\t'));
            match cols[0] {
                "@ordinal-prefix" => {
                    n.ordinal_prefix
                        .extend(cols[1..].iter().map(|s| to_lowercase(s)));
                    continue;
                }
                "@ordinal-suffix" => {
                    n.ordinal_suffix
                        .extend(cols[1..].iter().map(|s| to_lowercase(s)));
                    continue;
                }
                "@ordinal-stems-only" => {
                    n.ordinal_stems_only = true;
                    continue;
                }
                "@characters" => {
                    n.characters = true;
                    continue;
                }
                "@not-after" => {
                    n.not_after.extend(cols[1..].iter().map(|s| s.to_string()));
                    continue;
                }
                "@fraction-article" => {
                    n.fraction_articles
                        .extend(cols[1..].iter().map(|s| to_lowercase(s)));
                    continue;
                }
                "@weak" => {
                    n.weak.extend(cols[1..].iter().map(|s| to_lowercase(s)));
                    continue;
                }
                _ => {}
            }
            if cols.len() < 3 {
                continue;
            }
            let Ok(value) = cols[1].trim().parse::<u64>() else {
                continue;
            };
            let (ordinal, role) = match cols[2].trim().strip_prefix("ordinal") {
                Some("") => (true, "atom"),
                Some(r) => (true, r.trim_start_matches('-')),
                None => (false, cols[2].trim()),
            };
            let role = match role {
                "atom" => Role::Atom,
                "tens" => Role::Tens,
                "teen" => Role::Teen,
                "hundred" => Role::Hundred,
                "scale" => Role::Scale,
                "connector" => Role::Connector,
                "ostem" => Role::OStem,
                "unit" => Role::Unit,
                _ => continue,
            };
            let word = to_lowercase(cols[0]);
            if role == Role::OStem {
                n.ostems.insert(word, value);
                continue;
            }
            n.max_chars = n.max_chars.max(word.chars().count());
            n.words.insert(
                word,
                Tok {
                    value,
                    role,
                    ordinal,
                    prefix: false,
                },
            );
        }
        n.ordinal_suffix
            .sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        for w in n.words.keys() {
            // the hasher's state after each byte is that of the prefix so far
            let mut h = FastHasher::default();
            for (i, b) in w.bytes().enumerate() {
                h.write(&[b]);
                if w.is_char_boundary(i + 1) {
                    n.prefixes.insert(h.finish());
                }
            }
        }
        n
    }

    /// Whether `word` begins with a table word shorter than itself.
    fn starts_with_a_word(&self, word: &str) -> bool {
        for (j, _) in word.char_indices().skip(1).take(self.max_chars) {
            let piece = &word[..j];
            if !self.begins_a_word(piece) {
                return false;
            }
            if self.words.contains_key(piece) {
                return true;
            }
        }
        false
    }

    /// Whether some table word may begin with `piece`: false only when none does.
    fn begins_a_word(&self, piece: &str) -> bool {
        let mut h = FastHasher::default();
        h.write(piece.as_bytes());
        self.prefixes.contains(&h.finish())
    }

    /// The scale words (thousand, juta, млн) with their values.
    pub(crate) fn scale_words(&self) -> Vec<(String, f64)> {
        let mut v: Vec<(String, f64)> = self
            .words
            .iter()
            .filter(|(_, t)| t.role == Role::Scale && !t.ordinal)
            .map(|(w, t)| (w.clone(), t.value as f64))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// Whether the table has no words.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The piece a single character stands for, in a table read character by character.
    pub(crate) fn char_tok(&self, c: char) -> Option<Tok> {
        let mut buf = [0u8; 4];
        self.words.get(&*c.encode_utf8(&mut buf)).copied()
    }

    /// Whether `word` (lowercase) is often not a figure at all (an article "un", "bir").
    pub(crate) fn is_weak(&self, word: &str) -> bool {
        self.weak.contains(word)
    }

    /// Whether `word` (lowercase) before an ordinal makes it a fraction ("a" fifth).
    pub(crate) fn is_fraction_article(&self, word: &str) -> bool {
        self.fraction_articles.contains(word)
    }

    /// The pieces of one word (lowercase), if it is a number word: a table entry, a
    /// compound of entries ("fünfundzwanzig"), or an ordinal ("ketujuh", "yedinci").
    pub(crate) fn lookup(&self, word: &str) -> Option<Vec<Tok>> {
        if let Some(t) = self.cardinal(word) {
            return Some(t);
        }
        for p in &self.ordinal_prefix {
            if let Some(rest) = word.strip_prefix(p.as_str()) {
                if let Some(mut t) = self.cardinal(rest) {
                    if let Some(first) = t.first_mut() {
                        first.prefix = true;
                    }
                    return Some(t);
                }
            }
        }
        for s in &self.ordinal_suffix {
            if let Some(stem) = word.strip_suffix(s.as_str()) {
                if stem.is_empty() {
                    continue;
                }
                if let Some(t) = self.ordinal_stem(stem) {
                    return Some(t);
                }
                if self.ordinal_stems_only {
                    continue;
                }
                if let Some(mut t) = self.cardinal(stem) {
                    if let Some(last) = t.last_mut() {
                        last.ordinal = true;
                    }
                    return Some(t);
                }
            }
        }
        None
    }

    /// A stem that takes an ordinal ending: a listed stem ("cinqu"), or a compound whose
    /// last piece is one ("zweitausenddrit", "двухтысячн").
    fn ordinal_stem(&self, stem: &str) -> Option<Vec<Tok>> {
        let tok = |value: u64| Tok {
            value,
            role: match value {
                100 => Role::Hundred,
                v if v >= 1000 => Role::Scale,
                _ => Role::Atom,
            },
            ordinal: true,
            prefix: false,
        };
        if let Some(&v) = self.ostems.get(stem) {
            return Some(vec![tok(v)]);
        }
        for (i, _) in stem.char_indices().skip(1) {
            if let Some(&v) = self.ostems.get(&stem[i..]) {
                if let Some(mut t) = self.cardinal(&stem[..i]) {
                    t.push(tok(v));
                    return Some(t);
                }
            }
        }
        None
    }

    fn cardinal(&self, word: &str) -> Option<Vec<Tok>> {
        if let Some(t) = self.words.get(word) {
            return Some(vec![*t]);
        }
        self.decompound(word)
    }

    /// Splits a compound into table entries (fewest pieces), if it splits entirely.
    fn decompound(&self, word: &str) -> Option<Vec<Tok>> {
        if !self.starts_with_a_word(word) {
            return None; // no first piece: most words of a text end here
        }
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(word.len()))
            .collect();
        let n = bounds.len();
        if n < 3 {
            return None;
        }
        // best[i] = fewest pieces covering word[..bounds[i]], with the previous cut.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n];
        best[0] = Some((0, 0));
        for i in 0..n {
            let Some((cost, _)) = best[i] else { continue };
            for j in (i + 1)..n.min(i + self.max_chars + 1) {
                let piece = &word[bounds[i]..bounds[j]];
                if !self.begins_a_word(piece) {
                    break; // no longer piece is a table word either
                }
                if self.words.contains_key(piece) && best[j].is_none_or(|(c, _)| c > cost + 1) {
                    best[j] = Some((cost + 1, i));
                }
            }
        }
        let (pieces, _) = best[n - 1]?;
        if pieces < 2 {
            return None;
        }
        let mut out = Vec::new();
        let mut j = n - 1;
        while j > 0 {
            let (_, i) = best[j]?;
            out.push(*self.words.get(&word[bounds[i]..bounds[j]])?);
            j = i;
        }
        out.reverse();
        Some(out)
    }
}

/// Reads number pieces one at a time, refusing a piece that would not continue a
/// well-formed number ("five twenty" is two numbers).
#[derive(Debug, Clone, Default)]
pub(crate) struct Reader {
    total: u64,
    hundreds: u64,
    small: u64,
    last_scale: u64,
    pieces: usize,
    after_connector: bool,
    /// Whether the number read so far ends in an ordinal ending.
    pub ordinal: bool,
    /// Whether the number started with an ordinal prefix (ke-).
    pub prefix_ordinal: bool,
}

impl Reader {
    /// Adds a piece; false (and no change) if it does not fit.
    pub(crate) fn push(&mut self, t: Tok) -> bool {
        let mut n = self.clone();
        if !n.apply(t) {
            return false;
        }
        *self = n;
        true
    }

    fn apply(&mut self, t: Tok) -> bool {
        if self.ordinal || (t.prefix && self.pieces > 0) {
            return false; // nothing follows an ordinal ending; a prefix starts a number
        }
        let v = t.value;
        match t.role {
            Role::Connector => {
                if self.pieces == 0 || self.after_connector {
                    return false;
                }
                self.after_connector = true;
                return true;
            }
            Role::Atom if v >= 100 => {
                if self.hundreds != 0 || self.small != 0 {
                    return false;
                }
                if self.last_scale != 0 && v >= self.last_scale {
                    return false;
                }
                self.hundreds = v;
            }
            Role::Atom => {
                let s = self.small;
                let ok = s == 0
                    || (s >= 10 && s % 10 == 0 && v < 10)
                    || (s >= 60 && s % 20 == 0 && v < 20)
                    || (self.after_connector && s < 10 && v >= 20 && v % 10 == 0 && v < 100);
                if !ok {
                    return false;
                }
                self.small = s + v;
            }
            Role::Tens => {
                if !(1..10).contains(&self.small) {
                    return false;
                }
                self.small *= 10;
            }
            Role::Teen => {
                if !(1..10).contains(&self.small) {
                    return false;
                }
                self.small += 10;
            }
            Role::Hundred => {
                if self.hundreds != 0 || self.small >= 100 {
                    return false;
                }
                self.hundreds = self.small.max(1) * 100;
                self.small = 0;
            }
            Role::Scale => {
                if self.last_scale != 0 && v >= self.last_scale {
                    return false;
                }
                let group = (self.hundreds + self.small).max(1);
                self.total += group * v;
                self.hundreds = 0;
                self.small = 0;
                self.last_scale = v;
            }
            Role::OStem | Role::Unit => return false,
        }
        self.after_connector = false;
        self.pieces += 1;
        self.ordinal = t.ordinal;
        self.prefix_ordinal |= t.prefix;
        true
    }

    /// The value read so far.
    pub(crate) fn value(&self) -> u64 {
        self.total + self.hundreds + self.small
    }

    /// Whether nothing has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.pieces == 0
    }

    /// Whether the last piece read was a connector (which then belongs to no number).
    pub(crate) fn dangling(&self) -> bool {
        self.after_connector
    }
}

/// Splits text into lowercase words at spaces, hyphens and commas, keeping hyphenated
/// pairs that the table has as one entry ("quatre-vingt").
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            let lower = to_lowercase(w);
            lower.split('-').map(str::to_string).collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Parses `text`, which must be one number written in words in `lang`, into its value
/// and whether it is an ordinal: `parse_words("dua ribu tiga ratus", Lang::IND)` is
/// `Some((2300, false))`, `parse_words("twenty-fifth", Lang::ENG)` is `Some((25, true))`.
pub fn parse_words(text: &str, lang: Lang) -> Option<(u64, bool)> {
    let table = &super::data::lang_data(lang).numerals;
    let ws = words(text);
    let mut r = Reader::default();
    let mut i = 0;
    while i < ws.len() {
        if i + 1 < ws.len() {
            let joined = format!("{}-{}", ws[i], ws[i + 1]);
            if let Some(toks) = table.lookup(&joined) {
                if toks.into_iter().all(|t| r.push(t)) {
                    i += 2;
                    continue;
                }
                return None;
            }
        }
        let toks = table.lookup(&ws[i])?;
        for t in toks {
            if !r.push(t) {
                return None;
            }
        }
        i += 1;
    }
    (!r.is_empty() && !r.dangling()).then(|| (r.value(), r.ordinal || r.prefix_ordinal))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, lang: Lang) -> Option<u64> {
        parse_words(text, lang).map(|(v, _)| v)
    }

    #[test]
    fn issue_examples() {
        assert_eq!(p("tujuh", Lang::IND), Some(7));
        assert_eq!(p("sebelas", Lang::IND), Some(11));
        assert_eq!(p("dua puluh lima", Lang::IND), Some(25));
        assert_eq!(p("dua ribu tiga ratus", Lang::IND), Some(2300));
        assert_eq!(p("seratus", Lang::IND), Some(100));
        assert_eq!(p("seribu", Lang::IND), Some(1000));
        assert_eq!(p("dua belas", Lang::IND), Some(12));
        assert_eq!(p("seven", Lang::ENG), Some(7));
        assert_eq!(p("twenty-five", Lang::ENG), Some(25));
        assert_eq!(p("two thousand three hundred", Lang::ENG), Some(2300));
        assert_eq!(p("sept", Lang::FRA), Some(7));
        assert_eq!(p("vingt-cinq", Lang::FRA), Some(25));
        assert_eq!(p("quatre-vingt-dix", Lang::FRA), Some(90));
        assert_eq!(p("soixante-dix-sept", Lang::FRA), Some(77));
        assert_eq!(p("sieben", Lang::DEU), Some(7));
        assert_eq!(p("fünfundzwanzig", Lang::DEU), Some(25));
        assert_eq!(p("zweitausenddreihundert", Lang::DEU), Some(2300));
        assert_eq!(p("семь", Lang::RUS), Some(7));
        assert_eq!(p("семи", Lang::RUS), Some(7));
        assert_eq!(p("двадцать пять", Lang::RUS), Some(25));
        assert_eq!(p("двух тысяч", Lang::RUS), Some(2000));
        assert_eq!(p("yedi", Lang::TUR), Some(7));
        assert_eq!(p("yirmi beş", Lang::TUR), Some(25));
        assert_eq!(p("ikibinüçyüz", Lang::TUR), Some(2300));
        assert_eq!(p("yeddi", Lang::AZE), Some(7));
    }

    #[test]
    fn ordinals() {
        assert_eq!(parse_words("ketujuh", Lang::IND), Some((7, true)));
        assert_eq!(parse_words("twenty-first", Lang::ENG), Some((21, true)));
        assert_eq!(parse_words("vingt-cinquième", Lang::FRA), Some((25, true)));
        assert_eq!(parse_words("neunzigste", Lang::DEU), Some((90, true)));
        assert_eq!(parse_words("двадцать пятый", Lang::RUS), Some((25, true)));
        assert_eq!(parse_words("dördüncü", Lang::TUR), Some((4, true)));
    }

    /// `decompound` as it was before it stopped at pieces that begin no table word.
    fn decompound_full(n: &Numerals, word: &str) -> Option<Vec<u64>> {
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(word.len()))
            .collect();
        let m = bounds.len();
        if m < 3 {
            return None;
        }
        let mut best: Vec<Option<(usize, usize)>> = vec![None; m];
        best[0] = Some((0, 0));
        for i in 0..m {
            let Some((cost, _)) = best[i] else { continue };
            for j in (i + 1)..m.min(i + n.max_chars + 1) {
                let piece = &word[bounds[i]..bounds[j]];
                if n.words.contains_key(piece) && best[j].is_none_or(|(c, _)| c > cost + 1) {
                    best[j] = Some((cost + 1, i));
                }
            }
        }
        let (pieces, _) = best[m - 1]?;
        if pieces < 2 {
            return None;
        }
        let mut out = Vec::new();
        let mut j = m - 1;
        while j > 0 {
            let (_, i) = best[j]?;
            out.push(n.words.get(&word[bounds[i]..bounds[j]])?.value);
            j = i;
        }
        out.reverse();
        Some(out)
    }

    #[test]
    fn pruned_decompounding_finds_what_the_full_search_finds() {
        for lang in [
            Lang::IND,
            Lang::ENG,
            Lang::FRA,
            Lang::DEU,
            Lang::RUS,
            Lang::TUR,
            Lang::AZE,
        ] {
            let n = &crate::figures::data::lang_data(lang).numerals;
            let mut words: Vec<&String> = n.words.keys().collect();
            words.sort();
            let mut tried = 0;
            for (i, a) in words.iter().enumerate() {
                for b in words.iter().skip(i % 7).step_by(7) {
                    for w in [format!("{a}{b}"), format!("{a}x{b}"), format!("{a}{b}{a}")] {
                        let got = n
                            .decompound(&w)
                            .map(|t| t.iter().map(|t| t.value).collect());
                        assert_eq!(got, decompound_full(n, &w), "{w}");
                        tried += 1;
                    }
                }
            }
            assert!(tried > 100, "{lang:?}");
        }
    }

    #[test]
    fn ill_formed_runs_are_refused() {
        assert_eq!(p("five twenty", Lang::ENG), None);
        assert_eq!(p("seven seven", Lang::ENG), None);
        assert_eq!(p("and", Lang::ENG), None);
        assert_eq!(p("three and", Lang::ENG), None);
        assert_eq!(p("thousand million", Lang::ENG), None);
    }
}
