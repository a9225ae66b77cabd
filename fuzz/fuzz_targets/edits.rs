//! Edits files (`selaras-edits.json`) on any bytes: parsed and applied to two small documents
//! whose alignment has a moved bead (the content hashes are set right, so that the beads and
//! the decisions are what gets checked): a typed error, never a panic; edits that apply
//! give beads that hold every sentence exactly once, listed in source order.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use selaras::align::{Alignment, Bead};
use selaras::review::{content_hash, Edits, EditsFile};
use selaras::text::{Document, ReadOptions};
use selaras::Lang;

/// A document of `n` one-line sentences.
fn doc(name: &str, lang: Lang, n: usize) -> Document {
    let text: String = (0..n).map(|i| format!("{name} {i} has 1{i}0 people.\n")).collect();
    let opts = ReadOptions {
        presegmented: true,
        ..Default::default()
    };
    Document::from_text(Path::new(name), &text, lang, &opts).expect("a document")
}

/// Five 1-1 beads, the one of source sentence 1 moved to target sentence 3.
fn aligned() -> Alignment {
    let tgt = [0, 3, 1, 2, 4];
    Alignment {
        beads: tgt
            .iter()
            .enumerate()
            .map(|(s, &t)| Bead {
                src: s..s + 1,
                tgt: t..t + 1,
                score: 0.5,
                moved: s == 1,
            })
            .collect(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = EditsFile::parse(data) else {
        return;
    };
    let (src, tgt) = (doc("sumber", Lang::IND, 5), doc("target", Lang::ENG, 5));
    for d in &mut file.documents {
        d.doc = "d".into();
        d.src_lang = src.lang.code();
        d.tgt_lang = tgt.lang.code();
        d.src_hash = content_hash(&src);
        d.tgt_hash = content_hash(&tgt);
    }
    let Ok(edits) = Edits::new(file) else {
        return;
    };
    if let Ok(Some(e)) = edits.apply_to_pair("d", &src, &tgt, &aligned()) {
        let srcs: Vec<usize> = e.alignment.beads.iter().flat_map(|b| b.src.clone()).collect();
        assert_eq!(srcs, (0..5).collect::<Vec<_>>(), "source order");
        let mut tgts: Vec<usize> = e.alignment.beads.iter().flat_map(|b| b.tgt.clone()).collect();
        tgts.sort_unstable();
        assert_eq!(tgts, (0..5).collect::<Vec<_>>(), "each target sentence once");
        assert_eq!(e.figures.len(), e.alignment.beads.len());
    }
});
