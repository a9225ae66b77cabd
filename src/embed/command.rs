//! An external embedding command (`--embed-cmd CMD`) and the protocol it speaks.
//!
//! selaras runs `sh -c CMD` once per job, with pipes on its standard input and output
//! (standard error is passed through to the user, and its last lines are quoted in errors).
//! Every message is one line of JSON (UTF-8, ending in `\n`):
//!
//! 1. the command first writes a header: `{"model": "multilingual-e5-small-q4", "dim": 384}`
//!    — the model's id (vectors of different ids are never mixed, the cache keys by it) and
//!    the number of values per vector;
//! 2. selaras writes a batch: `{"texts": ["Erster Satz.", "Zweiter Satz."]}` (at most
//!    [`BATCH`](super::BATCH) texts; a text never holds a line break);
//! 3. the command answers it with one line: `{"vectors": [[0.012, -0.034, ...], [...]]}`, one
//!    vector of `dim` numbers per text, in order (any scale: selaras normalizes them); or
//!    `{"error": "what went wrong"}` to stop the job with that message;
//! 4. steps 2 and 3 repeat; at the end selaras closes the command's standard input and the
//!    command exits with status 0.
//!
//! A command that exits early, writes something else, answers with the wrong number of
//! vectors or vectors of the wrong size, values that are not finite numbers (`NaN` is not
//! JSON) or a vector of zeros, or takes longer than the timeout for its header or for one
//! batch (default 300 s, `--embed-timeout`) is an error naming the command; nothing falls
//! back silently to aligning without embeddings.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::{embed_error, unit, Embedder, Vector};
use crate::error::{Error, Result};

/// Bytes of the command's standard error quoted in an error message.
const STDERR_TAIL: usize = 2000;

/// The header line of the protocol.
#[derive(Deserialize)]
struct Header {
    model: String,
    dim: usize,
}

/// An answer to a batch.
#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    vectors: Option<Vec<Vec<f32>>>,
    #[serde(default)]
    error: Option<String>,
}

/// A running embedding command.
pub struct Process {
    cmd: String,
    child: Child,
    /// Lines to write on the command's standard input (by a thread of its own, so that a
    /// command that stops reading shows as a timeout, not a hang); dropped to close it.
    stdin: Option<mpsc::Sender<Vec<u8>>>,
    lines: Receiver<std::io::Result<String>>,
    reader: Option<JoinHandle<()>>,
    stderr: Arc<Mutex<VecDeque<u8>>>,
    model: String,
    dim: usize,
    timeout: Duration,
    batches: usize,
}

