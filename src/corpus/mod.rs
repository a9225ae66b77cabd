//! Corpus folders and the corpus job, one stage per module: finding the documents and their
//! language versions ([`Corpus`]), the plan of a job ([`plan`]), reading a document group
//! ([`read`]), the two alignment phases of a group ([`stage`]), running them over batches
//! of groups (`batches`), writing the outputs ([`write`](mod@write)), the output folder as a unit
//! ([`outdir`]), and the job that strings them together ([`job`]). [`stream`] gives the same
//! phases as JSON lines, for engines that shard a corpus (Spark, Hadoop Streaming).

mod batches;
mod discover;
pub mod job;
mod jobfile;
pub mod outdir;
pub mod plan;
pub mod read;
pub mod stage;
pub mod stream;
pub mod write;

pub use discover::{Corpus, DocFile};
pub use job::{run_job, Cancel, JobConfig, JobSummary, Progress};
pub use jobfile::JobFile;
