//! Sentence alignment with no neural model: a dynamic program over beads (0-1, 1-0, 1-1,
//! 1-2, 2-1, 2-2, 1-3, 3-1, 2-3, 3-2, 1-4, 4-1) whose score combines a length model, a
//! sentence-count model (a line holding two sentences goes with two lines: `units`) and
//! anchors shared by the two sides: figures by value, folded and transliterated word
//! prefixes (names, cognates), punctuation, a lexicon learned from the corpus and an
//! optional dictionary.
//!
//! How a job runs ([`align_many`]; [`align_pair`] is a job of one pair):
//!
//! 1. every sentence is analysed once (`features`);
//! 2. a first pass aligns each pair with default weights; the length model, the
//!    sentence-count model, the match rate of each kind of anchor, the weight of anchors
//!    that occur on one side only and the bead-type priors are then estimated from the
//!    pass's confident beads, and the pair is aligned again;
//! 3. a lexicon is learned from the confident beads of all pairs of the same language pair
//!    (`lexicon`), and every pair is aligned once more with it, weights re-estimated.
//!
//! The search (`dp`) is coarse to fine, so memory and time grow linearly with the length
//! of the documents. Each bead's score is its posterior probability over all paths in the
//! band searched.

mod concepts;
mod dict;
mod dp;
mod embedding;
mod expo;
mod features;
mod length;
mod lexicon;
mod model;
mod moved;
pub mod phases;
mod tokens;
mod units;

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

pub use dict::Dictionary;
pub(crate) use features::hash_bytes;
pub(crate) use features::FastMap;
pub(crate) use moved::crossing;
pub use phases::{Aligner, Analysis, BeadStemsOf, FirstPass, Lexicon, PairCounts, StemCounts};
pub(crate) use tokens::arabic_prefixes;

use crate::embed::TextVectors;
use crate::lang::Lang;
use crate::parallel::map_ordered;
use dp::{search, search_near, Found, SearchConfig, Step, TYPES};
use embedding::{PairVecs, SideVecs};
use features::{analyse, latin_share, pair_feats, Analysed, PairFeats, PairTable};
use model::{Params, Scorer};

/// The anchor keys of a document (figures by value, names and word prefixes folded and
/// transliterated, gazetteer entities), hashed and deduplicated: what survives translation,
/// for pairing documents by content ([`crate::corpus::matching`]).
pub fn document_keys<'a>(sentences: impl IntoIterator<Item = &'a str>, lang: Lang) -> Vec<u64> {
    let mut keys: Vec<u64> = sentences
        .into_iter()
        .flat_map(|s| features::text_keys(s, lang))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// One side of a document pair as the aligner sees it.
#[derive(Debug, Clone)]
pub struct Side<'a> {
    /// The language of the side.
    pub lang: Lang,
    /// The sentences, in order.
    pub sentences: Vec<&'a str>,
    /// The paragraph index of each sentence.
    pub paragraphs: Vec<usize>,
}

impl<'a> Side<'a> {
    /// The sentences of a segmented document.
    pub fn from_document(doc: &'a crate::text::Document) -> Side<'a> {
        Side {
            lang: doc.lang,
            sentences: doc.sentence_texts(),
            paragraphs: doc.sentences.iter().map(|s| s.paragraph).collect(),
        }
    }

    /// Sentences given as strings, all in one paragraph.
    pub fn from_sentences(lang: Lang, sentences: Vec<&'a str>) -> Side<'a> {
        Side {
            lang,
            paragraphs: vec![0; sentences.len()],
            sentences,
        }
    }
}

/// A bead: a run of source sentences aligned with a run of target sentences (either may be
/// empty, never both).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Bead {
    /// Source sentence indices.
    pub src: Range<usize>,
    /// Target sentence indices.
    pub tgt: Range<usize>,
    /// Confidence in [0, 1]: the posterior probability of the bead.
    pub score: f64,
    /// Paired out of order: the bead crosses another (a moved paragraph).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

impl Bead {
    /// The bead type as `"1-1"`, `"2-1"`, `"0-1"`, ...
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// Settings of the aligner. The default is what the measurements in the README use.
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// A bilingual dictionary (source → target), if the user has one.
    pub dictionary: Option<Dictionary>,
    /// Learn a lexicon from the first pass and realign with it.
    pub learn_lexicon: bool,
    /// Half width of the search band, in sentences (widened where the path touches it).
    pub band: usize,
    /// Pairs with at most this many DP cells are searched in full.
    pub full_dp_cells: usize,
    /// Cost of a bead crossing a paragraph boundary, in nats.
    pub paragraph_penalty: f64,
    /// After the monotone search, pair the runs it left unaligned wherever they are in the
    /// document (moved paragraphs).
    pub moved: bool,
    /// Sentence vectors from the user's embedding model (see [`crate::embed`]): one more
    /// kind of evidence, scored in every bead with its distribution estimated from the
    /// data. A sentence missing from the table gets no embedding evidence.
    pub embeddings: Option<Arc<TextVectors>>,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            dictionary: None,
            learn_lexicon: true,
            band: 3,
            full_dp_cells: 2_000,
            paragraph_penalty: 3.0,
            moved: true,
            embeddings: None,
        }
    }
}

