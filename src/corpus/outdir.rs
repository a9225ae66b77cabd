//! The output folder of a corpus job as a unit.
//!
//! * [`check_out`] refuses a folder that is a file before any work is done;
//! * [`OutputFolder::open`] takes a lock (`.selaras.lock`, held for the whole job), so that a
//!   second job into the same folder fails at once; it finishes a commit that an earlier job
//!   left half done and removes what interrupted jobs left behind (staging folders,
//!   `.selaras-*.tmp` files);
//! * the job writes everything into a staging folder inside the output folder
//!   (`.selaras-staging-<pid>/`), which is removed if the job fails or is stopped, so the
//!   outputs of the previous job stay as they were;
//! * [`OutputFolder::commit`] puts the new outputs in place: it writes a journal
//!   (`.selaras-commit.json`: the staging folder, the new files, the files of the previous
//!   job) and a visible marker (`SELARAS-INCOMPLETE.txt`), removes the previous job's files
//!   (those listed in `.selaras-manifest.json`, never a file selaras did not write), moves the
//!   new files in (renames), writes the new manifest, and removes the journal and the marker.
//!   A job killed in the middle of that leaves the journal, and the next job into the folder
//!   finishes the commit first.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::output::write_atomic_with;

const LOCK: &str = ".selaras.lock";
const MANIFEST: &str = ".selaras-manifest.json";
const JOURNAL: &str = ".selaras-commit.json";
/// The file that marks an output folder whose outputs are being replaced.
pub const INCOMPLETE_MARKER: &str = "SELARAS-INCOMPLETE.txt";
const STAGING_PREFIX: &str = ".selaras-staging-";

/// Refuses an output folder that cannot be one: a path that is a file, or below a file.
pub fn check_out(dir: &Path) -> Result<()> {
    for p in dir.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(m) = std::fs::metadata(p) {
            if m.is_dir() {
                return Ok(());
            }
            return Err(Error::new(
                ErrorKind::NotAFile,
                if p == dir {
                    "--out is a file: give a folder for the outputs".to_string()
                } else {
                    format!(
                        "--out is inside {}, which is a file: give a folder for the outputs",
                        p.display()
                    )
                },
            )
            .with_path(dir));
        }
    }
    Ok(())
}

/// The record of a commit (see the module docs).
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The staging folder's name, inside the output folder.
    staging: String,
    /// The files of the new job, relative to the output folder.
    files: Vec<String>,
    /// The files of the previous job.
    previous: Vec<String>,
}

/// An output folder held by a job (see the module docs).
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    staging: PathBuf,
    committed: bool,
    _lock: File,
}

fn cannot_write(dir: &Path, e: &std::io::Error) -> Error {
    let why = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Error::new(
        ErrorKind::Io,
        format!("cannot write into the output folder ({why}): give a folder you can write to"),
    )
    .with_path(dir)
}

impl OutputFolder {
    /// Creates `dir` if needed, locks it and makes a fresh staging folder in it.
    pub fn open(dir: &Path) -> Result<OutputFolder> {
        check_out(dir)?;
        std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
        let lock_path = dir.join(LOCK);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| cannot_write(dir, &e))?;
        match fs4::FileExt::try_lock(&lock) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(Error::new(
                    ErrorKind::Locked,
                    format!(
                        "another selaras job is writing into this folder (it holds {}): wait for it to finish, or give another --out",
                        lock_path.display()
                    ),
                )
                .with_path(dir))
            }
            Err(fs4::TryLockError::Error(e)) => return Err(cannot_write(dir, &e)),
        }
        finish_interrupted_commit(dir)?;
        remove_leftovers(dir);
        let staging = dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&staging).map_err(|e| cannot_write(dir, &e))?;
        Ok(OutputFolder {
            dir: dir.to_path_buf(),
            staging,
            committed: false,
            _lock: lock,
        })
    }

    /// The folder the job writes into until [`OutputFolder::commit`].
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts `files` (relative paths, written into the staging folder) in place of the
    /// previous job's outputs.
    pub fn commit(mut self, mut files: Vec<String>) -> Result<()> {
        files.sort_unstable();
        files.dedup();
        let journal = Journal {
            staging: self
                .staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            files,
            previous: read_manifest(&self.dir),
        };
        write_atomic_with(&self.dir.join(JOURNAL), |w| {
            serde_json::to_writer_pretty(w, &journal).map_err(std::io::Error::from)
        })?;
        apply(&self.dir, &journal)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn read_manifest(dir: &Path) -> Vec<String> {
    std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<Vec<String>>(&b).ok())
        .unwrap_or_default()
}

/// A relative path from a manifest or journal that stays inside the folder.
fn inside(dir: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let plain = p
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    (plain && !rel.is_empty()).then(|| dir.join(p))
}

