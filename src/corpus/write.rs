//! Writing a corpus job's outputs as its document groups come, in the job's order: per
//! document pair the links and TSV files, appended to per language pair the JSONL, Moses and
//! TMX files; the totals of `summary.json`; the names of every group (for `names.json`);
//! and, for the review report, each group's result in an anonymous temporary file, because
//! the report marks names that only the whole corpus shows to be variants. At the end:
//! `names.json`, the report and `summary.json`.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::job::{JobSummary, PairSummary};
use super::stage::GroupResult;
use super::summary_file::{drop_markers, expand, marker, write_summary, DocList};
use crate::align::Alignment;
use crate::check::FigureFlag;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use crate::names::{CheckOptions, Evidence, LearnOptions, NamesTally};
use crate::output::{self, Format, NameMarks, PairSize, PairView, ReportOptions, ReportWriter};

/// What to write.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// The formats of the parallel files.
    pub formats: Vec<Format>,
    /// Keep only beads at least this confident in the Moses and TMX files (0: keep all).
    pub min_score: f64,
    /// The review report, if one is wanted.
    pub report: Option<ReportOptions>,
    /// The names check.
    pub names: CheckOptions,
}

/// Writes the outputs of a job into a folder (see the module docs).
pub struct JobWriter {
    dir: PathBuf,
    opts: WriteOptions,
    others: Vec<Lang>,
    sinks: Vec<Option<PairSink>>,
    names: NamesTally,
    /// The names the aligned beads pair, summed over the groups.
    evidence: Evidence,
    spill: Option<BufWriter<File>>,
    summary: JobSummary,
}

impl std::fmt::Debug for JobWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobWriter")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// An output file being appended to.
struct Appender {
    rel: String,
    path: PathBuf,
    w: BufWriter<File>,
}

impl Appender {
    fn create(dir: &Path, rel: String) -> Result<Appender> {
        let path = dir.join(&rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, &e))?;
        }
        let f = File::create(&path).map_err(|e| Error::io(&path, &e))?;
        Ok(Appender {
            rel,
            path,
            w: BufWriter::with_capacity(1 << 16, f),
        })
    }

    fn put(&mut self, s: &str) -> Result<()> {
        self.w
            .write_all(s.as_bytes())
            .map_err(|e| Error::io(&self.path, &e))
    }

    fn close(mut self) -> Result<String> {
        self.w.flush().map_err(|e| Error::io(&self.path, &e))?;
        Ok(self.rel)
    }
}

/// The outputs of one language pair.
struct PairSink {
    summary: PairSummary,
    /// The documents written, in order (their links and TSV files are named after them).
    docs: DocList,
    jsonl: Option<Appender>,
    moses: Option<(Appender, Appender)>,
    tmx: Option<Appender>,
}

impl PairSink {
    fn open(dir: &Path, src: &str, tgt: &str, formats: &[Format]) -> Result<PairSink> {
        let stem = format!("{src}-{tgt}");
        let has = |f: Format| formats.contains(&f);
        let mut tmx = None;
        if has(Format::Tmx) {
            let mut a = Appender::create(dir, format!("{stem}.tmx"))?;
            a.put(&output::tmx_head(src))?;
            tmx = Some(a);
        }
        Ok(PairSink {
            summary: PairSummary {
                src_lang: src.to_string(),
                tgt_lang: tgt.to_string(),
                ..Default::default()
            },
            docs: DocList::new_in(dir)?,
            jsonl: has(Format::Jsonl)
                .then(|| Appender::create(dir, format!("{stem}.jsonl")))
                .transpose()?,
            moses: if has(Format::Moses) {
                Some((
                    Appender::create(dir, format!("{stem}.{src}"))?,
                    Appender::create(dir, format!("{stem}.{tgt}"))?,
                ))
            } else {
                None
            },
            tmx,
        })
    }

    fn stem(&self) -> String {
        format!("{}-{}", self.summary.src_lang, self.summary.tgt_lang)
    }

