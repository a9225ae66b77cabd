//! The name consistency check of a corpus: every entity spelled in more than one way
//! within one language (with each spelling's count, files and lines, and a suggested
//! canonical form), and, across the language versions of one document, names present in
//! one version with no counterpart in the other.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::fold;
use super::gazetteer::gazetteer;
use super::learn::LearnedName;
use super::matching::{
    fuzzy_prepared, is_spelling_variant, score_prepared, token_similarity, word_concepts, Prepared,
    THRESHOLD,
};
use super::mentions::{mentions_with, Mention};
use super::suffix;
use super::tally::{GroupNames, NameMention};
use super::NameForm;
use crate::corpus::Corpus;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::output::write_atomic;
use crate::text::{Document, ReadOptions};
use std::path::Path;

/// One sentence of a document to check.
#[derive(Debug, Clone)]
pub struct CheckSentence {
    /// 1-based line in the file.
    pub line: usize,
    /// The text.
    pub text: String,
}

/// One language version of a document.
#[derive(Debug, Clone)]
pub struct CheckDocument {
    /// The document id (shared by its language versions).
    pub doc: String,
    /// Its language.
    pub lang: Lang,
    /// The file, as it should be shown.
    pub file: String,
    /// Its sentences.
    pub sentences: Vec<CheckSentence>,
}

impl CheckDocument {
    /// The sentences of a segmented document, with the lines where they start.
    pub fn from_document(doc: &str, d: &Document) -> CheckDocument {
        CheckDocument {
            doc: doc.to_string(),
            lang: d.lang,
            file: d.source.display().to_string(),
            sentences: d
                .sentences
                .iter()
                .map(|s| CheckSentence {
                    line: s.line,
                    text: d.text[s.span.clone()].to_string(),
                })
                .collect(),
        }
    }
}

/// The learned correspondences as key pairs, both ways: what tells which names without
/// counterpart they explain.
pub struct LearnedPairs(HashSet<(Lang, String, Lang, String)>);

impl LearnedPairs {
    /// The key pairs of `learned`.
    pub fn new(learned: &[LearnedName]) -> LearnedPairs {
        LearnedPairs(
            learned
                .iter()
                .flat_map(|l| {
                    let (a, b) = (
                        super::key(&l.name, l.lang),
                        super::key(&l.other_name, l.other_lang),
                    );
                    [
                        (l.lang, a.clone(), l.other_lang, b.clone()),
                        (l.other_lang, b, l.lang, a),
                    ]
                })
                .collect(),
        )
    }

    /// Per name of `unmatched` (names without counterpart), whether a learned
    /// correspondence explains it: its partner is the name the other version of the same
    /// document is reported to lack (Gedung Putih in one version, White House in the other).
    pub fn explained(&self, unmatched: &[Unmatched]) -> Vec<bool> {
        if self.0.is_empty() {
            return vec![false; unmatched.len()];
        }
        let missing: Vec<(&str, Lang, String)> = unmatched
            .iter()
            .map(|u| (u.doc.as_str(), u.lang, super::key(&u.name, u.lang)))
            .collect();
        missing
            .iter()
            .zip(unmatched)
            .map(|((_, _, k), u)| {
                missing.iter().any(|(doc, lang, other)| {
                    *doc == u.doc
                        && *lang == u.other_lang
                        && self.0.contains(&(u.lang, k.clone(), *lang, other.clone()))
                })
            })
            .collect()
    }
}

/// Options of the check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Preferred spellings: (language, name); a name with no language applies to all.
    pub canonical: Vec<(Option<Lang>, String)>,
    /// Spellings known to be right (`--accept-names`): an entity all of whose spellings
    /// are on this list is still reported, marked accepted, and is not a finding.
    pub accepted: Vec<(Option<Lang>, String)>,
    /// The pivot language of the cross-version comparison (default: Indonesian when
    /// present, else the first language of each document).
    pub pivot: Option<Lang>,
}

/// Where a spelling occurs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Place {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// One spelling of an entity.
#[derive(Debug, Clone, Serialize)]
pub struct Spelling {
    /// The spelling (inflection removed), as most often written.
    pub text: String,
    /// How many mentions.
    pub count: usize,
    /// Where.
    pub places: Vec<Place>,
}

