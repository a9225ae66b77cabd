//! Pairing documents by content, for corpora whose file names do not say which documents
//! are versions of each other (`id/berita-0193.txt`, `en/story-77.txt`).
//!
//! Every document is reduced to the anchor keys the aligner uses, what survives
//! translation: figures by value, dates, names and word prefixes folded and transliterated,
//! gazetteer entities ([`crate::align::document_keys`]), and its length. Then, per language
//! pair (the pivot language and each other language):
//!
//! 1. keys found in both languages get a weight, the rarer the heavier (inverse document
//!    frequency over the two languages' documents);
//! 2. an inverted index of the documents of each language by key gives every document a
//!    shortlist of candidates ([`MatchOptions::shortlist`]) from its [`RARE_KEYS`] rarest
//!    keys, so no two documents are compared unless they share a rare key, and the work
//!    grows with the number of documents, not its square;
//! 3. each candidate pair is scored in full: the weighted cosine of the two key sets, times
//!    how well the ratio of their lengths fits the ratio of the language pair;
//! 4. pairs are made one-to-one, best score first (competitive linking); a document whose
//!    best remaining candidate scores under [`MatchOptions::min_score`] stays unpaired.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::{Corpus, DocFile};
use crate::align::{document_keys, FastMap};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::text::{Document, ReadOptions};

/// Keys of a document used to find its candidates (its rarest ones).
pub const RARE_KEYS: usize = 48;

/// Keys held by more documents than this in one language are not used to find candidates
/// (they still count in the score).
const MAX_POSTINGS: usize = 256;

/// Settings of the document matching.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    /// Candidates scored per document.
    pub shortlist: usize,
    /// Pairs scoring under this are not made; the documents stay unpaired.
    pub min_score: f64,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            shortlist: 8,
            min_score: 0.1,
        }
    }
}

/// Two files found to be versions of one document: indices into [`Corpus::files`].
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedPair {
    /// The pivot-language file.
    pub pivot: usize,
    /// The other-language file.
    pub other: usize,
    /// How alike they are, in [0, 1].
    pub score: f64,
}

/// The result of pairing the documents of a corpus by content.
#[derive(Debug, Clone, Default)]
pub struct DocumentMatching {
    /// The pairs found, sorted by pivot file, then other file.
    pub pairs: Vec<MatchedPair>,
    /// Files paired with nothing (indices into [`Corpus::files`], sorted).
    pub unpaired: Vec<usize>,
    /// Files that could not be read (left out of the matching), with the reason.
    pub errors: Vec<(usize, Error)>,
}

/// What the matching keeps of a document.
struct Fingerprint {
    keys: Vec<u64>,
    chars: f64,
}

impl Fingerprint {
    fn read(f: &DocFile, opts: &ReadOptions) -> Result<Fingerprint> {
        let doc = Document::read(&f.path, f.lang, opts)?;
        let sentences = doc.sentence_texts();
        Ok(Fingerprint {
            chars: sentences
                .iter()
                .map(|s| s.chars().filter(|c| !c.is_whitespace()).count())
                .sum::<usize>()
                .max(1) as f64,
            keys: document_keys(sentences, f.lang),
        })
    }
}

/// Pairs the files of `corpus` in the `pivot` language with the files of every other
/// language (those of `langs`, when given) by their content, one-to-one per language pair.
pub fn match_documents(
    corpus: &Corpus,
    pivot: Lang,
    langs: Option<&[Lang]>,
    read: &ReadOptions,
    opts: &MatchOptions,
) -> DocumentMatching {
    let base = |l: Lang| l.without_script();
    let wanted = |l: Lang| {
        base(l) == base(pivot) || langs.is_none_or(|ls| ls.iter().any(|x| base(*x) == base(l)))
    };
    let files: Vec<usize> = (0..corpus.files.len())
        .filter(|&k| wanted(corpus.files[k].lang))
        .collect();
    let prints: Vec<Result<Fingerprint>> = files
        .par_iter()
        .map(|&k| Fingerprint::read(&corpus.files[k], read))
        .collect();
    let mut out = DocumentMatching::default();
    let mut by_lang: BTreeMap<Lang, Vec<(usize, Fingerprint)>> = BTreeMap::new();
    for (&k, p) in files.iter().zip(prints) {
        match p {
            Ok(p) => by_lang
                .entry(base(corpus.files[k].lang))
                .or_default()
                .push((k, p)),
            Err(e) => out.errors.push((k, e)),
        }
    }
    let pivots = by_lang.remove(&base(pivot)).unwrap_or_default();
    let mut paired = vec![false; corpus.files.len()];
    for others in by_lang.values() {
        for m in match_pair(&pivots, others, opts) {
            paired[m.pivot] = true;
            paired[m.other] = true;
            out.pairs.push(m);
        }
    }
    out.pairs.sort_by_key(|m| (m.pivot, m.other));
    out.unpaired = pivots
        .iter()
        .chain(by_lang.values().flatten())
        .map(|(k, _)| *k)
        .filter(|&k| !paired[k])
        .collect();
    out.unpaired.sort_unstable();
    out
}

