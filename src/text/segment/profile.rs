//! Per-language segmentation data, read on first use from the embedded files
//! `src/lang/<iso3>/{segment.txt, abbreviations.txt, sentence-starters.txt,
//! ordinal-followers.txt}` (defaults in `src/lang/mul/segment.txt`).

use crate::hashing::{FastMap, FastSet};
use crate::text::chars::to_lowercase;
use std::sync::OnceLock;

use crate::lang::{data_file, data_lines, Lang, PerFolder};

/// The folder of the defaults shared by all languages.
const GENERIC: &str = "mul";

/// The data files a language may have for segmentation.
const DATA_FILES: [&str; 4] = [
    "segment.txt",
    "abbreviations.txt",
    "sentence-starters.txt",
    "ordinal-followers.txt",
];

/// How an abbreviation behaves before a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    /// Never ends a sentence: a title before a name (`Dr.`), `No.` before a number.
    Title,
    /// Often ends a sentence (`etc.`, `dll.`): a capitalised word after it starts a new one.
    End,
    /// May end a sentence (`U.S.`, `Inc.`): only a common sentence-starting word after it
    /// starts a new one.
    Other,
}

/// The segmentation profile of one language.
#[derive(Debug)]
pub(crate) struct Profile {
    /// Marks that end a sentence before white space.
    pub stops: Vec<char>,
    /// Marks that end a sentence with or without white space after them.
    pub tight_stops: Vec<char>,
    /// Marks that end a sentence only in a line that ends with a final mark (the
    /// Armenian `:`, which is also a colon in headlines).
    pub weak_stops: Vec<char>,
    /// Closing quotes and brackets.
    pub closers: Vec<char>,
    /// Opening quotes, brackets, dashes and bullets.
    pub openers: Vec<char>,
    /// Marks that carry a line on into the next one.
    pub continuers: Vec<char>,
    /// Words that, right after a final mark and a closing quotation mark, carry its
    /// sentence on (`。」と`, `。」って`).
    quote_continuers: Vec<String>,
    /// The first bytes (in UTF-8) of the characters the scanner stops at: final marks,
    /// guillemets, the line break.
    pub lead_bytes: [bool; 256],
    /// Does a dot after a number mark an ordinal (`3. Oktober`, `29. maddesi`)?
    pub ordinal_dot: bool,
    /// Abbreviations without their final dot, as written in the data file.
    abbrevs: FastMap<&'static str, AbbrevKind>,
    /// Abbreviations written in lower case in the data file, matched in any case.
    abbrevs_lower: FastMap<&'static str, AbbrevKind>,
    /// Common sentence-starting words, lower case.
    starters: FastSet<String>,
    /// Words after which `<number>.` is an ordinal (month names), lower case.
    ordinal_followers: FastSet<String>,
}