/// An entity spelled in more than one way in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// The language.
    pub lang: Lang,
    /// The suggested canonical spelling.
    pub canonical: String,
    /// Whether `canonical` comes from the canonical file.
    pub from_canonical_file: bool,
    /// Every spelling is on the list of accepted spellings: not a finding.
    pub accepted: bool,
    /// The spellings, most frequent first.
    pub spellings: Vec<Spelling>,
}

/// A name of one language version with no counterpart in another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    /// The document id.
    pub doc: String,
    /// The language of the version that has the name.
    pub lang: Lang,
    /// The language of the version that lacks it.
    pub other_lang: Lang,
    /// The name, as first written.
    pub name: String,
    /// Where.
    pub places: Vec<Place>,
}

/// The result of [`check`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    /// Documents and files read.
    pub files: usize,
    /// Name mentions found.
    pub mentions: usize,
    /// Entities with more than one spelling in one language.
    pub variants: Vec<Variant>,
    /// Names with no counterpart in another version of their document.
    pub unmatched: Vec<Unmatched>,
    /// Correspondences learned from the aligned beads of a corpus job (translated names
    /// no gazetteer knows), with their evidence; empty when nothing was aligned.
    pub learned: Vec<LearnedName>,
}

/// The parts of a mention: for each word, its hyphen-separated parts without a suffix
/// after an apostrophe or a short one after a hyphen (original case kept).
fn parts(text: &str, rules: &suffix::Rules) -> Vec<Vec<String>> {
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let mut out = Vec::new();
        for (pi, part) in word.split('-').enumerate() {
            let base = match part.find(['\'', '’']) {
                Some(p) if rules.apostrophe_suffix || part[p..].chars().count() <= 4 => &part[..p],
                _ => part,
            };
            if pi > 0
                && rules.hyphen_suffix
                && !base.chars().any(char::is_uppercase)
                && base.chars().count() <= 5
            {
                break;
            }
            if !base.is_empty() {
                out.push(base.to_string());
            }
        }
        words.push(out);
    }
    words
}

/// Every reading of a lower-case word: itself, then its stems (longest suffix first).
fn readings<'a>(lower: &'a str, rules: &'a suffix::Rules, all_caps: bool) -> Vec<&'a str> {
    let mut v = vec![lower];
    if !all_caps {
        v.extend(rules.stems(lower).map(|(s, _)| s));
    }
    v
}

/// How often each reading of each word occurs among the mentions of one language: the
/// evidence that picks the stem of an ambiguous form (Vaşinqtonun → Vaşinqton, because
/// Vaşinqton, Vaşinqtona, Vaşinqtonda also occur).
pub fn reading_counts<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    lang: Lang,
) -> HashMap<String, usize> {
    reading_counts_weighted(texts.into_iter().map(|t| (t, 1)), lang)
}

/// [`reading_counts`] of texts given with how often each occurs.
fn reading_counts_weighted<'a>(
    texts: impl IntoIterator<Item = (&'a str, usize)>,
    lang: Lang,
) -> HashMap<String, usize> {
    let rules = suffix::rules(lang);
    let turkic = fold::dotless_i(lang);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (t, n) in texts {
        for word in parts(t, rules) {
            for part in word {
                let mut lower = String::new();
                fold::lower_into(&part, turkic, &mut lower);
                let caps = !part.chars().any(char::is_lowercase);
                for r in readings(&lower, rules, caps) {
                    *counts.entry(r.to_string()).or_default() += n;
                }
            }
        }
    }
    counts
}

/// The spelling of a mention: the text with its case suffixes removed (so that
/// inflections are not variants), keeping letters, diacritics, case and hyphens. With
/// `counts` (from [`reading_counts`]) an ambiguous form takes its most frequent reading.
pub fn spelling(text: &str, lang: Lang, counts: Option<&HashMap<String, usize>>) -> String {
    let rules = suffix::rules(lang);
    let turkic = fold::dotless_i(lang);
    let mut out = String::with_capacity(text.len());
    for (wi, word) in parts(text, rules).iter().enumerate() {
        if wi > 0 {
            out.push(' ');
        }
        for (pi, base) in word.iter().enumerate() {
            if pi > 0 {
                out.push('-');
            }
            let mut lower = String::new();
            fold::lower_into(base, turkic, &mut lower);
            let all_caps = !base.chars().any(char::is_lowercase);
            let keep = if all_caps {
                base.chars().count()
            } else {
                let rs = readings(&lower, rules, false);
                let default = rs.get(1).copied().unwrap_or(&lower[..]);
                let chosen = match counts {
                    Some(c) => {
                        let best = rs
                            .iter()
                            .map(|r| c.get(*r).copied().unwrap_or(0))
                            .max()
                            .unwrap_or(0);
                        // the word itself wins only when no stem is as frequent
                        rs.iter()
                            .skip(1)
                            .find(|r| c.get(**r).copied().unwrap_or(0) == best)
                            .copied()
                            .unwrap_or(if best > 0 { &lower[..] } else { default })
                    }
                    None => default,
                };
                chosen.chars().count()
            };
            out.extend(base.chars().take(keep));
        }
    }
    out
}

