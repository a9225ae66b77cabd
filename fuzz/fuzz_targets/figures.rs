//! Figure extraction and comparison on any text: no panic, spans on character boundaries
//! that hold the figure's text, finite values, and a sentence never diverges from itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selaras::figures;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((ctl, text)) = common::control_and_text(data) else {
        return;
    };
    let (src_lang, tgt_lang) = (common::lang(ctl & 0x0f), common::lang(ctl >> 4));
    let (src, tgt) = text.split_once('\t').unwrap_or((&text, &text));
    for (t, lang) in [(src, src_lang), (tgt, tgt_lang)] {
        let found = figures::extract(t, lang);
        let mut last = 0..0;
        for f in &found {
            // The day, month and year of a date share its span; other figures do not
            // overlap.
            assert!(
                f.span == last || f.span.start >= last.end,
                "figures overlap or are out of order: {last:?} and {:?}",
                f.span
            );
            last = f.span.clone();
            let at = t
                .get(f.span.clone())
                .expect("a figure span on character boundaries");
            assert_eq!(at, f.text);
            assert!(f.values().all(f64::is_finite), "a value that is not finite");
        }
        let same = figures::compare(t, lang, t, lang);
        assert!(
            !same.diverged,
            "a sentence diverges from itself: {}",
            same.detail()
        );
    }
    let c = figures::compare(src, src_lang, tgt, tgt_lang);
    for f in &c.findings {
        if let Some(s) = &f.src_span {
            assert!(src.get(s.clone()).is_some());
        }
        if let Some(s) = &f.tgt_span {
            assert!(tgt.get(s.clone()).is_some());
        }
    }
});