impl DocumentMatching {
    /// The corpus with every paired file given the document id of its pivot file and the
    /// unpaired files of the other languages left out (they are listed in
    /// [`DocumentMatching::unpaired`]); unpaired pivot files stay, with no counterpart.
    /// Unreadable files are left out (they are in [`DocumentMatching::errors`]).
    pub fn apply(&self, corpus: &Corpus, pivot: Lang) -> Corpus {
        let mut doc_of: BTreeMap<usize, String> = BTreeMap::new();
        for m in &self.pairs {
            doc_of.insert(m.other, corpus.files[m.pivot].doc.clone());
        }
        let unreadable: Vec<usize> = self.errors.iter().map(|(k, _)| *k).collect();
        let files = corpus
            .files
            .iter()
            .enumerate()
            .filter_map(|(k, f)| {
                if unreadable.contains(&k) {
                    return None;
                }
                if f.lang.without_script() == pivot.without_script() {
                    return Some(f.clone());
                }
                doc_of.get(&k).map(|doc| DocFile {
                    doc: doc.clone(),
                    ..f.clone()
                })
            })
            .collect::<Vec<_>>();
        let mut files = files;
        files.sort();
        Corpus {
            root: corpus.root.clone(),
            files,
            warnings: corpus.warnings.clone(),
            errors: corpus.errors.clone(),
        }
    }

    /// The pairs as `(pivot file, other file, score)`, paths relative to the corpus folder,
    /// sorted.
    pub fn rows(&self, corpus: &Corpus) -> Vec<(String, String, f64)> {
        let mut rows: Vec<(String, String, f64)> = self
            .pairs
            .iter()
            .map(|m| {
                (
                    relative(&corpus.root, &corpus.files[m.pivot].path),
                    relative(&corpus.root, &corpus.files[m.other].path),
                    m.score,
                )
            })
            .collect();
        rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        rows
    }

    /// `documents.tsv`: header `pivot_file other_file score`, one line per pair, paths
    /// relative to the corpus folder, sorted.
    pub fn tsv(&self, corpus: &Corpus) -> String {
        let mut out = String::from("pivot_file\tother_file\tscore\n");
        for (p, o, score) in self.rows(corpus) {
            out.push_str(&format!("{p}\t{o}\t{score:.4}\n"));
        }
        out
    }

    /// The unpaired files, relative to the corpus folder, sorted.
    pub fn unpaired_files(&self, corpus: &Corpus) -> Vec<String> {
        let mut v: Vec<String> = self
            .unpaired
            .iter()
            .map(|&k| relative(&corpus.root, &corpus.files[k].path))
            .collect();
        v.sort();
        v
    }
}

/// `path` relative to `root`, with `/` separators, tabs and line breaks as spaces.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replace(['\t', '\n', '\r'], " ")
}

/// The documents of one language as the scorer sees them: per document its comparable keys
/// as `(key, weight)` sorted by key, its norm and length.
struct Side {
    docs: Vec<Weighted>,
}

struct Weighted {
    file: usize,
    keys: Vec<(u64, f64)>,
    norm: f64,
    ln_chars: f64,
}

impl Side {
    /// Keys that occur in both languages, weighted by `idf`.
    fn new(docs: &[(usize, Fingerprint)], idf: &FastMap<u64, f64>) -> Side {
        Side {
            docs: docs
                .iter()
                .map(|(file, p)| {
                    let keys: Vec<(u64, f64)> = p
                        .keys
                        .iter()
                        .filter_map(|k| idf.get(k).map(|w| (*k, *w)))
                        .collect();
                    let norm = keys.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                    Weighted {
                        file: *file,
                        keys,
                        norm,
                        ln_chars: p.chars.ln(),
                    }
                })
                .collect(),
        }
    }

    /// Key → documents holding it, for keys held by at most [`MAX_POSTINGS`] documents.
    fn index(&self) -> FastMap<u64, Vec<u32>> {
        let mut idx: FastMap<u64, Vec<u32>> = FastMap::default();
        for (d, w) in self.docs.iter().enumerate() {
            for (k, _) in &w.keys {
                idx.entry(*k).or_default().push(d as u32);
            }
        }
        idx.retain(|_, v| v.len() <= MAX_POSTINGS);
        idx
    }

