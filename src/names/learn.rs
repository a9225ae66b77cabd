//! Name correspondences learned from aligned text: names that keep turning up in aligned
//! beads of a corpus, across documents, with no other explanation (neither spelling, sound,
//! gazetteer nor translated words match them to anything else in the bead) are one entity
//! in two languages (Gedung Putih ↔ White House, Mahkamah Konstitusi ↔ Constitutional
//! Court).
//!
//! [`bead_evidence`] reads the aligned beads of one document pair; [`Evidence::merge`] sums
//! the evidence of a job; [`Evidence::learned`] keeps the pairs seen in enough beads and
//! documents, each name's best partner.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::matching::{score_prepared, Prepared, THRESHOLD};
use super::mentions::{add_known, mentions_with, Mention};
use crate::align::Alignment;
use crate::lang::Lang;
use crate::text::Document;

/// Beads under this confidence teach nothing.
const MIN_BEAD_SCORE: f64 = 0.5;
/// A bead with more unexplained names than this on a side is too ambiguous to learn from.
const MAX_LEFT_OVER: usize = 3;

/// What is known of one name of one language: how it is written, how often.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Side {
    /// Surface forms and their counts.
    surfaces: BTreeMap<String, usize>,
    /// Beads where it was left unexplained.
    beads: usize,
}

/// Co-occurrence of two unexplained names in aligned beads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Together {
    beads: usize,
    /// Document pairs (a count, not their ids, so that a job's evidence does not grow with
    /// its documents: each document pair's evidence is merged once).
    documents: usize,
}

/// (language, key) of a name.
type NameId = (Lang, String);

/// The evidence of aligned beads: unexplained names per side and their co-occurrences.
/// It is serialisable (as lists, in key order), so that a job streamed over processes sums
/// the same evidence as one in memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "EvidenceRepr", into = "EvidenceRepr")]
pub struct Evidence {
    /// Per name and other language of its beads.
    names: BTreeMap<(NameId, Lang), Side>,
    pairs: BTreeMap<(NameId, NameId), Together>,
}

/// [`Evidence`] as lists (JSON maps need string keys).
#[derive(Serialize, Deserialize)]
struct EvidenceRepr {
    names: Vec<((NameId, Lang), Side)>,
    pairs: Vec<((NameId, NameId), Together)>,
}

impl From<EvidenceRepr> for Evidence {
    fn from(r: EvidenceRepr) -> Evidence {
        Evidence {
            names: r.names.into_iter().collect(),
            pairs: r.pairs.into_iter().collect(),
        }
    }
}

impl From<Evidence> for EvidenceRepr {
    fn from(e: Evidence) -> EvidenceRepr {
        EvidenceRepr {
            names: e.names.into_iter().collect(),
            pairs: e.pairs.into_iter().collect(),
        }
    }
}

/// A correspondence learned from the corpus, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnedName {
    /// The first language (the pivot of the job).
    pub lang: Lang,
    /// The name in it, as most often written.
    pub name: String,
    /// The other language.
    pub other_lang: Lang,
    /// The name in the other language, as most often written.
    pub other_name: String,
    /// Aligned beads where the two occur together.
    pub beads: usize,
    /// Documents where they do.
    pub documents: usize,
    /// Aligned beads (of these two languages) with the first name left unexplained.
    pub beads_with_name: usize,
    /// Aligned beads (of these two languages) with the other name left unexplained.
    pub beads_with_other: usize,
}

/// The thresholds of [`Evidence::learned`].
#[derive(Debug, Clone, Copy)]
pub struct LearnOptions {
    /// Aligned beads where the two names occur together, at least.
    pub min_beads: usize,
    /// Documents where they do, at least.
    pub min_documents: usize,
    /// Dice coefficient of the two names' beads, at least: 2·together / (beads of one +
    /// beads of the other).
    pub min_dice: f64,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            min_beads: 3,
            min_documents: 2,
            min_dice: 0.6,
        }
    }
}

