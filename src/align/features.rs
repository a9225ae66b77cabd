//! Per-sentence anchors, computed once per sentence: figures as values
//! ([`crate::figures::extract`]: 2.300 = 2,300 = two thousand three hundred), gazetteer
//! entities of the names in it ([`crate::names::mentions`]: Perancis = France = Франция),
//! folded and transliterated word prefixes (names and cognates), a punctuation profile,
//! stems for the lexicon, and the length in characters.
//!
//! Anchors are hashed into 64-bit keys tagged with their [`Class`]; a document pair then
//! keeps, per sentence, only the keys that occur on both sides (interned as small ids), and
//! counts the others as "lone" keys (evidence that a sentence has no counterpart).

use crate::text::chars::{is_alphabetic, to_lowercase};
use std::borrow::Cow;

use super::tokens::{han_hash, han_units, runs, strip_clitics, Run};
use crate::lang::Lang;

pub(crate) use crate::hashing::{FastMap, FastSet};

/// The kinds of anchor keys; each kind gets its own match rate, estimated from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Class {
    /// A figure, by value.
    Number = 0,
    /// A folded, transliterated word prefix (names, cognates).
    Word = 1,
    /// A punctuation class (question mark, quotes, brackets, ...).
    Punct = 2,
    /// A word pair of the lexicon learned from the corpus.
    Lexicon = 3,
    /// A word pair of the user's dictionary.
    Dict = 4,
    /// A word pair of the built-in concept list (number words, months, weekdays, ...).
    Concept = 5,
    /// The consonant skeleton of a capitalised word, for pairs of languages in different
    /// scripts, whose transliterations differ in vowels (Trump / Трамп → `trmp`).
    Skeleton = 6,
    /// A gazetteer entity named in the sentence (`terr:FR` for Perancis, France, Франция).
    Entity = 7,
}

/// Number of anchor classes.
impl Class {
    /// The class of a number written by `as u8`.
    pub(crate) fn from_u8(x: u8) -> Option<Class> {
        [
            Class::Number,
            Class::Word,
            Class::Punct,
            Class::Lexicon,
            Class::Dict,
            Class::Concept,
            Class::Skeleton,
            Class::Entity,
        ]
        .into_iter()
        .find(|c| *c as u8 == x)
    }
}

pub(crate) const NCLASS: usize = 8;

/// A hashed anchor key.
pub(crate) type Key = (Class, u64);

/// FNV-1a, 64 bits: a stable hash (the same on every run and machine).
pub(crate) fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x100_0000_01b3);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Hash of a pair of stems (a lexicon or dictionary entry).
pub(crate) fn pair_hash(src: u64, tgt: u64) -> u64 {
    hash_bytes(src, &tgt.to_le_bytes())
}

/// What the aligner knows about one sentence, independent of the other side.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysed {
    /// Length: characters that are not white space, in Latin-letter equivalents (a Han
    /// character counts about three: [`crate::text::script::weighted_length`]).
    pub chars: f64,
    /// Anchor keys (figures, word prefixes, punctuation), deduplicated.
    pub keys: Vec<Key>,
    /// Hashed stems of the words (for the lexicon and dictionary), deduplicated.
    pub stems: Vec<u64>,
    /// Sentences the segmenter finds in the line (more than one where a presegmented line
    /// holds several).
    pub units: u8,
    /// The length of each of those sentences, where there are several (empty otherwise).
    pub parts: Vec<f32>,
}

