//! Running the two phases of a job over its document groups in batches: each batch is
//! worked on in parallel (rayon) while another thread consumes the batch before it (sums
//! the lexicon counts, writes the outputs), so that the writing overlaps the aligning and
//! memory holds at most three batches. The results reach the consumer in the job's order.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::groups::GroupIter;
use super::job::{JobConfig, Progress};
use super::plan::{Group, JobPlan};
use super::read::read_group;
use super::stage::{GroupFirst, GroupResult, JobModel, Stages};
use super::write::JobWriter;
use crate::align::{Analysis, BeadStemsOf, Lexicon, PairCounts, StemCounts};
use crate::error::{Error, ErrorKind, Result};

/// Document groups per batch when the job does not say.
const DEFAULT_BATCH: usize = 64;

/// The stages of a job, as progress shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Reading and the first pass.
    First,
    /// Summing the lexicon counts.
    Lexicon,
    /// The final pass, the checks, the parallel files.
    Second,
    /// The names check of the whole corpus.
    Names,
    /// The review report.
    Report,
    /// Putting the outputs in place.
    Commit,
}

impl Stage {
    fn label(self) -> &'static str {
        match self {
            Stage::First => "reading and aligning (pass 1)",
            Stage::Lexicon => "learning the lexicon",
            Stage::Second => "aligning with the lexicon, checking, writing",
            Stage::Names => "checking names across the corpus",
            Stage::Report => "writing the report",
            Stage::Commit => "putting the outputs in place",
        }
    }
}

/// The work units of a job (see [`Progress`]): per document group, 1 + its document pairs
/// twice in each phase; per document pair, 1 in the report.
pub(crate) struct Work<'p> {
    progress: &'p Progress,
    total: usize,
    done: AtomicUsize,
    shown: std::sync::Mutex<usize>,
}

impl<'p> Work<'p> {
    pub(crate) fn new(plan: &JobPlan, report: bool, progress: &'p Progress) -> Work<'p> {
        let phases = 4 * (plan.groups.len() + plan.groups.pairs());
        let report = if report { plan.groups.pairs() } else { 0 };
        Work {
            progress,
            total: phases + report,
            done: AtomicUsize::new(0),
            shown: std::sync::Mutex::new(0),
        }
    }

    /// Units of one group in one phase.
    fn units(g: &Group) -> usize {
        2 * (1 + g.pairs)
    }

    pub(crate) fn tick(&self, stage: Stage, n: usize) {
        // one at a time, so that the count told never goes back
        let mut shown = match self.shown.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let d = self.done.fetch_add(n, Ordering::Relaxed) + n;
        *shown = (*shown).max(d).min(self.total);
        self.progress.tell(stage.label(), *shown, self.total);
    }

    pub(crate) fn stage(&self, stage: Stage) {
        self.tick(stage, 0);
    }

    pub(crate) fn done(&self) {
        self.done.store(self.total, Ordering::Relaxed);
        self.progress.tell("done", self.total, self.total);
    }
}

fn batch_size(cfg: &JobConfig) -> usize {
    if cfg.batch == 0 {
        DEFAULT_BATCH
    } else {
        cfg.batch
    }
}

fn spill_error(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("the job's temporary file of first passes: {e}"),
    )
}

/// The next `size` groups of the plan.
fn next_batch(groups: &mut GroupIter, size: usize) -> Result<Vec<Group>> {
    groups.by_ref().take(size).collect()
}

/// Runs `produce(k)` for batches `0..batches` on this thread and `consume` on another, one
/// batch behind; the first error of either stops both.
fn pipelined<R: Send, C: Send>(
    batches: usize,
    mut produce: impl FnMut(usize) -> Result<Vec<R>>,
    mut state: C,
    mut consume: impl FnMut(&mut C, Vec<R>) -> Result<()> + Send,
) -> Result<C> {
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<R>>(1);
        let consumer = s.spawn(move || -> Result<C> {
            for batch in rx {
                consume(&mut state, batch)?;
            }
            Ok(state)
        });
        let mut produced = Ok(());
        for k in 0..batches {
            match produce(k) {
                Ok(v) => {
                    if tx.send(v).is_err() {
                        break; // the consumer failed: its error is the one to report
                    }
                }
                Err(e) => {
                    produced = Err(e);
                    break;
                }
            }
        }
        drop(tx);
        let consumed = consumer
            .join()
            .unwrap_or_else(|_| Err(Error::new(ErrorKind::Io, "the writing thread stopped")));
        match (produced, consumed) {
            (_, Err(e)) => Err(e),
            (Err(e), _) => Err(e),
            (Ok(()), Ok(c)) => Ok(c),
        }
    })
}

/// What phase 1 sums while the groups go by.
struct FirstSums {
    stems: StemCounts,
    known: HashSet<String>,
    spill: BufWriter<File>,
    analyses: BufWriter<File>,
    stem_spill: BufWriter<File>,
}

/// The temporary files of phase 1, rewound for phase 2: the first passes (a [`GroupFirst`]
/// per line) and the analyses of the document pairs (binary, per group its number of pairs
/// then each pair's analysis).
pub(crate) struct FirstSpill {
    firsts: BufReader<File>,
    analyses: BufReader<File>,
}

