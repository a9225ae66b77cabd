//! Corpus folders: finding the documents and their language versions ([`Corpus`]), and
//! the corpus job that aligns every document pair and writes the outputs ([`job`]), and
//! pairing documents by content when file names do not pair them ([`matching`]).

mod discover;
pub mod job;
mod jobfile;
pub mod matching;

pub use discover::{Corpus, DocFile};
pub use job::{run_job, JobConfig, JobSummary, Progress};
pub use jobfile::JobFile;
pub use matching::{match_documents, DocumentMatching, MatchOptions};
