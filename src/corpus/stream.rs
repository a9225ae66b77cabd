//! The phases of a corpus job as commands over JSON lines (`selaras stream …`), so that an
//! engine that shards lines (Spark's `RDD.pipe`, Hadoop Streaming) can run a job over many
//! machines and still write the bytes `selaras align` writes. One document group per line
//! in, one line out:
//!
//! | step | in | out |
//! |---|---|---|
//! | [`plan`] | the corpus folder (or a listing of it) | a plan: a [`StreamPlan`] line, then one [`GroupLine`] per document group |
//! | [`counts`] | group lines | each group line with its first phase (`"first"`) |
//! | [`merge`] | lines with `"first"`, or count lines | one [`CountsLine`]: the sums |
//! | [`pair_counts`] | lines with `"first"`, and the merged counts | one [`CountsLine`] of pair counts |
//! | [`lexicon`] | count lines (stem and pair counts) | one [`ModelLine`]: the lexicon and the words known as names |
//! | [`align`] | group lines (with or without `"first"`), and the model | one [`GroupResult`] per group |
//! | [`write()`] | result lines, in plan order | the output folder of the job |
//!
//! Sums are associative and commutative, so partial sums (one per shard) can be merged in
//! any order.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::job::{job_stages, write_options, JobConfig, JobSummary};
use super::outdir::OutputFolder;
use super::plan::{plan as make_plan, Group, JobPlan, PlanOptions};
use super::read::{load_group, LoadedGroup};
use super::stage::{GroupFirst, GroupResult, JobModel};
use super::write::JobWriter;
use super::{Corpus, DocFile};
use crate::align::{Lexicon, PairCounts, StemCounts};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::output::Format;
use crate::text::ReadOptions;

/// Version of the line formats.
pub const FORMAT_VERSION: u32 = 1;

/// Lines handled in parallel at a time.
const LINES_PER_BATCH: usize = 64;

/// The first line of a plan: the job's settings (every command of the job reads them from
/// here, so they cannot disagree) and what the plan found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StreamPlan {
    /// Version of the line formats ([`FORMAT_VERSION`]).
    pub selaras_plan: u32,
    /// The corpus folder as given.
    pub corpus: String,
    /// The pivot language.
    pub pivot: Lang,
    /// Only these other languages, if given.
    pub langs: Option<Vec<Lang>>,
    /// The languages paired with the pivot.
    pub others: Vec<Lang>,
    /// Input encoding (`utf-8`, `auto`, a WHATWG label).
    pub encoding: String,
    /// One sentence per line.
    pub presegmented: bool,
    /// One paragraph per line.
    pub line_paragraphs: bool,
    /// Dictionaries per target language: paths, readable where the commands run.
    pub dict: BTreeMap<String, String>,
    /// Output formats.
    pub formats: Vec<String>,
    /// `--min-score`.
    pub min_score: f64,
    /// Whether to write the report.
    pub report: bool,
    /// Document groups in the plan (the lines after this one).
    pub groups: usize,
    /// The summary as far as the plan knows it.
    pub summary: JobSummary,
}

/// One document group: its files, with their contents when the line is fed to a phase.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupLine {
    /// The document id.
    pub doc: String,
    /// Its language versions.
    pub files: Vec<FileLine>,
    /// Document pairs it gives.
    #[serde(default)]
    pub pairs: usize,
    /// Its first phase, once [`counts`] has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<GroupFirst>,
}

/// One file of a group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileLine {
    /// The file as it is shown in outputs and messages (the corpus folder as given, joined
    /// with the path inside it).
    pub path: String,
    /// Its language tag.
    pub lang: String,
    /// Its contents, when they are UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Its contents in base64 (standard alphabet), when they are not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
}

/// Sums of the first phases: stem counts, pair counts, words known as names.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CountsLine {
    /// Per language pair, beads and stem counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stems: Option<StemCounts>,
    /// Per language pair, counts of stem pairs (needs the stem counts of the whole job).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairs: Option<PairCounts>,
    /// Words seen as names, sorted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<Vec<String>>,
}