/// Phase 1 over every group: returns what phase 2 needs, and the temporary files of phase 1.
pub(crate) fn first_phase(
    cfg: &JobConfig,
    plan: &JobPlan,
    stages: &Stages,
    staging: &Path,
    work: &Work,
) -> Result<(JobModel, FirstSpill)> {
    let size = batch_size(cfg);
    let mut groups = plan.groups.iter()?;
    let temp = || -> Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            1 << 16,
            tempfile::tempfile_in(staging).map_err(|e| Error::io(staging, &e))?,
        ))
    };
    work.stage(Stage::First);
    let sums = FirstSums {
        stems: StemCounts::default(),
        known: HashSet::new(),
        spill: temp()?,
        analyses: temp()?,
        stem_spill: temp()?,
    };
    let sums = pipelined(
        plan.groups.len().div_ceil(size),
        |_| {
            cfg.cancel.check()?;
            next_batch(&mut groups, size)?
                .par_iter()
                .map(|g| {
                    cfg.cancel.check()?;
                    let first = stages.first_analysed(&read_group(g, &cfg.read))?;
                    work.tick(Stage::First, Work::units(g));
                    Ok(first)
                })
                .collect::<Result<Vec<(GroupFirst, Vec<Analysis>)>>>()
        },
        sums,
        |s, batch| {
            for (mut f, analyses) in batch {
                s.analyses
                    .write_all(&(analyses.len() as u64).to_le_bytes())
                    .map_err(spill_error)?;
                for a in &analyses {
                    a.write_to(&mut s.analyses).map_err(spill_error)?;
                }
                s.stem_spill
                    .write_all(&(f.passes.len() as u64).to_le_bytes())
                    .map_err(spill_error)?;
                for (_, fp) in &mut f.passes {
                    let stems = fp.take_stems();
                    s.stems.add_stems(&stems);
                    stems.write_to(&mut s.stem_spill).map_err(spill_error)?;
                }
                serde_json::to_writer(&mut s.spill, &f).map_err(|e| spill_error(e.into()))?;
                s.spill.write_all(b"\n").map_err(spill_error)?;
                s.known.extend(f.known);
            }
            Ok(())
        },
    )?;
    work.stage(Stage::Lexicon);
    let mut file = sums
        .spill
        .into_inner()
        .map_err(|e| spill_error(e.into_error()))?;
    let mut pairs = PairCounts::default();
    if cfg.align.learn_lexicon {
        let mut stem_file = sums
            .stem_spill
            .into_inner()
            .map_err(|e| spill_error(e.into_error()))?;
        stem_file.rewind().map_err(spill_error)?;
        let mut r = BufReader::with_capacity(1 << 16, stem_file);
        let mut left = plan.groups.len();
        while left > 0 {
            cfg.cancel.check()?;
            let chunk = left.min(4 * size);
            left -= chunk;
            let mut stems = Vec::new();
            for _ in 0..chunk {
                let mut n = [0u8; 8];
                r.read_exact(&mut n).map_err(spill_error)?;
                for _ in 0..u64::from_le_bytes(n) {
                    stems.push(BeadStemsOf::read_from(&mut r).map_err(spill_error)?);
                }
            }
            pairs.add_all(&sums.stems, &stems);
        }
    }
    let lexicon = Lexicon::learn(&sums.stems, &pairs);
    file.rewind().map_err(spill_error)?;
    let mut analyses = sums
        .analyses
        .into_inner()
        .map_err(|e| spill_error(e.into_error()))?;
    analyses.rewind().map_err(spill_error)?;
    Ok((
        JobModel {
            lexicon,
            known: sums.known,
        },
        FirstSpill {
            firsts: BufReader::with_capacity(1 << 16, file),
            analyses: BufReader::with_capacity(1 << 16, analyses),
        },
    ))
}

/// The analyses of one group's document pairs from the spill of phase 1.
fn read_analyses(r: &mut impl Read) -> Result<Vec<Analysis>> {
    let mut n = [0u8; 8];
    r.read_exact(&mut n).map_err(spill_error)?;
    (0..u64::from_le_bytes(n))
        .map(|_| Analysis::read_from(r).map_err(spill_error))
        .collect()
}

fn parse_firsts(lines: &[String]) -> Result<Vec<GroupFirst>> {
    lines
        .par_iter()
        .map(|l| serde_json::from_str(l).map_err(|e| spill_error(e.into())))
        .collect()
}

/// Phase 2 over every group, its results written by `writer` as they come.
pub(crate) fn second_phase(
    cfg: &JobConfig,
    plan: &JobPlan,
    stages: &Stages,
    model: &JobModel,
    spill: FirstSpill,
    writer: JobWriter,
    work: &Work,
) -> Result<JobWriter> {
    let size = batch_size(cfg);
    let mut groups = plan.groups.iter()?;
    let mut lines = spill.firsts.lines();
    let mut analyses = spill.analyses;
    work.stage(Stage::Second);
    pipelined(
        plan.groups.len().div_ceil(size),
        |_| {
            cfg.cancel.check()?;
            let batch = next_batch(&mut groups, size)?;
            let chunk: Vec<String> = lines
                .by_ref()
                .take(batch.len())
                .collect::<std::io::Result<_>>()
                .map_err(spill_error)?;
            let firsts = parse_firsts(&chunk)?;
            let mut pair_analyses = Vec::with_capacity(batch.len());
            for _ in &batch {
                pair_analyses.push(read_analyses(&mut analyses)?);
            }
            batch
                .par_iter()
                .zip(pair_analyses)
                .enumerate()
                .map(|(i, (g, a))| {
                    cfg.cancel.check()?;
                    let first = firsts.get(i).filter(|f| f.doc == g.doc);
                    let r = stages.second_analysed(read_group(g, &cfg.read), first, a, model)?;
                    let r = match &cfg.edits {
                        Some(e) => r.with_edits(e)?,
                        None => r,
                    };
                    Ok((r, Work::units(g)))
                })
                .collect::<Result<Vec<(GroupResult, usize)>>>()
        },
        writer,
        |w, batch| {
            for (r, units) in batch {
                w.add(&r)?;
                work.tick(Stage::Second, units);
            }
            cfg.cancel.check()
        },
    )
}
