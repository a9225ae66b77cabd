//! What a corpus job will do, decided from the file names alone before any document is
//! read: the language pairs, the document groups (every language version of one document
//! id), the documents that have no counterpart — and a clear error for a job that would
//! align nothing.

use std::path::Path;

use super::groups::Groups;
use super::job::{FileError, JobSummary, Unmatched};
use super::{Corpus, DocFile};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

/// The plan of a corpus job.
#[derive(Debug)]
pub struct JobPlan {
    /// The pivot language, without its script.
    pub pivot: Lang,
    /// The languages paired with the pivot (without script), sorted.
    pub others: Vec<Lang>,
    /// Every document with a file the job reads, by document id (spilled to a temporary
    /// file once the job has a staging folder).
    pub groups: Groups,
    /// The summary as far as the plan knows it: the corpus, the counts of documents and
    /// files, the warnings and the documents with no counterpart.
    pub summary: JobSummary,
}

/// The files of one document id that a job reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The document id.
    pub doc: String,
    /// Its language versions, in language order.
    pub files: Vec<DocFile>,
    /// How many document pairs it gives (pivot version × each other language present).
    pub pairs: usize,
}

/// Which languages a job pairs.
#[derive(Debug, Clone)]
pub struct PlanOptions<'a> {
    /// The corpus folder, as it is shown in the summary.
    pub corpus: &'a Path,
    /// The pivot language.
    pub pivot: Lang,
    /// Only these other languages (all when `None`).
    pub langs: Option<&'a [Lang]>,
}

fn same(a: Lang, b: Lang) -> bool {
    a.without_script() == b.without_script()
}

/// Whether the job reads files in language `l`: the pivot and the languages paired with it.
fn wanted(opts: &PlanOptions, l: Lang) -> bool {
    same(l, opts.pivot.without_script())
        || opts.langs.is_none_or(|ls| ls.iter().any(|x| same(*x, l)))
}

