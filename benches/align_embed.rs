//! The aligner's own cost with sentence embeddings: synthetic document pairs of 1k and 10k
//! sentences with precomputed vectors (the embedder is not run), against the same pairs
//! without vectors. A "translation" has 3% deletions, 5% merges and 2% insertions; each
//! source sentence has a random unit vector of 384 values, its translation that vector plus
//! noise (a merged line: the sum of its sentences' vectors), an insertion a random one.
//! Run with `cargo bench --bench align_embed`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use selaras::align::{align_pair, AlignOptions, Side};
use selaras::embed::TextVectors;
use selaras::Lang;

const DIM: usize = 384;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// Random numbers and vectors for the benchmark's input.
trait Draw {
    fn unit(&mut self) -> f32;
    fn vector(&mut self) -> Vec<f32>;
}

impl Draw for Rng {
    fn unit(&mut self) -> f32 {
        (self.below(2_000_001) as f32 / 1_000_000.0) - 1.0
    }
    fn vector(&mut self) -> Vec<f32> {
        (0..DIM).map(|_| self.unit()).collect()
    }
}

/// Source sentences, target lines and the vectors of all of them.
fn pair(n: usize, seed: u64) -> (Vec<String>, Vec<String>, TextVectors) {
    let mut r = Rng(seed);
    let word = |r: &mut Rng| -> String {
        let len = 2 + r.below(8) as usize;
        (0..len)
            .map(|_| char::from(b'a' + r.below(26) as u8))
            .collect()
    };
    let sentence = |r: &mut Rng| -> String {
        let len = 4 + r.below(25) as usize;
        let words: Vec<String> = (0..len).map(|_| word(r)).collect();
        format!("{}.", words.join(" "))
    };
    let (mut src, mut tgt) = (Vec::new(), Vec::<String>::new());
    let mut vecs: Vec<Vec<f32>> = Vec::new();
    let mut tvecs: Vec<Vec<f32>> = Vec::new();
    for k in 0..n {
        let s = sentence(&mut r);
        let v = r.vector();
        let t = format!("{} t{k}", sentence(&mut r));
        let tv: Vec<f32> = v.iter().map(|x| x + 0.6 * r.unit()).collect();
        match r.below(100) {
            0..=2 => {}
            3..=7 if !tgt.is_empty() => {
                let last = tgt.len() - 1;
                tgt[last] = format!("{} {t}", tgt[last]);
                for (a, b) in tvecs[last].iter_mut().zip(&tv) {
                    *a += b;
                }
            }
            _ => {
                tgt.push(t);
                tvecs.push(tv);
                if r.below(50) == 0 {
                    tgt.push(format!("{} x{k}", sentence(&mut r)));
                    tvecs.push(r.vector());
                }
            }
        }
        src.push(s);
        vecs.push(v);
    }
    let texts: Vec<&str> = src.iter().chain(&tgt).map(String::as_str).collect();
    vecs.extend(tvecs);
    let table = TextVectors::new(&texts, vecs).expect("vectors");
    (src, tgt, table)
}

fn align_with_vectors(c: &mut Criterion) {
    let mut g = c.benchmark_group("align_embed");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        let (src, tgt, table) = pair(n, 7 + n as u64);
        let s = Side::from_sentences(Lang::DEU, src.iter().map(String::as_str).collect());
        let t = Side::from_sentences(Lang::FRA, tgt.iter().map(String::as_str).collect());
        let with = AlignOptions {
            embeddings: Some(Arc::new(table)),
            ..AlignOptions::default()
        };
        let without = AlignOptions::default();
        g.bench_with_input(BenchmarkId::new("with_vectors", n), &n, |b, _| {
            b.iter(|| align_pair(&s, &t, &with))
        });
        g.bench_with_input(BenchmarkId::new("without_vectors", n), &n, |b, _| {
            b.iter(|| align_pair(&s, &t, &without))
        });
    }
    g.finish();
}

criterion_group!(benches, align_with_vectors);
criterion_main!(benches);
