//! Writers for the output formats. Each writer renders into a `String`; [`write_atomic`]
//! puts it on disk through a temporary file and a rename, so a failed job never leaves a
//! half-written file.

mod formats;
mod report;
mod report_writer;
mod tmx;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

pub use formats::{jsonl, links, moses, tsv, BeadView, FigureView, PairView};
pub use report::{
    report, MatchedDocuments, NameMarks, PairSize, ReportNotes, ReportOptions, ReportPair,
};
pub use report_writer::{Rendered, ReportWriter};
pub use tmx::{tmx, tmx_head, tmx_units, TMX_TAIL};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Link lines `[i]:[j, k]`, one bead per line.
    Links,
    /// Tab-separated values, one bead per line, with a header.
    Tsv,
    /// JSON Lines, one bead per line.
    Jsonl,
    /// Two line-aligned plain-text files (one per language).
    Moses,
    /// TMX 1.4b translation memory.
    Tmx,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 5] = [
        Format::Links,
        Format::Tsv,
        Format::Jsonl,
        Format::Moses,
        Format::Tmx,
    ];

    /// Parses a format name (`links`, `tsv`, `jsonl`, `moses`, `tmx`).
    pub fn parse(name: &str) -> Result<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "links" | "link" => Ok(Format::Links),
            "tsv" => Ok(Format::Tsv),
            "jsonl" | "json" => Ok(Format::Jsonl),
            "moses" => Ok(Format::Moses),
            "tmx" => Ok(Format::Tmx),
            _ => Err(Error::new(
                ErrorKind::Config,
                format!("unknown format '{name}': use links, tsv, jsonl, moses or tmx"),
            )),
        }
    }

    /// The name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Links => "links",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Moses => "moses",
            Format::Tmx => "tmx",
        }
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, then a
/// rename. Creates missing parent folders.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// [`write_atomic`] of what `fill` writes, so that a large file is never held in memory.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".selaras-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, &e))?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut w)
            .and_then(|_| w.flush())
            .map_err(|e| Error::io(path, &e))?;
    }
    // Temporary files are private (0600); outputs are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, &e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, &e.error))?;
    Ok(())
}

/// A sentence as one line: tabs and line breaks become spaces.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        std::borrow::Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()).unwrap(), f);
        }
        assert!(Format::parse("xml").is_err());
    }
}
