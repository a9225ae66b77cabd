//! Editing in the review report, in real headless Chromium (through chromedriver): a bead
//! merged, one split, a finding dismissed with the report's keys, the edits exported, and
//! `selaras apply` giving exactly those changes; the report's edit operations agree with the
//! library's (also around a moved run); the index of a 10,000-document job sorts and filters fast. Skipped with a
//! message without Chromium and chromedriver unless SELARAS_REQUIRE_BROWSER=1.

#[path = "support/webdriver.rs"]
mod webdriver;

use std::path::Path;

use assert_cmd::Command;
use selaras::review::ops::{self, Edit, Side, Span};
use serde_json::{json, Value};

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

/// The beads of a links file as ranges.
fn read_links(path: &Path) -> Vec<Span> {
    let text = std::fs::read_to_string(path).unwrap();
    let (mut s, mut t) = (0, 0);
    text.lines()
        .map(|l| {
            let (a, b) = l.split_once(':').unwrap();
            let n = |x: &str| {
                x.trim_matches(['[', ']'])
                    .split(',')
                    .filter(|v| !v.trim().is_empty())
                    .count()
            };
            let bead = (s..s + n(a), t..t + n(b));
            (s, t) = (bead.0.end, bead.1.end);
            bead
        })
        .collect()
}

fn key(b: &Span) -> String {
    format!("{}-{}-{}-{}", b.0.start, b.0.end, b.1.start, b.1.end)
}

