//! The job-file parser and its validation on any text: a typed error or a job, never a
//! panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use selaras::corpus::JobFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(job) = JobFile::parse(text, Path::new("job.toml")) {
        // Paths stay relative to a folder that does not exist: dictionaries are not found.
        let _ = job.to_config(Path::new("/nonexistent-selaras-fuzz"));
    }
});