    /// Writes one document pair.
    fn add(&mut self, dir: &Path, v: &PairView, opts: &WriteOptions) -> Result<()> {
        tally(&mut self.summary, v);
        self.summary.below_min_score += below_min_score(v, opts.min_score);
        let stem = self.stem();
        for &f in &opts.formats {
            match f {
                Format::Links => {
                    write_new(dir, &format!("{stem}/{}.links", v.doc), &output::links(v))?;
                }
                Format::Tsv => {
                    let tsv = output::tsv(std::slice::from_ref(v));
                    write_new(dir, &format!("{stem}/{}.tsv", v.doc), &tsv)?;
                }
                _ => {}
            }
        }
        self.docs.push(v.doc)?;
        if let Some(j) = &mut self.jsonl {
            j.put(&output::jsonl(std::slice::from_ref(v)))?;
        }
        if self.moses.is_none() && self.tmx.is_none() {
            return Ok(());
        }
        let kept;
        let cv = if opts.min_score > 0.0 {
            kept = confident(v, opts.min_score);
            PairView {
                alignment: &kept.0,
                figures: &kept.1,
                ..*v
            }
        } else {
            *v
        };
        if let Some((s, t)) = &mut self.moses {
            let (a, b) = output::moses(std::slice::from_ref(&cv));
            s.put(&a)?;
            t.put(&b)?;
        }
        if let Some(x) = &mut self.tmx {
            x.put(&output::tmx_units(&cv))?;
        }
        Ok(())
    }

    /// Closes the files; the summary of language pair `index` with its outputs in the order
    /// of `formats` (the per-document files as markers), and its documents.
    fn close(self, formats: &[Format], index: usize) -> Result<(PairSummary, DocList)> {
        let mut s = self.summary;
        let jsonl = self.jsonl.map(Appender::close).transpose()?;
        let moses = match self.moses {
            Some((a, b)) => Some((a.close()?, b.close()?)),
            None => None,
        };
        let tmx = match self.tmx {
            Some(mut x) => {
                x.put(output::TMX_TAIL)?;
                Some(x.close()?)
            }
            None => None,
        };
        for &f in formats {
            match f {
                Format::Links => s.outputs.push(marker(index, "links")),
                Format::Tsv => s.outputs.push(marker(index, "tsv")),
                Format::Jsonl => s.outputs.extend(jsonl.clone()),
                Format::Moses => {
                    if let Some((a, b)) = &moses {
                        s.outputs.push(a.clone());
                        s.outputs.push(b.clone());
                    }
                }
                Format::Tmx => s.outputs.extend(tmx.clone()),
            }
        }
        Ok((s, self.docs))
    }
}

/// Writes a new file of the staging folder (the commit makes it visible at once).
fn write_new(dir: &Path, rel: &str, text: &str) -> Result<()> {
    let path = dir.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|e| Error::io(p, &e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::io(&path, &e))
}

/// Writes the outputs of one language pair into `out` (each file atomically); returns the
/// paths written, relative to `out`. Per document: `<s>-<t>/<doc>.links` and
/// `<s>-<t>/<doc>.tsv`; for the whole pair: `<s>-<t>.<s>` + `<s>-<t>.<t>` (Moses),
/// `<s>-<t>.jsonl`, `<s>-<t>.tmx`. The parallel-corpus formats (Moses, TMX) keep only beads
/// with both sides and a confidence of at least `min_score` when it is above 0; the others
/// keep every bead.
pub fn write_outputs(
    out: &Path,
    src: &str,
    tgt: &str,
    views: &[PairView],
    formats: &[Format],
    min_score: f64,
) -> Result<Vec<String>> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, &e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".selaras-staging-")
        .tempdir_in(out)
        .map_err(|e| Error::io(out, &e))?;
    let opts = WriteOptions {
        formats: formats.to_vec(),
        min_score,
        report: None,
        names: CheckOptions::default(),
    };
    let mut sink = PairSink::open(tmp.path(), src, tgt, formats)?;
    for v in views {
        sink.add(tmp.path(), v, &opts)?;
    }
    let (summary, mut docs) = sink.close(formats, 0)?;
    let files = expand(&summary, &mut docs)?;
    for rel in &files {
        let to = out.join(rel);
        if let Some(p) = to.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, &e))?;
        }
        std::fs::rename(tmp.path().join(rel), &to).map_err(|e| Error::io(&to, &e))?;
    }
    Ok(files)
}

fn spill_error(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("writing the job's temporary file for the report: {e}"),
    )
}