struct Occ<'a> {
    doc: &'a CheckDocument,
    line: usize,
    mention: Mention,
}

/// The documents of a corpus folder read for the check, and what could not be read.
#[derive(Debug, Default)]
pub struct CorpusDocuments {
    /// The documents that could be read, in corpus order.
    pub docs: Vec<CheckDocument>,
    /// Files and folders skipped (see [`crate::corpus::Corpus::warnings`]).
    pub warnings: Vec<String>,
    /// Files that could not be read (bad bytes, binary, empty, a second file for a
    /// document); the check goes on without them.
    pub errors: Vec<Error>,
}

/// Reads every document of the corpus folder `root` (see [`crate::corpus::Corpus`]) with
/// `opts` into check documents; a file that cannot be read is noted and the others are
/// still read.
pub fn read_corpus(root: &Path, opts: &ReadOptions) -> Result<CorpusDocuments> {
    let corpus = Corpus::discover(root)?;
    let mut out = CorpusDocuments {
        docs: Vec::with_capacity(corpus.files.len()),
        warnings: corpus.warnings,
        errors: corpus.errors,
    };
    for f in &corpus.files {
        match Document::read(&f.path, f.lang, opts) {
            Ok(d) => out.docs.push(CheckDocument::from_document(&f.doc, &d)),
            Err(e) => out.errors.push(e),
        }
    }
    Ok(out)
}

/// Reads a list of names (a canonical-spellings file, a list of accepted spellings): one
/// name per line, or `lang<TAB>name`; `#` comments.
pub fn read_canonical(path: &Path) -> Result<Vec<(Option<Lang>, String)>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::new(ErrorKind::Decode, "the list of names is not UTF-8").with_path(path)
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((l, n)) => {
                let lang = Lang::parse(l).map_err(|e| e.with_path(path).with_line(i + 1))?;
                out.push((Some(lang), n.trim().to_string()));
            }
            None => out.push((None, line.trim().to_string())),
        }
    }
    Ok(out)
}

/// The check options of the lists of names in the files `canonical` (preferred spellings)
/// and `accepted` (spellings known to be right), where given.
pub fn name_lists(canonical: Option<&Path>, accepted: Option<&Path>) -> Result<CheckOptions> {
    Ok(CheckOptions {
        canonical: canonical
            .map(read_canonical)
            .transpose()?
            .unwrap_or_default(),
        accepted: accepted
            .map(read_canonical)
            .transpose()?
            .unwrap_or_default(),
        pivot: None,
    })
}

/// Writes `report` as `names.json` into `dir` (created if needed), atomically.
pub fn write_json(report: &CheckReport, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let json = serde_json::to_string_pretty(report)
        .map_err(|e| Error::new(ErrorKind::Io, format!("serializing the report: {e}")))?;
    write_atomic(&dir.join("names.json"), json.as_bytes())
}

/// Runs the check on `docs`, held in memory (a corpus job feeds its document groups to a
/// [`NamesTally`](super::NamesTally) instead, with the same result).
pub fn check(docs: &[CheckDocument], opts: &CheckOptions) -> CheckReport {
    let mut known: HashSet<String> = HashSet::new();
    for d in docs {
        known_words(d, &mut known);
    }
    let occs = occurrences(docs, &known);
    let mut counts: BTreeMap<Lang, BTreeMap<String, usize>> = BTreeMap::new();
    for o in &occs {
        *counts
            .entry(o.doc.lang)
            .or_default()
            .entry(o.mention.text.clone())
            .or_default() += 1;
    }
    let drafts = variants(&counts, opts);
    // where each mention text of a variant goes: (variant, spelling)
    let mut slots: HashMap<(Lang, &str), Vec<(usize, usize)>> = HashMap::new();
    for (vi, d) in drafts.iter().enumerate() {
        for (si, texts) in d.texts.iter().enumerate() {
            for t in texts {
                slots
                    .entry((d.variant.lang, t.as_str()))
                    .or_default()
                    .push((vi, si));
            }
        }
    }
    let mut places: Vec<Vec<BTreeSet<Place>>> = drafts
        .iter()
        .map(|d| vec![BTreeSet::new(); d.texts.len()])
        .collect();
    for o in &occs {
        for &(vi, si) in slots
            .get(&(o.doc.lang, o.mention.text.as_str()))
            .map_or(&[][..], Vec::as_slice)
        {
            places[vi][si].insert(Place {
                file: o.doc.file.clone(),
                line: o.line,
            });
        }
    }
    let variants_found: Vec<Variant> = drafts
        .into_iter()
        .zip(places)
        .map(|(d, p)| {
            let mut v = d.variant;
            for (sp, set) in v.spellings.iter_mut().zip(p) {
                sp.places = set.into_iter().collect();
            }
            v
        })
        .collect();
    CheckReport {
        files: docs.len(),
        mentions: occs.len(),
        variants: variants_found,
        unmatched: unmatched(&occs, opts),
        learned: Vec::new(),
    }
}

