//! Corpus folders: finding the documents and their language versions ([`Corpus`]), and
//! the corpus job that aligns every document pair and writes the outputs ([`job`]).

mod discover;
pub mod job;
mod jobfile;

pub use discover::{Corpus, DocFile};
pub use job::{run_job, JobConfig, JobSummary, Progress};
pub use jobfile::JobFile;
