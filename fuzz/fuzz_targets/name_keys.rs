//! Name keys, name scores and name mentions on any text: no panic, scores in [0, 1],
//! mention spans on character boundaries that hold the mention's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selaras::names;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((ctl, text)) = common::control_and_text(data) else {
        return;
    };
    let (la, lb) = (common::lang(ctl & 0x0f), common::lang(ctl >> 4));
    let (a, b) = text.split_once('\t').unwrap_or((&text, &text));
    let _ = names::key(a, la);
    let _ = names::analyze(b, lb);
    let s = names::score(a, la, b, lb);
    assert!((0.0..=1.0).contains(&s), "score {s} out of [0, 1]");
    for m in names::mentions(&text, la) {
        let at = text
            .get(m.span.clone())
            .expect("a mention span on character boundaries");
        assert_eq!(at, m.text);
    }
});