/// Adds to `known` the words seen as names inside the sentences of `doc`: a sentence-initial
/// word, a headline word or a German noun of any document is a name when it is one of these.
pub fn known_words(doc: &CheckDocument, known: &mut HashSet<String>) {
    for s in &doc.sentences {
        for m in mentions_with(&s.text, doc.lang, None) {
            for w in m.text.split_whitespace() {
                super::mentions::add_known(known, w, doc.lang);
            }
        }
    }
}

fn occurrences<'d>(docs: &'d [CheckDocument], known: &HashSet<String>) -> Vec<Occ<'d>> {
    let mut occs: Vec<Occ<'_>> = Vec::new();
    for d in docs {
        for s in &d.sentences {
            for m in mentions_with(&s.text, d.lang, Some(known)) {
                occs.push(Occ {
                    doc: d,
                    line: s.line,
                    mention: m,
                });
            }
        }
    }
    occs
}

/// The names of one document group (the language versions of one document), given the
/// words `known` as names in the whole corpus (see [`known_words`]).
pub fn check_group(
    docs: &[CheckDocument],
    known: &HashSet<String>,
    opts: &CheckOptions,
) -> GroupNames {
    let occs = occurrences(docs, known);
    let index = |d: &CheckDocument| docs.iter().position(|x| std::ptr::eq(x, d)).unwrap_or(0);
    GroupNames {
        files: docs.len(),
        mentions: occs
            .iter()
            .map(|o| NameMention {
                file: index(o.doc),
                lang: o.doc.lang,
                text: o.mention.text.clone(),
                line: o.line,
            })
            .collect(),
        unmatched: unmatched(&occs, opts),
    }
}

/// A variant entity before its places are known, with the mention texts of each spelling.
pub(super) struct VariantDraft {
    /// The entity (spellings with no places yet).
    pub variant: Variant,
    /// Per spelling, the mention texts it stands for.
    pub texts: Vec<Vec<String>>,
}

