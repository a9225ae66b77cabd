//! A whole corpus job: the bundled corpus copied into 50 documents (3 languages each),
//! read, segmented, aligned and written in every format.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use selaras::corpus::{run_job, JobConfig};
use selaras::output::Format;
use selaras::Lang;

fn make_corpus(dir: &Path, copies: usize) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/karabakh-2020");
    for lang in ["id", "en", "fr"] {
        let text = std::fs::read_to_string(src.join(format!("karabakh-2020.{lang}.txt")))
            .expect("bundled corpus");
        for k in 0..copies {
            std::fs::write(dir.join(format!("doc{k:03}.{lang}.txt")), &text).expect("write");
        }
    }
}

fn corpus_job(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    make_corpus(&corpus, 50);
    let cfg = JobConfig {
        corpus,
        out: dir.path().join("out"),
        pivot: Lang::IND,
        langs: None,
        formats: Format::ALL.to_vec(),
        read: Default::default(),
        align: Default::default(),
        dictionaries: Default::default(),
        min_score: 0.0,
        jobs: None,
        report: true,
        match_documents: false,
        progress: Default::default(),
        embed: None,
        names: Default::default(),
    };
    c.bench_function("corpus_job_50_docs_3_langs", |b| {
        b.iter(|| run_job(&cfg).expect("job"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = corpus_job
}
criterion_main!(benches);
