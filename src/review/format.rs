//! The export format of the report's edits (`selaras-edits.json`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// The version of the format this selaras reads and the report writes.
pub const EDITS_VERSION: u32 = 1;

/// An edits file: what a reviewer corrected in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditsFile {
    /// The format version ([`EDITS_VERSION`]).
    pub selaras_edits: u32,
    /// The corpus folder of the job, as the job was given it.
    #[serde(default)]
    pub corpus: String,
    /// The edited document pairs.
    pub documents: Vec<DocumentEdits>,
}

/// The edits of one document pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentEdits {
    /// The document id.
    pub doc: String,
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// [`content_hash`](super::content_hash) of the source document's sentences.
    pub src_hash: String,
    /// [`content_hash`](super::content_hash) of the target document's sentences.
    pub tgt_hash: String,
    /// The final beads, in document order.
    pub beads: Vec<Link>,
    /// Decisions on findings.
    #[serde(default)]
    pub findings: Vec<FindingDecision>,
}

/// A bead as a link: source sentence indices and target sentence indices (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Source sentence indices, consecutive.
    pub src: Vec<usize>,
    /// Target sentence indices, consecutive.
    pub tgt: Vec<usize>,
}

/// What kind of finding a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// A figure that differs between the two sides.
    Figure,
    /// A name spelled in more than one way.
    Name,
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The finding is right (the translation needs a fix).
    Accept,
    /// The finding is wrong (a false alarm): dropped from the outputs.
    Dismiss,
}

/// A decision on one finding of a bead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingDecision {
    /// The bead's source sentence indices.
    pub src: Vec<usize>,
    /// The bead's target sentence indices.
    pub tgt: Vec<usize>,
    /// Figure or name.
    pub kind: FindingKind,
    /// The finding's note as the report shows it (for a figure, its reason, e.g. `80 vs 84`).
    pub note: String,
    /// Accepted or dismissed.
    pub decision: Decision,
}

impl EditsFile {
    /// Reads an edits file.
    pub fn read(path: &Path) -> Result<EditsFile> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        EditsFile::parse(&bytes).map_err(|e| e.with_path(path))
    }

    /// Parses the bytes of an edits file.
    pub fn parse(bytes: &[u8]) -> Result<EditsFile> {
        let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            Error::new(ErrorKind::Edits, format!("not an edits file (JSON): {e}"))
                .with_line(e.line())
        })?;
        match v.get("selaras_edits").and_then(|x| x.as_u64()) {
            Some(n) if n == u64::from(EDITS_VERSION) => {}
            Some(n) => {
                return Err(Error::new(
                    ErrorKind::Edits,
                    format!(
                        "edits of format {n}: this selaras reads format {EDITS_VERSION}; export them again from the report"
                    ),
                ))
            }
            None => {
                return Err(Error::new(
                    ErrorKind::Edits,
                    "not an edits file of the selaras report (no \"selaras_edits\" version)",
                ))
            }
        }
        serde_json::from_value(v)
            .map_err(|e| Error::new(ErrorKind::Edits, format!("edits file: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_checked() {
        let e = EditsFile::parse(br#"{"selaras_edits": 2, "documents": []}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Edits);
        assert!(e.message().contains("format 2"), "{e}");
        let e = EditsFile::parse(br#"{"documents": []}"#).unwrap_err();
        assert!(e.message().contains("selaras_edits"), "{e}");
        let e = EditsFile::parse(b"{").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Edits);
        let ok = EditsFile::parse(br#"{"selaras_edits": 1, "documents": []}"#).unwrap();
        assert!(ok.documents.is_empty());
    }
}