    /// For each document, its `n` best candidates on the side indexed by `idx`, by the
    /// weight of the rare keys they share.
    fn shortlists(&self, idx: &FastMap<u64, Vec<u32>>, n: usize) -> Vec<Vec<u32>> {
        self.docs
            .par_iter()
            .map(|w| {
                let mut rare: Vec<&(u64, f64)> =
                    w.keys.iter().filter(|(k, _)| idx.contains_key(k)).collect();
                rare.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let mut acc: FastMap<u32, f64> = FastMap::default();
                for (k, wt) in rare.into_iter().take(RARE_KEYS) {
                    for &d in &idx[k] {
                        *acc.entry(d).or_default() += wt * wt;
                    }
                }
                let mut best: Vec<(u32, f64)> = acc.into_iter().collect();
                best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                best.into_iter().take(n).map(|(d, _)| d).collect()
            })
            .collect()
    }
}

/// The weighted cosine of two documents' keys.
fn cosine(a: &Weighted, b: &Weighted) -> f64 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    let (mut x, mut y, mut dot) = (0, 0, 0.0);
    while x < a.keys.len() && y < b.keys.len() {
        match a.keys[x].0.cmp(&b.keys[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                dot += a.keys[x].1 * b.keys[y].1;
                x += 1;
                y += 1;
            }
        }
    }
    dot / (a.norm * b.norm)
}

