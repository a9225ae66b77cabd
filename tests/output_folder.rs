//! The output folder of a corpus job as a unit: checked before any work, locked, replaced as
//! a whole, left as it was by a job that fails or is stopped (issue 11, point 4).

use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::str::contains;

fn selaras() -> Command {
    Command::cargo_bin("selaras").unwrap()
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("selaras")
}

/// A corpus of `copies` copies of the bundled corpus (each a document group of 3 languages).
fn corpus(dir: &Path, copies: usize, langs: &[&str]) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/karabakh-2020");
    let out = dir.join("corpus");
    std::fs::create_dir_all(&out).unwrap();
    for lang in langs {
        let text = std::fs::read_to_string(src.join(format!("karabakh-2020.{lang}.txt"))).unwrap();
        for k in 0..copies {
            std::fs::write(out.join(format!("doc{k:04}.{lang}.txt")), &text).unwrap();
        }
    }
    out
}

/// Every file below `dir`, relative, sorted (hidden ones included).
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn align(corpus: &Path, out: &Path) -> Command {
    let mut c = selaras();
    c.arg("align")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .arg("--quiet");
    c
}

fn spawn_job(corpus: &Path, out: &Path) -> Child {
    StdCommand::new(binary())
        .arg("align")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the job has taken the folder (its staging folder exists).
fn wait_for_staging(out: &Path, child: &mut Child) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(rd) = std::fs::read_dir(out) {
            if rd.flatten().any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".selaras-staging-")
            }) {
                return true;
            }
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    None
}

#[test]
fn a_second_job_into_the_same_folder_fails_at_once() {
    let d = tempfile::tempdir().unwrap();
    let c = corpus(d.path(), 60, &["id", "en", "fr"]);
    let out = d.path().join("out");
    let mut first = spawn_job(&c, &out);
    assert!(
        wait_for_staging(&out, &mut first),
        "the first job never started"
    );
    let start = Instant::now();
    align(&c, &out)
        .assert()
        .code(2)
        .stderr(contains("another selaras job is writing into this folder"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "the second job did not fail at once"
    );
    let status = wait_with_timeout(&mut first, Duration::from_secs(300)).expect("first job hung");
    assert!(status.success());
    assert!(out.join("summary.json").exists());
}

#[test]
fn a_rerun_with_fewer_languages_leaves_only_its_own_outputs() {
    let d = tempfile::tempdir().unwrap();
    let c = corpus(d.path(), 2, &["id", "en", "fr"]);
    let out = d.path().join("out");
    align(&c, &out).assert().success();
    assert!(files(&out).iter().any(|f| f.starts_with("id-fr")));
    std::fs::write(out.join("my-notes.txt"), "mine").unwrap();
    align(&c, &out).args(["--langs", "en"]).assert().success();
    let after = files(&out);
    assert!(!after.iter().any(|f| f.contains("id-fr")), "{after:?}");
    assert!(after.iter().any(|f| f == "id-en.tmx"));
    assert!(
        after.contains(&"my-notes.txt".to_string()),
        "a file selaras did not write was removed"
    );
    // what is left is exactly this job's outputs (and selaras's own bookkeeping)
    let fresh = d.path().join("fresh");
    align(&c, &fresh).args(["--langs", "en"]).assert().success();
    let mine: Vec<String> = after.into_iter().filter(|f| f != "my-notes.txt").collect();
    assert_eq!(mine, files(&fresh));
}

#[test]
fn an_out_that_is_a_file_is_refused_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    let c = corpus(d.path(), 1, &["id", "en"]);
    let f = d.path().join("file");
    std::fs::write(&f, "x").unwrap();
    align(&c, &f)
        .assert()
        .code(2)
        .stderr(contains("--out is a file"));
    align(&c, &f.join("sub"))
        .assert()
        .code(2)
        .stderr(contains("which is a file"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "x");
}

#[test]
fn an_out_that_cannot_be_written_is_refused_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    let c = corpus(d.path(), 1, &["id", "en"]);
    // a folder no one can create (works as root too)
    align(&c, Path::new("/proc/selaras-cannot-be-here"))
        .assert()
        .code(2)
        .stderr(contains("cannot write into the output folder"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = d.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(ro.join("probe"), "x").is_ok() {
            eprintln!("SKIPPED: read-only folder case (permissions do not bite: running as root)");
        } else {
            align(&c, &ro)
                .assert()
                .code(2)
                .stderr(contains("permission denied"));
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn sigint_stops_the_job_and_leaves_the_previous_outputs() {
    let d = tempfile::tempdir().unwrap();
    let small = corpus(&d.path().join("small"), 1, &["id", "en", "fr"]);
    let big = corpus(&d.path().join("big"), 80, &["id", "en", "fr"]);
    let out = d.path().join("out");
    align(&small, &out).assert().success();
    let before = contents(&out);
    let mut job = spawn_job(&big, &out);
    assert!(wait_for_staging(&out, &mut job), "the job never started");
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    let kill = StdCommand::new("kill")
        .args(["-INT", &job.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = wait_with_timeout(&mut job, Duration::from_secs(20)).expect("did not stop");
    assert!(sent.elapsed() < Duration::from_secs(20));
    let mut err = String::new();
    std::io::Read::read_to_string(job.stderr.as_mut().unwrap(), &mut err).unwrap();
    if status.code() == Some(0) {
        eprintln!("SKIPPED: the job finished before the signal arrived");
        return;
    }
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(contents(&out), before, "the previous outputs changed");
}

#[cfg(unix)]
#[test]
fn a_killed_job_leaves_nothing_the_next_job_keeps() {
    let d = tempfile::tempdir().unwrap();
    let c = corpus(d.path(), 40, &["id", "en", "fr"]);
    let out = d.path().join("out");
    let mut job = spawn_job(&c, &out);
    assert!(wait_for_staging(&out, &mut job), "the job never started");
    job.kill().unwrap();
    let _ = job.wait();
    align(&c, &out).assert().success();
    let left: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f.contains(".selaras-staging-") || f.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A small tmpfs, when the machine lets the tests mount one.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = StdCommand::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_the_job_and_leaves_the_previous_outputs() {
    let d = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&d.path().join("disk"), "400k") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
        if std::env::var_os("SELARAS_REQUIRE_TMPFS").is_some() {
            panic!("SELARAS_REQUIRE_TMPFS is set but no tmpfs could be mounted");
        }
        return;
    };
    let small = corpus(&d.path().join("small"), 1, &["id", "en"]);
    let big = corpus(&d.path().join("big"), 60, &["id", "en", "fr"]);
    let out = disk.0.join("out");
    align(&small, &out).assert().success();
    let before = contents(&out);
    align(&big, &out)
        .assert()
        .code(2)
        .stderr(contains("No space left on device").or(contains("no space")));
    assert_eq!(contents(&out), before, "the previous outputs changed");
}

use predicates::prelude::PredicateBooleanExt;