fn json_file(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn edits_made_in_the_browser_come_back_through_apply() {
    let Some(b) = webdriver::browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("karabakh-2020");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir("corpora/karabakh-2020").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
    }
    let out = dir.path().join("out");
    selaras()
        .args(["align", "--quiet"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let en_links = out.join("id-en/karabakh-2020.links");
    let fr_links = std::fs::read(out.join("id-fr/karabakh-2020.links")).unwrap();
    let before = read_links(&en_links);
    let summary_before = json_file(&out.join("summary.json"));

    // What the reviewer will do, by the library's definition of the edits.
    let fig = before
        .iter()
        .position(|x| key(x) == "3-4-3-4")
        .expect("the bead with 80 vs 84");
    let two_one = before
        .iter()
        .position(|x| x.0.len() == 2 && x.1.len() == 1)
        .expect("a 2-1 bead");
    assert!(two_one > 2, "the 2-1 bead comes after the merged ones");
    let mut expected = before.clone();
    assert!(ops::apply(&mut expected, Edit::Merge(0)));
    assert!(ops::apply(&mut expected, Edit::Split(two_one - 1)));

    b.open(&out.join("report.html"));
    let sec = "section#p-id-en-karabakh-2020";
    // dismiss the figure finding (x), merge the first two beads (m), try and undo a
    // relink (w, u), split the 2-1 bead (s)
    b.click(&format!("{sec} tr[data-b=\"{}\"] td.k", key(&before[fig])));
    b.keys("x");
    b.click(&format!("{sec} tr[data-b=\"{}\"] td.k", key(&before[0])));
    b.keys("m");
    b.keys("w");
    b.keys("u");
    b.click(&format!(
        "{sec} tr[data-b=\"{}\"] td.k",
        key(&before[two_one])
    ));
    b.keys("s");
    let shown: Vec<String> = b
        .run(
            "return Array.prototype.map.call(document.querySelectorAll(arguments[0] + ' tr.bead'), function (r) { return r.getAttribute('data-b'); });",
            json!([sec]),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        shown,
        expected.iter().map(key).collect::<Vec<_>>(),
        "the page shows the edited beads"
    );
    // every sentence still on the page once
    let spans = b.run(
        "return [document.querySelectorAll(arguments[0] + ' td:nth-child(2) span.s').length, document.querySelectorAll(arguments[0] + ' td:nth-child(3) span.s').length];",
        json!([sec]),
    );
    assert_eq!(
        spans,
        json!([
            expected.last().unwrap().0.end,
            expected.last().unwrap().1.end
        ])
    );
    // a reload keeps the edits (localStorage)
    b.open(&out.join("report.html"));
    let edited = b.run(
        "return [document.querySelectorAll('tr.bead.edited').length, document.querySelectorAll('span.f.dismissed').length];",
        json!([]),
    );
    assert_eq!(
        edited,
        json!([3, 1]),
        "merged + split beads edited, one finding dismissed"
    );
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-edited.png");
    b.run(
        "document.querySelector(arguments[0]).scrollIntoView(); window.scrollBy(0, -60);",
        json!([format!("{sec} tr.edited")]),
    );
    b.screenshot(&shot);
    eprintln!("screenshot: {}", shot.display());
    b.keys("e");
    let exported = b.run("return document.getElementById('export').value;", json!([]));
    let exported = exported.as_str().unwrap();
    let edits: Value = serde_json::from_str(exported).unwrap();
    assert_eq!(edits["selaras_edits"], 1);
    assert_eq!(
        edits["documents"].as_array().unwrap().len(),
        1,
        "only id-en was edited"
    );
    assert_eq!(edits["documents"][0]["findings"][0]["decision"], "dismiss");
    let file = dir.path().join("selaras-edits.json");
    std::fs::write(&file, exported).unwrap();

    selaras()
        .args(["apply", "--quiet"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        read_links(&en_links),
        expected,
        "apply wrote exactly the edited beads"
    );
    assert_eq!(
        std::fs::read(out.join("id-fr/karabakh-2020.links")).unwrap(),
        fr_links
    );
    let s = json_file(&out.join("summary.json"));
    let p = &s["pairs"][0];
    assert_eq!(p["tgt_lang"], "en");
    assert_eq!(p["hand_corrected"], 3);
    assert_eq!(p["findings_dismissed"], 1);
    assert_eq!(
        p["figure_findings"].as_u64().unwrap() + 1,
        summary_before["pairs"][0]["figure_findings"]
            .as_u64()
            .unwrap()
    );
    let jsonl = std::fs::read_to_string(out.join("id-en.jsonl")).unwrap();
    assert!(
        !jsonl.contains("80 vs 84"),
        "the dismissed figure is left out"
    );
    assert_eq!(jsonl.lines().count(), expected.len());

    // the input changed since: a clear error naming the document, nothing changed
    let links_now = std::fs::read(&en_links).unwrap();
    let en = corpus.join("karabakh-2020.en.txt");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replacen("seven", "eight", 1)).unwrap();
    let r = selaras()
        .args(["apply", "--quiet"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&r.get_output().stderr).into_owned();
    assert!(
        err.contains("'karabakh-2020'") && err.contains("changed since"),
        "{err}"
    );
    assert_eq!(std::fs::read(&en_links).unwrap(), links_now);
}

#[test]
fn the_report_edits_the_way_the_library_does() {
    let Some(b) = webdriver::browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("ops.html");
    let js = include_str!("../src/output/report.js");
    std::fs::write(&page, format!("<!DOCTYPE html><body><script>{js}</script>")).unwrap();
    b.open(&page);
    let mut seed: u64 = 0x05e1_a2a5;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut moved_unlinked = 0;
    for run in 0..60 {
        let n = 1 + next(10) as usize;
        let mut beads: Vec<Span> = (0..n).map(|i| (i..i + 1, i..i + 1)).collect();
        // every third run: the bead of source sentence i moved to target sentence j
        let mut moved: Vec<Span> = Vec::new();
        if run % 3 == 2 && n >= 2 {
            let i = next(n as u64 - 1) as usize;
            let j = i + 1 + next((n - 1 - i) as u64) as usize;
            for (s, b) in beads.iter_mut().enumerate().skip(i).take(j - i + 1) {
                let t = if s == i { j } else { s - 1 };
                b.1 = t..t + 1;
            }
            moved.push(beads[i].clone());
        }
        let start = beads.clone();
        let mut script = Vec::new();
        for _ in 0..25 {
            let k = next(n as u64 + 1) as usize;
            let (name, side, edit) = match next(7) {
                0 => ("merge", "src", Edit::Merge(k)),
                1 => ("split", "src", Edit::Split(k)),
                2 => ("unlink", "src", Edit::Unlink(k)),
                3 => ("toPrev", "src", Edit::MoveToPrevious(k, Side::Src)),
                4 => ("toPrev", "tgt", Edit::MoveToPrevious(k, Side::Tgt)),
                5 => ("toNext", "src", Edit::MoveToNext(k, Side::Src)),
                _ => ("toNext", "tgt", Edit::MoveToNext(k, Side::Tgt)),
            };
            let on_moved = beads.get(k).is_some_and(|b| moved.contains(b));
            let ok = ops::apply_around_moved(&mut beads, &moved, edit);
            moved_unlinked += usize::from(ok && on_moved && matches!(edit, Edit::Unlink(_)));
            script.push(json!([name, k, side, ok]));
        }
        let js_beads = b.run(
            "var ops = window.selarasReport.ops, b = arguments[0], moved = {}, oks = [];
             arguments[2].forEach(function (k) { moved[k] = true; });
             arguments[1].forEach(function (s) { oks.push(ops[s[0]](b, s[1], s[2], moved) === s[3]); });
             return [b, oks.every(Boolean)];",
            json!([
                start
                    .iter()
                    .map(|x| [x.0.start, x.0.end, x.1.start, x.1.end])
                    .collect::<Vec<_>>(),
                script,
                moved.iter().map(key).collect::<Vec<_>>()
            ]),
        );
        let want: Vec<[usize; 4]> = beads
            .iter()
            .map(|x| [x.0.start, x.0.end, x.1.start, x.1.end])
            .collect();
        assert_eq!(js_beads, json!([want, true]), "script {script:?}");
    }
    assert!(moved_unlinked > 0, "no run unlinked a moved bead");
}

/// A corpus of `n` short Indonesian–English documents; every seventh has a figure that
/// differs between the two versions.
fn write_corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let (a, b) = (i % 90 + 3, if i % 7 == 0 { i % 90 + 4 } else { i % 90 + 3 });
        std::fs::write(
            dir.join(format!("d{i:05}.id.txt")),
            format!("Ada {a} rumah baru di kota itu.\n\nHujan turun sepanjang hari {i}.\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join(format!("d{i:05}.en.txt")),
            format!("There are {b} new houses in the town.\n\nIt rained all day {i}.\n"),
        )
        .unwrap();
    }
}

#[test]
fn the_index_of_ten_thousand_documents_sorts_and_filters_fast() {
    let Some(b) = webdriver::browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("big");
    write_corpus(&corpus, 10_000);
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    selaras()
        .args(["align", "--quiet", "--format", "links"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let job = started.elapsed().as_secs_f64();
    let index_html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let data = index_html
        .split("id=\"index-data\">")
        .nth(1)
        .and_then(|x| x.split("</script>").next())
        .expect("the index's data");
    let rows: Vec<Value> = serde_json::from_str::<Vec<Value>>(data)
        .unwrap()
        .into_iter()
        .filter(|r| !r.is_null())
        .collect();
    assert_eq!(rows.len(), 10_000);
    let with_findings = rows
        .iter()
        .filter(|r| r[9].as_u64().unwrap() + r[10].as_u64().unwrap() > 0)
        .count();
    assert!(
        with_findings >= 10_000 / 7,
        "{with_findings} documents with findings"
    );

    b.open(&out.join("report.html"));
    let t = b.run(
        "var nav = performance.getEntriesByType('navigation')[0];
         var t0 = performance.now(); window.selarasReport.index.sort('fig'); document.body.offsetHeight;
         var t1 = performance.now(); document.getElementById('ifind').checked = true; window.selarasReport.index.filter(); document.body.offsetHeight;
         var t2 = performance.now();
         var first = document.querySelector('table.index tbody tr');
         first = +first.getAttribute('data-fig') + +first.getAttribute('data-names');
         return { load: nav.loadEventEnd, script: +document.body.getAttribute('data-index-ms'), sort: t1 - t0, filter: t2 - t1,
                  count: document.getElementById('icount').textContent, first: first };",
        json!([]),
    );
    eprintln!("10,000 documents: job {job:.1} s; index page {t}");
    let ms = |k: &str| t[k].as_f64().unwrap();
    assert!(
        t["count"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{with_findings} of 10000")),
        "{t}"
    );
    assert!(
        t["first"].as_u64().unwrap() > 0,
        "only documents with findings shown: {t}"
    );
    assert!(ms("load") < 1_000.0, "{t}");
    assert!(
        ms("script") < 200.0 && ms("sort") < 200.0 && ms("filter") < 200.0,
        "{t}"
    );
    // a click on the column sorts the other way: a document with a figure finding first;
    // without the filter, a page of rows, not ten thousand
    b.click("table.index th[data-key=fig]");
    b.click("#ifind");
    let first = b.run(
        "return [document.querySelector('table.index tbody tr').getAttribute('data-fig'), document.querySelectorAll('table.index tbody tr').length, document.getElementById('icount').textContent];",
        json!([]),
    );
    assert_eq!(
        first,
        json!(["1", 200, "10000 of 10000 document pairs shown"])
    );

    // one small page per document, with shared CSS and JS, and previous/next links
    let page = out.join("report/id-en/d00005.html");
    let size = std::fs::metadata(&page).unwrap().len();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("href=\"d00004.html\"") && html.contains("href=\"d00006.html\""),
        "no previous/next links"
    );
    assert!(size < 16_000, "a document page of {size} bytes");
    b.open(&page);
    b.click("tr.bead td.k");
    b.keys("n");
    let shown = b.run(
        "return document.getElementById('count').textContent;",
        json!([]),
    );
    assert_eq!(shown, "2 of 2 beads shown");
    // an edit on a document page is exported from the index page
    b.keys("w");
    b.open(&out.join("report.html"));
    b.click("button[data-act=export]");
    let exported = b.run("return document.getElementById('export').value;", json!([]));
    let edits: Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    assert_eq!(edits["documents"].as_array().unwrap().len(), 1);
    assert_eq!(edits["documents"][0]["doc"], "d00005");
    assert_eq!(edits["documents"][0]["beads"].as_array().unwrap().len(), 3);
    let total: u64 = walk(&out.join("report")) + index_html.len() as u64;
    eprintln!(
        "report: {} bytes in all, a document page {size} bytes",
        total
    );
}

fn walk(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p)
            } else {
                std::fs::metadata(&p).unwrap().len()
            }
        })
        .sum()
}
