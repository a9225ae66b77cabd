//! The aligner: the real binary on a small hand-made pair (a merge, an insertion, a
//! deletion, figures written differently), invariants of the library as property tests,
//! determinism of a corpus job whatever the thread count, and regressions.

use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use selaras::align::{align_many, align_pair, AlignOptions, Alignment, Dictionary, Side};
use selaras::{ErrorKind, Lang};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/align")
        .join(name)
}

/// True when the beads cover both sides exactly once, in order, and no bead is empty.
/// Every sentence of both sides in exactly one bead, beads in source order, and the beads
/// not marked as moved in order on the target side too.
fn covers(al: &Alignment, n: usize, m: usize) -> bool {
    let mut i = 0;
    let mut seen = vec![0; m];
    let mut last_tgt = 0;
    for b in &al.beads {
        if b.src.start != i || (b.src.is_empty() && b.tgt.is_empty()) {
            return false;
        }
        if !(0.0..=1.0).contains(&b.score) || b.tgt.end > m {
            return false;
        }
        if !b.moved && !b.tgt.is_empty() {
            if b.tgt.start < last_tgt {
                return false;
            }
            last_tgt = b.tgt.end;
        }
        b.tgt.clone().for_each(|k| seen[k] += 1);
        i = b.src.end;
    }
    i == n && seen.iter().all(|&c| c == 1)
}

/// Links of `selaras align` (Indonesian → English, presegmented) on two fixture files.
fn align_fixtures(src: &str, tgt: &str) -> String {
    let out = Command::cargo_bin("selaras")
        .unwrap()
        .args(["align", "--quiet", "--src-lang", "id", "--tgt-lang", "en"])
        .args(["--presegmented", "--format", "links"])
        .arg(fixture(src))
        .arg(fixture(tgt))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn binary_aligns_a_pair_with_a_merge_an_insertion_and_a_deletion() {
    let gold = std::fs::read_to_string(fixture("pair.gold")).unwrap();
    assert_eq!(align_fixtures("pair.id.txt", "pair.en.txt"), gold);
}

#[test]
fn a_line_holding_two_sentences_aligns_with_both_of_their_lines() {
    // line 5 of the Indonesian side holds two sentences ("Biayanya belum diumumkan. Dewan
    // kota ... hari Kamis."), which the English side has as lines 5 and 6; without counting
    // the sentences of each line the short first one looked like an English insertion
    let links = align_fixtures("merged-line.id.txt", "merged-line.en.txt");
    assert!(links.contains("[5]:[5, 6]\n"), "{links}");
    assert_eq!(links.lines().count(), 11, "{links}");
}

#[test]
fn confident_where_anchors_agree() {
    let s = std::fs::read_to_string(fixture("pair.id.txt")).unwrap();
    let t = std::fs::read_to_string(fixture("pair.en.txt")).unwrap();
    let src = Side::from_sentences(Lang::IND, s.lines().collect());
    let tgt = Side::from_sentences(Lang::ENG, t.lines().collect());
    let al = align_pair(&src, &tgt, &AlignOptions::default());
    // the bead holding "2.300 rumah" / "2,300 houses" is near certain
    let b = al.beads.iter().find(|b| b.src == (2..3)).unwrap();
    assert_eq!(b.tgt, 2..3);
    assert!(b.score > 0.9, "{b:?}");
}

/// Regression: on a long, perfectly parallel pair the second pass once collapsed into
/// null beads (a too-narrow length variance blown up at the coarse levels of the search).
#[test]
fn long_parallel_pair_stays_one_to_one() {
    let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"];
    let mk = |lead: &str| -> Vec<String> {
        (0..3000usize)
            .map(|i| {
                let body: Vec<&str> = (0..(4 + i % 13)).map(|k| words[(i * 5 + k) % 7]).collect();
                format!("{lead} {i} {}.", body.join(" "))
            })
            .collect()
    };
    let (s, t) = (mk("Kalimat"), mk("Sentence"));
    let src = Side::from_sentences(Lang::IND, s.iter().map(String::as_str).collect());
    let tgt = Side::from_sentences(Lang::ENG, t.iter().map(String::as_str).collect());
    let al = align_pair(&src, &tgt, &AlignOptions::default());
    assert_eq!(al.beads.len(), 3000);
    assert!(al
        .beads
        .iter()
        .all(|b| b.src.len() == 1 && b.tgt.len() == 1));
}

/// Regression: when few words are shared, the coarse levels of the search kept each side's
/// own rarest keys; for groups of hundreds of sentences those barely overlap, so correct
/// beads looked unrelated and the path ran off the diagonal into long runs of null beads
/// (from sentence ~230 of a 2,000-sentence pair on).
#[test]
fn long_pair_with_few_shared_words_stays_on_the_diagonal() {
    let mut state = 42u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let letters: Vec<char> = "abcdefghiklmnoprstuvw".chars().collect();
    let vocab: Vec<String> = (0..5000)
        .map(|_| {
            let len = 2 + next(9) as usize;
            (0..len).map(|_| letters[next(21) as usize]).collect()
        })
        .collect();
    let (mut s, mut t) = (Vec::new(), Vec::new());
    for _ in 0..2000 {
        let mut words: Vec<String> = (0..3 + next(28))
            .map(|_| vocab[next(5000) as usize].clone())
            .collect();
        if next(10) < 3 {
            let at = next(words.len() as u64) as usize;
            words.insert(at, (1 + next(100_000)).to_string());
        }
        // most words "translated" (reversed), a fifth kept, numbers kept
        let tr: Vec<String> = words
            .iter()
            .map(|w| {
                if w.starts_with(|c: char| c.is_ascii_digit()) || next(5) == 0 {
                    w.clone()
                } else {
                    w.chars().rev().chain(std::iter::once('e')).collect()
                }
            })
            .collect();
        s.push(format!("{}.", words.join(" ")));
        t.push(format!("{}.", tr.join(" ")));
    }
    let src = Side::from_sentences(Lang::IND, s.iter().map(String::as_str).collect());
    let tgt = Side::from_sentences(Lang::ENG, t.iter().map(String::as_str).collect());
    let al = align_pair(&src, &tgt, &AlignOptions::default());
    let diagonal = al
        .beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.src.start == b.tgt.start)
        .count();
    assert!(
        diagonal >= 1990,
        "only {diagonal} of 2000 beads on the diagonal"
    );
}