impl JobWriter {
    /// A writer into `dir` for a job pairing the pivot with `others`, its summary started
    /// with `summary` (from the plan).
    pub fn new(
        dir: &Path,
        others: &[Lang],
        summary: JobSummary,
        mut opts: WriteOptions,
    ) -> Result<JobWriter> {
        let mut seen = Vec::new();
        opts.formats.retain(|f| {
            let first = !seen.contains(f);
            seen.push(*f);
            first
        });
        let spill = match &opts.report {
            Some(_) => Some(BufWriter::new(
                tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, &e))?,
            )),
            None => None,
        };
        Ok(JobWriter {
            dir: dir.to_path_buf(),
            others: others.to_vec(),
            sinks: others.iter().map(|_| None).collect(),
            names: NamesTally::new_in(dir)?,
            evidence: Evidence::default(),
            spill,
            summary,
            opts,
        })
    }

    /// Writes the outputs of one group (groups must come in the job's order).
    pub fn add(&mut self, r: &GroupResult) -> Result<()> {
        self.summary.errors.extend(r.errors.iter().cloned());
        self.summary.warnings.extend(r.warnings.iter().cloned());
        self.evidence.merge(r.evidence.clone());
        self.summary.sentences += r.docs.iter().map(|d| d.sentences.len()).sum::<usize>();
        let files: Vec<String> = r
            .docs
            .iter()
            .map(|d| d.source.display().to_string())
            .collect();
        self.names.add(&r.names, &files)?;
        for p in &r.pairs {
            let Some(k) = self.others.iter().position(|l| *l == p.tgt_lang) else {
                continue;
            };
            let (src, tgt) = (&r.docs[p.src], &r.docs[p.tgt]);
            if self.sinks[k].is_none() {
                self.sinks[k] = Some(PairSink::open(
                    &self.dir,
                    &src.lang.code(),
                    &tgt.lang.code(),
                    &self.opts.formats,
                )?);
            }
            if let Some(sink) = &mut self.sinks[k] {
                sink.summary.hand_corrected += p.hand.corrected;
                sink.summary.findings_accepted += p.hand.accepted;
                sink.summary.findings_dismissed += p.hand.dismissed;
                let view = PairView {
                    doc: &r.doc,
                    src,
                    tgt,
                    alignment: &p.alignment,
                    figures: &p.figures,
                };
                sink.add(&self.dir, &view, &self.opts)?;
            }
        }
        if let Some(w) = &mut self.spill {
            serde_json::to_writer(&mut *w, r).map_err(|e| spill_error(e.into()))?;
            w.write_all(b"\n").map_err(spill_error)?;
        }
        Ok(())
    }

    /// Document pairs the report will show (for progress).
    pub fn report_pairs(&self) -> usize {
        if self.opts.report.is_none() {
            return 0;
        }
        self.sinks
            .iter()
            .flatten()
            .map(|s| s.summary.documents)
            .sum()
    }

    /// Writes `names.json`, the report and `summary.json`; returns the summary and every file
    /// written, relative to the folder. `tick` is told of each document pair put in the report.
    pub fn finish(self, tick: &dyn Fn(usize)) -> Result<(JobSummary, Vec<String>)> {
        let mut summary = self.summary;
        let mut written = Vec::new();
        let mut sizes = Vec::new();
        let mut doc_lists = Vec::new();
        let mut slot_of = vec![None; self.sinks.len()];
        for (k, sink) in self.sinks.into_iter().enumerate() {
            if let Some(sink) = sink {
                slot_of[k] = Some(sizes.len());
                sizes.push(PairSize {
                    src_lang: sink.summary.src_lang.clone(),
                    tgt_lang: sink.summary.tgt_lang.clone(),
                    beads: sink.summary.beads,
                });
                let (ps, mut docs) = sink.close(&self.opts.formats, summary.pairs.len())?;
                written.extend(expand(&ps, &mut docs)?);
                summary.pairs.push(ps);
                doc_lists.push(docs);
            }
        }
        let learned = self.evidence.learned(&LearnOptions::default());
        let (names_report, unmatched) =
            self.names
                .write_json(&self.opts.names, &self.dir, learned)?;
        summary.name_variants = names_report.variant_findings();
        summary.name_variants_accepted = names_report.variants.len() - summary.name_variants;
        summary.names_without_counterpart = unmatched;
        written.push("names.json".into());
        if let (Some(opts), Some(spill)) = (&self.opts.report, self.spill) {
            let marks = NameMarks::from_report(&names_report);
            drop(names_report);
            let mut report = ReportWriter::new(&self.dir, &sizes, opts)?;
            report.notes(report_notes(&summary));
            let mut f = spill
                .into_inner()
                .map_err(|e| spill_error(e.into_error()))?;
            f.rewind().map_err(spill_error)?;
            let mut lines = BufReader::with_capacity(1 << 16, f).lines();
            loop {
                let chunk: Vec<String> = lines
                    .by_ref()
                    .take(REPORT_CHUNK)
                    .collect::<std::io::Result<_>>()
                    .map_err(spill_error)?;
                if chunk.is_empty() {
                    break;
                }
                // parse and render in parallel, write in order
                let rendered: Vec<Vec<output::Rendered>> = chunk
                    .par_iter()
                    .map(|line| {
                        let r: GroupResult =
                            serde_json::from_str(line).map_err(|e| spill_error(e.into()))?;
                        let views = r
                            .pairs
                            .iter()
                            .filter_map(|p| {
                                let k = self.others.iter().position(|l| *l == p.tgt_lang)?;
                                let slot = slot_of[k]?;
                                let view = PairView {
                                    doc: &r.doc,
                                    src: &r.docs[p.src],
                                    tgt: &r.docs[p.tgt],
                                    alignment: &p.alignment,
                                    figures: &p.figures,
                                };
                                Some(report.render(slot, &view, &marks))
                            })
                            .collect();
                        Ok(views)
                    })
                    .collect::<Result<_>>()?;
                for r in rendered.into_iter().flatten() {
                    report.put(r)?;
                    tick(1);
                }
            }
            written.extend(report.finish()?);
            summary.report = Some("report.html".into());
        }
        write_summary(&self.dir.join("summary.json"), &summary, &mut doc_lists)?;
        drop_markers(&mut summary);
        written.push("summary.json".into());
        Ok((summary, written))
    }
}

