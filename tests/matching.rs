//! Documents paired by content: `selaras align CORPUS --match-documents` and `selaras match`
//! on a corpus whose file names say nothing about which documents go together.

use assert_cmd::Command;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

/// Two Indonesian and three English articles under unrelated names; the English story-99
/// has no Indonesian version.
fn corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let root = dir.join("corpus");
    let files = [
        (
            "id/berita-0193.txt",
            "Presiden Joko Widodo tiba di Baku pada 12 Oktober 2020.\nIa bertemu Ilham Aliyev selama 2 jam.\n",
        ),
        (
            "id/berita-0007.txt",
            "Harga minyak naik 3,5 persen menjadi 84,20 dolar per barel di London.\nOPEC bertemu di Wina pada 4 Juni.\n",
        ),
        (
            "en/story-77.txt",
            "Oil prices rose 3.5 percent to 84.20 dollars a barrel in London.\nOPEC met in Vienna on 4 June.\n",
        ),
        (
            "en/story-12.txt",
            "President Joko Widodo arrived in Baku on 12 October 2020.\nHe met Ilham Aliyev for 2 hours.\n",
        ),
        (
            "en/story-99.txt",
            "The Brazilian central bank cut its rate to 10.75 percent.\nInflation slowed in May.\n",
        ),
    ];
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    root
}

/// `selaras align ROOT --match-documents --out OUT`.
fn align_by_content(root: &std::path::Path, out: &std::path::Path) -> assert_cmd::assert::Assert {
    selaras()
        .args([
            "align",
            "--presegmented",
            "--quiet",
            "--match-documents",
            "--out",
        ])
        .arg(out)
        .arg(root)
        .assert()
}

#[test]
fn regression_issue_12_documents_paired_by_content_one_left_unpaired() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path());
    let out = dir.path().join("out");
    align_by_content(&root, &out).success();
    let tsv = std::fs::read_to_string(out.join("documents.tsv")).unwrap();
    let pairs: Vec<&str> = tsv
        .lines()
        .map(|l| l.rsplit_once('\t').unwrap().0)
        .collect();
    assert_eq!(
        pairs,
        [
            "pivot_file\tother_file",
            "id/berita-0007.txt\ten/story-77.txt",
            "id/berita-0193.txt\ten/story-12.txt"
        ],
        "{tsv}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let m = &summary["document_matching"];
    assert_eq!(m["pairs"], 2);
    assert_eq!(m["unpaired_files"], serde_json::json!(["en/story-99.txt"]));
    // the pairs are aligned under the pivot's document ids
    let links = std::fs::read_to_string(out.join("id-en/berita-0193.links")).unwrap();
    assert_eq!(links, "[0]:[0]\n[1]:[1]\n");
    assert!(out.join("id-en/berita-0007.links").is_file());
    assert_eq!(summary["pairs"][0]["documents"], 2);
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains("en/story-99.txt"),
        "the report lists the unpaired file"
    );
}

#[test]
fn match_prints_the_pairs_and_names_the_unpaired() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path());
    let out = selaras()
        .args(["match", "--presegmented"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(stdout.contains("id/berita-0193.txt\ten/story-12.txt\t"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("unpaired: en/story-99.txt"), "{stderr}");
}

#[test]
fn match_documents_is_for_a_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path());
    selaras()
        .args(["align", "--match-documents"])
        .arg(root.join("id/berita-0193.txt"))
        .arg(root.join("en/story-12.txt"))
        .args(["--src-lang", "id", "--tgt-lang", "en"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("corpus folder"));
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_paired() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path());
    std::fs::write(root.join("en/broken.txt"), b"Oil \xff\xfe prices\n").unwrap();
    let out = dir.path().join("out");
    align_by_content(&root, &out).code(2);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let errors = summary["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["path"].as_str().unwrap().ends_with("broken.txt"));
    assert_eq!(summary["document_matching"]["pairs"], 2);
}
