//! Integration tests of figures: the seed cases of issue 3, number words against the
//! num2words oracle, property tests (value → written form → parse = value), and the
//! `selaras figures` command.

use assert_cmd::Command;
use predicates::prelude::*;
use proptest::prelude::*;
use selaras::figures::{self, compare, extract};
use selaras::Lang;

const LANGS: [Lang; 7] = [
    Lang::IND,
    Lang::ENG,
    Lang::FRA,
    Lang::DEU,
    Lang::RUS,
    Lang::TUR,
    Lang::AZE,
];

// ---------------------------------------------------------------- seed cases (issue 3)

const AZ_CLAIM_ID: &str =
    "Azerbaijan mengeklaim bahwa pasukannya telah membunuh dan melukai 2.300 tentara Armenia.";

#[test]
fn issue_3_seed_2300_soldiers_not_flagged() {
    let en = "Azerbaijan claims its forces killed or wounded 2,300 Armenian soldiers.";
    let c = compare(AZ_CLAIM_ID, Lang::IND, en, Lang::ENG);
    assert!(!c.diverged, "{:?}", c.findings);
}

#[test]
fn issue_3_seed_2300_vs_2000_flagged() {
    let en = "Azerbaijan claims its forces killed or wounded 2,000 Armenian soldiers.";
    let c = compare(AZ_CLAIM_ID, Lang::IND, en, Lang::ENG);
    assert!(c.diverged);
    assert_eq!(c.findings[0].reason, "2.300 vs 2,000");
    let (s, t) = (
        c.findings[0].src_span.clone().unwrap(),
        c.findings[0].tgt_span.clone().unwrap(),
    );
    assert_eq!(&AZ_CLAIM_ID[s], "2.300");
    assert_eq!(&en[t], "2,000");
}

#[test]
fn issue_3_seed_civilians_and_soldiers() {
    let id = "Sedikitnya 7 warga sipil dan 80 personel militer tewas.";
    let same = compare(
        id,
        Lang::IND,
        "At least seven civilians and 80 military personnel died.",
        Lang::ENG,
    );
    assert!(!same.diverged, "{:?}", same.findings);
    let diff = compare(
        id,
        Lang::IND,
        "At least seven civilians and 84 military personnel died.",
        Lang::ENG,
    );
    assert!(diff.diverged);
    assert_eq!(diff.detail(), "80 vs 84");
}

#[test]
fn issue_3_seed_date_written_differently() {
    let c = compare(
        "Serangan dimulai pada hari Minggu (27/9/2020).",
        Lang::IND,
        "The attack began on Sunday (27 September 2020).",
        Lang::ENG,
    );
    assert!(!c.diverged, "{:?}", c.findings);
}

#[test]
fn issue_3_seed_minsk_group_1992_vs_1994() {
    let c = compare(
        "Grup Minsk didirikan pada 1992.",
        Lang::IND,
        "The Minsk Group was founded in 1994.",
        Lang::ENG,
    );
    assert!(c.diverged);
    assert_eq!(c.detail(), "1992 vs 1994");
}

#[test]
fn issue_3_formatting_differences_are_not_flagged() {
    let cases = [
        (
            "Biayanya £125 juta.",
            Lang::IND,
            "It cost £125m.",
            Lang::ENG,
        ),
        ("selama tiga tahun", Lang::IND, "for three years", Lang::ENG),
        ("1.000 orang", Lang::IND, "1,000 people", Lang::ENG),
        ("pada pukul 7 pagi", Lang::IND, "at 7 a.m.", Lang::ENG),
        (
            "senilai 2,8 miliar pound",
            Lang::IND,
            "worth £2.8bn",
            Lang::ENG,
        ),
        ("29 September", Lang::IND, "29 Eylül", Lang::TUR),
        ("tujuh orang", Lang::IND, "7 people", Lang::ENG),
        (
            "sekitar 2.000 orang",
            Lang::IND,
            "about 2,300 people",
            Lang::ENG,
        ),
        ("2 300 personnes", Lang::FRA, "2.300 orang", Lang::IND),
        ("двадцать пять человек", Lang::RUS, "25 orang", Lang::IND),
        ("yüzde 5", Lang::TUR, "5 persen", Lang::IND),
        ("à 17 h 30", Lang::FRA, "pukul 17.30", Lang::IND),
        ("pukul 3 sore", Lang::IND, "at 3pm", Lang::ENG),
        ("350 тыс. долларов", Lang::RUS, "$350.000", Lang::IND),
        (
            "the 1950-53 Korean War",
            Lang::ENG,
            "(1950-1953)",
            Lang::FRA,
        ),
        ("dalam 200 mil", Lang::IND, "в радиусе 320 км", Lang::RUS),
        ("29-го сентября", Lang::RUS, "Sept. 29", Lang::ENG),
        ("Rp50.000", Lang::IND, "50,000 rupiah", Lang::ENG),
        ("pada 1990-an", Lang::IND, "в 1990-х годах", Lang::RUS),
        ("dalam dua hari", Lang::IND, "within 48 hours", Lang::ENG),
        (
            "20 persen warga",
            Lang::IND,
            "a fifth of residents",
            Lang::ENG,
        ),
        (
            "pada 7 Oktober 2020",
            Lang::IND,
            "on October 7, 2020",
            Lang::ENG,
        ),
        ("US$ 3 miliar", Lang::IND, "$3bn", Lang::ENG),
    ];
    for (a, la, b, lb) in cases {
        let c = compare(a, la, b, lb);
        assert!(!c.diverged, "{a} / {b}: {:?}", c.findings);
    }
}