/// The name words known in `docs` (the documents of a job): words of mentions inside
/// sentences, so that a name at the start of a sentence is found when it occurs inside
/// another one.
pub fn known_words<'a>(docs: impl IntoIterator<Item = &'a Document>) -> HashSet<String> {
    let mut known = HashSet::new();
    for d in docs {
        for i in 0..d.sentences.len() {
            for m in mentions_with(d.sentence(i), d.lang, None) {
                for w in m.text.split_whitespace() {
                    add_known(&mut known, w, d.lang);
                }
            }
        }
    }
    known
}

/// The name mentions of sentences `ids` of `d`, prepared.
fn bead_mentions(
    d: &Document,
    ids: std::ops::Range<usize>,
    known: &HashSet<String>,
) -> Vec<(Mention, Prepared)> {
    let mut out: Vec<(Mention, Prepared)> = Vec::new();
    for i in ids {
        for m in mentions_with(d.sentence(i), d.lang, Some(known)) {
            if m.key.is_empty() || out.iter().any(|(x, _)| x.key == m.key) {
                continue;
            }
            let p = Prepared::new(&m.text, d.lang);
            out.push((m, p));
        }
    }
    out
}

/// The evidence of one aligned document pair (`known` from [`known_words`]): in every bead with both sides and a confidence of at least 0.5, the
/// names of each side that match no name of the other side, and which of them occur
/// together.
pub fn bead_evidence(
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    known: &HashSet<String>,
) -> Evidence {
    let mut ev = Evidence::default();
    for b in &alignment.beads {
        if b.src.is_empty() || b.tgt.is_empty() || b.score < MIN_BEAD_SCORE {
            continue;
        }
        let s = bead_mentions(src, b.src.clone(), known);
        let t = bead_mentions(tgt, b.tgt.clone(), known);
        let explained = |x: &Prepared, others: &[(Mention, Prepared)]| {
            others
                .iter()
                .any(|(_, y)| score_prepared(x, y) >= THRESHOLD)
        };
        let left_s: Vec<&Mention> = s
            .iter()
            .filter(|(_, p)| !explained(p, &t))
            .map(|(m, _)| m)
            .collect();
        let left_t: Vec<&Mention> = t
            .iter()
            .filter(|(_, p)| !explained(p, &s))
            .map(|(m, _)| m)
            .collect();
        if left_s.len() > MAX_LEFT_OVER || left_t.len() > MAX_LEFT_OVER {
            continue;
        }
        for (lang, other, left) in [(src.lang, tgt.lang, &left_s), (tgt.lang, src.lang, &left_t)] {
            for m in left.iter() {
                let side = ev.names.entry(((lang, m.key.clone()), other)).or_default();
                side.beads += 1;
                *side.surfaces.entry(m.text.clone()).or_default() += 1;
            }
        }
        for a in &left_s {
            for c in &left_t {
                let e = ev
                    .pairs
                    .entry(((src.lang, a.key.clone()), (tgt.lang, c.key.clone())))
                    .or_default();
                e.beads += 1;
                e.documents = 1;
            }
        }
    }
    ev
}

/// The correspondences learned from the aligned document pairs of a job: (document id,
/// source, target, alignment). Document pairs are read in parallel; the result does not
/// depend on their order.
pub fn learned_names(
    pairs: &[(&str, &Document, &Document, &Alignment)],
    opts: &LearnOptions,
) -> Vec<LearnedName> {
    use rayon::prelude::*;
    let known = known_words(pairs.iter().flat_map(|(_, s, t, _)| [*s, *t]));
    let ev = pairs
        .par_iter()
        .map(|(_, s, t, a)| bead_evidence(s, t, a, &known))
        .reduce(Evidence::default, |mut a, b| {
            a.merge(b);
            a
        });
    ev.learned(opts)
}

impl Evidence {
    /// Adds the evidence of `other` (another document pair of the job).
    pub fn merge(&mut self, other: Evidence) {
        for (k, v) in other.names {
            let e = self.names.entry(k).or_default();
            e.beads += v.beads;
            for (s, n) in v.surfaces {
                *e.surfaces.entry(s).or_default() += n;
            }
        }
        for (k, v) in other.pairs {
            let e = self.pairs.entry(k).or_default();
            e.beads += v.beads;
            e.documents += v.documents;
        }
    }