impl Profile {
    /// The profile of `lang`, built on first use: its own for a language folder with
    /// segmentation data, the generic one for the others.
    pub fn get(lang: Lang) -> &'static Profile {
        static BY_LANG: PerFolder<Option<Profile>> = PerFolder::new();
        static GENERIC_PROFILE: OnceLock<Profile> = OnceLock::new();
        let own = BY_LANG.get(lang.data_folder(), |folder| {
            let has_data = DATA_FILES.iter().any(|n| data_file(folder, n).is_some());
            (folder != GENERIC && has_data).then(|| Profile::build(folder))
        });
        match own {
            Some(Some(p)) => p,
            _ => GENERIC_PROFILE.get_or_init(|| Profile::build(GENERIC)),
        }
    }

    /// Builds the profile of the language whose data folder is `iso3`.
    pub fn build(iso3: &str) -> Profile {
        let mut p = Profile {
            stops: Vec::new(),
            tight_stops: Vec::new(),
            weak_stops: Vec::new(),
            closers: Vec::new(),
            openers: Vec::new(),
            continuers: Vec::new(),
            quote_continuers: Vec::new(),
            lead_bytes: [false; 256],
            ordinal_dot: false,
            abbrevs: FastMap::default(),
            abbrevs_lower: FastMap::default(),
            starters: FastSet::default(),
            ordinal_followers: FastSet::default(),
        };
        let mut keys: FastMap<&str, Vec<char>> = FastMap::default();
        let mut flags: FastMap<&str, &str> = FastMap::default();
        for text in [
            data_file("mul", "segment.txt"),
            data_file(iso3, "segment.txt"),
        ]
        .into_iter()
        .flatten()
        {
            for line in data_lines(text) {
                let Some((key, value)) = line.split_once('=') else {
                    continue;
                };
                let chars = value
                    .split_whitespace()
                    .filter_map(|v| {
                        let mut cs = v.chars();
                        let c = cs.next()?;
                        cs.next().is_none().then_some(c)
                    })
                    .collect::<Vec<char>>();
                let key = key.trim();
                flags.insert(key, value.trim());
                if let Some(k) = key.strip_suffix('+') {
                    keys.entry(k.trim()).or_default().extend(chars);
                } else if let Some(k) = key.strip_suffix('-') {
                    keys.entry(k.trim())
                        .or_default()
                        .retain(|c| !chars.contains(c));
                } else {
                    keys.insert(key, chars);
                }
            }
        }
        let mut take = |k: &str| keys.remove(k).unwrap_or_default();
        p.stops = take("stops");
        p.tight_stops = take("tight-stops");
        p.weak_stops = take("weak-stops");
        p.closers = take("closers");
        p.openers = take("openers");
        p.continuers = take("continuers");
        p.continuers.retain(|c| !p.stops.contains(c));
        p.quote_continuers = flags
            .get("quote-continuers")
            .map(|v| v.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        for c in p
            .stops
            .iter()
            .chain(&p.tight_stops)
            .chain(&['\n', '«', '»'])
        {
            let mut buf = [0u8; 4];
            p.lead_bytes[c.encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
        }
        p.ordinal_dot = flags.get("ordinal-dot").is_some_and(|v| *v == "yes");

        if let Some(text) = data_file(iso3, "abbreviations.txt") {
            let mut kind = AbbrevKind::Other;
            for line in data_lines(text) {
                let line = line.trim();
                match line {
                    "[title]" => kind = AbbrevKind::Title,
                    "[end]" => kind = AbbrevKind::End,
                    "[other]" => kind = AbbrevKind::Other,
                    _ => {
                        let word = line.split_whitespace().next().unwrap_or("");
                        let word = word.strip_suffix('.').unwrap_or(word);
                        if word.is_empty() {
                            continue;
                        }
                        if word.chars().any(char::is_uppercase) {
                            p.abbrevs.insert(word, kind);
                        } else {
                            p.abbrevs_lower.insert(word, kind);
                        }
                    }
                }
            }
        }
        for (name, set) in [
            ("sentence-starters.txt", &mut p.starters),
            ("ordinal-followers.txt", &mut p.ordinal_followers),
        ] {
            if let Some(text) = data_file(iso3, name) {
                set.extend(
                    data_lines(text)
                        .flat_map(str::split_whitespace)
                        .map(to_lowercase),
                );
            }
        }
        p
    }

    /// The kind of `token` (a word without its final dot) if it is a known abbreviation.
    pub fn abbrev(&self, token: &str) -> Option<AbbrevKind> {
        if let Some(k) = self.abbrevs.get(token) {
            return Some(*k);
        }
        if self.abbrevs_lower.is_empty() {
            return None;
        }
        if token.chars().any(char::is_uppercase) {
            // `etc.` matches `Etc.`, but `p.` (page) does not match the initial `P.`.
            token.chars().nth(1)?;
            self.abbrevs_lower
                .get(to_lowercase(token).as_str())
                .copied()
        } else {
            self.abbrevs_lower.get(token).copied()
        }
    }

    /// Is `word` a common sentence-starting word?
    pub fn is_starter(&self, word: &str) -> bool {
        !self.starters.is_empty() && self.starters.contains(&to_lowercase(word))
    }

    /// Does `word` after `<number>.` make the number an ordinal ("3. Oktober")?
    pub fn is_ordinal_follower(&self, word: &str) -> bool {
        !self.ordinal_followers.is_empty() && self.ordinal_followers.contains(&to_lowercase(word))
    }

    /// Does `text`, right after a final mark and a closing quotation mark, carry the
    /// quotation's sentence on (`。」と語った`)? Punctuation that continues or ends a
    /// sentence does (`。”，他说`, `！”。`), and so do the words the language lists
    /// (`quote-continuers` in `segment.txt`: Japanese `と`, also after a space).
    pub fn continues_quote(&self, text: &str) -> bool {
        let Some(first) = text.chars().next() else {
            return false;
        };
        if self.is_stop(first) || matches!(first, ',' | '、' | '，' | ';' | '；' | ':' | '：') {
            return true;
        }
        let word = text.trim_start_matches([' ', '\u{a0}', '\u{3000}']);
        self.quote_continuers
            .iter()
            .any(|w| word.starts_with(w.as_str()))
    }

    /// Is `c` a mark that ends a sentence?
    pub fn is_stop(&self, c: char) -> bool {
        self.stops.contains(&c) || self.tight_stops.contains(&c)
    }
}
