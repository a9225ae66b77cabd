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
//! match_documents = false         # pair documents by content, not by file name
//! embed_cmd = "python3 tools/embed_e5.py"   # optional sentence embeddings (see crate::embed)
//! embed_cache = "../cache/embed"            # optional: vectors kept between runs
//! canonical = "names.txt"         # preferred spellings of names
//! accept_names = "accepted.txt"   # spellings known to be right: not findings
//! ```

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::job::JobConfig;
use crate::align::{AlignOptions, Dictionary};
use crate::embed::{EmbedConfig, EmbedSource};
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
    /// Pair the documents by content, not by file name.
    #[serde(default)]
    pub match_documents: bool,
    /// Sentence embeddings from this command (run with `sh -c` in the folder selaras was
    /// started from, like a command typed there; paths are not rewritten).
    #[serde(default)]
    pub embed_cmd: Option<String>,
    /// The embeddings' model id (default: the one the command announces).
    #[serde(default)]
    pub embed_model: Option<String>,
    /// A folder of cached vectors.
    #[serde(default)]
    pub embed_cache: Option<PathBuf>,
    /// Seconds the command may take to start and to answer one batch.
    #[serde(default)]
    pub embed_timeout: Option<f64>,
    /// Preferred spellings of names (one per line, or `lang<TAB>name`).
    #[serde(default)]
    pub canonical: Option<PathBuf>,
    /// Spellings of names known to be right (same format): variants made only of these
    /// are reported as accepted and are not findings.
    #[serde(default)]
    pub accept_names: Option<PathBuf>,
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
                clean_path(&base.join(p))
            }
        };
        let formats = match &self.formats {
            Some(fs) if fs.is_empty() => {
                return Err(Error::new(
                    ErrorKind::Config,
                    "formats = [] writes nothing: give at least one of links, tsv, jsonl, moses, tmx, or leave formats out for all of them",
                ))
            }
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
        let embed = self.embed_config(&rel)?;
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
            jobs: super::check_jobs(self.jobs)?,
            report: self.report.unwrap_or(true),
            match_documents: self.match_documents,
            progress: Default::default(),
            embed,
            names: crate::names::check::name_lists(
                self.canonical.as_deref().map(rel).as_deref(),
                self.accept_names.as_deref().map(rel).as_deref(),
            )?,
            batch: 0,
            cancel: Default::default(),
            edits: None,
        })
    }

    fn embed_config(&self, rel: &dyn Fn(&Path) -> PathBuf) -> Result<Option<EmbedConfig>> {
        let Some(cmd) = &self.embed_cmd else {
            if self.embed_cache.is_some()
                || self.embed_model.is_some()
                || self.embed_timeout.is_some()
            {
                return Err(Error::new(
                    ErrorKind::Config,
                    "embed_cache, embed_model and embed_timeout go with embed_cmd",
                ));
            }
            return Ok(None);
        };
        let timeout = match self.embed_timeout {
            None => crate::embed::DEFAULT_TIMEOUT,
            Some(t) if t > 0.0 && t.is_finite() => std::time::Duration::from_secs_f64(t),
            Some(t) => {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("embed_timeout must be a number of seconds above 0, not {t}"),
                ))
            }
        };
        Ok(Some(EmbedConfig {
            source: EmbedSource::Command(cmd.clone()),
            model: self.embed_model.clone(),
            cache: self.embed_cache.as_deref().map(rel),
            timeout,
        }))
    }
}

/// `path` with `.` components left out and `folder/..` folded where `folder` is not a
/// symbolic link (whose `..` leads elsewhere): `corpora/../out` is `out`.
pub fn clean_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let plain_folder =
                    matches!(out.components().next_back(), Some(Component::Normal(_)))
                        && !out
                            .symlink_metadata()
                            .is_ok_and(|m| m.file_type().is_symlink());
                if plain_folder {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
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
    fn embed_keys_make_an_embedding_config() {
        let j = JobFile::parse(
            "corpus = \"c\"\nout = \"o\"\nembed_cmd = \"python3 e.py\"\nembed_cache = \"cache\"\nembed_timeout = 60\n",
            Path::new("j.toml"),
        )
        .unwrap();
        let e = j.to_config(Path::new("/jobs")).unwrap().embed.unwrap();
        assert_eq!(e.source, EmbedSource::Command("python3 e.py".into()));
        assert_eq!(e.cache.as_deref(), Some(Path::new("/jobs/cache")));
        assert_eq!(e.timeout, std::time::Duration::from_secs(60));
        let j = JobFile::parse(
            "corpus = \"c\"\nout = \"o\"\nembed_cache = \"x\"\n",
            Path::new("j.toml"),
        )
        .unwrap();
        let err = j.to_config(Path::new("/jobs")).unwrap_err();
        assert!(err.to_string().contains("go with embed_cmd"), "{err}");
    }

    #[test]
    fn name_lists_are_read_relative_to_the_job_file() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names");
        let j = JobFile::parse(
            "corpus = \"corpus\"\nout = \"o\"\ncanonical = \"canonical.txt\"\naccept_names = \"accepted.txt\"\n",
            Path::new("j.toml"),
        )
        .unwrap();
        let c = j.to_config(&base).unwrap();
        assert_eq!(c.names.canonical.len(), 2);
        assert_eq!(c.names.accepted.len(), 2);
        let j = JobFile::parse(
            "corpus = \"c\"\nout = \"o\"\naccept_names = \"missing.txt\"\n",
            Path::new("j.toml"),
        )
        .unwrap();
        let e = j.to_config(&base).unwrap_err();
        assert!(e.to_string().contains("missing.txt"), "{e}");
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

    #[test]
    fn paths_are_cleaned() {
        assert_eq!(clean_path(Path::new("corpora/../out")), Path::new("out"));
        assert_eq!(clean_path(Path::new("./a/./b/..")), Path::new("a"));
        assert_eq!(clean_path(Path::new("../x")), Path::new("../x"));
        assert_eq!(clean_path(Path::new("a/..")), Path::new("."));
        assert_eq!(clean_path(Path::new("/a/../b")), Path::new("/b"));
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("deep/er");
        std::fs::create_dir_all(&target).unwrap();
        let link = d.path().join("link");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&target, &link).unwrap();
            // link/.. is deep/, not d: kept as written
            assert_eq!(clean_path(&link.join("../x")), link.join("../x"));
        }
    }

    #[test]
    fn empty_formats_is_an_error() {
        let j = JobFile::parse(
            "corpus = \"c\"\nout = \"o\"\nformats = []\n",
            Path::new("j.toml"),
        )
        .unwrap();
        let e = j.to_config(Path::new(".")).unwrap_err();
        assert!(e.to_string().contains("formats = [] writes nothing"), "{e}");
    }
}
