//! selaras aligns the language versions of news reports sentence by sentence, normalizes
//! names across spellings and scripts, and flags figures that differ between a sentence
//! and its translation.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! corpus::discover → text::Document::read → text::segment → align → check → output
//! ```
//!
//! ```
//! use selaras::{align, text, Lang};
//! use std::path::Path;
//!
//! let opts = text::ReadOptions::default();
//! let id = text::Document::from_text(Path::new("a.id.txt"), "Ini kalimat. Itu juga.", Lang::IND, &opts)?;
//! let en = text::Document::from_text(Path::new("a.en.txt"), "This is a sentence. That too.", Lang::ENG, &opts)?;
//! let al = align::align_pair(&align::Side::from_document(&id), &align::Side::from_document(&en), &Default::default());
//! assert_eq!(al.beads.len(), 2);
//! # Ok::<(), selaras::Error>(())
//! ```
//!
//! A corpus job ([`corpus::run_job`]) streams the document groups of a folder through the
//! same stages in batches, with the lexicon of the job learned in two phases
//! ([`align::phases`]); [`corpus::stream`] gives those phases as JSON-line steps for
//! engines that shard a corpus over many machines.
#![deny(missing_docs)]

pub mod align;
pub mod batch;
pub mod check;
pub mod corpus;
pub mod embed;
pub mod error;
pub mod eval;
pub mod figures;
mod hashing;
pub mod lang;
pub mod names;
pub mod output;
pub mod pair;
mod parallel;
mod plural;
pub mod review;
pub mod text;
pub mod tsv;

pub use error::{Error, ErrorKind, Result};
pub use lang::Lang;