/// Folds a word for comparison across spellings and scripts: lower case, transliterated
/// to ASCII, only letters and digits kept.
///
/// This is the one place where names are keyed; `selaras::names::key` can replace it.
pub(crate) fn fold_word(word: &str) -> String {
    let lower = to_lowercase(word);
    let ascii = if lower.is_ascii() {
        lower
    } else {
        any_ascii::any_ascii(&lower)
    };
    ascii
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The stem of a folded word used by the lexicon and the dictionary: its first 5 letters.
pub(crate) fn stem_of(folded: &str) -> &str {
    let end = folded
        .char_indices()
        .nth(5)
        .map(|(i, _)| i)
        .unwrap_or(folded.len());
    &folded[..end]
}

/// Hash of a stem.
pub(crate) fn stem_hash(stem: &str) -> u64 {
    hash_bytes(7, stem.as_bytes())
}

/// The words of a sentence: maximal runs of letters (and combining marks).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(is_alphabetic(c) || is_mark(c)))
        .filter(|w| !w.is_empty())
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// The punctuation classes present in a sentence.
fn punct_classes(text: &str) -> u32 {
    let mut bits = 0u32;
    for c in text.chars() {
        bits |= match c {
            '?' | '¿' => 1,
            '!' | '¡' => 2,
            ':' => 4,
            '"' | '«' | '»' | '„' | '“' | '”' | '‹' | '›' | '「' | '」' => 8,
            '(' | ')' | '[' | ']' => 16,
            '–' | '—' => 32,
            ';' => 64,
            '…' => 128,
            '%' => 256,
            '/' => 512,
            _ => 0,
        };
    }
    if text.contains("...") {
        bits |= 128;
    }
    if text.contains(" - ") {
        bits |= 32;
    }
    bits
}

/// Spellings of one sound across orthographies and transliterations, longest first.
const SOUNDS: [(&str, &str); 11] = [
    ("dzh", "j"),
    ("zh", "j"),
    ("ch", "k"),
    ("kh", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("w", "v"),
];

/// A folded word spelled by sound, doubled letters once, for words transliterated from
/// another script: `alexander` and `aleksandr` (Александр) both begin with `aleks`, `jaynes`
/// and `dzheins` (Джейнс) have the same consonants.
fn phonetic(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() + 1);
    let mut rest = folded;
    while let Some(c) = rest.chars().next() {
        let (sound, len) = SOUNDS
            .iter()
            .find(|(from, _)| rest.starts_with(from))
            .map_or((&rest[..c.len_utf8()], c.len_utf8()), |(from, to)| {
                (*to, from.len())
            });
        for c in sound.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        rest = &rest[len..];
    }
    out
}

/// The consonants of a folded word after its first letter, the first letter kept:
/// `trump` and `tramp` give `trmp`.
pub(crate) fn skeleton(folded: &str) -> String {
    let mut chars = folded.chars();
    let mut out: String = chars.next().into_iter().collect();
    out.extend(
        chars
            .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'w' | 'j'))
            .take(3),
    );
    out
}

/// The share of letters in the Latin script (0 when there is no letter).
pub(crate) fn latin_share<'a>(texts: impl IntoIterator<Item = &'a str>) -> f64 {
    let (mut latin, mut all) = (0usize, 0usize);
    for t in texts {
        for c in t.chars().filter(|&c| is_alphabetic(c)) {
            all += 1;
            if c < '\u{250}' {
                latin += 1;
            }
        }
    }
    if all == 0 {
        0.0
    } else {
        latin as f64 / all as f64
    }
}