/// Groups the mention texts of each language (with their counts) by spelling, then
/// spellings into entities.
pub(super) fn variants(
    counts: &BTreeMap<Lang, BTreeMap<String, usize>>,
    opts: &CheckOptions,
) -> Vec<VariantDraft> {
    let mut out = Vec::new();
    for (&lang, texts) in counts {
        let readings = reading_counts_weighted(texts.iter().map(|(t, n)| (t.as_str(), *n)), lang);
        let mut spellings = Spellings::new();
        for (text, n) in texts {
            let sp = spelling(text, lang, Some(&readings));
            if sp.is_empty() {
                continue;
            }
            *spellings
                .entry(sp)
                .or_default()
                .entry(text.clone())
                .or_default() += n;
        }
        let spellings = merge_inflections(spellings, lang);
        let names: Vec<&String> = spellings.keys().collect();
        let prepared: Vec<Prepared> = names.iter().map(|n| Prepared::new(n, lang)).collect();
        let forms: Vec<&NameForm> = prepared.iter().map(|p| &p.form).collect();
        let ents: Vec<&Vec<u32>> = prepared.iter().map(|p| &p.entities).collect();
        let mut sets = DisjointSets::new(names.len());
        // candidates: same first letter of the key, or one gazetteer entity
        let mut buckets: BTreeMap<char, Vec<usize>> = BTreeMap::new();
        for (i, f) in forms.iter().enumerate() {
            if let Some(c) = f.stem.first().and_then(|t| t.chars().next()) {
                buckets.entry(c).or_default().push(i);
            }
        }
        let mut by_entity: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, e) in ents.iter().enumerate() {
            for &x in e.iter() {
                by_entity.entry(x).or_default().push(i);
            }
        }
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for v in buckets.values().chain(by_entity.values()) {
            for (a, &i) in v.iter().enumerate() {
                for &j in &v[a + 1..] {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
        for (i, j) in pairs {
            let (fi, fj) = (&forms[i], &forms[j]);
            if fi.raw.len() != fj.raw.len() || fi.acronym != fj.acronym {
                continue;
            }
            let same_entity = !ents[i].is_empty() && ents[i].iter().any(|x| ents[j].contains(x));
            let both_known_apart = !ents[i].is_empty() && !ents[j].is_empty() && !same_entity;
            if both_known_apart {
                continue;
            }
            let near = prepared[i].skeletons.iter().any(|x| {
                prepared[j]
                    .skeletons
                    .iter()
                    .any(|y| is_spelling_variant(x, y))
            });
            if same_entity || fi.stem == fj.stem || near {
                sets.union(i, j);
            }
        }
        let groups = sets.groups();
        for members in groups.values().filter(|m| m.len() > 1) {
            let mut sp: Vec<(Spelling, Vec<String>)> = members
                .iter()
                .map(|&i| {
                    let surfaces = &spellings[names[i]];
                    let spelling = Spelling {
                        text: display(names[i], surfaces),
                        count: surfaces.values().sum(),
                        places: Vec::new(),
                    };
                    (spelling, surfaces.keys().cloned().collect())
                })
                .collect();
            sp.sort_by(|(a, _), (b, _)| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
            let from_file = opts.canonical.iter().find(|(l, c)| {
                l.is_none_or(|l| l.iso3() == lang.iso3())
                    && members.iter().any(|&i| {
                        let f = Prepared::new(c, lang);
                        f.form.stem == forms[i].stem
                            || fuzzy_prepared(&f, &prepared[i]) >= THRESHOLD
                    })
            });
            let (canonical, from_canonical_file) = match from_file {
                Some((_, c)) => (c.clone(), true),
                None => (sp[0].0.text.clone(), false),
            };
            let accepted = sp
                .iter()
                .all(|(x, _)| is_accepted(&x.text, lang, &opts.accepted));
            let (spellings, texts): (Vec<Spelling>, Vec<Vec<String>>) = sp.into_iter().unzip();
            out.push(VariantDraft {
                variant: Variant {
                    lang,
                    canonical,
                    from_canonical_file,
                    accepted,
                    spellings,
                },
                texts,
            });
        }
    }
    out
}

/// Per spelling, the mention texts written so and their counts.
type Spellings = BTreeMap<String, BTreeMap<String, usize>>;

/// Whether `text` (a spelling of language `lang`) is on the `accepted` list: the same
/// spelling, inflection and letter case aside (Çavuşoğlu accepts Çavuşoğlu'nun, not
/// Cavusoglu).
fn is_accepted(text: &str, lang: Lang, accepted: &[(Option<Lang>, String)]) -> bool {
    let norm = |t: &str| spelling(t, lang, None).to_lowercase();
    let want = norm(text);
    accepted
        .iter()
        .any(|(l, a)| l.is_none_or(|l| l.iso3() == lang.iso3()) && norm(a) == want)
}

/// How to show a spelling: as written without inflection when it occurs so, else its most
/// frequent written form (Шотландии rather than the stem Шотланд).
fn display(spelling: &str, surfaces: &BTreeMap<String, usize>) -> String {
    if surfaces.contains_key(spelling) {
        return spelling.to_string();
    }
    surfaces
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or_else(|| spelling.to_string(), |(s, _)| s.clone())
}

/// Merges spellings that are inflections of each other (every word shares a reading:
/// Respublikası / Respublikasın, Şurası / Şurasın) into the most frequent one.
fn merge_inflections(spellings: Spellings, lang: Lang) -> Spellings {
    let rules = suffix::rules(lang);
    let turkic = fold::dotless_i(lang);
    let names: Vec<&String> = spellings.keys().collect();
    let readings_of = |name: &str| -> Vec<BTreeSet<String>> {
        name.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut lower = String::new();
                fold::lower_into(w, turkic, &mut lower);
                let caps = !w.chars().any(char::is_lowercase);
                readings(&lower, rules, caps)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    };
    let reads: Vec<Vec<BTreeSet<String>>> = names.iter().map(|n| readings_of(n)).collect();
    let mut buckets: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
    for (i, r) in reads.iter().enumerate() {
        if let Some(first) = r.first() {
            for x in first {
                buckets.entry((r.len(), x.as_str())).or_default().push(i);
            }
        }
    }
    let mut sets = DisjointSets::new(names.len());
    let mut keys: Vec<&(usize, &str)> = buckets.keys().collect();
    keys.sort();
    for k in keys {
        let v = &buckets[k];
        for (a, &i) in v.iter().enumerate() {
            for &j in &v[a + 1..] {
                let all = reads[i]
                    .iter()
                    .zip(&reads[j])
                    .all(|(x, y)| x.intersection(y).next().is_some());
                if all {
                    sets.union(i, j);
                }
            }
        }
    }
    let groups = sets.groups();
    let mut out = Spellings::new();
    for members in groups.values() {
        let count = |i: usize| spellings[names[i]].values().sum::<usize>();
        let best = members
            .iter()
            .copied()
            .max_by(|&a, &b| count(a).cmp(&count(b)).then(names[b].cmp(names[a])))
            .unwrap_or(members[0]);
        let e = out.entry(names[best].clone()).or_default();
        for &m in members {
            for (k, v) in &spellings[names[m]] {
                *e.entry(k.clone()).or_default() += v;
            }
        }
    }
    out
}

/// Names of one version with no counterpart in another version of the same document.
fn unmatched(occs: &[Occ<'_>], opts: &CheckOptions) -> Vec<Unmatched> {
    // doc -> lang -> key -> (first text, places)
    type Names = BTreeMap<String, (String, BTreeSet<Place>)>;
    let mut by_doc: BTreeMap<&str, BTreeMap<Lang, Names>> = BTreeMap::new();
    for o in occs {
        let e = by_doc
            .entry(o.doc.doc.as_str())
            .or_default()
            .entry(o.doc.lang)
            .or_default()
            .entry(o.mention.key.clone())
            .or_insert_with(|| (o.mention.text.clone(), BTreeSet::new()));
        e.1.insert(Place {
            file: o.doc.file.clone(),
            line: o.line,
        });
    }
    let mut out = Vec::new();
    for (doc, langs) in &by_doc {
        if langs.len() < 2 {
            continue;
        }
        let pivot = opts
            .pivot
            .filter(|p| langs.contains_key(p))
            .or_else(|| langs.contains_key(&Lang::IND).then_some(Lang::IND))
            .or_else(|| langs.keys().next().copied());
        let Some(pivot) = pivot else { continue };
        let prepared: BTreeMap<Lang, Vec<Candidate<'_>>> = langs
            .iter()
            .map(|(l, names)| {
                (
                    *l,
                    names
                        .values()
                        .map(|(text, places)| Candidate::new(text, places, *l))
                        .collect(),
                )
            })
            .collect();
        for &other in langs.keys().filter(|l| **l != pivot) {
            for (a, b) in [(pivot, other), (other, pivot)] {
                let index = CandidateIndex::new(&prepared[&b], a);
                for ca in &prepared[&a] {
                    if !index.has_counterpart(ca, &prepared[&b], b) {
                        out.push(Unmatched {
                            doc: doc.to_string(),
                            lang: a,
                            other_lang: b,
                            name: ca.text.to_string(),
                            places: ca.places.iter().cloned().collect(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// A name of one version, prepared for comparison.
struct Candidate<'a> {
    text: &'a str,
    places: &'a BTreeSet<Place>,
    prepared: Prepared,
    /// Distinctive skeleton tokens (3 letters or more, or a number: F-16).
    tokens: Vec<String>,
}

impl<'a> Candidate<'a> {
    fn new(text: &'a str, places: &'a BTreeSet<Place>, lang: Lang) -> Candidate<'a> {
        let prepared = Prepared::new(text, lang);
        let mut tokens: Vec<String> = prepared
            .skeletons
            .iter()
            .flatten()
            .chain(&prepared.form.raw)
            .filter(|t| t.len() >= 3 || (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())))
            .cloned()
            .collect();
        // the concepts of its words, a name of one word too (Məhkəmə / Mahkamah Agung)
        tokens.extend(word_concepts(&prepared.form, lang));
        tokens.sort();
        tokens.dedup();
        Candidate {
            text,
            places,
            prepared,
            tokens,
        }
    }
}

/// The first letters of a name's tokens and of the names its gazetteer entities have in
/// `lang` (France → p for Prancis, Perancis), sorted and deduplicated.
fn first_letters(prepared: &Prepared, lang: Lang) -> Vec<u8> {
    let initials = |p: &Prepared| -> Vec<u8> {
        p.skeletons
            .iter()
            .flatten()
            .filter_map(|t| t.bytes().next())
            .collect()
    };
    let mut letters = initials(prepared);
    let g = gazetteer();
    for &e in &prepared.entities {
        for (l, p) in g.prepared_names(e) {
            if l == lang.iso3() {
                letters.extend(initials(p));
            }
        }
    }
    letters.sort_unstable();
    letters.dedup();
    letters
}

/// The names of one version, indexed by gazetteer entity and by the first letter of
/// their tokens, so that each name is compared only with plausible counterparts.
struct CandidateIndex {
    by_entity: HashMap<u32, Vec<usize>>,
    by_letter: HashMap<u8, Vec<usize>>,
}

impl CandidateIndex {
    /// Indexes `cands`; names of gazetteer entities are also filed under the first letters
    /// of the entity's names in `query_lang` (France under p for Perancis).
    fn new(cands: &[Candidate<'_>], query_lang: Lang) -> CandidateIndex {
        let mut by_entity: HashMap<u32, Vec<usize>> = HashMap::new();
        let mut by_letter: HashMap<u8, Vec<usize>> = HashMap::new();
        for (i, c) in cands.iter().enumerate() {
            for &e in &c.prepared.entities {
                by_entity.entry(e).or_default().push(i);
            }
            for l in first_letters(&c.prepared, query_lang) {
                by_letter.entry(l).or_default().push(i);
            }
        }
        CandidateIndex {
            by_entity,
            by_letter,
        }
    }

    fn has_counterpart(&self, a: &Candidate<'_>, cands: &[Candidate<'_>], other: Lang) -> bool {
        if a.prepared
            .entities
            .iter()
            .any(|e| self.by_entity.contains_key(e))
        {
            return true;
        }
        let mut seen = HashSet::new();
        for l in first_letters(&a.prepared, other) {
            for &i in self.by_letter.get(&l).map_or(&[][..], Vec::as_slice) {
                if !seen.insert(i) {
                    continue;
                }
                let b = &cands[i];
                if shares_token(&a.tokens, &b.tokens)
                    || score_prepared(&a.prepared, &b.prepared) >= THRESHOLD
                {
                    return true;
                }
            }
        }
        false
    }
}

/// Two names share a distinctive token (Grup Minsk / Minsk, État Armenpress / Armenpress):
/// enough to count as a counterpart when looking for missing names.
fn shares_token(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| {
        b.iter()
            .any(|y| x == y || token_similarity(x, y) >= THRESHOLD)
    })
}

impl CheckReport {
    /// The entities spelled in more than one way that count as findings: those not
    /// accepted by the list of accepted spellings.
    pub fn variant_findings(&self) -> usize {
        self.variants.iter().filter(|v| !v.accepted).count()
    }

    /// Adds the correspondences learned from the aligned beads of the corpus, and drops
    /// the names without counterpart that they explain: a document whose one version has
    /// Gedung Putih and whose other has White House, each reported as missing from the
    /// other, when the two were learned as one name.
    pub fn add_learned(&mut self, learned: Vec<LearnedName>) {
        let explained = LearnedPairs::new(&learned).explained(&self.unmatched);
        let mut k = 0;
        self.unmatched.retain(|_| {
            k += 1;
            !explained[k - 1]
        });
        self.learned = learned;
    }

    /// The report as text, one finding per block.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "names check: {} files, {} name mentions, {} entities with variant spellings, {} names without counterpart",
            self.files,
            self.mentions,
            self.variants.len(),
            self.unmatched.len()
        );
        if !self.variants.is_empty() {
            let _ = writeln!(s, "\n== variant spellings within one language ==");
        }
        for v in &self.variants {
            let why = if v.accepted {
                "accepted: every spelling is on the list of accepted names".to_string()
            } else if v.from_canonical_file {
                format!("suggested: {}, from canonical file", v.canonical)
            } else {
                format!("suggested: {}, most frequent", v.canonical)
            };
            let _ = writeln!(
                s,
                "[{}] {} ({why})",
                v.lang,
                v.spellings
                    .iter()
                    .map(|x| x.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" / "),
            );
            for sp in &v.spellings {
                let _ = writeln!(
                    s,
                    "  {:<30} {:>4}x  {}",
                    sp.text,
                    sp.count,
                    places(&sp.places)
                );
            }
        }
        if !self.learned.is_empty() {
            let _ = writeln!(s, "\n== names learned from aligned sentences ==");
        }
        for l in &self.learned {
            let _ = writeln!(
                s,
                "[{}] {} = [{}] {}  ({} aligned beads in {} documents; {} and {} beads with each name)",
                l.lang,
                l.name,
                l.other_lang,
                l.other_name,
                l.beads,
                l.documents,
                l.beads_with_name,
                l.beads_with_other
            );
        }
        if !self.unmatched.is_empty() {
            let _ = writeln!(s, "\n== names with no counterpart in another version ==");
        }
        for u in &self.unmatched {
            let _ = writeln!(
                s,
                "[{}] {} {} not found in {}: {}",
                u.doc,
                u.lang,
                u.name,
                u.other_lang,
                places(&u.places)
            );
        }
        s
    }
}

fn places(p: &[Place]) -> String {
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for x in p {
        by_file.entry(&x.file).or_default().push(x.line);
    }
    by_file
        .iter()
        .map(|(f, lines)| {
            format!(
                "{f}:{}",
                lines
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Union-find over `0..n`: which items were joined, directly or through others.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b` (the smaller root becomes the root).
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }

    /// The sets, keyed by their root, members in increasing order.
    fn groups(&mut self) -> BTreeMap<usize, Vec<usize>> {
        let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.parent.len() {
            let r = self.find(i);
            out.entry(r).or_default().push(i);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, lang: Lang, file: &str, lines: &[&str]) -> CheckDocument {
        CheckDocument {
            doc: id.into(),
            lang,
            file: file.into(),
            sentences: lines
                .iter()
                .enumerate()
                .map(|(i, t)| CheckSentence {
                    line: i + 1,
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn spelling_drops_inflection_only() {
        assert_eq!(spelling("Erdoğan'ın", Lang::TUR, None), "Erdoğan");
        assert_eq!(
            spelling("Нагорного Карабаха", Lang::RUS, None),
            spelling("Нагорный Карабах", Lang::RUS, None)
        );
        assert_ne!(
            spelling("Cavusoglu", Lang::TUR, None),
            spelling("Çavuşoğlu", Lang::TUR, None)
        );
    }

    #[test]
    fn corpus_evidence_picks_the_reading() {
        let texts = [
            "Vaşinqtonun",
            "Vaşinqtona",
            "Vaşinqtonda",
            "Meksikanın",
            "Meksika",
        ];
        let c = reading_counts(texts, Lang::AZE);
        assert_eq!(spelling("Vaşinqtonun", Lang::AZE, Some(&c)), "Vaşinqton");
        assert_eq!(spelling("Meksikanın", Lang::AZE, Some(&c)), "Meksika");
        assert_eq!(spelling("Meksika", Lang::AZE, Some(&c)), "Meksika");
    }

    #[test]
    fn reports_variants_and_missing_names() {
        let docs = [
            doc(
                "a",
                Lang::ENG,
                "a.en.txt",
                &[
                    "Fighting in Nagorno-Karabakh went on.",
                    "Talks on Nagorno-Karabakh failed.",
                ],
            ),
            doc(
                "b",
                Lang::ENG,
                "b.en.txt",
                &["Shelling in Nagorny Karabakh resumed near Stepanakert."],
            ),
            doc(
                "b",
                Lang::IND,
                "b.id.txt",
                &["Penembakan di Nagorny Karabakh berlanjut."],
            ),
        ];
        let r = check(&docs, &CheckOptions::default());
        assert_eq!(r.variants.len(), 1, "{}", r.to_text());
        let v = &r.variants[0];
        assert_eq!(v.canonical, "Nagorno-Karabakh");
        assert_eq!(v.spellings[0].count, 2);
        assert!(
            r.unmatched
                .iter()
                .any(|u| u.name == "Stepanakert" && u.other_lang == Lang::IND),
            "{}",
            r.to_text()
        );
        let opts = CheckOptions {
            canonical: vec![(None, "Nagorny Karabakh".into())],
            ..Default::default()
        };
        let r = check(&docs, &opts);
        assert_eq!(r.variants[0].canonical, "Nagorny Karabakh");
        assert!(r.variants[0].from_canonical_file);
    }
}