/// What the second phase needs: the lexicon and the words known as names.
#[derive(Debug, Serialize, Deserialize)]
pub struct ModelLine {
    /// The lexicon of the job.
    pub lexicon: Lexicon,
    /// Words seen as names anywhere in the corpus, sorted.
    pub known: Vec<String>,
}

fn line_error(n: usize, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Parse, format!("not a line of this step: {e}")).with_line(n)
}

fn out_error(e: std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("writing output: {e}"))
}

impl StreamPlan {
    /// The plan line of a job.
    pub fn new(
        cfg: &JobConfig,
        plan: &JobPlan,
        encoding: &str,
        dict: BTreeMap<String, String>,
    ) -> StreamPlan {
        StreamPlan {
            selaras_plan: FORMAT_VERSION,
            corpus: cfg.corpus.display().to_string(),
            pivot: cfg.pivot,
            langs: cfg.langs.clone(),
            others: plan.others.clone(),
            encoding: encoding.to_string(),
            presegmented: cfg.read.presegmented,
            line_paragraphs: cfg.read.paragraphs == crate::text::ParagraphMode::Line,
            dict,
            formats: cfg.formats.iter().map(|f| f.name().to_string()).collect(),
            min_score: cfg.min_score,
            report: cfg.report,
            groups: plan.groups.len(),
            summary: plan.summary.clone(),
        }
    }

    /// Reads the plan line (the first line) of a plan file.
    pub fn read(path: &Path) -> Result<(StreamPlan, Vec<GroupLine>)> {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
        let mut lines = std::io::BufReader::new(f).lines();
        let first = lines
            .next()
            .transpose()
            .map_err(|e| Error::io(path, &e))?
            .ok_or_else(|| Error::new(ErrorKind::Parse, "the plan is empty").with_path(path))?;
        let plan: StreamPlan = serde_json::from_str(&first).map_err(|e| {
            Error::new(
                ErrorKind::Parse,
                format!("not a plan of `selaras stream plan`: {e}"),
            )
            .with_path(path)
            .with_line(1)
        })?;
        if plan.selaras_plan != FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::Parse,
                format!(
                    "a plan of format {} (this selaras reads format {FORMAT_VERSION}): make the plan again",
                    plan.selaras_plan
                ),
            )
            .with_path(path));
        }
        let mut groups = Vec::new();
        for (k, line) in lines.enumerate() {
            let line = line.map_err(|e| Error::io(path, &e))?;
            let g: GroupLine =
                serde_json::from_str(&line).map_err(|e| line_error(k + 2, e).with_path(path))?;
            groups.push(g);
        }
        Ok((plan, groups))
    }

    /// The job configuration of the plan.
    pub fn config(&self, out: &Path) -> Result<JobConfig> {
        let mut dictionaries = BTreeMap::new();
        for (lang, path) in &self.dict {
            dictionaries.insert(
                Lang::parse(lang)?.without_script(),
                crate::align::Dictionary::read(Path::new(path))?,
            );
        }
        Ok(JobConfig {
            pivot: self.pivot,
            langs: self.langs.clone(),
            formats: self
                .formats
                .iter()
                .map(|f| Format::parse(f))
                .collect::<Result<_>>()?,
            read: ReadOptions::from_flags(&self.encoding, self.line_paragraphs, self.presegmented)?,
            dictionaries,
            min_score: self.min_score,
            report: self.report,
            ..JobConfig::new(PathBuf::from(&self.corpus), out)
        })
    }

    /// The job plan, with the groups of the plan file.
    fn job_plan(&self, groups: &[GroupLine]) -> Result<JobPlan> {
        let groups = groups
            .iter()
            .map(|g| {
                Ok(Group {
                    doc: g.doc.clone(),
                    files: g
                        .files
                        .iter()
                        .map(|f| {
                            Ok(DocFile {
                                doc: g.doc.clone(),
                                lang: Lang::parse(&f.lang)?,
                                tag: f.lang.clone(),
                                path: PathBuf::from(&f.path),
                            })
                        })
                        .collect::<Result<_>>()?,
                    pairs: g.pairs,
                })
            })
            .collect::<Result<Vec<Group>>>()?;
        Ok(JobPlan {
            pivot: self.pivot.without_script(),
            others: self.others.clone(),
            groups: groups.into(),
            summary: self.summary.clone(),
        })
    }
}

