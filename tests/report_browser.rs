//! The review report rendered in a real browser (headless Chromium): every bead present,
//! no console errors, text escaped; a screenshot is saved under target/ for people to look
//! at.
//!
//! Chromium is found as `$CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome`
//! on `PATH`. Without it these tests print that they were skipped (on the terminal, past
//! the test harness's capture) and pass, so that `cargo test` passes on a machine with
//! only the Rust toolchain; with `SELARAS_REQUIRE_BROWSER=1` (set by `.ci/run`) a missing
//! Chromium fails them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

/// The Chromium binary, or `None` (the test is skipped, saying so) when there is none.
/// Panics (fails the test) when there is none and `SELARAS_REQUIRE_BROWSER=1`.
fn chromium(test: &str) -> Option<PathBuf> {
    let found = find_chromium();
    let missing = match found {
        Ok(p) => return Some(p),
        Err(why) => why,
    };
    if std::env::var_os("SELARAS_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
        panic!(
            "{missing}, and SELARAS_REQUIRE_BROWSER=1 requires the browser tests: install \
             Chromium (Debian: apt-get install chromium) or point CHROMIUM at it"
        );
    }
    // Straight to stderr in one write, not through eprintln!, which the test harness
    // captures (and hides for a test that passes).
    let note = format!(
        "SKIPPED browser test {test}: {missing} (install Chromium or set CHROMIUM to run it; \
         SELARAS_REQUIRE_BROWSER=1 makes this a failure)\n"
    );
    let _ = std::io::stderr().lock().write_all(note.as_bytes());
    None
}

/// The Chromium binary, or why there is none.
fn find_chromium() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("CHROMIUM={} is not a file", p.display()))
        };
    }
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("no {} on PATH", names.join(", ")))
}

struct Rendered {
    dom: String,
    console: Vec<String>,
}

/// Renders `page` headless: the DOM after scripts ran, and the console messages it logged.
fn render(chrome: &Path, page: &Path, screenshot: Option<&Path>) -> Rendered {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let base = |cmd: &mut Process| {
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()));
    };
    let mut cmd = Process::new(chrome);
    base(&mut cmd);
    let out = cmd.arg("--dump-dom").arg(&url).output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("CONSOLE"))
        .map(str::to_string)
        .collect();
    if let Some(png) = screenshot {
        let mut cmd = Process::new(chrome);
        base(&mut cmd);
        let status = cmd
            .arg(format!("--screenshot={}", png.display()))
            .arg(&url)
            .output()
            .unwrap();
        assert!(status.status.success());
        assert!(png.exists(), "no screenshot written");
    }
    Rendered {
        dom: String::from_utf8(out.stdout).unwrap(),
        console,
    }
}

#[test]
fn console_errors_are_detected() {
    // The check below is only worth something if a broken page is caught.
    let Some(chrome) = chromium("console_errors_are_detected") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><p>x</p><script>undefinedFunction();</script>",
    )
    .unwrap();
    let r = render(&chrome, &page, None);
    assert!(
        r.console.iter().any(|l| l.contains("undefinedFunction")),
        "console error not seen: {:?}",
        r.console
    );
}

#[test]
fn bundled_corpus_report_renders_every_bead_without_errors() {
    let Some(chrome) = chromium("bundled_corpus_report_renders_every_bead_without_errors") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    selaras()
        .args(["align", "corpora/karabakh-2020", "--quiet", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    let beads: u64 = summary["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["beads"].as_u64().unwrap())
        .sum();
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-karabakh-2020.png");
    let r = render(&chrome, &dir.path().join("report.html"), Some(&shot));
    assert!(r.console.is_empty(), "console messages: {:?}", r.console);
    assert_eq!(r.dom.matches("<tr class=\"bead").count() as u64, beads);
    // The figure changed on purpose (80 → 84) is highlighted on both sides, with the reason,
    // and the name spelled two ways in the English version is marked.
    assert!(
        r.dom
            .contains("<mark class=\"fig\" title=\"80 vs 84\">80</mark>"),
        "source figure not marked"
    );
    assert!(
        r.dom
            .contains("<mark class=\"fig\" title=\"80 vs 84\">84</mark>"),
        "target figure not marked"
    );
    assert_eq!(r.dom.matches("<mark class=\"fig\"").count(), 2);
    assert!(r.dom.contains("<mark class=\"name\""), "no name marked");
    // The script ran: it filled in the counter.
    assert!(
        r.dom.contains(&format!("{beads} of {beads} beads shown")),
        "script did not run"
    );
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn markup_in_a_sentence_shows_as_text() {
    let Some(chrome) = chromium("markup_in_a_sentence_shows_as_text") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(
        c.join("x.id.txt"),
        "Judulnya <script>alert(1)</script> saja.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("x.en.txt"),
        "The title is <script>alert(1)</script> only.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["align", "--quiet"])
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let r = render(&chrome, &out.join("report.html"), None);
    assert!(r.console.is_empty(), "console messages: {:?}", r.console);
    assert!(r
        .dom
        .contains("The title is &lt;script&gt;alert(1)&lt;/script&gt; only."));
    assert_eq!(
        r.dom.matches("<script").count(),
        2,
        "only the report's own script and the index's data"
    );
    assert_eq!(
        r.dom
            .matches("<script type=\"application/json\" id=\"index-data\">")
            .count(),
        1
    );
}

#[test]
fn ten_thousand_beads_stay_usable() {
    let Some(chrome) = chromium("ten_thousand_beads_stay_usable") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let words = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    ];
    let (mut s, mut t) = (String::new(), String::new());
    for i in 0..10_000usize {
        let body: Vec<&str> = (0..(4 + i % 17)).map(|k| words[(i * 7 + k) % 8]).collect();
        s.push_str(&format!("Kalimat {i} {}.\n", body.join(" ")));
        t.push_str(&format!("Sentence {i} {}.\n", body.join(" ")));
    }
    let (sp, tp) = (dir.path().join("big.id.txt"), dir.path().join("big.en.txt"));
    std::fs::write(&sp, s).unwrap();
    std::fs::write(&tp, t).unwrap();
    let html = dir.path().join("big.html");
    selaras()
        .args(["align", "--presegmented", "--report"])
        .arg(&html)
        .arg(&sp)
        .arg(&tp)
        .assert()
        .success();
    let started = std::time::Instant::now();
    let r = render(&chrome, &html, None);
    let secs = started.elapsed().as_secs_f64();
    assert!(r.console.is_empty(), "console messages: {:?}", r.console);
    assert_eq!(r.dom.matches("<tr class=\"bead").count(), 10_000);
    let ms: u64 = r
        .dom
        .split("data-filter-ms=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .and_then(|x| x.parse().ok())
        .expect("the page's script recorded its filter time");
    eprintln!("10,000 beads: page loaded and dumped in {secs:.1} s; one filter pass {ms} ms");
    assert!(ms < 1_000, "filtering 10,000 beads took {ms} ms");
    assert!(secs < 60.0, "rendering took {secs:.1} s");
}