/// The beads of one document pair, covering every sentence of both sides once, in source
/// order (a 0-1 bead where its target sentence falls between its neighbours; a moved bead at
/// its source position).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Alignment {
    /// The beads, in document order.
    pub beads: Vec<Bead>,
}

#[cfg(test)]
impl Alignment {
    /// `n` beads of one sentence each side, confidence 0.9 (for tests).
    pub(crate) fn one_to_one(n: usize) -> Alignment {
        Alignment {
            beads: (0..n)
                .map(|i| Bead {
                    src: i..i + 1,
                    tgt: i..i + 1,
                    score: 0.9,
                    moved: false,
                })
                .collect(),
        }
    }
}

impl Alignment {
    /// The alignment as link lines `[i, j]:[k]` (0-based), one per bead.
    pub fn links(&self) -> String {
        let mut out = String::new();
        let list = |r: &Range<usize>| {
            r.clone()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        for b in &self.beads {
            out.push_str(&format!("[{}]:[{}]\n", list(&b.src), list(&b.tgt)));
        }
        out
    }
}

/// Aligns one document pair (its own first pass teaches its lexicon).
pub fn align_pair(src: &Side, tgt: &Side, opts: &AlignOptions) -> Alignment {
    let mut out = align_many(&[(src.clone(), tgt.clone())], opts);
    out.pop().unwrap_or_default()
}

/// A document pair analysed.
struct Prepared {
    langs: (Lang, Lang),
    src: Vec<Analysed>,
    tgt: Vec<Analysed>,
    src_paras: Vec<usize>,
    tgt_paras: Vec<usize>,
    vecs: Option<Arc<PairVecs>>,
}

/// Fewer sentences than this are analysed on the calling thread (a short pair starts no
/// thread pool).
const MIN_PARALLEL_SENTENCES: usize = 8;

impl Prepared {
    fn new(src: &Side, tgt: &Side, table: Option<&TextVectors>) -> Prepared {
        // different scripts: transliterations differ in vowels, compare skeletons too
        let latin = |s: &Side| latin_share(s.sentences.iter().copied()) > 0.5;
        let sk = latin(src) != latin(tgt);
        let src_a = map_ordered(&src.sentences, MIN_PARALLEL_SENTENCES, |s| {
            analyse(s, src.lang, sk)
        });
        let tgt_a = map_ordered(&tgt.sentences, MIN_PARALLEL_SENTENCES, |s| {
            analyse(s, tgt.lang, sk)
        });
        let vecs = table.map(|t| {
            let side = |s: &Side, a: &[Analysed]| {
                let w: Vec<f64> = a.iter().map(|x| x.chars).collect();
                SideVecs::new(&s.sentences, &w, t)
            };
            Arc::new(PairVecs {
                src: side(src, &src_a),
                tgt: side(tgt, &tgt_a),
            })
        });
        Prepared {
            langs: (src.lang, tgt.lang),
            src: src_a,
            tgt: tgt_a,
            src_paras: src.paragraphs.clone(),
            tgt_paras: tgt.paragraphs.clone(),
            vecs,
        }
    }

    /// Both sides have sentences (else every sentence is a 1-0 or 0-1 bead).
    fn usable(&self) -> bool {
        !self.src.is_empty() && !self.tgt.is_empty()
    }