impl GroupLine {
    /// The line of a planned group, with the contents of its files read from disk when
    /// `read` is set.
    pub fn of(g: &Group, read: bool) -> GroupLine {
        GroupLine {
            doc: g.doc.clone(),
            files: g
                .files
                .iter()
                .map(|f| {
                    let mut line = FileLine {
                        path: f.path.display().to_string(),
                        lang: f.tag.clone(),
                        text: None,
                        base64: None,
                    };
                    if read {
                        if let Ok(bytes) = std::fs::read(&f.path) {
                            line.set_contents(bytes);
                        }
                    }
                    line
                })
                .collect(),
            pairs: g.pairs,
            first: None,
        }
    }

    /// Its documents, decoded and segmented.
    pub fn load(&self, read: &ReadOptions) -> Result<LoadedGroup> {
        let mut bytes = Vec::new();
        for f in &self.files {
            let b = match (&f.text, &f.base64) {
                (Some(t), _) => t.as_bytes().to_vec(),
                (None, Some(b)) => decode_base64(b).ok_or_else(|| {
                    Error::new(ErrorKind::Parse, "base64 contents that cannot be decoded")
                        .with_path(Path::new(&f.path))
                })?,
                (None, None) => {
                    std::fs::read(&f.path).map_err(|e| Error::io(Path::new(&f.path), &e))?
                }
            };
            bytes.push((PathBuf::from(&f.path), Lang::parse(&f.lang)?, b));
        }
        let files: Vec<(&Path, Lang, &[u8])> = bytes
            .iter()
            .map(|(p, l, b)| (p.as_path(), *l, b.as_slice()))
            .collect();
        Ok(load_group(&self.doc, &files, read))
    }
}

impl FileLine {
    /// Sets the contents: as text when they are UTF-8, else base64.
    pub fn set_contents(&mut self, bytes: Vec<u8>) {
        match String::from_utf8(bytes) {
            Ok(t) => self.text = Some(t),
            Err(e) => self.base64 = Some(encode_base64(e.as_bytes())),
        }
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(B64[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, white space ignored); `None` when it is not.
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            break;
        }
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Maps every line of `input` through `f` in parallel batches, writing the results in order.
fn map_lines(
    input: impl BufRead,
    mut output: impl Write,
    f: impl Fn(usize, &str) -> Result<String> + Sync,
) -> Result<()> {
    let mut lines = input.lines().enumerate();
    loop {
        let batch: Vec<(usize, String)> = lines
            .by_ref()
            .take(LINES_PER_BATCH)
            .map(|(k, l)| l.map(|l| (k + 1, l)))
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::new(ErrorKind::Io, format!("reading input: {e}")))?;
        if batch.is_empty() {
            break;
        }
        let outs: Vec<String> = batch
            .par_iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(k, l)| f(*k, l))
            .collect::<Result<_>>()?;
        for o in outs {
            output.write_all(o.as_bytes()).map_err(out_error)?;
            output.write_all(b"\n").map_err(out_error)?;
        }
    }
    output.flush().map_err(out_error)
}

fn to_line<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::new(ErrorKind::Io, format!("serializing: {e}")))
}

/// The job settings the stream commands do not carry yet: a clear error rather than
/// outputs that differ from `selaras run`.
fn refuse_unstreamed(cfg: &JobConfig) -> Result<()> {
    let unstreamed = [
        (cfg.match_documents, "match_documents (--match-documents)"),
        (cfg.embed.is_some(), "sentence embeddings (--embed-cmd)"),
        (
            cfg.edits.is_some(),
            "edits from the review report (--edits)",
        ),
        (
            !cfg.names.canonical.is_empty() || !cfg.names.accepted.is_empty(),
            "name lists (--canonical, --accept-names)",
        ),
    ];
    match unstreamed.iter().find(|(on, _)| *on) {
        Some((_, what)) => Err(Error::new(
            ErrorKind::Config,
            format!("{what}: not carried by `selaras stream` yet; run this job with `selaras run`"),
        )),
        None => Ok(()),
    }
}