/// Pairs the documents of two languages one-to-one.
fn match_pair(
    pivots: &[(usize, Fingerprint)],
    others: &[(usize, Fingerprint)],
    opts: &MatchOptions,
) -> Vec<MatchedPair> {
    if pivots.is_empty() || others.is_empty() {
        return Vec::new();
    }
    let idf = weights(pivots, others);
    let (p, o) = (Side::new(pivots, &idf), Side::new(others, &idf));
    let (pi, oi) = (p.index(), o.index());
    let mut cands: Vec<(u32, u32)> = Vec::new();
    for (a, list) in p.shortlists(&oi, opts.shortlist).into_iter().enumerate() {
        cands.extend(list.into_iter().map(|b| (a as u32, b)));
    }
    for (b, list) in o.shortlists(&pi, opts.shortlist).into_iter().enumerate() {
        cands.extend(list.into_iter().map(|a| (a, b as u32)));
    }
    cands.sort_unstable();
    cands.dedup();
    let cosines: Vec<f64> = cands
        .par_iter()
        .map(|&(a, b)| cosine(&p.docs[a as usize], &o.docs[b as usize]))
        .collect();
    let length = LengthFit::estimate(&p, &o, &cands, &cosines);
    let mut scored: Vec<(f64, u32, u32)> = cands
        .iter()
        .zip(&cosines)
        .map(|(&(a, b), &c)| {
            let fit = length.fit(p.docs[a as usize].ln_chars, o.docs[b as usize].ln_chars);
            (c * fit, a, b)
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_p, mut used_o) = (vec![false; p.docs.len()], vec![false; o.docs.len()]);
    let mut out = Vec::new();
    for (score, a, b) in scored {
        if score < opts.min_score {
            break;
        }
        let (a, b) = (a as usize, b as usize);
        if !used_p[a] && !used_o[b] {
            used_p[a] = true;
            used_o[b] = true;
            out.push(MatchedPair {
                pivot: p.docs[a].file,
                other: o.docs[b].file,
                score: (score * 10_000.0).round() / 10_000.0,
            });
        }
    }
    out
}

/// Inverse document frequency of the keys found in both languages: `ln(1 + N / df)` over
/// the documents of the two.
fn weights(a: &[(usize, Fingerprint)], b: &[(usize, Fingerprint)]) -> FastMap<u64, f64> {
    let mut df: FastMap<u64, (u32, u32)> = FastMap::default();
    for (_, p) in a {
        for k in &p.keys {
            df.entry(*k).or_default().0 += 1;
        }
    }
    for (_, p) in b {
        for k in &p.keys {
            df.entry(*k).or_default().1 += 1;
        }
    }
    let n = (a.len() + b.len()) as f64;
    df.into_iter()
        .filter(|(_, (x, y))| *x > 0 && *y > 0)
        .map(|(k, (x, y))| (k, (1.0 + n / f64::from(x + y)).ln()))
        .collect()
}

/// How the lengths of two versions of a document relate in a language pair: the log ratio
/// of their lengths, its centre and spread estimated from the clearest candidate pairs.
struct LengthFit {
    centre: f64,
    spread: f64,
}

impl LengthFit {
    fn estimate(p: &Side, o: &Side, cands: &[(u32, u32)], cosines: &[f64]) -> LengthFit {
        // each pivot document's best candidate, when clearly better than the second
        let mut best: BTreeMap<u32, (f64, f64, u32)> = BTreeMap::new();
        for (&(a, b), &c) in cands.iter().zip(cosines) {
            let e = best.entry(a).or_insert((0.0, 0.0, b));
            if c > e.0 {
                *e = (c, e.0, b);
            } else if c > e.1 {
                e.1 = c;
            }
        }
        let mut ratios: Vec<f64> = best
            .iter()
            .filter(|(_, (c, second, _))| *c >= 0.2 && *c >= 2.0 * second)
            .map(|(&a, &(_, _, b))| o.docs[b as usize].ln_chars - p.docs[a as usize].ln_chars)
            .collect();
        ratios.sort_by(f64::total_cmp);
        if ratios.len() < 5 {
            return LengthFit {
                centre: 0.0,
                spread: 0.5,
            };
        }
        let centre = ratios[ratios.len() / 2];
        let mut dev: Vec<f64> = ratios.iter().map(|r| (r - centre).abs()).collect();
        dev.sort_by(f64::total_cmp);
        LengthFit {
            centre,
            spread: (1.5 * dev[dev.len() / 2]).max(0.05),
        }
    }

    /// In (0, 1]: 1 at the centre, falling off with the distance in spreads (never below
    /// 1/4, as documents are cut and extended).
    fn fit(&self, ln_pivot: f64, ln_other: f64) -> f64 {
        let z = (ln_other - ln_pivot - self.centre) / self.spread;
        0.25 + 0.75 * (-0.5 * z * z).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(dir: &Path, files: &[(&str, &str)]) -> Corpus {
        for (name, text) in files {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Corpus::discover(dir).unwrap()
    }

    #[test]
    fn pairs_by_content_and_leaves_a_document_without_counterpart_unpaired() {
        let d = tempfile::tempdir().unwrap();
        let c = corpus(
            d.path(),
            &[
                ("id/berita-0193.txt", "Presiden Joko Widodo tiba di Baku pada 12 Oktober 2020. Ia bertemu Ilham Aliyev selama 2 jam."),
                ("id/berita-0007.txt", "Harga minyak naik 3,5 persen menjadi 84,20 dolar per barel di London. OPEC bertemu di Wina."),
                ("id/berita-0500.txt", "Tim nasional Indonesia kalah 0-4 dari Jepang di Saitama dalam kualifikasi Piala Dunia 2026."),
                ("en/story-77.txt", "Oil prices rose 3.5 percent to 84.20 dollars a barrel in London. OPEC met in Vienna."),
                ("en/story-12.txt", "President Joko Widodo arrived in Baku on 12 October 2020. He met Ilham Aliyev for 2 hours."),
                ("en/story-99.txt", "The Brazilian central bank cut its rate to 10.75 percent on Wednesday, citing slowing inflation."),
            ],
        );
        let m = match_documents(
            &c,
            Lang::IND,
            None,
            &ReadOptions::default(),
            &MatchOptions::default(),
        );
        assert!(m.errors.is_empty());
        let tsv = m.tsv(&c);
        assert_eq!(
            tsv.lines()
                .map(|l| l.rsplit_once('\t').unwrap().0)
                .collect::<Vec<_>>(),
            [
                "pivot_file\tother_file",
                "id/berita-0007.txt\ten/story-77.txt",
                "id/berita-0193.txt\ten/story-12.txt"
            ],
            "{tsv}"
        );
        assert_eq!(
            m.unpaired_files(&c),
            ["en/story-99.txt", "id/berita-0500.txt"]
        );
        // applied: the paired files share the pivot's document id, the unpaired English one
        // is left out
        let applied = m.apply(&c, Lang::IND);
        let docs = applied.documents();
        assert_eq!(docs["berita-0193"].len(), 2);
        assert_eq!(docs["berita-0007"].len(), 2);
        assert_eq!(docs["berita-0500"].len(), 1);
        assert_eq!(applied.files.len(), 5);
    }

    #[test]
    fn relative_paths_use_slashes() {
        let root = Path::new("/a/b");
        assert_eq!(relative(root, Path::new("/a/b/id/x.txt")), "id/x.txt");
    }
}
