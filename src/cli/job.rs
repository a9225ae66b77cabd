//! Running a corpus job from the command line (`selaras align CORPUS` and `selaras run`):
//! a progress bar on stderr, the problems found, a one-paragraph summary, the exit code.

use std::io::Write;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use selaras::corpus::{run_job, Cancel, JobConfig, Progress};
use selaras::Result;

use super::{EXIT_ERROR, EXIT_FINDINGS};

/// Exit code of a job stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Ctrl-C asks the job to stop (it stops between document groups and cleans up); a second
/// Ctrl-C exits at once.
fn stop_on_ctrl_c(cancel: &Cancel) {
    let cancel = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if cancel.is_cancelled() {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        cancel.cancel();
    });
}

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
            "{spinner} [{elapsed_precise}] {bar:30} {percent:>3}% {msg} (ETA {eta})",
        ) {
            b.set_style(style);
        }
        b.enable_steady_tick(std::time::Duration::from_millis(200));
        b
    };
    let b = bar.clone();
    cfg.progress = Progress::with_stages(move |stage, done, total| {
        b.set_length(total as u64);
        b.set_position(done as u64);
        b.set_message(stage.to_string());
    });
    stop_on_ctrl_c(&cfg.cancel);
    let out = cfg.out.clone();
    let result = run_job(&cfg);
    bar.finish_and_clear();
    let summary = match result {
        Err(e) if e.kind() == selaras::ErrorKind::Interrupted => {
            let _ = writeln!(
                std::io::stderr(),
                "selaras: interrupted: {} was left as it was before the job",
                out.display()
            );
            return Ok(ExitCode::from(EXIT_INTERRUPTED));
        }
        r => r?,
    };
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
