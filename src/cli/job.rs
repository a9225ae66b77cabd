//! Running a corpus job from the command line (`selaras align CORPUS` and `selaras run`):
//! a progress bar on stderr, the problems found, a one-paragraph summary, the exit code.

use std::io::Write;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use selaras::corpus::{run_job, JobConfig, Progress};
use selaras::Result;

use super::{EXIT_ERROR, EXIT_FINDINGS};

/// How to report on a job.
pub struct Reporting {
    /// No progress bar and no summary.
    pub quiet: bool,
    /// Exit code 1 when there are findings.
    pub fail_on_findings: bool,
}

/// Runs `cfg`, shows progress, prints problems and a summary; returns the exit code.
pub fn execute(mut cfg: JobConfig, how: &Reporting) -> Result<ExitCode> {
    let bar = if how.quiet {
        ProgressBar::hidden()
    } else {
        // Draws only when stderr is a terminal.
        let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files and document pairs (ETA {eta})",
        ) {
            b.set_style(style);
        }
        b
    };
    let b = bar.clone();
    cfg.progress = Progress::new(move |done, total| {
        b.set_length(total as u64);
        b.set_position(done as u64);
    });
    let out = cfg.out.clone();
    let summary = run_job(&cfg)?;
    bar.finish_and_clear();
    let mut err = std::io::stderr().lock();
    for e in &summary.errors {
        let loc = match e.line {
            Some(l) => format!("{}:{l}", e.path),
            None => e.path.clone(),
        };
        let _ = writeln!(err, "selaras: {loc}: {} (skipped)", e.message);
    }
    let figure_findings: usize = summary.pairs.iter().map(|p| p.figure_findings).sum();
    let findings = figure_findings + summary.name_variants;
    if !how.quiet {
        for w in &summary.warnings {
            let _ = writeln!(err, "selaras: warning: {w}");
        }
        for u in &summary.unmatched {
            let _ = writeln!(
                err,
                "selaras: unmatched: {} ({}): {}",
                u.doc, u.lang, u.reason
            );
        }
        if let Some(m) = &summary.document_matching {
            for f in &m.unpaired_files {
                let _ = writeln!(err, "selaras: unpaired by content: {f}");
            }
            let _ = writeln!(
                err,
                "selaras: found {} document pairs by content ({} files unpaired; see {}).",
                m.pairs,
                m.unpaired_files.len(),
                out.join(&m.file).display()
            );
        }
        let _ = writeln!(err, "selaras: {}", summary.summary_line(&out));
    }
    Ok(if !summary.errors.is_empty() {
        ExitCode::from(EXIT_ERROR)
    } else if how.fail_on_findings && findings > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