fn list(langs: &[Lang]) -> String {
    let v: Vec<String> = langs.iter().map(|l| l.code()).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// Plans a job over `corpus` (its files move into the plan's groups).
pub fn plan(corpus: Corpus, opts: &PlanOptions) -> Result<JobPlan> {
    if corpus.files.is_empty() {
        return Err(Error::new(
            ErrorKind::Io,
            "no documents found: name files <doc>.<lang>.txt or put them in <lang>/ folders",
        )
        .with_path(opts.corpus));
    }
    let pivot = opts.pivot.without_script();
    let wanted = |l: Lang| wanted(opts, l);
    let present: Vec<Lang> = {
        let mut v: Vec<Lang> = corpus
            .languages()
            .into_iter()
            .map(Lang::without_script)
            .collect();
        v.dedup();
        v
    };
    check_languages(opts, &present)?;
    let others: Vec<Lang> = present
        .iter()
        .copied()
        .filter(|l| *l != pivot && wanted(*l))
        .collect();
    let Corpus {
        mut files,
        warnings,
        errors,
        ..
    } = corpus;
    // by document id, each document's files in the order found (as `Corpus::documents`)
    if !files.is_sorted_by(|a, b| a.doc <= b.doc) {
        files.sort_by(|a, b| a.doc.cmp(&b.doc));
    }
    let mut summary = JobSummary {
        corpus: opts.corpus.display().to_string(),
        pivot: opts.pivot.code(),
        files: files.len(),
        warnings,
        errors: errors.iter().map(FileError::from).collect(),
        ..Default::default()
    };
    if let Some(ls) = opts.langs {
        for l in ls {
            if !others.contains(&l.without_script()) && !same(*l, pivot) {
                summary
                    .warnings
                    .push(format!("no document in language {l} in the corpus"));
            }
        }
    }
    let mut groups = Vec::new();
    let mut files = files.into_iter().peekable();
    while let Some(first) = files.next() {
        let mut doc_files = vec![first];
        while let Some(f) = files.next_if(|f| f.doc == doc_files[0].doc) {
            doc_files.push(f);
        }
        summary.documents += 1;
        if let Some(g) = plan_group(doc_files, pivot, &others, opts, &mut summary.unmatched) {
            groups.push(g);
        }
    }
    if groups.iter().all(|g| g.pairs == 0) {
        return Err(Error::new(
            ErrorKind::Config,
            format!(
                "nothing to align: no document has both a {} version and a version in {} (every document is unmatched; name the versions of one document <doc>.<lang>.txt with the same <doc>)",
                opts.pivot,
                list(&others)
            ),
        )
        .with_path(opts.corpus));
    }
    Ok(JobPlan {
        pivot,
        others,
        groups: Groups::from(groups),
        summary,
    })
}

/// The group of one document's `files` (those in the job's languages; `None` when there
/// are none), its versions with no counterpart noted in `unmatched`.
fn plan_group(
    files: Vec<DocFile>,
    pivot: Lang,
    others: &[Lang],
    opts: &PlanOptions,
    unmatched: &mut Vec<Unmatched>,
) -> Option<Group> {
    let wanted = |l: Lang| wanted(opts, l);
    let has = |l: Lang| files.iter().any(|f| same(f.lang, l));
    let pairs = if has(pivot) {
        others.iter().filter(|l| has(**l)).count()
    } else {
        0
    };
    let doc = files[0].doc.clone();
    if !has(pivot) {
        for f in files.iter().filter(|f| wanted(f.lang)) {
            unmatched.push(Unmatched {
                doc: doc.clone(),
                lang: f.lang.code(),
                reason: format!("no {} version of this document", opts.pivot),
            });
        }
    } else if pairs == 0 {
        unmatched.push(Unmatched {
            doc: doc.clone(),
            lang: opts.pivot.code(),
            reason: "no other language version of this document".into(),
        });
    }
    let files: Vec<DocFile> = files.into_iter().filter(|f| wanted(f.lang)).collect();
    (!files.is_empty()).then_some(Group { doc, files, pairs })
}

/// The errors of a job that would align nothing because of its languages.
fn check_languages(opts: &PlanOptions, present: &[Lang]) -> Result<()> {
    let pivot = opts.pivot.without_script();
    let err = |msg: String| Err(Error::new(ErrorKind::Config, msg).with_path(opts.corpus));
    if !present.contains(&pivot) {
        return err(format!(
            "no document in the pivot language {} ({}) in the corpus, which has {}: choose the pivot with --pivot",
            opts.pivot,
            opts.pivot.name(),
            list(present)
        ));
    }
    let others: Vec<Lang> = present.iter().copied().filter(|l| *l != pivot).collect();
    if others.is_empty() {
        return err(format!(
            "nothing to align: every document of the corpus is in the pivot language {}",
            opts.pivot
        ));
    }
    match opts.langs {
        Some([]) => err(format!(
            "the list of languages to pair with the pivot is empty: list some of {} (or leave it out to pair them all)",
            list(&others)
        )),
        Some(ls) if ls.iter().all(|l| same(*l, pivot)) => err(format!(
            "--langs {}: that is the pivot language; list the languages to pair with it: some of {}",
            list(ls),
            list(&others)
        )),
        Some(ls) if !ls.iter().any(|l| others.contains(&l.without_script())) => err(format!(
            "--langs {}: no document in {} in the corpus; it has {} besides the pivot {}",
            list(ls),
            if ls.len() == 1 { "that language" } else { "these languages" },
            list(&others),
            opts.pivot
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(names: &[&str]) -> Corpus {
        let listing: Vec<(String, bool)> = names.iter().map(|n| (n.to_string(), false)).collect();
        Corpus::from_listing(Path::new("c"), &listing)
    }

    fn try_plan(c: &Corpus, pivot: &str, langs: Option<&[Lang]>) -> Result<JobPlan> {
        plan(
            c.clone(),
            &PlanOptions {
                corpus: Path::new("c"),
                pivot: Lang::parse(pivot).unwrap(),
                langs,
            },
        )
    }

    #[test]
    fn groups_pairs_and_unmatched() {
        let c = corpus(&["a.id.txt", "a.en.txt", "a.fr.txt", "b.en.txt", "c.id.txt"]);
        let p = try_plan(&c, "id", None).unwrap();
        assert_eq!(p.others, [Lang::ENG, Lang::FRA]);
        let got: Vec<(String, usize)> = p
            .groups
            .iter()
            .unwrap()
            .map(|g| g.map(|g| (g.doc, g.pairs)))
            .collect::<Result<_>>()
            .unwrap();
        let want: Vec<(String, usize)> = vec![("a".into(), 2), ("b".into(), 0), ("c".into(), 0)];
        assert_eq!(got, want);
        assert_eq!(p.summary.unmatched.len(), 2);
    }

    #[test]
    fn a_job_that_aligns_nothing_is_an_error() {
        let c = corpus(&["a.id.txt", "a.en.txt", "a.fr.txt"]);
        let msg = |r: Result<JobPlan>| r.unwrap_err().to_string();
        assert!(msg(try_plan(&c, "de", None)).contains("pivot language de"));
        assert!(
            msg(try_plan(&c, "id", Some(&[Lang::DEU]))).contains("no document in that language")
        );
        assert!(msg(try_plan(&c, "id", Some(&[Lang::IND]))).contains("that is the pivot"));
        assert!(msg(try_plan(&c, "id", Some(&[]))).contains("is empty"));
        let c = corpus(&["a.id.txt", "b.en.txt"]);
        assert!(msg(try_plan(&c, "id", None)).contains("nothing to align"));
    }
}