/// Analyses one sentence; `skeletons` (for a pair of languages written in different
/// scripts) spells word prefixes by sound ([`phonetic`]) and adds consonant-skeleton keys
/// of capitalised words and the gazetteer entities of the names.
pub(crate) fn analyse(text: &str, lang: Lang, skeletons: bool) -> Analysed {
    let mut keys: Vec<Key> = Vec::new();
    for f in crate::figures::extract(text, lang) {
        if f.weak {
            continue;
        }
        for v in f.values() {
            let v = format!("{:.4}", v);
            keys.push((Class::Number, hash_bytes(1, v.as_bytes())));
        }
    }
    // Between scripts transliteration is lossy: the gazetteer says that Perancis, Франция
    // and Ֆրանսիա are one entity. Within one script, folded word prefixes match names.
    if skeletons {
        for m in crate::names::mentions(text, lang) {
            if let Some(e) = m.entity {
                keys.push((Class::Entity, hash_bytes(4, e.as_bytes())));
            }
        }
    }
    let mut stems = Vec::new();
    for run in runs(text) {
        match run {
            Run::Word(w) => {
                let bare = strip_clitics(w);
                let folded = fold_word(bare);
                if folded.is_empty() {
                    continue;
                }
                word_keys(&folded, w, skeletons, &mut keys);
                if bare.len() < w.len() {
                    // the whole word too: a name may begin like a clitic (وارين, Warren)
                    word_keys(&fold_word(w), w, skeletons, &mut keys);
                }
                stems.push(stem_hash(stem_of(&folded)));
            }
            Run::Han(h) => {
                for u in han_units(h) {
                    let k = han_hash(u);
                    keys.push((Class::Word, k));
                    stems.push(k);
                }
            }
            Run::Hiragana => {}
        }
    }
    let bits = punct_classes(text);
    for b in 0..16u64 {
        if bits & (1 << b) != 0 {
            keys.push((Class::Punct, b));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    stems.sort_unstable();
    stems.dedup();
    let sentences = crate::text::segment::split_sentences(text, lang);
    let parts = if sentences.len() > 1 {
        sentences
            .iter()
            .map(|r| crate::text::script::weighted_length(&text[r.clone()]).max(1.0) as f32)
            .collect()
    } else {
        Vec::new()
    };
    Analysed {
        chars: crate::text::script::weighted_length(text).max(1.0),
        keys,
        stems,
        units: sentences.len().clamp(1, 255) as u8,
        parts,
    }
}

/// The cognate keys of a folded word (`word` as written): its first four letters, spelled
/// by sound between scripts (transliterations differ in conventions), and the consonant
/// skeleton of a capitalised word.
fn word_keys(folded: &str, word: &str, skeletons: bool, keys: &mut Vec<Key>) {
    if folded.chars().count() < 4 {
        return;
    }
    let sound = if skeletons {
        Cow::Owned(phonetic(folded))
    } else {
        Cow::Borrowed(folded)
    };
    let prefix: String = sound.chars().take(4).collect();
    keys.push((Class::Word, hash_bytes(2, prefix.as_bytes())));
    if skeletons && word.starts_with(char::is_uppercase) {
        let sk = skeleton(&sound);
        if sk.len() >= 3 {
            keys.push((Class::Skeleton, hash_bytes(3, sk.as_bytes())));
        }
    }
}

/// The anchor keys of a text that can be compared across languages whatever their
/// scripts: figures by value, gazetteer entities, word prefixes both folded and spelled by
/// sound, consonant skeletons of capitalised words (no punctuation), hashed, deduplicated.
/// (Both spellings of the prefixes, so that a text's keys meet those of a text in the same
/// script or in another without knowing which.)
pub(crate) fn text_keys(text: &str, lang: Lang) -> Vec<u64> {
    let mut keys: Vec<u64> = [false, true]
        .into_iter()
        .flat_map(|skeletons| analyse(text, lang, skeletons).keys)
        .filter(|k| k.0 != Class::Punct)
        .map(|(class, h)| hash_bytes(class as u64, &h.to_le_bytes()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Word-pair keys (lexicon or dictionary) for both sides: each entry `(s, t)` becomes a key
/// present in every source sentence with stem `s` and every target sentence with stem `t`.
pub(crate) struct PairTable {
    by_src: FastMap<u64, Vec<u64>>,
    by_tgt: FastMap<u64, Vec<u64>>,
    class: Class,
}

impl PairTable {
    /// A table of `(source stem, target stem)` entries.
    pub(crate) fn new(entries: impl IntoIterator<Item = (u64, u64)>, class: Class) -> Self {
        let mut by_src: FastMap<u64, Vec<u64>> = FastMap::default();
        let mut by_tgt: FastMap<u64, Vec<u64>> = FastMap::default();
        for (s, t) in entries {
            let k = pair_hash(s, t);
            by_src.entry(s).or_default().push(k);
            by_tgt.entry(t).or_default().push(k);
        }
        PairTable {
            by_src,
            by_tgt,
            class,
        }
    }

    /// True when the table has no entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_src.is_empty()
    }

    fn keys(&self, stems: &[u64], src: bool, out: &mut Vec<Key>) {
        let map = if src { &self.by_src } else { &self.by_tgt };
        for s in stems {
            if let Some(ks) = map.get(s) {
                out.extend(ks.iter().map(|&k| (self.class, k)));
            }
        }
    }
}

/// One sentence (or, at a coarse level, a group of sentences) as the scorer sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Feat {
    /// Characters that are not white space.
    pub chars: f64,
    /// Ids of the keys that occur on both sides of the pair, sorted, deduplicated.
    pub keys: Vec<u32>,
    /// Keys that occur only on this side of the pair, per class.
    pub lone: [u16; NCLASS],
    /// Paragraph of the first and of the last sentence.
    pub para: (usize, usize),
    /// Sentences the segmenter finds in it.
    pub units: u32,
    /// The length of each of them, where there are several (empty otherwise, and at the
    /// coarse levels of the search).
    pub parts: Vec<f32>,
}

/// Both sides of a document pair with interned keys, and the class of each key id.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairFeats {
    /// Source sentences.
    pub src: Vec<Feat>,
    /// Target sentences.
    pub tgt: Vec<Feat>,
    /// The class of each key id.
    pub class: Vec<Class>,
}

/// Interns the keys of a document pair: keys on both sides get ids, the others are counted
/// as lone keys.
pub(crate) fn pair_feats(
    src: &[Analysed],
    tgt: &[Analysed],
    src_paras: &[usize],
    tgt_paras: &[usize],
    tables: &[&PairTable],
) -> PairFeats {
    let expand = |a: &[Analysed], is_src: bool| -> Vec<Vec<Key>> {
        a.iter()
            .map(|s| {
                let mut k = s.keys.clone();
                for t in tables {
                    t.keys(&s.stems, is_src, &mut k);
                }
                k.sort_unstable();
                k.dedup();
                k
            })
            .collect()
    };
    let ks = expand(src, true);
    let kt = expand(tgt, false);
    let set_s: FastSet<Key> = ks.iter().flatten().copied().collect();
    let set_t: FastSet<Key> = kt.iter().flatten().copied().collect();
    // ids in order of first occurrence in the source, so that neighbouring sentences use
    // neighbouring ids (memory locality in the scorer)
    let mut ids: FastMap<Key, u32> = FastMap::default();
    let mut both: Vec<Key> = Vec::new();
    for k in ks.iter().flatten() {
        if set_t.contains(k) && !ids.contains_key(k) {
            ids.insert(*k, both.len() as u32);
            both.push(*k);
        }
    }
    debug_assert!(both.len() <= set_s.len());
    let build = |a: &[Analysed], keys: &[Vec<Key>], paras: &[usize]| -> Vec<Feat> {
        a.iter()
            .zip(keys)
            .enumerate()
            .map(|(i, (s, k))| {
                let mut f = Feat {
                    chars: s.chars,
                    units: u32::from(s.units),
                    parts: s.parts.clone(),
                    para: {
                        let p = paras.get(i).copied().unwrap_or(0);
                        (p, p)
                    },
                    ..Feat::default()
                };
                for key in k {
                    match ids.get(key) {
                        Some(&id) => f.keys.push(id),
                        None => f.lone[key.0 as usize] = f.lone[key.0 as usize].saturating_add(1),
                    }
                }
                f.keys.sort_unstable();
                f
            })
            .collect()
    };
    let mut out = PairFeats {
        src: build(src, &ks, src_paras),
        tgt: build(tgt, &kt, tgt_paras),
        class: both.iter().map(|k| k.0).collect(),
    };
    limit_keys(&mut out, MAX_KEYS);
    out
}

/// Keys kept per sentence (the rarest; long sentences have more, mostly frequent ones).
const MAX_KEYS: usize = 48;

/// Keeps, per sentence, the `max` rarest keys (the frequent ones weigh little and cost time).
pub(crate) fn limit_keys(f: &mut PairFeats, max: usize) {
    let mut df = vec![0u32; f.class.len()];
    for s in f.src.iter().chain(&f.tgt) {
        for &k in &s.keys {
            df[k as usize] += 1;
        }
    }
    for s in f.src.iter_mut().chain(f.tgt.iter_mut()) {
        if s.keys.len() > max {
            s.keys.sort_by_key(|&k| (df[k as usize], k));
            s.keys.truncate(max);
            s.keys.sort_unstable();
        }
    }
}

/// Thins the keys of groups of sentences (the coarse levels of the search) to about `max`
/// per group on average, consistently: a key is kept on both sides or dropped on both, by
/// its id. (Keeping each side's own rarest keys would make the two sides of a correct bead
/// look unrelated: their choices barely overlap for large groups.)
pub(crate) fn sample_keys(f: &mut PairFeats, max: usize) {
    let total: usize = f.src.iter().chain(&f.tgt).map(|s| s.keys.len()).sum();
    let groups = (f.src.len() + f.tgt.len()).max(1);
    let rate = total.div_ceil(groups * max.max(1)) as u64;
    if rate <= 1 {
        return;
    }
    let keep = |k: u32| {
        let mut h = u64::from(k).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
        h % rate == 0
    };
    for s in f.src.iter_mut().chain(f.tgt.iter_mut()) {
        s.keys.retain(|&k| keep(k));
    }
}

/// Merges consecutive groups of `factor` sentences (for the coarse levels of the search).
pub(crate) fn downsample(feats: &[Feat], factor: usize) -> Vec<Feat> {
    feats
        .chunks(factor)
        .map(|g| {
            let mut f = Feat {
                chars: g.iter().map(|x| x.chars).sum(),
                units: g.iter().map(|x| x.units).sum(),
                para: (g[0].para.0, g[g.len() - 1].para.1),
                ..Feat::default()
            };
            for x in g {
                f.keys.extend_from_slice(&x.keys);
                for c in 0..NCLASS {
                    f.lone[c] = f.lone[c].saturating_add(x.lone[c]);
                }
            }
            f.keys.sort_unstable();
            f.keys.dedup();
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(a: &Analysed, b: &Analysed, class: Class) -> usize {
        a.keys
            .iter()
            .filter(|k| k.0 == class && b.keys.contains(k))
            .count()
    }

    #[test]
    fn figures_and_entities_are_shared_across_languages() {
        let id = analyse(
            "Pada Rabu, Turki mengirim 2.300 tentara dan tujuh kapal.",
            Lang::IND,
            true,
        );
        let en = analyse(
            "On Wednesday, Turkey sent 2,300 soldiers and seven ships.",
            Lang::ENG,
            true,
        );
        let ru = analyse("В среду Турция отправила 2 300 солдат.", Lang::RUS, true);
        assert!(shared(&id, &en, Class::Number) >= 2); // 2300 and 7 (tujuh = seven)
        assert!(shared(&id, &ru, Class::Number) >= 1);
        assert_eq!(shared(&id, &en, Class::Entity), 1);
        assert_eq!(shared(&id, &ru, Class::Entity), 1);
        let other = analyse("Germany sent 2,000 soldiers.", Lang::ENG, true);
        assert_eq!(shared(&id, &other, Class::Number), 0);
        assert_eq!(shared(&id, &other, Class::Entity), 0);
    }

    #[test]
    fn folds_across_scripts() {
        assert_eq!(fold_word("Erdoğan"), "erdogan");
        assert_eq!(fold_word("Эрдоган"), "erdogan");
        assert_eq!(fold_word("Expédition"), "expedition");
        assert_eq!(stem_of("expedition"), "exped");
    }

    #[test]
    fn punctuation_profile() {
        assert_eq!(punct_classes("Wer? «Er»!"), 1 | 2 | 8);
        assert_eq!(punct_classes("a - b (c)"), 32 | 16);
    }

    #[test]
    fn skeletons_bridge_transliterations() {
        assert_eq!(skeleton("trump"), skeleton(&fold_word("Трамп")));
        let sound = |w: &str| phonetic(&fold_word(w));
        assert!(sound("Alexander").starts_with("aleks"));
        assert!(sound("Александр").starts_with("aleks"));
        assert_eq!(skeleton(&sound("Jaynes")), skeleton(&sound("Джейнс")));
        assert_eq!(
            skeleton(&sound("Washington")),
            skeleton(&sound("Вашингтон"))
        );
        assert!(latin_share(["Трамп сказал"]) < 0.1);
        assert!(latin_share(["Trump said"]) > 0.9);
        let a = analyse("Presiden Trump datang.", Lang::IND, true);
        let b = analyse("Президент Трамп приехал.", Lang::RUS, true);
        let shared = a
            .keys
            .iter()
            .filter(|k| k.0 == Class::Skeleton && b.keys.contains(k));
        assert!(shared.count() >= 1);
    }

    #[test]
    fn shared_keys_are_interned_lone_keys_counted() {
        let s = [
            analyse("Erdoğan said 2,300 people came.", Lang::ENG, false),
            analyse("Nothing.", Lang::ENG, false),
        ];
        let t = [analyse(
            "Эрдоган сказал, что пришли 2 300 человек.",
            Lang::RUS,
            false,
        )];
        let f = pair_feats(&s, &t, &[0, 0], &[0], &[]);
        // the figure, the name prefix "erdo" and the full stop class is not a key
        assert_eq!(f.src[0].keys.len(), 2);
        assert_eq!(f.tgt[0].keys, f.src[0].keys);
        assert!(f.src[1].keys.is_empty());
        assert!(f.src[0].lone[Class::Word as usize] >= 2);
    }
}
