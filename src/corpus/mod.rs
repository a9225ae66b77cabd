//! Corpus folders: finding the documents and their language versions ([`Corpus`]), and
//! the corpus job that aligns every document pair and writes the outputs ([`job`]), and
//! pairing documents by content when file names do not pair them ([`matching`]).

mod discover;
pub mod job;
mod job_checks;
mod jobfile;
pub mod matching;
mod summary_line;

pub use discover::{escaped_file_name, strip_txt, Corpus, DocFile};
pub use job::{run_job, JobConfig, JobSummary, Progress};
pub use job_checks::{check_jobs, unused_dictionaries, MAX_JOBS};
pub use jobfile::{clean_path, JobFile};
pub use matching::{match_documents, DocumentMatching, MatchOptions};
