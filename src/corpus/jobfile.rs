//! Job files: a corpus job described in TOML (`selaras run JOB.toml`).
//!
//! ```toml
//! corpus = "karabakh-2020"      # relative paths are relative to the job file
//! out = "../out/karabakh-2020"
//! pivot = "id"
//! langs = ["en", "fr"]
//! formats = ["links", "tsv", "jsonl", "moses", "tmx"]
//! encoding = "utf-8"
//! report = true
//! fail_on_findings = false
//! min_score = 0.5                 # Moses and TMX keep only beads at least this confident
//! dict = { en = "id-en.dic" }     # optional dictionaries per target language
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::job::JobConfig;
use crate::align::{AlignOptions, Dictionary};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::output::Format;
use crate::text::ReadOptions;

/// The keys of a job file. Unknown keys are an error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobFile {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// The pivot language (default `id`).
    #[serde(default)]
    pub pivot: Option<String>,
    /// Other languages to align with the pivot (default: all present).
    #[serde(default)]
    pub langs: Option<Vec<String>>,
    /// Output formats (default: all).
    #[serde(default)]
    pub formats: Option<Vec<String>>,
    /// Input encoding (default `utf-8`).
    #[serde(default)]
    pub encoding: Option<String>,
    /// One sentence per line.
    #[serde(default)]
    pub presegmented: bool,
    /// One paragraph per line.
    #[serde(default)]
    pub line_paragraphs: bool,
    /// Worker threads.
    #[serde(default)]
    pub jobs: Option<usize>,
    /// Write report.html (default true).
    #[serde(default)]
    pub report: Option<bool>,
    /// Exit with code 1 when there are figure or name findings.
    #[serde(default)]
    pub fail_on_findings: bool,
    /// Bilingual dictionaries per target language: `dict = { en = "id-en.dic" }` (hunalign
    /// `target @ source` lines, or TSV `source<TAB>target`).
    #[serde(default)]
    pub dict: BTreeMap<String, PathBuf>,
    /// Keep only beads at least this confident in the Moses and TMX files.
    #[serde(default)]
    pub min_score: Option<f64>,
}

impl JobFile {
    /// Reads and parses a job file.
    pub fn read(path: &Path) -> Result<JobFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        JobFile::parse(&text, path)
    }

    /// Parses the text of a job file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<JobFile> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            let msg = e.message().to_string();
            let err = Error::new(ErrorKind::Parse, msg).with_path(path);
            match line {
                Some(l) => err.with_line(l),
                None => err,
            }
        })
    }

    /// The job this file describes; relative paths are taken from `base` (the job file's
    /// folder).
    pub fn to_config(&self, base: &Path) -> Result<JobConfig> {
        let rel = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let formats = match &self.formats {
            Some(fs) => fs
                .iter()
                .map(|f| Format::parse(f))
                .collect::<Result<Vec<_>>>()?,
            None => Format::ALL.to_vec(),
        };
        let langs = match &self.langs {
            Some(ls) => Some(
                ls.iter()
                    .map(|l| Lang::parse(l))
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        let mut dictionaries = BTreeMap::new();
        for (lang, path) in &self.dict {
            dictionaries.insert(
                Lang::parse(lang)?.without_script(),
                Dictionary::read(&rel(path))?,
            );
        }
        let min_score = self.min_score.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&min_score) {
            return Err(Error::new(
                ErrorKind::Config,
                format!("min_score must be between 0 and 1, not {min_score}"),
            ));
        }
        Ok(JobConfig {
            corpus: rel(&self.corpus),
            out: rel(&self.out),
            pivot: Lang::parse(self.pivot.as_deref().unwrap_or("id"))?,
            langs,
            formats,
            read: ReadOptions::from_flags(
                self.encoding.as_deref().unwrap_or("utf-8"),
                self.line_paragraphs,
                self.presegmented,
            )?,
            align: AlignOptions::default(),
            dictionaries,
            min_score,
            jobs: self.jobs,
            report: self.report.unwrap_or(true),
            progress: Default::default(),
            batch: 0,
            cancel: Default::default(),
            edits: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let e = JobFile::parse(
            "corpus = \"c\"\nout = \"o\"\nlangz = [\"en\"]\n",
            Path::new("j.toml"),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse);
        assert_eq!(e.line(), Some(3));
        assert!(e.to_string().contains("langz"), "{e}");
    }

    #[test]
    fn relative_paths_and_defaults() {
        let j = JobFile::parse(
            "corpus = \"c\"\nout = \"/tmp/o\"\nlangs = [\"en\"]\n",
            Path::new("j.toml"),
        )
        .unwrap();
        let c = j.to_config(Path::new("/jobs")).unwrap();
        assert_eq!(c.corpus, Path::new("/jobs/c"));
        assert_eq!(c.out, Path::new("/tmp/o"));
        assert_eq!(c.pivot, Lang::IND);
        assert_eq!(c.formats.len(), 5);
        assert!(c.report);
    }
}
