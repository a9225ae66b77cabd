//! Corrections made by hand in the review report, and applying them to a job.
//!
//! The report lets a reviewer merge, split and relink beads and accept or dismiss findings
//! ([`ops`] defines what each edit does; the report's script does the same on the page).
//! Its export is an [`EditsFile`] (`{"selaras_edits": 1, ...}`): per document pair the
//! content hashes of its two documents, the final beads as links and the decisions on
//! findings. [`Edits::apply_to_pair`] checks such a document against the documents of a job
//! (a document that changed since the report is an error naming it) and gives the
//! corrected beads; a corpus job with [`JobConfig::edits`](crate::corpus::JobConfig::edits)
//! writes its outputs with them.

mod apply;
mod format;
pub mod ops;

pub use apply::{content_hash, Edits, HandCounts, PairEdited};
pub use format::{
    Decision, DocumentEdits, EditsFile, FindingDecision, FindingKind, Link, EDITS_VERSION,
};
