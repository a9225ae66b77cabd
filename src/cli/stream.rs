//! `selaras stream …`: the phases of a corpus job as commands over JSON lines on standard
//! input and output (see `selaras::corpus::stream` and README "Running on a cluster").

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selaras::corpus::stream::{self, CountsLine, StreamPlan};
use selaras::corpus::JobConfig;
use selaras::output::Format;
use selaras::text::ReadOptions;
use selaras::{Error, ErrorKind, Lang, Result};

use super::{EXIT_ERROR, EXIT_FINDINGS};

/// Arguments of `selaras stream`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    step: Step,
}

#[derive(clap::Subcommand, Debug)]
enum Step {
    /// The plan of a job: a settings line, then one line per document group.
    Plan(PlanArgs),
    /// Phase 1: each group line (with its files' contents) with its first pass.
    Counts(WithPlan),
    /// Sums the lines of `counts` (or earlier sums) into one line.
    Merge,
    /// The stem-pair counts of the lines of `counts`, given the merged counts.
    Pairs(PairsArgs),
    /// The lexicon and the words known as names, from merged counts on standard input.
    Lexicon,
    /// Phase 2: the result of each group line (with or without its first pass).
    Align(AlignArgs),
    /// The output folder of the job from the result lines, in the order of the plan.
    Write(WriteArgs),
}

#[derive(clap::Args, Debug)]
struct PlanArgs {
    /// The corpus folder (its name as the outputs should show it).
    corpus: PathBuf,
    /// Pivot language, paired with every other language.
    #[arg(long, default_value = "id")]
    pivot: String,
    /// Only these other languages (comma-separated).
    #[arg(long, value_delimiter = ',')]
    langs: Vec<String>,
    /// Output formats, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    format: Vec<String>,
    /// Keep only beads at least this confident in the Moses and TMX files.
    #[arg(long, default_value_t = 0.0)]
    min_score: f64,
    /// Do not write report.html.
    #[arg(long)]
    no_report: bool,
    /// Input encoding (utf-8, auto, or a name such as windows-1251).
    #[arg(long, default_value = "utf-8")]
    encoding: String,
    /// One sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// Every line is a paragraph.
    #[arg(long)]
    line_paragraphs: bool,
    /// A dictionary per target language, LANG=FILE (repeatable; FILE must be readable where
    /// the phases run).
    #[arg(long, value_name = "LANG=FILE")]
    dict: Vec<String>,
    /// The corpus folder as listed by another file system: JSON lines {"path": "...",
    /// "dir": false}, paths relative to CORPUS (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    listing: Option<PathBuf>,
    /// Put each file's contents into its group line (read from CORPUS).
    #[arg(long)]
    read: bool,
}

#[derive(clap::Args, Debug)]
struct WithPlan {
    /// The plan (from `selaras stream plan`; `-`: the first line of standard input).
    #[arg(long)]
    plan: PathBuf,
}

#[derive(clap::Args, Debug)]
struct PairsArgs {
    /// The merged counts of every line of `counts` (from `selaras stream merge`; `-`: the
    /// first line of standard input).
    #[arg(long)]
    counts: PathBuf,
}

#[derive(clap::Args, Debug)]
struct AlignArgs {
    /// The plan (from `selaras stream plan`; `-`: the first line of standard input).
    #[arg(long)]
    plan: PathBuf,
    /// The lexicon (from `selaras stream lexicon`; `-`: the next line of standard input).
    #[arg(long)]
    lexicon: PathBuf,
}

#[derive(clap::Args, Debug)]
struct WriteArgs {
    /// The plan (from `selaras stream plan`).
    #[arg(long)]
    plan: PathBuf,
    /// The output folder.
    #[arg(long)]
    out: PathBuf,
    /// Exit with code 1 when figures differ or a name is spelled in more than one way.
    #[arg(long)]
    fail_on_findings: bool,
}

