//! Segmentation speed: `cargo bench --bench segment`. The input is the fixture texts of
//! `tests/fixtures/segment/` repeated to about 1 MB per language; throughput in bytes.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use selaras::text::paragraphs;
use selaras::text::segment::split_sentences;
use selaras::text::ParagraphMode;
use selaras::Lang;

const ID: &str = include_str!("../tests/fixtures/segment/berita.id.txt");
const EN: &str = include_str!("../tests/fixtures/segment/wrapped.en.txt");
const RU: &str = "Он жил в г. Москва на ул. Ленина с 1870 г. В городе было тихо, т.е. всё \
                  и т.д. Потом 5 млн. руб. Это много! «Почему?» — спросил он. А. С. Пушкин \
                  родился в Москве. В 2019 г. было 2,5 тыс. человек.\n\n";

fn corpus(unit: &str) -> String {
    let mut s = String::with_capacity(1 << 20);
    while s.len() < 1 << 20 {
        s.push_str(unit);
        s.push_str("\n\n");
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("segment");
    for (name, lang, unit) in [
        ("ind", Lang::IND, ID),
        ("eng", Lang::ENG, EN),
        ("rus", Lang::RUS, RU),
    ] {
        let text = corpus(unit);
        let paras = paragraphs(&text, ParagraphMode::BlankLine);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0;
                for p in &paras {
                    n += split_sentences(black_box(&text[p.clone()]), lang).len();
                }
                n
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
