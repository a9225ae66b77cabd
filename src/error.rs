//! The one error type of the library: a kind, a location (file and line) and a message.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, in categories a caller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or folder could not be read or written (missing, permissions, ...).
    Io,
    /// A folder was given where a file is expected, or the reverse.
    NotAFile,
    /// The bytes could not be decoded as text in the expected encoding.
    Decode,
    /// The file looks binary (NUL bytes, control characters).
    Binary,
    /// The document has no text.
    Empty,
    /// A language code that is not known.
    UnknownLanguage,
    /// An encoding name that is not known.
    UnknownEncoding,
    /// A line of an input file is malformed (TSV, link file, job file, ...).
    Parse,
    /// Arguments or settings that do not fit together.
    Config,
    /// The embedding command (or the vectors given) failed: died, hung, or answered with
    /// the wrong number or size of vectors.
    Embed,
    /// Another job holds the output folder.
    Locked,
    /// The job was stopped (Ctrl-C) before it finished.
    Interrupted,
    /// An edits file of the review report that is malformed or does not fit the job's
    /// documents (made on a document that changed since).
    Edits,
}

impl ErrorKind {
    /// A short, stable name of the kind, used in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::NotAFile => "not-a-file",
            ErrorKind::Decode => "decode",
            ErrorKind::Binary => "binary",
            ErrorKind::Empty => "empty",
            ErrorKind::UnknownLanguage => "unknown-language",
            ErrorKind::UnknownEncoding => "unknown-encoding",
            ErrorKind::Parse => "parse",
            ErrorKind::Config => "config",
            ErrorKind::Embed => "embed",
            ErrorKind::Locked => "locked",
            ErrorKind::Interrupted => "interrupted",
            ErrorKind::Edits => "edits",
        }
    }
}

/// An error with the place in the user's data where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<usize>,
    message: String,
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error of `kind` with a message saying what is wrong (and, ideally, what to do).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            path: None,
            line: None,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let kind = if err.kind() == std::io::ErrorKind::IsADirectory {
            ErrorKind::NotAFile
        } else {
            ErrorKind::Io
        };
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "is a folder, expected a file".to_string(),
            _ => err.to_string(),
        };
        Error::new(kind, what).with_path(path)
    }

    /// The same error, located in file `path`.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The same error, located at 1-based `line`.
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line the error is about, if any.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The message without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: {}", p.display(), l, self.message),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.message),
            (None, Some(l)) => write!(f, "line {}: {}", l, self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_line() {
        let e = Error::new(ErrorKind::Parse, "expected 5 columns, found 3")
            .with_path("pairs.tsv")
            .with_line(7);
        assert_eq!(e.to_string(), "pairs.tsv:7: expected 5 columns, found 3");
        assert_eq!(e.kind(), ErrorKind::Parse);
    }

    #[test]
    fn io_not_found_is_readable() {
        let err = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = Error::io(Path::new("x.txt"), &err);
        assert_eq!(e.to_string(), "x.txt: no such file or folder");
    }
}