/// `stream plan`: the plan line and a line per document group of the corpus folder `cfg.corpus`
/// (or of `listing`: paths relative to it, with whether each is a folder), contents
/// included when `read`.
pub fn plan(
    cfg: &JobConfig,
    encoding: &str,
    dict: BTreeMap<String, String>,
    listing: Option<&[(String, bool)]>,
    read: bool,
    mut output: impl Write,
) -> Result<()> {
    refuse_unstreamed(cfg)?;
    let corpus = match listing {
        Some(l) => Corpus::from_listing(&cfg.corpus, l),
        None => Corpus::discover(&cfg.corpus)?,
    };
    let p = make_plan(
        corpus,
        &PlanOptions {
            corpus: &cfg.corpus,
            pivot: cfg.pivot,
            langs: cfg.langs.as_deref(),
        },
    )?;
    let head = StreamPlan::new(cfg, &p, encoding, dict);
    writeln!(output, "{}", to_line(&head)?).map_err(out_error)?;
    for g in p.groups.iter()? {
        writeln!(output, "{}", to_line(&GroupLine::of(&g?, read))?).map_err(out_error)?;
    }
    output.flush().map_err(out_error)
}

/// `stream counts`: each group line with its first phase.
pub fn counts(plan: &StreamPlan, input: impl BufRead, output: impl Write) -> Result<()> {
    let cfg = plan.config(Path::new("."))?;
    let p = plan.job_plan(&[])?;
    let stages = job_stages(&cfg, &p)?;
    map_lines(input, output, |k, line| {
        let mut g: GroupLine = serde_json::from_str(line).map_err(|e| line_error(k, e))?;
        let loaded = g.load(&cfg.read)?;
        g.first = Some(stages.first(&loaded)?);
        to_line(&g)
    })
}

