//! A minimal WebDriver client (W3C protocol over HTTP/1.1 with std only) driving headless
//! Chromium through chromedriver, for the browser tests of the report. Without chromedriver
//! or Chromium the tests are skipped with a message, unless SELARAS_REQUIRE_BROWSER=1 (set
//! by .ci/run), which makes that a failure.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn find(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    names.iter().find_map(|n| {
        let out = Command::new("which").arg(n).output().ok()?;
        out.status
            .success()
            .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    })
}

/// A browser session, closed (and chromedriver stopped) on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// A headless Chromium, or `None` (with a message) when there is none and it is not required.
pub fn browser() -> Option<Browser> {
    let required = std::env::var_os("SELARAS_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    let (Some(chrome), Some(driver)) = (
        find(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        ),
        find("CHROMEDRIVER", &["chromedriver"]),
    ) else {
        assert!(
            !required,
            "SELARAS_REQUIRE_BROWSER=1 but no chromium and chromedriver found (Debian: apt-get install chromium chromium-driver)"
        );
        eprintln!("browser test skipped: no chromium and chromedriver (Debian: apt-get install chromium chromium-driver; SELARAS_REQUIRE_BROWSER=1 makes this a failure)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let driver = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let profile = tempfile::tempdir().unwrap();
    let mut b = Browser {
        driver,
        port,
        session: String::new(),
        _profile: profile,
    };
    let started = Instant::now();
    while b.call("GET", "/status", None).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chrome.display().to_string(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--disable-background-networking",
                     format!("--user-data-dir={}", b._profile.path().display())]
        }
    }}});
    let v = b
        .call("POST", "/session", Some(caps))
        .expect("a browser session");
    b.session = v["value"]["sessionId"]
        .as_str()
        .expect("a session id")
        .to_string();
    Some(b)
}

impl Browser {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|e| e.to_string())?;
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let bytes = loop {
            let n = s.read(&mut buf).map_err(|e| e.to_string())?;
            raw.extend_from_slice(&buf[..n]);
            if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
                let rest = &raw[at + 4..];
                let len = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok());
                match len {
                    Some(len) if rest.len() >= len => break rest[..len].to_vec(),
                    None if head.contains("transfer-encoding: chunked")
                        && rest.ends_with(b"0\r\n\r\n") =>
                    {
                        break dechunk(rest)
                    }
                    None if n == 0 => break rest.to_vec(),
                    _ => {}
                }
            }
            if n == 0 {
                return Err("the connection closed early".into());
            }
        };
        let payload = String::from_utf8_lossy(&bytes);
        let v: Value = serde_json::from_str(&payload).map_err(|e| format!("{e}: {payload}"))?;
        if v["value"].get("error").is_some() {
            return Err(format!("{method} {path}: {}", v["value"]));
        }
        Ok(v)
    }

    fn cmd(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{what}", self.session);
        self.call(method, &path, body)
            .unwrap_or_else(|e| panic!("{e}"))["value"]
            .clone()
    }

    /// Opens a file.
    pub fn open(&self, page: &Path) {
        let url = format!("file://{}", page.canonicalize().unwrap().display());
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and gives what it returns.
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Clicks the first element matching a CSS selector.
    pub fn click(&self, selector: &str) {
        let e = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": selector})),
        );
        let id = e
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("no element {selector}"))
            .to_string();
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Presses and releases keys, as a user typing them on the page.
    pub fn keys(&self, keys: &str) {
        let mut acts = Vec::new();
        for k in keys.chars() {
            acts.push(json!({"type": "keyDown", "value": k.to_string()}));
            acts.push(json!({"type": "keyUp", "value": k.to_string()}));
        }
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": acts}]})),
        );
    }

    /// A PNG screenshot of the window.
    pub fn screenshot(&self, png: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let bytes = selaras::corpus::stream::decode_base64(b64.as_str().unwrap()).unwrap();
        std::fs::write(png, bytes).unwrap();
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..eol]);
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        let after = &rest[eol + 2..];
        if n == 0 || after.len() < n {
            break;
        }
        out.extend_from_slice(&after[..n]);
        rest = after[n..].strip_prefix(b"\r\n").unwrap_or(&after[n..]);
    }
    out
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = self.call("DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
