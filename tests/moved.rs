//! Moved paragraphs: pair mode of `selaras align` on a document whose translation moved a
//! paragraph, checked in every format.

use assert_cmd::Command;

/// Indonesian source lines and their English translation with lines 9-11 moved to just
/// after line 2.
fn moved_pair() -> (&'static str, &'static str) {
    (
        "tests/fixtures/moved/report.id.txt",
        "tests/fixtures/moved/report.en.txt",
    )
}

/// The file below `dir` whose name ends with `suffix`.
fn find(dir: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                return p;
            }
        }
    }
    panic!("no *{suffix} below {}", dir.display())
}

#[test]
fn regression_issue_12_a_moved_paragraph_is_found_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = moved_pair();
    let out = dir.path().join("out");
    Command::cargo_bin("selaras")
        .unwrap()
        .args(["align", "--presegmented", "--quiet", "--out"])
        .arg(&out)
        .arg("--report")
        .arg(out.join("report.html"))
        .arg(s)
        .arg(t)
        .assert()
        .success();
    let read = |name: &str| std::fs::read_to_string(find(&out, name)).unwrap();
    let links = read(".links");
    // in source order; the moved lines pair with where they went
    let expected: Vec<String> = (0..14)
        .map(|i| {
            let j = match i {
                0..=2 => i,
                3..=8 => i + 3,
                9..=11 => i - 6,
                _ => i,
            };
            format!("[{i}]:[{j}]")
        })
        .collect();
    assert_eq!(links.lines().collect::<Vec<_>>(), expected, "{links}");
    let jsonl = read(".jsonl");
    let moved: Vec<u64> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["moved"] == true)
        .map(|v| v["src_ids"][0].as_u64().unwrap())
        .collect();
    assert_eq!(moved, [9, 10, 11], "{jsonl}");
    let tsv = read(".tsv");
    assert!(tsv.lines().next().unwrap().ends_with("\tfigures\tmoved"));
    let moved_rows = tsv.lines().skip(1).filter(|l| l.ends_with("\t1")).count();
    assert_eq!(moved_rows, 3, "{tsv}");
    let tmx = read(".tmx");
    assert_eq!(tmx.matches("<prop type=\"x-moved\">yes</prop>").count(), 3);
    let report = read(".html");
    assert_eq!(report.matches("moved: paired out of order").count(), 3);
}

#[test]
fn moses_lines_follow_the_source_order_with_moved_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = moved_pair();
    let out = dir.path().join("out");
    Command::cargo_bin("selaras")
        .unwrap()
        .args([
            "align",
            "--presegmented",
            "--quiet",
            "--format",
            "moses",
            "--out",
        ])
        .arg(&out)
        .arg(s)
        .arg(t)
        .assert()
        .success();
    let id = std::fs::read_to_string(find(&out, ".id")).unwrap();
    let en = std::fs::read_to_string(find(&out, ".en")).unwrap();
    let (id10, en10) = (id.lines().nth(10).unwrap(), en.lines().nth(10).unwrap());
    assert!(id10.contains("Lula") && id10.contains("2000"), "{id}");
    assert!(en10.contains("Lula") && en10.contains("2000"), "{en}");
}

/// Standard error of `selaras align` on the moved pair, links to standard output, with the
/// trace of the moved pass asked for or not.
fn align_stderr(trace: bool) -> (String, String) {
    let (s, t) = moved_pair();
    let mut cmd = Command::cargo_bin("selaras").unwrap();
    cmd.args(["align", "--presegmented", "--quiet", "--format", "links"])
        .args([s, t])
        .env_remove("SELARAS_TRACE_MOVED");
    if trace {
        cmd.env("SELARAS_TRACE_MOVED", "1");
    }
    let out = cmd.assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn moved_pass_trace_lists_the_chosen_block_only_when_asked_for() {
    let (links, quiet) = align_stderr(false);
    assert!(!quiet.contains("moved\t"), "{quiet}");
    let (traced_links, trace) = align_stderr(true);
    assert_eq!(links, traced_links, "the trace changes nothing else");
    let lines: Vec<Vec<&str>> = trace.lines().map(|l| l.split('\t').collect()).collect();
    assert!(
        lines.iter().any(|f| f[..2] == ["moved", "start"]),
        "{trace}"
    );
    // round 0 starts from the moved lines 9-11 unaligned on the source side
    let runs = lines
        .iter()
        .find(|f| f[..3] == ["moved", "runs", "0"])
        .unwrap_or_else(|| panic!("{trace}"));
    assert!(runs[3].split(',').any(|r| r == "9-12"), "{trace}");
    // and keeps a block starting at source 9, target 3, of three beads
    let kept = lines
        .iter()
        .find(|f| f[..2] == ["moved", "verdict"] && f[3] == "kept")
        .unwrap_or_else(|| panic!("{trace}"));
    assert!(kept[6].split(' ').any(|k| k == "9:3:3"), "{trace}");
}