    fn display(&self, id: &NameId, other: Lang) -> String {
        self.names
            .get(&(id.clone(), other))
            .and_then(|s| {
                s.surfaces
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(t, _)| t.clone())
            })
            .unwrap_or_else(|| id.1.clone())
    }

    fn beads_of(&self, id: &NameId, other: Lang) -> usize {
        self.names.get(&(id.clone(), other)).map_or(0, |s| s.beads)
    }

    /// The correspondences the evidence supports under `opts`: each pair seen together in
    /// enough beads and documents, often enough relative to how often each name occurs,
    /// and each name's most frequent partner in the other language. Sorted by language
    /// pair, then by name.
    pub fn learned(&self, opts: &LearnOptions) -> Vec<LearnedName> {
        let strong = |(a, b): &(NameId, NameId), t: &Together| {
            let (na, nb) = (self.beads_of(a, b.0), self.beads_of(b, a.0));
            t.beads >= opts.min_beads
                && t.documents >= opts.min_documents
                && 2.0 * t.beads as f64 >= opts.min_dice * (na + nb) as f64
        };
        // best partner of each name in each other language: most beads, then the key
        let mut best: BTreeMap<(NameId, Lang), (usize, NameId)> = BTreeMap::new();
        for ((a, b), t) in &self.pairs {
            for (x, y) in [(a, b), (b, a)] {
                let e = best.entry((x.clone(), y.0)).or_insert((0, y.clone()));
                if t.beads > e.0 || (t.beads == e.0 && y < &e.1) {
                    *e = (t.beads, y.clone());
                }
            }
        }
        let mut out: Vec<LearnedName> = self
            .pairs
            .iter()
            .filter(|(k, t)| strong(k, t))
            .filter(|((a, b), _)| {
                best.get(&(a.clone(), b.0)).is_some_and(|(_, y)| y == b)
                    && best.get(&(b.clone(), a.0)).is_some_and(|(_, y)| y == a)
            })
            .map(|((a, b), t)| LearnedName {
                lang: a.0,
                name: self.display(a, b.0),
                other_lang: b.0,
                other_name: self.display(b, a.0),
                beads: t.beads,
                documents: t.documents,
                beads_with_name: self.beads_of(a, b.0),
                beads_with_other: self.beads_of(b, a.0),
            })
            .collect();
        out.sort_by(|x, y| {
            (x.lang, x.other_lang, &x.name, &x.other_name).cmp(&(
                y.lang,
                y.other_lang,
                &y.name,
                &y.other_name,
            ))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ReadOptions;

    fn doc(text: &str, lang: Lang) -> Document {
        let opts = ReadOptions {
            presegmented: true,
            ..ReadOptions::default()
        };
        Document::from_bytes(std::path::Path::new("x"), text.as_bytes(), lang, &opts)
            .expect("a document")
    }

    #[test]
    fn a_translated_name_is_learned_across_documents() {
        let id = "Kemarin Mahkamah Konstitusi memutus perkara itu.\nJokowi datang ke Mahkamah Konstitusi hari ini.\n";
        let en = "Yesterday the Constitutional Court decided the case.\nJokowi came to the Constitutional Court today.\n";
        let (s, t) = (doc(id, Lang::IND), doc(en, Lang::ENG));
        let a = Alignment::one_to_one(2);
        let learned = learned_names(
            &[("a", &s, &t, &a), ("b", &s, &t, &a)],
            &LearnOptions::default(),
        );
        assert_eq!(learned.len(), 1, "{learned:?}");
        let l = &learned[0];
        assert_eq!(
            (l.name.as_str(), l.other_name.as_str()),
            ("Mahkamah Konstitusi", "Constitutional Court")
        );
        assert_eq!((l.beads, l.documents), (4, 2));
    }

    #[test]
    fn one_document_is_not_enough() {
        let id = "Mahkamah Konstitusi memutus.\nMahkamah Konstitusi menolak.\nMahkamah Konstitusi diam.\n";
        let en = "The Constitutional Court decided.\nThe Constitutional Court refused.\nThe Constitutional Court was silent.\n";
        let (s, t) = (doc(id, Lang::IND), doc(en, Lang::ENG));
        let a = Alignment::one_to_one(3);
        assert!(learned_names(&[("a", &s, &t, &a)], &LearnOptions::default()).is_empty());
    }
}