    fn feats(&self, tables: &[&PairTable]) -> PairFeats {
        pair_feats(
            &self.src,
            &self.tgt,
            &self.src_paras,
            &self.tgt_paras,
            tables,
        )
    }

    fn initial_params(&self, opts: &AlignOptions) -> Params {
        let total = |v: &[Analysed]| v.iter().map(|a| a.chars).sum::<f64>();
        let units = units::UnitsModel::new(
            self.src.iter().map(|a| a.units),
            self.tgt.iter().map(|a| a.units),
        );
        let mut params = Params::initial(
            total(&self.src),
            total(&self.tgt),
            units,
            opts.paragraph_penalty,
        );
        if let Some(v) = &self.vecs {
            params.embed = v.initial_model();
        }
        params
    }
}

/// Beads of a search as `(src, tgt, confidence)`.
type Ranges = Vec<(Range<usize>, Range<usize>, f64)>;

fn ranges(found: &Found) -> Ranges {
    found
        .path
        .iter()
        .zip(&found.posteriors)
        .map(|(st, &p)| {
            let (a, b) = TYPES[st.t];
            (st.i..st.i + a, st.j..st.j + b, p)
        })
        .collect()
}

/// The beads of `r` as steps of a path.
fn steps(r: &Ranges) -> Vec<Step> {
    r.iter()
        .filter_map(|(s, t, _)| {
            let k = TYPES.iter().position(|&x| x == (s.len(), t.len()))?;
            Some(Step {
                t: k,
                i: s.start,
                j: t.start,
            })
        })
        .collect()
}

/// What [`passes`] found.
#[derive(Debug, Clone, PartialEq)]
struct Passes {
    /// The parameters estimated from the last pass.
    params: Params,
    /// The last monotone path (a guide for a later search).
    guide: Ranges,
    /// The beads, in source order.
    beads: Ranges,
    /// Per bead: moved.
    moved: Vec<bool>,
}

/// Aligns `feats` with `params` `passes` times, re-estimating the parameters from each pass
/// for the next; returns the last estimate and the last pass's beads. The first pass
/// searches coarse to fine, or near the beads of an earlier pass (`near`); each later pass
/// searches near the beads of the one before. After the last search, with `moved`, the
/// runs it left unaligned are paired out of order where that scores higher.
fn passes(
    feats: PairFeats,
    vecs: Option<&Arc<PairVecs>>,
    params: &Params,
    cfg: &SearchConfig,
    passes: usize,
    near: Option<&Ranges>,
    moved: bool,
) -> Passes {
    let mut params = params.clone();
    let mut feats = feats;
    let mut guide: Option<Ranges> = None;
    let mut out = (Vec::new(), Vec::new());
    for pass in 0..passes.max(1) {
        let scorer = Scorer::new(feats, &params).with_embeddings(vecs.cloned());
        let found = match guide.as_ref().or(near) {
            Some(prev) => search_near(&scorer, cfg, steps(prev)),
            None => search(&scorer, cfg, true),
        };
        let realigned = (moved && pass + 1 == passes.max(1))
            .then(|| moved::realign(&scorer, cfg, &found))
            .flatten();
        let (beads, flags, monotone) = match realigned {
            Some(r) => (r.beads, r.moved, ranges(&r.guide)),
            None => {
                let beads = ranges(&found);
                (beads.clone(), vec![false; beads.len()], beads)
            }
        };
        let flat: Vec<(usize, usize, usize, usize, f64)> = beads
            .iter()
            .map(|(s, t, p)| (s.start, s.len(), t.start, t.len(), *p))
            .collect();
        let embed = scorer
            .embeddings()
            .map(|e| e.estimate(&flat, &params.embed));
        params = params.estimate(scorer.feats(), &flat);
        if let Some(e) = embed {
            params.embed = e;
        }
        feats = scorer.into_feats();
        guide = Some(monotone);
        out = (beads, flags);
    }
    Passes {
        params,
        guide: guide.unwrap_or_default(),
        beads: out.0,
        moved: out.1,
    }
}

fn to_alignment(r: &Ranges, moved: &[bool], n: usize, m: usize) -> Alignment {
    if n == 0 || m == 0 {
        let beads = (0..n)
            .map(|i| Bead {
                src: i..i + 1,
                tgt: 0..0,
                score: 1.0,
                moved: false,
            })
            .chain((0..m).map(|j| Bead {
                src: n..n,
                tgt: j..j + 1,
                score: 1.0,
                moved: false,
            }))
            .collect();
        return Alignment { beads };
    }
    Alignment {
        beads: r
            .iter()
            .zip(moved.iter().chain(std::iter::repeat(&false)))
            .map(|((s, t, p), &moved)| Bead {
                src: s.clone(),
                tgt: t.clone(),
                score: *p,
                moved,
            })
            .collect(),
    }
}

/// Aligns many document pairs (a corpus job) in parallel: two passes over every pair (the
/// second with parameters estimated from the first), a lexicon per language pair learned
/// from the confident beads of all of them, then a final pass with it ([`phases`] gives the
/// same steps one at a time, for a job that streams its pairs). Results are in input order
/// and do not depend on the number of threads.
pub fn align_many(pairs: &[(Side, Side)], opts: &AlignOptions) -> Vec<Alignment> {
    let aligner = Aligner::new(opts);
    let table = opts.embeddings.as_deref();
    let prepared = map_ordered(pairs, 2, |(s, t)| Prepared::new(s, t, table));
    let first = map_ordered(&prepared, 2, |p| aligner.first_pass_prepared(p));
    let mut stems = StemCounts::default();
    for f in &first {
        stems.add(f);
    }
    let mut counts = PairCounts::default();
    for f in &first {
        counts.add(&stems, f);
    }
    let lexicon = Lexicon::learn(&stems, &counts);
    let jobs: Vec<(&Prepared, &FirstPass)> = prepared.iter().zip(&first).collect();
    map_ordered(&jobs, 2, |(p, f)| {
        aligner.final_pass_prepared(p, f, &lexicon)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side<'a>(lang: Lang, s: &'a [&'a str]) -> Side<'a> {
        Side::from_sentences(lang, s.to_vec())
    }

    fn covers(al: &Alignment, n: usize, m: usize) -> bool {
        let (mut i, mut j) = (0, 0);
        for b in &al.beads {
            if b.src.start != i || b.tgt.start != j || (b.src.is_empty() && b.tgt.is_empty()) {
                return false;
            }
            i = b.src.end;
            j = b.tgt.end;
        }
        (i, j) == (n, m)
    }

    #[test]
    fn aligns_with_figures_and_names() {
        let id = [
            "Presiden Joko Widodo tiba di Baku pada 12 Oktober.",
            "Ia bertemu Ilham Aliyev selama 2 jam.",
            "Kunjungan itu menelan biaya 2.300 dolar.",
            "Cuaca cerah sepanjang hari.",
        ];
        let en = [
            "President Joko Widodo arrived in Baku on 12 October.",
            "He met Ilham Aliyev for 2 hours.",
            "A completely unrelated sentence about football scores from another story.",
            "The visit cost 2,300 dollars.",
            "The weather was sunny all day.",
        ];
        let al = align_pair(
            &side(Lang::IND, &id),
            &side(Lang::ENG, &en),
            &AlignOptions::default(),
        );
        assert!(covers(&al, 4, 5), "{al:?}");
        assert!(al.links().contains("[2]:[3]"), "{}", al.links());
        assert!(al.beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    }

    /// A long document pair with nothing but length to go by: each source line holds one
    /// to three sentences, the translation has every sentence on a line of its own
    /// (frequent 1-2 and 1-3 beads), in another alphabet, at 1.1 times the length with
    /// ±15 % noise. Returns the lines of both sides and the gold beads.
    fn split_sentences_document(lines: usize) -> (Vec<String>, Vec<String>, Vec<Bead>) {
        struct Rng(u64);
        impl Rng {
            fn below(&mut self, n: u64) -> u64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0 % n
            }
            fn word(&mut self, alphabet: &[char], capital: bool) -> String {
                let len = 2 + self.below(8);
                (0..len)
                    .map(|k| {
                        let c = alphabet[self.below(alphabet.len() as u64) as usize];
                        if k == 0 && capital {
                            c.to_uppercase().next().unwrap_or(c)
                        } else {
                            c
                        }
                    })
                    .collect()
            }
        }
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let latin: Vec<char> = ('a'..='z').collect();
        let greek: Vec<char> = ('α'..='ω').filter(|&c| c != 'ς').collect();
        let (mut src, mut tgt, mut gold) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..lines {
            let k = 1 + (i * 7 + i / 3) % 3;
            let mut line = Vec::new();
            let start = tgt.len();
            for _ in 0..k {
                let words = 4 + rng.below(18);
                let sentence: Vec<String> = (0..words).map(|w| rng.word(&latin, w == 0)).collect();
                let sentence = sentence.join(" ") + ".";
                let len = sentence.chars().count() as f64;
                let target = len * 1.1 * (0.85 + 0.3 * rng.below(1000) as f64 / 1000.0);
                let mut t = String::new();
                while (t.chars().count() as f64) < target - 2.0 {
                    if !t.is_empty() {
                        t.push(' ');
                    }
                    let w = rng.word(&greek, t.is_empty());
                    t.push_str(&w);
                }
                t.push('.');
                line.push(sentence);
                tgt.push(t);
            }
            src.push(line.join(" "));
            gold.push(Bead {
                src: i..i + 1,
                tgt: start..tgt.len(),
                score: 1.0,
                moved: false,
            });
        }
        (src, tgt, gold)
    }

    #[test]
    fn runs_of_split_sentences_do_not_shift_the_alignment() {
        let (src, tgt, gold) = split_sentences_document(300);
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        let al = align_pair(
            &Side::from_sentences(Lang::ENG, s),
            &Side::from_sentences(Lang::parse("el").unwrap_or(Lang::RUS), t),
            &AlignOptions::default(),
        );
        let right: Vec<bool> = al
            .beads
            .iter()
            .map(|b| gold.iter().any(|g| g.src == b.src && g.tgt == b.tgt))
            .collect();
        let correct = right.iter().filter(|&&r| r).count();
        let longest_wrong = right.split(|&r| r).map(<[bool]>::len).max().unwrap_or(0);
        assert!(
            correct * 100 >= gold.len() * 95 && longest_wrong <= 3,
            "{correct} of {} beads right, longest run of wrong beads {longest_wrong}",
            gold.len()
        );
    }

    #[test]
    fn a_moved_paragraph_is_found_and_marked() {
        // the English version moved Indonesian lines 9-11 to just after line 2
        let s: Vec<&str> = include_str!("../../tests/fixtures/moved/report.id.txt")
            .lines()
            .collect();
        let t: Vec<&str> = include_str!("../../tests/fixtures/moved/report.en.txt")
            .lines()
            .collect();
        let al = align_pair(
            &side(Lang::IND, &s),
            &side(Lang::ENG, &t),
            &AlignOptions::default(),
        );
        let links = al.links();
        for (i, j) in [(9, 3), (10, 4), (11, 5), (2, 2), (3, 6), (8, 11), (12, 12)] {
            assert!(
                links.contains(&format!("[{i}]:[{j}]\n")),
                "{i}-{j}\n{links}"
            );
        }
        let moved: Vec<usize> = al
            .beads
            .iter()
            .filter(|b| b.moved)
            .map(|b| b.src.start)
            .collect();
        assert_eq!(moved, [9, 10, 11], "{links}");
        // every sentence once, beads in source order
        let mut seen_t = [0; 14];
        let mut next_src = 0;
        for b in &al.beads {
            if !b.src.is_empty() {
                assert_eq!(b.src.start, next_src, "{links}");
                next_src = b.src.end;
            }
            b.tgt.clone().for_each(|j| seen_t[j] += 1);
        }
        assert_eq!(next_src, 14);
        assert!(seen_t.iter().all(|&c| c == 1), "{seen_t:?}");
        // without the pass, the same sentences come out in order, the moved ones unaligned
        let plain = align_pair(
            &side(Lang::IND, &s),
            &side(Lang::ENG, &t),
            &AlignOptions {
                moved: false,
                ..AlignOptions::default()
            },
        );
        assert!(covers(&plain, 14, 14) && plain.beads.iter().all(|b| !b.moved));
        assert!(!plain.links().contains("[10]:[4]\n"), "{}", plain.links());
    }

    #[test]
    fn empty_sides_give_null_beads() {
        let al = align_pair(
            &side(Lang::IND, &["Satu.", "Dua."]),
            &side(Lang::ENG, &[]),
            &AlignOptions::default(),
        );
        assert_eq!(al.links(), "[0]:[]\n[1]:[]\n");
    }
}