/// Runs `selaras stream`.
pub fn run(args: Args) -> Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match args.step {
        Step::Plan(a) => plan(a, stdin, stdout),
        Step::Counts(a) => {
            let mut stdin = stdin;
            let p = read_plan(&a.plan, &mut stdin)?;
            stream::counts(&p, stdin, stdout)?;
            Ok(ExitCode::SUCCESS)
        }
        Step::Merge => {
            stream::merge(stdin, stdout)?;
            Ok(ExitCode::SUCCESS)
        }
        Step::Pairs(a) => {
            let mut stdin = stdin;
            let counts: CountsLine = read_one(&a.counts, &mut stdin)?;
            stream::pair_counts(&counts, stdin, stdout)?;
            Ok(ExitCode::SUCCESS)
        }
        Step::Lexicon => {
            let mut merged = Vec::new();
            stream::merge(stdin, &mut merged)?;
            let counts: CountsLine = serde_json::from_slice(&merged)
                .map_err(|e| Error::new(ErrorKind::Parse, format!("merged counts: {e}")))?;
            stream::lexicon(&counts, stdout)?;
            Ok(ExitCode::SUCCESS)
        }
        Step::Align(a) => {
            let mut stdin = stdin;
            let p = read_plan(&a.plan, &mut stdin)?;
            let model = read_one(&a.lexicon, &mut stdin)?;
            stream::align(&p, model, stdin, stdout)?;
            Ok(ExitCode::SUCCESS)
        }
        Step::Write(a) => {
            let summary = stream::write(&a.plan, &a.out, stdin)?;
            let findings = summary
                .pairs
                .iter()
                .map(|p| p.figure_findings)
                .sum::<usize>()
                + summary.name_variants;
            for e in &summary.errors {
                let _ = writeln!(
                    std::io::stderr(),
                    "selaras: {}: {} (skipped)",
                    e.path,
                    e.message
                );
            }
            Ok(if !summary.errors.is_empty() {
                ExitCode::from(EXIT_ERROR)
            } else if a.fail_on_findings && findings > 0 {
                ExitCode::from(EXIT_FINDINGS)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// The plan from its file, or (`-`) from the next line of standard input.
fn read_plan(path: &Path, stdin: &mut impl BufRead) -> Result<StreamPlan> {
    if path == Path::new("-") {
        read_one(path, stdin)
    } else {
        Ok(StreamPlan::read(path)?.0)
    }
}

/// A one-line file, or (`-`) the next line of standard input.
fn read_one<T: serde::de::DeserializeOwned>(path: &Path, stdin: &mut impl BufRead) -> Result<T> {
    if path != Path::new("-") {
        return stream::read_line(path);
    }
    let mut line = String::new();
    stdin
        .read_line(&mut line)
        .map_err(|e| Error::new(ErrorKind::Io, format!("reading standard input: {e}")))?;
    serde_json::from_str(&line).map_err(|e| {
        Error::new(
            ErrorKind::Parse,
            format!("the first lines of standard input are the plan, then the lexicon or counts the step needs: {e}"),
        )
        .with_line(1)
    })
}

fn config(msg: &str) -> Error {
    Error::new(ErrorKind::Config, msg)
}

fn plan(a: PlanArgs, stdin: impl BufRead, out: impl Write) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&a.min_score) {
        return Err(config("--min-score takes a number from 0 to 1"));
    }
    let mut dict = BTreeMap::new();
    let mut dictionaries = BTreeMap::new();
    for spec in &a.dict {
        let (lang, file) = spec
            .split_once('=')
            .ok_or_else(|| config(&format!("--dict {spec}: give LANG=FILE")))?;
        dictionaries.insert(
            Lang::parse(lang)?.without_script(),
            selaras::align::Dictionary::read(Path::new(file))?,
        );
        dict.insert(lang.to_string(), file.to_string());
    }
    let langs = if a.langs.is_empty() {
        None
    } else {
        Some(
            a.langs
                .iter()
                .map(|l| Lang::parse(l))
                .collect::<Result<Vec<_>>>()?,
        )
    };
    let formats = if a.format.is_empty() {
        Format::ALL.to_vec()
    } else {
        a.format
            .iter()
            .map(|f| Format::parse(f))
            .collect::<Result<_>>()?
    };
    let cfg = JobConfig {
        pivot: Lang::parse(&a.pivot)?,
        langs,
        formats,
        read: ReadOptions::from_flags(&a.encoding, a.line_paragraphs, a.presegmented)?,
        dictionaries,
        min_score: a.min_score,
        report: !a.no_report,
        ..JobConfig::new(&a.corpus, ".")
    };
    let listing = match &a.listing {
        Some(p) => Some(read_listing(p, stdin)?),
        None => None,
    };
    stream::plan(&cfg, &a.encoding, dict, listing.as_deref(), a.read, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a listing: JSON lines `{"path": "...", "dir": false}`.
fn read_listing(path: &Path, stdin: impl BufRead) -> Result<Vec<(String, bool)>> {
    #[derive(serde::Deserialize)]
    struct Entry {
        path: String,
        #[serde(default)]
        dir: bool,
    }
    let reader: Box<dyn BufRead + '_> = if path == Path::new("-") {
        Box::new(stdin)
    } else {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut out = Vec::new();
    for (k, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, &e))?;
        if line.trim().is_empty() {
            continue;
        }
        let e: Entry = serde_json::from_str(&line).map_err(|e| {
            Error::new(
                ErrorKind::Parse,
                format!("a listing line is {{\"path\": \"...\", \"dir\": false}}: {e}"),
            )
            .with_path(path)
            .with_line(k + 1)
        })?;
        out.push((e.path, e.dir));
    }
    Ok(out)
}