impl Process {
    /// Starts `sh -c cmd` and reads its header line.
    pub fn start(cmd: &str, timeout: Duration) -> Result<Process> {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            // its own process group, so that a timeout ends the model and not only `sh`
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command
            .spawn()
            .map_err(|e| embed_error(format!("embedding command `{cmd}`: cannot start: {e}")))?;
        let stdin = child.stdin.take().map(|mut input| {
            let (tx, rx) = mpsc::channel::<Vec<u8>>();
            std::thread::spawn(move || {
                for bytes in rx {
                    if input
                        .write_all(&bytes)
                        .and_then(|()| input.flush())
                        .is_err()
                    {
                        break;
                    }
                }
            });
            tx
        });
        let (tx, lines) = mpsc::channel();
        let reader = child.stdout.take().map(|out| {
            std::thread::spawn(move || {
                let mut out = BufReader::new(out);
                loop {
                    let mut line = String::new();
                    match out.read_line(&mut line) {
                        Ok(0) => break,
                        Ok(_) => {
                            if tx.send(Ok(line)).is_err() {
                                break;
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            break;
                        }
                    }
                }
            })
        });
        let stderr = Arc::new(Mutex::new(VecDeque::new()));
        if let Some(mut err) = child.stderr.take() {
            let tail = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = err.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let _ = std::io::stderr().write_all(&buf[..n]);
                    if let Ok(mut t) = tail.lock() {
                        t.extend(&buf[..n]);
                        let extra = t.len().saturating_sub(STDERR_TAIL);
                        t.drain(..extra);
                    }
                }
            });
        }
        let mut p = Process {
            cmd: cmd.to_string(),
            child,
            stdin,
            lines,
            reader,
            stderr,
            model: String::new(),
            dim: 0,
            timeout,
            batches: 0,
        };
        let line = p.next_line("its header line")?;
        let header: Header = serde_json::from_str(&line).map_err(|e| {
            p.fail(format!(
                "its first line must be a header like {{\"model\": \"my-model\", \"dim\": 384}}; it wrote {} ({e})",
                quote(&line)
            ))
        })?;
        if header.model.trim().is_empty() || header.dim == 0 {
            return Err(p.fail(format!(
                "its header must give a model id and a dimension above 0; it wrote {}",
                quote(&line)
            )));
        }
        p.model = header.model;
        p.dim = header.dim;
        Ok(p)
    }

    /// The dimension the command announced.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// An error naming the command, with the end of what it wrote on standard error; the
    /// command is ended.
    fn fail(&mut self, msg: String) -> Error {
        self.kill();
        // let the stderr thread catch up with what the command wrote last
        std::thread::sleep(Duration::from_millis(50));
        let tail = self
            .stderr
            .lock()
            .map(|t| String::from_utf8_lossy(&t.iter().copied().collect::<Vec<u8>>()).into_owned())
            .unwrap_or_default();
        let tail = tail.trim();
        let mut m = format!("embedding command `{}`: {msg}", self.cmd);
        if !tail.is_empty() {
            m.push_str(&format!("; the end of its standard error: {tail}"));
        }
        embed_error(m)
    }

    fn kill(&mut self) {
        #[cfg(unix)]
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals the process group the child
            // leads (it was started with `process_group(0)`); no memory is involved.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stdin = None;
    }

    /// The next line of the command's output, within the timeout.
    fn next_line(&mut self, what: &str) -> Result<String> {
        match self.lines.recv_timeout(self.timeout) {
            Ok(Ok(line)) => Ok(line),
            Ok(Err(e)) => Err(self.fail(format!("reading {what}: {e}"))),
            Err(RecvTimeoutError::Timeout) => Err(self.fail(format!(
                "no answer within {} s while waiting for {what} (raise --embed-timeout if the model is slow)",
                self.timeout.as_secs_f64()
            ))),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.wait_exit();
                Err(self.fail(format!("{status} before writing {what}")))
            }
        }
    }

    /// How the command ended (it closed its output), waited for at most a second.
    fn wait_exit(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            match self.child.try_wait() {
                Ok(Some(s)) => return describe(s),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => return "closed its output".into(),
            }
        }
    }

    fn send(&mut self, texts: &[&str]) -> Result<()> {
        let line = serde_json::json!({ "texts": texts }).to_string() + "\n";
        let sent = self
            .stdin
            .as_ref()
            .is_some_and(|s| s.send(line.into_bytes()).is_ok());
        if !sent {
            let status = self.wait_exit();
            return Err(self.fail(format!("{status} (writing batch {})", self.batches + 1)));
        }
        Ok(())
    }
}