#[test]
fn issue_3_conflicts_are_reported_with_reasons() {
    let c = compare("tujuh orang", Lang::IND, "nine people", Lang::ENG);
    assert!(c.diverged);
    assert_eq!(c.detail(), "tujuh vs nine");
    let c = compare(
        "Grup Minsk didirikan pada 1992.",
        Lang::IND,
        "The Minsk Group.",
        Lang::ENG,
    );
    assert!(!c.diverged);
    assert_eq!(c.detail(), "missing in target: 1992");
}

// ---------------------------------------------------------------- number words (oracle)

/// Every vector generated by num2words (tools/gen_number_vectors.py) parses to its value.
#[test]
fn num2words_vectors() {
    let text = include_str!("fixtures/figures/num2words.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let lang = Lang::parse(cols[0]).unwrap();
        let value: u64 = cols[1].parse().unwrap();
        let ordinal = cols[2] == "ordinal";
        n += 1;
        match figures::parse_words(cols[3], lang) {
            Some((v, o)) if v == value && (o == ordinal || value == 0) => {}
            got => failures.push(format!("{} {} {:?}: got {got:?}", cols[0], value, cols[3])),
        }
    }
    assert!(n > 3000, "only {n} vectors");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------- property tests

/// Writes `v` with the digit conventions of `lang` (grouping and decimal mark).
fn write_digits(v: u64, decimals: Option<u32>, lang: Lang) -> String {
    let (group, decimal) = match lang.iso3() {
        "eng" => (",", "."),
        "fra" | "rus" => ("\u{a0}", ","),
        _ => (".", ","),
    };
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if let Some(d) = decimals {
        out.push_str(decimal);
        out.push_str(&format!("{d:02}"));
    }
    out
}

proptest! {
    #[test]
    fn digits_round_trip(v in 0u64..100_000_000, lang in 0usize..7) {
        let lang = LANGS[lang];
        let text = format!("ada {} orang", write_digits(v, None, lang));
        let f = extract(&text, lang);
        prop_assert_eq!(f.len(), 1, "{}", text);
        prop_assert!(f[0].values().any(|x| x == v as f64), "{} -> {:?}", text, f[0]);
    }

    #[test]
    fn decimals_round_trip(v in 0u64..1_000_000, d in 1u32..100, lang in 0usize..7) {
        let lang = LANGS[lang];
        let text = format!("= {} =", write_digits(v, Some(d), lang));
        let f = extract(&text, lang);
        let want = v as f64 + d as f64 / 100.0;
        prop_assert_eq!(f.len(), 1, "{}", text);
        prop_assert!((f[0].value - want).abs() < 1e-6, "{} -> {:?}", text, f[0]);
    }

    #[test]
    fn same_value_in_two_conventions_never_diverges(v in 1u64..10_000_000, a in 0usize..7, b in 0usize..7) {
        let (la, lb) = (LANGS[a], LANGS[b]);
        let c = compare(&write_digits(v, None, la), la, &write_digits(v, None, lb), lb);
        prop_assert!(!c.diverged, "{:?}", c.findings);
    }

    #[test]
    fn a_changed_digit_always_diverges(v in 100u64..10_000_000, k in 0usize..8, a in 0usize..7, b in 0usize..7) {
        let (la, lb) = (LANGS[a], LANGS[b]);
        let digits = v.to_string();
        let k = 1 + k % (digits.len() - 1);
        let mut changed: Vec<char> = digits.chars().collect();
        changed[k] = if changed[k] == '9' { '0' } else { (changed[k] as u8 + 1) as char };
        let w: u64 = changed.iter().collect::<String>().parse().unwrap();
        let c = compare(&write_digits(v, None, la), la, &write_digits(w, None, lb), lb);
        prop_assert!(c.diverged, "{} vs {}", v, w);
    }

    /// Any text, however odd, gives figures whose spans are inside the text, never a panic,
    /// and no divergence from itself.
    #[test]
    fn any_text_is_safe(text in "[0-9 .,:/h%£$'’\u{a0}\u{202f}\u{2009}\\-–—a-zA-Zа-яё]{0,40}|\\PC{0,40}", a in 0usize..7, b in 0usize..7) {
        for f in extract(&text, LANGS[a]) {
            prop_assert!(f.span.end <= text.len() && text.is_char_boundary(f.span.start));
            prop_assert_eq!(&text[f.span.clone()], f.text.as_str());
        }
        let _ = compare(&text, LANGS[a], &text, LANGS[b]);
        // A text never diverges from itself.
        let c = compare(&text, LANGS[a], &text, LANGS[a]);
        prop_assert!(!c.diverged, "{:?}", c.findings);
    }

    /// Number words from the fixture parse back to their value (the words are num2words'
    /// written forms of the value, so this is value → words → parse = value).
    #[test]
    fn words_in_a_sentence_round_trip(i in 0usize..3400) {
        let text = include_str!("fixtures/figures/num2words.tsv");
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).skip(1).collect();
        let cols: Vec<&str> = lines[i % lines.len()].split('\t').collect();
        let lang = Lang::parse(cols[0]).unwrap();
        let value: f64 = cols[1].parse().unwrap();
        let sentence = format!("« {} »", cols[3]);
        let f = extract(&sentence, lang);
        prop_assert!(f.iter().any(|f| f.value == value), "{} -> {:?}", sentence, f);
    }
}

