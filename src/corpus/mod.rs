//! Corpus folders and the corpus job, one stage per module: finding the documents and their
//! language versions ([`Corpus`]), the plan of a job ([`plan`]), reading a document group
//! ([`read`]), the two alignment phases of a group ([`stage`]), running them over batches
//! of groups (`batches`), writing the outputs ([`write`](mod@write)), the output folder as a unit
//! ([`outdir`]), the job that strings them together ([`job`]), and pairing documents by
//! content when file names do not pair them ([`matching`]). [`stream`] gives the same
//! phases as JSON lines, for engines that shard a corpus (Spark, Hadoop Streaming).

mod batches;
mod discover;
pub mod groups;
pub mod job;
mod job_checks;
mod jobfile;
pub mod matching;
pub mod outdir;
pub mod plan;
pub mod read;
pub mod stage;
pub mod stream;
mod summary_file;
mod summary_line;
pub mod write;

pub use discover::{escaped_file_name, strip_txt, Corpus, DocFile};
pub use job::{run_job, Cancel, JobConfig, JobSummary, Progress};
pub use job_checks::{check_jobs, unused_dictionaries, MAX_JOBS};
pub use jobfile::{clean_path, JobFile};
pub use matching::{match_documents, DocumentMatching, MatchOptions};