/// A quoted, shortened line of the command's output.
fn quote(line: &str) -> String {
    let line = line.trim_end();
    let short: String = line.chars().take(200).collect();
    if short.len() < line.len() {
        format!("`{short}...`")
    } else {
        format!("`{short}`")
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    match status.code() {
        Some(c) => format!("exited with status {c}"),
        None => format!("was ended by a signal ({status})"),
    }
}

impl Embedder for Process {
    fn model(&self) -> &str {
        &self.model
    }

    fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vector>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        // one line per text: a line break inside would be a new sentence to the command
        let texts: Vec<String> = texts.iter().map(|t| t.replace(['\n', '\r'], " ")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.send(&refs)?;
        self.batches += 1;
        let what = format!(
            "its answer to batch {} ({} texts)",
            self.batches,
            texts.len()
        );
        let line = self.next_line(&what)?;
        let answer: Answer = serde_json::from_str(&line).map_err(|e| {
            self.fail(format!(
                "{what} must be a line {{\"vectors\": [[...], ...]}} of finite numbers; it wrote {} ({e})",
                quote(&line)
            ))
        })?;
        if let Some(msg) = answer.error {
            return Err(self.fail(format!("reported an error: {msg}")));
        }
        let Some(vectors) = answer.vectors else {
            return Err(self.fail(format!(
                "{what} has no \"vectors\": it wrote {}",
                quote(&line)
            )));
        };
        if vectors.len() != texts.len() {
            return Err(self.fail(format!(
                "answered batch {} of {} texts with {} vectors",
                self.batches,
                texts.len(),
                vectors.len()
            )));
        }
        let dim = self.dim;
        let mut out = Vec::with_capacity(vectors.len());
        for (k, v) in vectors.into_iter().enumerate() {
            match unit(v, dim) {
                Ok(v) => out.push(v),
                Err(e) => {
                    return Err(self.fail(format!(
                        "the vector of text {} of batch {} ({}) {e} (the header says dim {dim})",
                        k + 1,
                        self.batches,
                        quote(&texts[k])
                    )))
                }
            }
        }
        Ok(out)
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.stdin = None;
        let deadline = Instant::now() + self.timeout;
        // anything the command writes after its last answer is an error
        match self.lines.recv_timeout(self.timeout) {
            Ok(Ok(line)) => {
                return Err(self.fail(format!("wrote more than was asked: {}", quote(&line))))
            }
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {}
            Err(RecvTimeoutError::Timeout) => {
                return Err(self.fail(format!(
                    "did not exit within {} s after its input was closed",
                    self.timeout.as_secs_f64()
                )))
            }
        }
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        loop {
            match self.child.try_wait() {
                Ok(Some(s)) if s.success() => return Ok(()),
                Ok(Some(s)) => {
                    let status = describe(s);
                    return Err(self.fail(format!("{status} at the end of its input")));
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Ok(None) => {
                    return Err(self.fail(format!(
                        "did not exit within {} s after its input was closed",
                        self.timeout.as_secs_f64()
                    )))
                }
                Err(e) => return Err(self.fail(format!("waiting for it to exit: {e}"))),
            }
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill();
        }
    }
}

/// A command started on first use: with a cache and a model id given by the user, a job
/// whose texts are all cached never starts the model.
pub struct Lazy {
    cmd: String,
    timeout: Duration,
    model: Option<String>,
    process: Option<Process>,
}

impl Lazy {
    /// A command not started yet; `model` is the id the user gave, if any.
    pub fn new(cmd: &str, timeout: Duration, model: Option<String>) -> Lazy {
        Lazy {
            cmd: cmd.to_string(),
            timeout,
            model,
            process: None,
        }
    }

    /// The same, started.
    pub fn started(mut self) -> Result<Lazy> {
        self.start()?;
        Ok(self)
    }

    fn start(&mut self) -> Result<&mut Process> {
        if self.process.is_none() {
            let mut p = Process::start(&self.cmd, self.timeout)?;
            if let Some(m) = &self.model {
                if *m != p.model {
                    let msg = format!(
                        "announces model `{}`, but the model id given is `{m}` (vectors of different models must not be mixed: fix --embed-model)",
                        p.model
                    );
                    return Err(p.fail(msg));
                }
            }
            self.model = Some(p.model.clone());
            self.process = Some(p);
        }
        self.process
            .as_mut()
            .ok_or_else(|| embed_error("embedding command not started"))
    }
}

impl Embedder for Lazy {
    fn model(&self) -> &str {
        self.model.as_deref().unwrap_or_default()
    }

    fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vector>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        self.start()?.embed(texts)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        match self.process {
            Some(p) => Box::new(p).finish(),
            None => Ok(()),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(10);

    /// A command written in sh: the header, then for each batch line the answer `answer`.
    fn fake(header: &str, answer: &str) -> String {
        format!("printf '%s\\n' '{header}'; while read -r line; do printf '%s\\n' '{answer}'; done")
    }

    #[test]
    fn a_well_behaved_command_gives_vectors() {
        let cmd = fake(
            r#"{"model": "toy", "dim": 2}"#,
            r#"{"vectors": [[3, 4], [0, 1]]}"#,
        );
        let mut p = Box::new(Process::start(&cmd, T).unwrap());
        assert_eq!(p.model(), "toy");
        let v = p.embed(&["a", "b"]).unwrap();
        assert_eq!(v, vec![vec![0.6, 0.8], vec![0.0, 1.0]]);
        p.finish().unwrap();
    }

    fn fails(cmd: &str, texts: &[&str], message: &str) {
        let err = match Process::start(cmd, Duration::from_millis(1500)) {
            Err(e) => e,
            Ok(mut p) => p.embed(texts).unwrap_err(),
        };
        let s = err.to_string();
        assert!(s.contains(message), "{s}");
        assert!(s.contains("embedding command `"), "{s}");
    }

    #[test]
    fn a_wrong_count_of_vectors_is_an_error() {
        let cmd = fake(r#"{"model": "toy", "dim": 2}"#, r#"{"vectors": [[3, 4]]}"#);
        fails(
            &cmd,
            &["a", "b"],
            "answered batch 1 of 2 texts with 1 vectors",
        );
    }

    #[test]
    fn a_wrong_size_is_an_error() {
        let cmd = fake(r#"{"model": "toy", "dim": 3}"#, r#"{"vectors": [[3, 4]]}"#);
        fails(&cmd, &["a"], "has 2 values, expected 3");
    }

    #[test]
    fn nan_is_an_error() {
        let cmd = fake(
            r#"{"model": "toy", "dim": 2}"#,
            r#"{"vectors": [[NaN, 4]]}"#,
        );
        fails(&cmd, &["a"], "must be a line");
    }

    #[test]
    fn a_dying_command_is_an_error_with_its_stderr() {
        let cmd = r#"printf '%s\n' '{"model": "toy", "dim": 2}'; read -r line; echo "out of memory" >&2; exit 3"#;
        fails(cmd, &["a"], "exited with status 3");
        fails(cmd, &["a"], "out of memory");
    }

    #[test]
    fn a_hanging_command_times_out() {
        let cmd = r#"printf '%s\n' '{"model": "toy", "dim": 2}'; sleep 30"#;
        let t0 = Instant::now();
        fails(cmd, &["a"], "no answer within 1.5 s");
        assert!(t0.elapsed() < Duration::from_secs(10));
        fails("sleep 30", &["a"], "header line");
    }

    #[test]
    fn a_missing_header_is_an_error() {
        fails("echo hello", &["a"], "its first line must be a header");
        fails(
            "true",
            &["a"],
            "exited with status 0 before writing its header",
        );
    }

    #[test]
    fn an_error_answer_is_passed_on() {
        let cmd = fake(
            r#"{"model": "toy", "dim": 2}"#,
            r#"{"error": "text too long"}"#,
        );
        fails(&cmd, &["a"], "reported an error: text too long");
    }

    #[test]
    fn a_model_other_than_the_one_given_is_an_error() {
        let cmd = fake(r#"{"model": "toy", "dim": 2}"#, r#"{"vectors": [[1, 0]]}"#);
        let e = Lazy::new(&cmd, T, Some("other".into()))
            .started()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("announces model `toy`"), "{e}");
    }
}