// ---------------------------------------------------------------- the command

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

#[test]
fn cli_pairs_prints_one_verdict_per_pair_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.tsv");
    std::fs::write(
        &path,
        "id\tsrc_lang\ttgt_lang\tsrc\ttgt\n\
         a\tind\teng\t7 warga sipil dan 80 personel militer\tseven civilians and 80 military personnel\n\
         b\tind\teng\t7 warga sipil dan 80 personel militer\tseven civilians and 84 military personnel\n\
         c\tind\tfra\tGrup Minsk didirikan pada 1992\tLe groupe de Minsk a été fondé en 1994\n",
    )
    .unwrap();
    selaras()
        .args(["figures", "--pairs"])
        .arg(&path)
        .assert()
        .success()
        .stdout("id\tdiverged\tdetail\na\t0\t-\nb\t1\t80 vs 84\nc\t1\t1992 vs 1994\n");
}

#[test]
fn cli_pairs_reports_malformed_lines_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.tsv");
    std::fs::write(
        &path,
        "id\tsrc_lang\ttgt_lang\tsrc\ttgt\n\
         a\tind\teng\t2.300\t2,300\n\
         b\tind\teng only three columns\n\
         c\tind\tzz\t1\t1\n\
         d\tind\teng\t2.300\t2,000\n",
    )
    .unwrap();
    selaras()
        .args(["figures", "--pairs"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout("id\tdiverged\tdetail\na\t0\t-\nd\t1\t2.300 vs 2,000\n")
        .stderr(predicate::str::contains("bad.tsv:3: expected 5"))
        .stderr(predicate::str::contains("bad.tsv:4: tgt_lang"));
}

#[test]
fn cli_pairs_missing_file_is_an_error() {
    selaras()
        .args(["figures", "--pairs", "no/such/pairs.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/pairs.tsv"));
}

#[test]
fn cli_lang_lists_figures() {
    selaras()
        .args([
            "figures",
            "--lang",
            "id",
            "Sekitar 2.300 tentara tewas pada 27/9/2020.",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "span\ttext\tvalue\tkind\tnotes\n",
        ))
        .stdout(predicate::str::contains(
            "8..13\t2.300\t2300\tnumber\tapprox\n",
        ))
        .stdout(predicate::str::contains("\t27/9/2020\t2020\tyear\t"));
}

#[test]
fn cli_lang_reads_stdin() {
    selaras()
        .args(["figures", "--lang", "ru"])
        .write_stdin("двадцать пять человек")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\tдвадцать пять\t25\tnumber\twords\n",
        ));
}

#[test]
fn iso639_1_code_ar_reads_the_arabic_number_words() {
    // `ar` is ISO 639-3 `ara` (the macrolanguage); the data are Standard Arabic's (`arb`)
    let run = |lang: &str| {
        let out = selaras()
            .args(["figures", "--lang", lang])
            .write_stdin("قتل ثلاثة أشخاص")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let ar = run("ar");
    assert!(ar.contains("\t3\tnumber\twords\n"), "{ar}");
    assert_eq!(ar, run("arb"));
}

#[test]
fn cli_needs_pairs_or_lang() {
    selaras().arg("figures").assert().code(2);
    selaras()
        .args(["figures", "--lang", "xx", "1"])
        .assert()
        .code(2);
}
