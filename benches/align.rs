//! Aligner speed on synthetic document pairs of 1k, 10k and 50k sentences (a noisy
//! "translation": words rewritten, figures kept, 3% deletions, 5% merges, 2% insertions).
//! Time should grow about linearly. Run with `cargo bench --bench align`; after each size
//! the process's peak memory so far is printed (Linux: `VmHWM` of `/proc/self/status`; the
//! sizes run in increasing order, so each figure is the peak of that size).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use selaras::align::{align_pair, AlignOptions, Side};
use selaras::Lang;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// A source document of `n` sentences and its noisy translation.
pub fn synthetic_pair(n: usize, seed: u64) -> (Vec<String>, Vec<String>) {
    let mut r = Rng(seed.max(1));
    let letters: Vec<char> = "abcdefghiklmnoprstuvw".chars().collect();
    let vocab: Vec<String> = (0..5000)
        .map(|_| {
            let len = 2 + r.below(9) as usize;
            (0..len)
                .map(|_| letters[r.below(letters.len() as u64) as usize])
                .collect()
        })
        .collect();
    let (mut src, mut tgt) = (Vec::new(), Vec::<String>::new());
    for _ in 0..n {
        let len = 3 + r.below(28) as usize;
        let mut words: Vec<String> = (0..len)
            .map(|_| vocab[r.below(vocab.len() as u64) as usize].clone())
            .collect();
        if r.below(10) < 3 {
            let at = r.below(words.len() as u64) as usize;
            words.insert(at, (1 + r.below(100_000)).to_string());
        }
        let translated: Vec<String> = words
            .iter()
            .map(|w| {
                if w.starts_with(|c: char| c.is_ascii_digit()) || r.below(5) == 0 {
                    w.clone()
                } else {
                    w.chars().rev().chain(std::iter::once('e')).collect()
                }
            })
            .collect();
        src.push(format!("{}.", words.join(" ")));
        let t = format!("{}.", translated.join(" "));
        match r.below(100) {
            0..=2 => {}
            3..=7 if !tgt.is_empty() => {
                let last = tgt.len() - 1;
                tgt[last].push(' ');
                tgt[last].push_str(&t);
            }
            _ => {
                tgt.push(t);
                if r.below(50) == 0 {
                    let filler: Vec<&str> = (0..10)
                        .map(|_| vocab[r.below(vocab.len() as u64) as usize].as_str())
                        .collect();
                    tgt.push(format!("{}.", filler.join(" ")));
                }
            }
        }
    }
    (src, tgt)
}

/// The peak resident memory of this process, as the kernel reports it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("align_pair");
    group.sample_size(10);
    for n in [1_000usize, 10_000, 50_000] {
        let (s, t) = synthetic_pair(n, 42);
        let src = Side::from_sentences(Lang::IND, s.iter().map(String::as_str).collect());
        let tgt = Side::from_sentences(Lang::ENG, t.iter().map(String::as_str).collect());
        let opts = AlignOptions::default();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| align_pair(&src, &tgt, &opts))
        });
        if let Some(peak) = peak_memory() {
            eprintln!("align_pair/{n}: peak memory so far {peak}");
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
