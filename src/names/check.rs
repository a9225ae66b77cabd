//! The name consistency check of a corpus: every entity spelled in more than one way
//! within one language (with each spelling's count, files and lines, and a suggested
//! canonical form), and, across the language versions of one document, names present in
//! one version with no counterpart in the other.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::fold;
use super::gazetteer::gazetteer;
use super::matching::{fuzzy, score_forms, THRESHOLD};
use super::mentions::{mentions_with, Mention};
use super::suffix;
use super::{analyze, NameForm};
use crate::lang::Lang;

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

/// Options of the check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Preferred spellings: (language, name); a name with no language applies to all.
    pub canonical: Vec<(Option<Lang>, String)>,
    /// The pivot language of the cross-version comparison (default: Indonesian when
    /// present, else the first language of each document).
    pub pivot: Option<Lang>,
}

/// Where a spelling occurs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    /// The spellings, most frequent first.
    pub spellings: Vec<Spelling>,
}

/// A name of one language version with no counterpart in another.
#[derive(Debug, Clone, Serialize)]
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
}

/// The spelling of a mention: the text with its case suffixes removed (so that
/// inflections are not variants), keeping letters, diacritics, case and hyphens.
pub fn spelling(text: &str, lang: Lang) -> String {
    let rules = suffix::rules(lang);
    let turkic = fold::dotless_i(lang);
    let mut out = String::with_capacity(text.len());
    for (wi, word) in text.split_whitespace().enumerate() {
        if wi > 0 {
            out.push(' ');
        }
        let parts: Vec<&str> = word.split('-').collect();
        for (pi, part) in parts.iter().enumerate() {
            // a suffix after an apostrophe, or a short one after a hyphen
            let base = match part.find(['\'', '’']) {
                Some(p) if rules.apostrophe_suffix || part[p..].chars().count() <= 4 => &part[..p],
                _ => part,
            };
            if pi > 0 && rules.hyphen_suffix && !base.chars().any(char::is_uppercase) && base.chars().count() <= 5 {
                break;
            }
            if pi > 0 {
                out.push('-');
            }
            let mut lower = String::new();
            fold::lower_into(base, turkic, &mut lower);
            let all_caps = !base.chars().any(char::is_lowercase);
            let keep = if all_caps {
                base.chars().count()
            } else {
                rules.strip(&lower).chars().count()
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

/// Runs the check on `docs`.
pub fn check(docs: &[CheckDocument], opts: &CheckOptions) -> CheckReport {
    let mut report = CheckReport {
        files: docs.len(),
        ..Default::default()
    };
    // Words seen capitalised inside sentences, per language: names at a sentence start.
    let mut known: HashMap<Lang, HashSet<String>> = HashMap::new();
    for d in docs {
        let set = known.entry(d.lang).or_default();
        for s in &d.sentences {
            for m in mentions_with(&s.text, d.lang, None) {
                for w in m.text.split_whitespace() {
                    set.insert(super::key(w, d.lang));
                }
            }
        }
    }
    let mut occs: Vec<Occ<'_>> = Vec::new();
    for d in docs {
        let set = known.get(&d.lang);
        for s in &d.sentences {
            for m in mentions_with(&s.text, d.lang, set) {
                occs.push(Occ {
                    doc: d,
                    line: s.line,
                    mention: m,
                });
            }
        }
    }
    report.mentions = occs.len();
    report.variants = variants(&occs, opts);
    report.unmatched = unmatched(docs, &occs, opts);
    report
}

/// Groups the mentions of each language by spelling, then spellings into entities.
fn variants(occs: &[Occ<'_>], opts: &CheckOptions) -> Vec<Variant> {
    // lang -> spelling -> (surface counts, places)
    type Spellings = BTreeMap<String, (BTreeMap<String, usize>, BTreeSet<Place>)>;
    let mut by_lang: BTreeMap<Lang, Spellings> = BTreeMap::new();
    for o in occs {
        let sp = spelling(&o.mention.text, o.doc.lang);
        if sp.is_empty() {
            continue;
        }
        let e = by_lang
            .entry(o.doc.lang)
            .or_default()
            .entry(sp)
            .or_default();
        *e.0.entry(o.mention.text.clone()).or_default() += 1;
        e.1.insert(Place {
            file: o.doc.file.clone(),
            line: o.line,
        });
    }
    let g = gazetteer();
    let mut out = Vec::new();
    for (lang, spellings) in by_lang {
        let names: Vec<&String> = spellings.keys().collect();
        let forms: Vec<NameForm> = names.iter().map(|n| analyze(n, lang)).collect();
        let ents: Vec<Vec<u32>> = forms.iter().map(|f| g.lookup(f, lang).to_vec()).collect();
        // union-find over spellings
        let mut parent: Vec<usize> = (0..names.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        // candidates: same first letter of the key, or one gazetteer entity
        let mut buckets: BTreeMap<char, Vec<usize>> = BTreeMap::new();
        for (i, f) in forms.iter().enumerate() {
            if let Some(c) = f.stem.first().and_then(|t| t.chars().next()) {
                buckets.entry(c).or_default().push(i);
            }
        }
        let mut by_entity: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, e) in ents.iter().enumerate() {
            for &x in e {
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
            if same_entity || fi.stem == fj.stem || fuzzy(fi, fj) >= THRESHOLD {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..names.len() {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        for members in groups.values().filter(|m| m.len() > 1) {
            let mut sp: Vec<Spelling> = members
                .iter()
                .map(|&i| {
                    let (surfaces, places) = &spellings[names[i]];
                    Spelling {
                        text: names[i].clone(),
                        count: surfaces.values().sum(),
                        places: places.iter().cloned().collect(),
                    }
                })
                .collect();
            sp.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
            let from_file = opts.canonical.iter().find(|(l, c)| {
                l.is_none_or(|l| l.iso3() == lang.iso3())
                    && members.iter().any(|&i| {
                        let f = analyze(c, lang);
                        f.stem == forms[i].stem || fuzzy(&f, &forms[i]) >= THRESHOLD
                    })
            });
            let (canonical, from_canonical_file) = match from_file {
                Some((_, c)) => (c.clone(), true),
                None => (sp[0].text.clone(), false),
            };
            out.push(Variant {
                lang,
                canonical,
                from_canonical_file,
                spellings: sp,
            });
        }
    }
    out
}

/// Names of one version with no counterpart in another version of the same document.
fn unmatched(docs: &[CheckDocument], occs: &[Occ<'_>], opts: &CheckOptions) -> Vec<Unmatched> {
    // doc -> lang -> key -> (first text, form, places)
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
    let _ = docs;
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
        let forms: BTreeMap<Lang, Vec<(&String, &(String, BTreeSet<Place>), NameForm)>> = langs
            .iter()
            .map(|(l, names)| {
                (
                    *l,
                    names
                        .iter()
                        .map(|(k, v)| (k, v, analyze(&v.0, *l)))
                        .collect(),
                )
            })
            .collect();
        for (&other, _) in langs.iter().filter(|(l, _)| **l != pivot) {
            for (a, b) in [(pivot, other), (other, pivot)] {
                for (_, (text, places), fa) in &forms[&a] {
                    let found = forms[&b]
                        .iter()
                        .any(|(_, _, fb)| score_forms(fa, a, fb, b) >= THRESHOLD);
                    if !found {
                        out.push(Unmatched {
                            doc: doc.to_string(),
                            lang: a,
                            other_lang: b,
                            name: text.clone(),
                            places: places.iter().cloned().collect(),
                        });
                    }
                }
            }
        }
    }
    out
}

impl CheckReport {
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
            let _ = writeln!(
                s,
                "[{}] {} (suggested: {}{})",
                v.lang,
                v.spellings
                    .iter()
                    .map(|x| x.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" / "),
                v.canonical,
                if v.from_canonical_file {
                    ", from canonical file"
                } else {
                    ", most frequent"
                }
            );
            for sp in &v.spellings {
                let _ = writeln!(s, "  {:<30} {:>4}x  {}", sp.text, sp.count, places(&sp.places));
            }
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
        assert_eq!(spelling("Erdoğan'ın", Lang::TUR), "Erdoğan");
        assert_eq!(spelling("Нагорного Карабаха", Lang::RUS), spelling("Нагорный Карабах", Lang::RUS));
        assert_ne!(spelling("Cavusoglu", Lang::TUR), spelling("Çavuşoğlu", Lang::TUR));
    }

    #[test]
    fn reports_variants_and_missing_names() {
        let docs = [
            doc("a", Lang::ENG, "a.en.txt", &["Fighting in Nagorno-Karabakh went on.", "Talks on Nagorno-Karabakh failed."]),
            doc("b", Lang::ENG, "b.en.txt", &["Shelling in Nagorny Karabakh resumed near Stepanakert."]),
            doc("b", Lang::IND, "b.id.txt", &["Penembakan di Nagorny Karabakh berlanjut."]),
        ];
        let r = check(&docs, &CheckOptions::default());
        assert_eq!(r.variants.len(), 1, "{}", r.to_text());
        let v = &r.variants[0];
        assert_eq!(v.canonical, "Nagorno-Karabakh");
        assert_eq!(v.spellings[0].count, 2);
        assert!(r.unmatched.iter().any(|u| u.name == "Stepanakert" && u.other_lang == Lang::IND), "{}", r.to_text());
        let opts = CheckOptions {
            canonical: vec![(None, "Nagorny Karabakh".into())],
            ..Default::default()
        };
        let r = check(&docs, &opts);
        assert_eq!(r.variants[0].canonical, "Nagorny Karabakh");
        assert!(r.variants[0].from_canonical_file);
    }
}
