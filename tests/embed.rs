//! Sentence embeddings through the real binary: an embedding command that fails is an error
//! naming it, the cache spares a second run the command, Vecalign's files are read, and
//! (when `SELARAS_EMBED_CMD` names a real embedder, as `.ci/run` does) the whole path from
//! a model to the links works end to end.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/align")
        .join(name)
}

fn align(extra: &[&str]) -> Command {
    let mut c = Command::cargo_bin("selaras").unwrap();
    c.args(["align", "--quiet", "--src-lang", "id", "--tgt-lang", "en"])
        .args(["--presegmented", "--format", "links"])
        .args(extra)
        .arg(fixture("pair.id.txt"))
        .arg(fixture("pair.en.txt"));
    c
}

/// An embedder in POSIX sh and awk (sh reads the lines: awk may buffer a pipe): the
/// header, then for each batch one vector per text
/// (texts counted by their separators, which the fixture texts do not hold), the vector
/// of a text made from the length of its batch line and its position.
const TOY: &str = r#"echo '{"model": "toy/v1", "dim": 3}'
while IFS= read -r line; do printf '%s\n' "$line" | awk '{ n = gsub(/","/, "&") + 1
  out = "{\"vectors\": ["
  for (k = 1; k <= n; k++) out = out (k > 1 ? "," : "") "[" k "," length($0) % 7 + 1 ",1]"
  print out "]}" }'; done"#;

#[test]
fn a_dying_embedding_command_is_an_error_naming_it() {
    align(&["--embed-cmd", "echo 'no model here' >&2; exit 3"])
        .assert()
        .code(2)
        .stderr(contains(
            "embedding command `echo 'no model here' >&2; exit 3`",
        ))
        .stderr(contains("exited with status 3"))
        .stderr(contains("no model here"));
}

#[test]
fn an_embedding_command_with_the_wrong_dimension_is_an_error() {
    let cmd = r#"echo '{"model": "m", "dim": 4}'; read -r l; echo '{"vectors": [[1, 2]]}'"#;
    align(&["--embed-cmd", cmd])
        .assert()
        .code(2)
        .stderr(contains("embedding command `"))
        .stderr(contains("vectors"));
}

#[test]
fn a_hanging_embedding_command_times_out() {
    let cmd = r#"echo '{"model": "m", "dim": 2}'; sleep 60"#;
    let t0 = std::time::Instant::now();
    align(&["--embed-cmd", cmd, "--embed-timeout", "1"])
        .assert()
        .code(2)
        .stderr(contains("no answer within 1 s"));
    assert!(t0.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn cached_vectors_need_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().unwrap();
    let first = align(&[
        "--embed-cmd",
        TOY,
        "--embed-cache",
        cache,
        "--embed-timeout",
        "20",
    ])
    .output()
    .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // every text is cached: a command that would fail is never started
    let second = align(&[
        "--embed-cmd",
        "exit 1",
        "--embed-cache",
        cache,
        "--embed-model",
        "toy/v1",
    ])
    .output()
    .unwrap();
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(first.stdout, second.stdout);
    // another model id is another cache: the failing command is started, and fails
    align(&[
        "--embed-cmd",
        "exit 1",
        "--embed-cache",
        cache,
        "--embed-model",
        "toy/v2",
    ])
    .assert()
    .code(2)
    .stderr(contains("exited with status 1"));
}

/// Writes Vecalign's files for `lines`: the overlaps file and raw float32 vectors.
fn vecalign_files(
    dir: &Path,
    name: &str,
    lines: &[String],
    vec_of: impl Fn(usize) -> [f32; 4],
) -> (PathBuf, PathBuf) {
    let o = dir.join(format!("{name}.overlaps"));
    let e = dir.join(format!("{name}.emb"));
    std::fs::write(&o, lines.join("\n") + "\n").unwrap();
    let bytes: Vec<u8> = (0..lines.len())
        .flat_map(vec_of)
        .flat_map(f32::to_le_bytes)
        .collect();
    std::fs::write(&e, bytes).unwrap();
    (o, e)
}

#[test]
fn vecalign_files_are_read_and_a_missing_sentence_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let read = |f: &str| -> Vec<String> {
        std::fs::read_to_string(fixture(f))
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    let (src, tgt) = (read("pair.id.txt"), read("pair.en.txt"));
    let basis =
        |k: usize| -> [f32; 4] { std::array::from_fn(|d| ((k * 7 + d * 3) % 5) as f32 - 2.0) };
    let (so, se) = vecalign_files(dir.path(), "id", &src, basis);
    let (to, te) = vecalign_files(dir.path(), "en", &tgt, basis);
    let args = |o: &Path| -> Vec<String> {
        [&so, &se, o, &te]
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    };
    let mut with = vec!["--embed-vecalign".to_string()];
    with.extend(args(&to));
    let refs: Vec<&str> = with.iter().map(String::as_str).collect();
    let out = align(&refs).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let links = String::from_utf8_lossy(&out.stdout);
    assert!(links.lines().count() >= 10, "{links}");
    // the English overlaps file without its last line
    let short = dir.path().join("short.overlaps");
    std::fs::write(&short, tgt[..tgt.len() - 1].join("\n") + "\n").unwrap();
    let mut bad = vec!["--embed-vecalign".to_string()];
    bad.extend(args(&short));
    let refs: Vec<&str> = bad.iter().map(String::as_str).collect();
    align(&refs)
        .assert()
        .code(2)
        .stderr(contains("bytes are not one float32 vector for each of the"));
}

/// The real embedder, when `SELARAS_EMBED_CMD` names one (`.ci/run` sets it to
/// `tools/embed_e5.py` in its virtual environment; `SELARAS_REQUIRE_EMBED=1` makes its
/// absence a failure).
#[test]
fn a_real_embedder_aligns_the_fixture_pair_end_to_end() {
    let Some(cmd) = std::env::var_os("SELARAS_EMBED_CMD") else {
        if std::env::var_os("SELARAS_REQUIRE_EMBED").is_some_and(|v| v == "1") {
            panic!("SELARAS_REQUIRE_EMBED=1 but SELARAS_EMBED_CMD is not set");
        }
        eprintln!("SELARAS_EMBED_CMD is not set: end-to-end embedding test skipped");
        return;
    };
    let cmd = cmd.to_string_lossy().into_owned();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let out = align(&[
        "--embed-cmd",
        &cmd,
        "--embed-cache",
        cache.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let gold = std::fs::read_to_string(fixture("pair.gold")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), gold);
    assert!(
        std::fs::read_dir(&cache).unwrap().count() == 1,
        "one model folder in the cache"
    );
}