/// The problems of a job as the report's index shows them.
fn report_notes(s: &JobSummary) -> output::ReportNotes {
    output::ReportNotes {
        unreadable: s
            .errors
            .iter()
            .map(|e| match e.line {
                Some(l) => format!("{}:{l}: {}", e.path, e.message),
                None => format!("{}: {}", e.path, e.message),
            })
            .collect(),
        unmatched: s
            .unmatched
            .iter()
            .map(|u| format!("{} ({}): {}", u.doc, u.lang, u.reason))
            .collect(),
        warnings: s.warnings.clone(),
    }
}

/// Groups whose report sections are rendered together.
const REPORT_CHUNK: usize = 64;

fn tally(ps: &mut PairSummary, v: &PairView) {
    ps.documents += 1;
    ps.src_sentences += v.src.sentences.len();
    ps.tgt_sentences += v.tgt.sentences.len();
    ps.beads += v.alignment.beads.len();
    for b in &v.alignment.beads {
        *ps.beads_by_type.entry(b.kind()).or_default() += 1;
    }
    ps.moved_beads += v.alignment.beads.iter().filter(|b| b.moved).count();
    ps.figure_findings += v.figures.iter().filter(|f| !f.is_empty()).count();
}

/// The beads of `v` with both sides and a confidence of at least `min_score`.
pub(super) fn confident(v: &PairView, min_score: f64) -> (Alignment, Vec<Vec<FigureFlag>>) {
    let mut a = Alignment::default();
    let mut f = Vec::new();
    for (k, b) in v.alignment.beads.iter().enumerate() {
        if !b.src.is_empty() && !b.tgt.is_empty() && b.score >= min_score {
            a.beads.push(b.clone());
            f.push(v.figures.get(k).cloned().unwrap_or_default());
        }
    }
    (a, f)
}

/// How many beads of `v` the parallel-corpus formats leave out at `min_score`.
fn below_min_score(v: &PairView, min_score: f64) -> usize {
    if min_score <= 0.0 {
        return 0;
    }
    v.alignment
        .beads
        .iter()
        .filter(|b| b.src.is_empty() || b.tgt.is_empty() || b.score < min_score)
        .count()
}