/// `stream merge`: the sums of every line (lines with a first phase, or count lines).
pub fn merge(input: impl BufRead, mut output: impl Write) -> Result<()> {
    let mut stems: Option<StemCounts> = None;
    let mut pairs: Option<PairCounts> = None;
    let mut known: Option<HashSet<String>> = None;
    for (k, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::new(ErrorKind::Io, format!("reading input: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| line_error(k + 1, e))?;
        if v.get("first").is_some() {
            let g: GroupLine = serde_json::from_value(v).map_err(|e| line_error(k + 1, e))?;
            if let Some(f) = g.first {
                let s = stems.get_or_insert_with(StemCounts::default);
                for (_, fp) in &f.passes {
                    s.add(fp);
                }
                known.get_or_insert_with(HashSet::new).extend(f.known);
            }
        } else {
            let c: CountsLine = serde_json::from_value(v).map_err(|e| line_error(k + 1, e))?;
            if let Some(s) = c.stems {
                stems.get_or_insert_with(StemCounts::default).merge(s);
            }
            if let Some(p) = c.pairs {
                pairs.get_or_insert_with(PairCounts::default).merge(p);
            }
            if let Some(w) = c.known {
                known.get_or_insert_with(HashSet::new).extend(w);
            }
        }
    }
    let known = known.map(|k| {
        let mut v: Vec<String> = k.into_iter().collect();
        v.sort_unstable();
        v
    });
    let line = to_line(&CountsLine {
        stems,
        pairs,
        known,
    })?;
    writeln!(output, "{line}").map_err(out_error)?;
    output.flush().map_err(out_error)
}

/// `stream pairs`: the pair counts of the lines with a first phase, given the stem counts of
/// the whole job (a merged [`CountsLine`]).
pub fn pair_counts(counts: &CountsLine, input: impl BufRead, mut output: impl Write) -> Result<()> {
    let none = StemCounts::default();
    let stems = counts.stems.as_ref().unwrap_or(&none);
    let mut pairs = PairCounts::default();
    for (k, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::new(ErrorKind::Io, format!("reading input: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let g: GroupLine = serde_json::from_str(&line).map_err(|e| line_error(k + 1, e))?;
        for (_, fp) in g.first.iter().flat_map(|f| &f.passes) {
            pairs.add(stems, fp);
        }
    }
    let line = to_line(&CountsLine {
        pairs: Some(pairs),
        ..Default::default()
    })?;
    writeln!(output, "{line}").map_err(out_error)?;
    output.flush().map_err(out_error)
}

/// `stream lexicon`: the model of the job from its merged counts.
pub fn lexicon(counts: &CountsLine, mut output: impl Write) -> Result<()> {
    let none_s = StemCounts::default();
    let none_p = PairCounts::default();
    let model = ModelLine {
        lexicon: Lexicon::learn(
            counts.stems.as_ref().unwrap_or(&none_s),
            counts.pairs.as_ref().unwrap_or(&none_p),
        ),
        known: counts.known.clone().unwrap_or_default(),
    };
    writeln!(output, "{}", to_line(&model)?).map_err(out_error)?;
    output.flush().map_err(out_error)
}

/// Reads the one line of a counts or model file.
pub fn read_line<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::new(ErrorKind::Parse, format!("not a file of this step: {e}")).with_path(path)
    })
}

/// `stream align`: the result of each group line.
pub fn align(
    plan: &StreamPlan,
    model: ModelLine,
    input: impl BufRead,
    output: impl Write,
) -> Result<()> {
    let cfg = plan.config(Path::new("."))?;
    let p = plan.job_plan(&[])?;
    let stages = job_stages(&cfg, &p)?;
    let model = JobModel {
        lexicon: model.lexicon,
        known: model.known.into_iter().collect(),
    };
    map_lines(input, output, |k, line| {
        let g: GroupLine = serde_json::from_str(line).map_err(|e| line_error(k, e))?;
        let loaded = g.load(&cfg.read)?;
        let r = stages.second(loaded, g.first.as_ref(), &model)?;
        to_line(&r)
    })
}

/// `stream write`: the output folder `out` from the result lines (in the order of the plan's
/// groups); returns the summary.
pub fn write(plan_path: &Path, out: &Path, input: impl BufRead) -> Result<JobSummary> {
    let (plan, groups) = StreamPlan::read(plan_path)?;
    let cfg = plan.config(out)?;
    let p = plan.job_plan(&groups)?;
    super::outdir::check_out(out)?;
    let folder = OutputFolder::open(out)?;
    let mut writer = JobWriter::new(
        folder.staging(),
        &p.others,
        p.summary.clone(),
        write_options(&cfg),
    )?;
    let mut expected = p.groups.iter()?;
    for (k, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::new(ErrorKind::Io, format!("reading input: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let r: GroupResult = serde_json::from_str(&line).map_err(|e| line_error(k + 1, e))?;
        match expected.next().transpose()? {
            Some(g) if g.doc == r.doc => {}
            Some(g) => {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!(
                        "the result of document '{}' came where the plan has '{}': give the results in the order of the plan",
                        r.doc, g.doc
                    ),
                )
                .with_line(k + 1))
            }
            None => {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!("more results than the plan has groups ({})", p.groups.len()),
                )
                .with_line(k + 1))
            }
        }
        writer.add(&r)?;
    }
    let missing = expected.count();
    if missing > 0 {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("the results of {missing} document groups of the plan are missing"),
        ));
    }
    let (summary, files) = writer.finish(&|_| {})?;
    folder.commit(files)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for s in [&b""[..], b"a", b"ab", b"abc", b"\xff\xfe\x00lat\xe9n"] {
            let e = encode_base64(s);
            assert_eq!(decode_base64(&e).unwrap(), s, "{e}");
        }
        assert_eq!(encode_base64(b"Man"), "TWFu");
        assert_eq!(encode_base64(b"Ma"), "TWE=");
        assert!(decode_base64("a*b").is_none());
    }
}
