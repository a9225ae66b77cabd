//! Speed of name keys (issue 4 bar: at least one million names per second per core) and
//! of pair scores. Run: `cargo bench --bench names`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use selaras::{names, Lang};

/// A mix of names in the scripts and languages the crate serves, inflected forms included.
fn sample() -> Vec<(String, Lang)> {
    let text = include_str!("../tests/fixtures/names/seed-pairs.tsv");
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() >= 5 {
            for (l, n) in [(c[1], c[2]), (c[3], c[4])] {
                if let Ok(lang) = Lang::parse(l) {
                    out.push((n.to_string(), lang));
                }
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let names = sample();
    // load the data files once, outside the measurement
    let _ = names::key("x", Lang::ENG);
    let _ = names::score("x", Lang::ENG, "y", Lang::ENG);
    let mut g = c.benchmark_group("names");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("key", |b| {
        b.iter(|| {
            let mut total = 0;
            for (n, l) in &names {
                total += names::key(std::hint::black_box(n), *l).len();
            }
            total
        })
    });
    let pairs: Vec<_> = names.chunks(2).filter(|p| p.len() == 2).collect();
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("score", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for p in &pairs {
                total += names::score(&p[0].0, p[0].1, &p[1].0, p[1].1);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
