//! A trace of the moved pass for error analysis: with the environment variable
//! `SELARAS_TRACE_MOVED` set, each round writes to standard error the runs it starts from,
//! the windows it aligns, every candidate block (its beads with their gain and loss, the
//! cost of the move) and whether the round was kept. Nothing is written otherwise.
//! `tools/moved-misses.py` reads it. Lines start with `moved\t`, fields are tab-separated.

use std::ops::Range;
use std::sync::OnceLock;

use super::{runs, Block, Current};

/// True when the trace is asked for (read once).
fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SELARAS_TRACE_MOVED").is_some())
}

fn span(r: &Range<usize>) -> String {
    format!("{}-{}", r.start, r.end)
}

fn spans(rs: &[Range<usize>]) -> String {
    rs.iter().map(span).collect::<Vec<_>>().join(",")
}

/// The start of the pass on a document of `n` × `m` sentences.
pub(super) fn start((n, m): (usize, usize)) {
    if on() {
        eprintln!("moved\tstart\t{n}\t{m}");
    }
}

/// The runs, windows and candidate blocks of a round.
pub(super) fn round(
    round: usize,
    current: &Current,
    windows: &[(Range<usize>, Range<usize>)],
    blocks: &[Block],
) {
    if !on() {
        return;
    }
    let (s, t) = (runs(&current.null_s), runs(&current.null_t));
    eprintln!("moved\truns\t{round}\t{}\t{}", spans(&s), spans(&t));
    for (s, t) in windows {
        eprintln!("moved\twindow\t{round}\t{}\t{}", span(s), span(t));
    }
    for b in blocks {
        let beads: Vec<String> = b
            .beads
            .iter()
            .map(|c| {
                format!(
                    "{}:{}:{:.2}:{:.2}",
                    span(&c.src),
                    span(&c.tgt),
                    c.gain,
                    c.loss
                )
            })
            .collect();
        eprintln!(
            "moved\tblock\t{round}\t{:.2}\t{:.2}\t{}",
            b.gain,
            b.cost,
            beads.join(" ")
        );
    }
}

/// The blocks chosen in a round (by their keys) and the document's score before and after.
pub(super) fn verdict(round: usize, chosen: &[(usize, usize, usize)], before: f64, after: f64) {
    if !on() {
        return;
    }
    let keys: Vec<String> = chosen
        .iter()
        .map(|(s, t, n)| format!("{s}:{t}:{n}"))
        .collect();
    eprintln!(
        "moved\tverdict\t{round}\t{}\t{before:.2}\t{after:.2}\t{}",
        if after > before { "kept" } else { "dropped" },
        keys.join(" ")
    );
}
