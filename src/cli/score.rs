//! `selaras score`: strict and lax precision, recall and F1 of predicted alignments.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use selaras::eval::{score_paths, Counts};
use selaras::Result;

use super::stdout_error;

/// Arguments of `selaras score`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold link file, or folder of them (also --gold-dir).
    #[arg(long, alias = "gold-dir")]
    gold: PathBuf,
    /// Predicted link file, or folder of them (also --pred-dir).
    #[arg(long, alias = "pred-dir")]
    pred: PathBuf,
    /// One row per file pair.
    #[arg(long)]
    per_file: bool,
}

/// Runs `selaras score`.
pub fn run(args: Args) -> Result<ExitCode> {
    let scores = score_paths(&args.gold, &args.pred)?;
    let mut total = Counts::default();
    let mut out = String::new();
    if args.per_file {
        out.push_str(&format!(
            "{:40} {:>5} {:>5} {:>8} {:>6}\n",
            "file", "gold", "pred", "strictF1", "laxF1"
        ));
    }
    for s in &scores {
        total += s.counts;
        if args.per_file {
            let name: String = s.name.chars().take(40).collect();
            out.push_str(&format!(
                "{name:40} {:>5} {:>5} {:>8.3} {:>6.3}\n",
                s.counts.n_gold,
                s.counts.n_pred,
                s.counts.strict().f1,
                s.counts.lax().f1
            ));
        }
    }
    let (st, lx) = (total.strict(), total.lax());
    out.push_str(&format!(
        "files: {}   gold links (both sides non-empty): {}   predicted links scored: {}\n",
        scores.len(),
        total.n_gold,
        total.n_pred
    ));
    out.push_str(&format!("{:8} {:>6} {:>6} {:>6}\n", "", "P", "R", "F1"));
    out.push_str(&format!(
        "{:8} {:6.3} {:6.3} {:6.3}\n",
        "strict", st.p, st.r, st.f1
    ));
    out.push_str(&format!(
        "{:8} {:6.3} {:6.3} {:6.3}\n",
        "lax", lx.p, lx.r, lx.f1
    ));
    out.push_str(&format!(
        "strict_f1={:.3} lax_f1={:.3} strict_p={:.3} strict_r={:.3} lax_p={:.3} lax_r={:.3}\n",
        st.f1, lx.f1, st.p, st.r, lx.p, lx.r
    ));
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