#[test]
fn corpus_job_is_the_same_whatever_the_threads() {
    let s = std::fs::read_to_string(fixture("pair.id.txt")).unwrap();
    let t = std::fs::read_to_string(fixture("pair.en.txt")).unwrap();
    let pairs: Vec<(Side, Side)> = (0..6)
        .map(|k| {
            // rotate the documents so every pair differs
            let mut a: Vec<&str> = s.lines().collect();
            let mut b: Vec<&str> = t.lines().collect();
            a.rotate_left(k);
            b.rotate_left(k);
            (
                Side::from_sentences(Lang::IND, a),
                Side::from_sentences(Lang::ENG, b),
            )
        })
        .collect();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| align_many(&pairs, &AlignOptions::default()))
    };
    let one = run(1);
    assert_eq!(one, run(4));
    for ((s, t), al) in pairs.iter().zip(&one) {
        assert!(covers(al, s.sentences.len(), t.sentences.len()));
    }
}

#[test]
fn dictionary_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("de-fr.dic");
    std::fs::write(&p, "Haus @ maison\n# comment\nno separator here\n").unwrap();
    let e = Dictionary::read(&p).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!(e.line(), Some(3));
    assert_eq!(e.path(), Some(p.as_path()));
    let missing = Dictionary::read(&dir.path().join("nope.dic")).unwrap_err();
    assert!(missing.to_string().contains("nope.dic"));
}

#[test]
fn a_dictionary_entry_is_an_anchor() {
    // no shared word: only lengths pair these; the dictionary makes the beads surer
    let src = Side::from_sentences(
        Lang::DEU,
        vec!["Der Hund schläft.", "Die Katze spielt.", "Es regnet."],
    );
    let tgt = Side::from_sentences(
        Lang::FRA,
        vec!["Le chien dort.", "Le chat joue.", "Il pleut."],
    );
    let plain = align_pair(&src, &tgt, &AlignOptions::default());
    let dict = Dictionary::parse("chien @ Hund\nchat @ Katze\n", Path::new("d")).unwrap();
    let opts = AlignOptions {
        dictionary: Some(dict),
        ..AlignOptions::default()
    };
    let with = align_pair(&src, &tgt, &opts);
    assert_eq!(with.links(), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    assert_eq!(plain.links(), with.links());
    for k in 0..2 {
        assert!(
            with.beads[k].score > plain.beads[k].score,
            "{:?} vs {:?}",
            with.beads[k],
            plain.beads[k]
        );
    }
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Zéğы]{1,9}|[0-9]{1,5}|[,.?!:«»()-]", 1..25)
        .prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_sentence_once_in_order(
        s in prop::collection::vec(sentence(), 0..40),
        t in prop::collection::vec(sentence(), 0..40),
        breaks in prop::collection::vec(any::<bool>(), 40),
    ) {
        let paras = |n: usize| -> Vec<usize> {
            let mut p = 0;
            (0..n).map(|i| { if breaks[i] { p += 1; } p }).collect()
        };
        let src = Side { lang: Lang::IND, sentences: s.iter().map(String::as_str).collect(), paragraphs: paras(s.len()) };
        let tgt = Side { lang: Lang::RUS, sentences: t.iter().map(String::as_str).collect(), paragraphs: paras(t.len()) };
        let al = align_pair(&src, &tgt, &AlignOptions::default());
        prop_assert!(covers(&al, s.len(), t.len()), "{:?}", al);
    }
}