/// Carries out a commit; safe to run again on a commit that was interrupted.
fn apply(dir: &Path, j: &Journal) -> Result<()> {
    let marker = dir.join(INCOMPLETE_MARKER);
    let note = format!(
        "A selaras job was replacing the outputs in this folder and did not finish.\n\
         The next selaras job into this folder completes the replacement ({JOURNAL}).\n"
    );
    std::fs::write(&marker, note).map_err(|e| Error::io(&marker, &e))?;
    let staging = dir.join(&j.staging);
    // `j.files` is sorted
    let is_new = |f: &str| j.files.binary_search_by(|x| x.as_str().cmp(f)).is_ok();
    for old in j.previous.iter().filter(|f| !is_new(f)) {
        if let Some(p) = inside(dir, old) {
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&p, &e)),
            }
        }
    }
    for f in &j.files {
        let (Some(from), Some(to)) = (inside(&staging, f), inside(dir, f)) else {
            continue;
        };
        if !from.exists() {
            continue; // moved by an earlier, interrupted attempt
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::rename(&from, &to).map_err(|e| Error::io(&to, &e))?;
    }
    write_atomic_with(&dir.join(MANIFEST), |w| {
        serde_json::to_writer_pretty(w, &j.files).map_err(std::io::Error::from)
    })?;
    // folders that only held the previous job's files
    let mut parents: Vec<PathBuf> = j
        .previous
        .iter()
        .filter_map(|f| inside(dir, f))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|p| p != dir)
        .collect();
    parents.sort();
    parents.dedup();
    for p in parents.iter().rev() {
        let _ = std::fs::remove_dir(p); // only succeeds when empty
    }
    let _ = std::fs::remove_dir_all(&staging);
    let journal = dir.join(JOURNAL);
    std::fs::remove_file(&journal).map_err(|e| Error::io(&journal, &e))?;
    std::fs::remove_file(&marker).map_err(|e| Error::io(&marker, &e))?;
    Ok(())
}

/// Finishes the commit an earlier job left half done, if any.
fn finish_interrupted_commit(dir: &Path) -> Result<()> {
    let path = dir.join(JOURNAL);
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(());
    };
    let mut journal: Journal = serde_json::from_slice(&bytes).map_err(|e| {
        Error::new(
            ErrorKind::Parse,
            format!("an interrupted job left a commit journal that cannot be read ({e}); remove it and run again"),
        )
        .with_path(&path)
    })?;
    drop(bytes);
    journal.files.sort_unstable();
    apply(dir, &journal)
}

/// Removes the staging folders and temporary files of jobs that were killed (the lock says
/// no other job is running).
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if name.starts_with(STAGING_PREFIX) && path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else if is_temp_name(&name) {
            let _ = std::fs::remove_file(&path);
        } else if path.is_dir() && !name.starts_with('.') {
            if let Ok(inner) = std::fs::read_dir(&path) {
                for f in inner.flatten() {
                    if is_temp_name(&f.file_name().to_string_lossy()) {
                        let _ = std::fs::remove_file(f.path());
                    }
                }
            }
        }
    }
}

/// The name of a temporary file of [`write_atomic`].
fn is_temp_name(name: &str) -> bool {
    name.starts_with(".selaras-") && name.ends_with(".tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, s: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }

    #[test]
    fn a_commit_replaces_only_what_selaras_wrote() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let f = OutputFolder::open(&out).unwrap();
        write(&f.staging().join("a/x.txt"), "1");
        write(&f.staging().join("b.txt"), "1");
        f.commit(vec!["a/x.txt".into(), "b.txt".into()]).unwrap();
        write(&out.join("mine.txt"), "user");
        let f = OutputFolder::open(&out).unwrap();
        write(&f.staging().join("b.txt"), "2");
        f.commit(vec!["b.txt".into()]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "2");
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "user"
        );
        assert!(!out.join(INCOMPLETE_MARKER).exists());
    }

    #[test]
    fn a_second_job_is_refused_and_a_dropped_job_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let f = OutputFolder::open(&out).unwrap();
        let e = OutputFolder::open(&out).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Locked);
        let staging = f.staging().to_path_buf();
        write(&staging.join("x"), "1");
        drop(f);
        assert!(!staging.exists());
    }

    #[test]
    fn an_interrupted_commit_is_finished_by_the_next_job() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        std::fs::create_dir_all(out.join(".selaras-staging-1")).unwrap();
        write(&out.join(".selaras-staging-1/new.txt"), "new");
        write(&out.join("old.txt"), "old");
        write(&out.join(MANIFEST), "[\"old.txt\"]");
        let j = Journal {
            staging: ".selaras-staging-1".into(),
            files: vec!["new.txt".into()],
            previous: vec!["old.txt".into()],
        };
        write(&out.join(JOURNAL), &serde_json::to_string(&j).unwrap());
        write(&out.join(".selaras-abc.tmp"), "partial");
        let f = OutputFolder::open(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("new.txt")).unwrap(), "new");
        assert!(!out.join("old.txt").exists());
        assert!(!out.join(JOURNAL).exists());
        assert!(!out.join(".selaras-abc.tmp").exists());
        assert!(!out.join(".selaras-staging-1").exists());
        drop(f);
    }

    #[test]
    fn a_file_is_not_an_output_folder() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("f");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(check_out(&f).unwrap_err().kind(), ErrorKind::NotAFile);
        assert_eq!(
            check_out(&f.join("sub")).unwrap_err().kind(),
            ErrorKind::NotAFile
        );
        assert!(check_out(&d.path().join("new/sub")).is_ok());
    }
}
