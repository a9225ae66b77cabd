//! The readers of link files, TSV pair files and dictionaries on any text: typed errors
//! naming a line, never a panic; a link file read back from its own formatting is the same.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use selaras::{eval, figures, names, tsv};

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((ctl, text)) = common::control_and_text(data) else {
        return;
    };
    let path = Path::new("fuzz.tsv");
    match ctl % 4 {
        0 => {
            if let Ok(links) = eval::parse_links(&text, path) {
                let again: String = links
                    .iter()
                    .map(|(s, t)| eval::format_link(s.iter().copied(), t.iter().copied()) + "\n")
                    .collect();
                let back = eval::parse_links(&again, path).expect("formatted links parse");
                assert_eq!(back, links);
                let c = eval::count_pair(&links, &links);
                assert!(c.strict_p_hits <= c.n_pred && c.strict_r_hits <= c.n_gold);
                assert!(c.lax_r_hits <= c.n_gold);
            }
        }
        1 => {
            if let Ok(rows) = tsv::read_table(&text, path, &["a", "b"]) {
                for r in rows.iter().flatten() {
                    assert_eq!(r.cells.len(), 2);
                }
            }
            let _ = figures::pairs::read_pairs(&text, path);
        }
        2 => {
            let (pairs, errors) = names::parse_pairs(&text, path);
            assert!(pairs.iter().all(|p| p.line >= 1));
            assert!(errors.iter().all(|e| e.path().is_some()));
        }
        _ => {
            let _ = selaras::align::Dictionary::parse(&text, path);
        }
    }
});
