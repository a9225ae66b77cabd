//! The one-paragraph summary of a corpus job, as printed at its end.

use std::path::Path;

use super::JobSummary;
use crate::plural::counted;

impl JobSummary {
    /// What the job did and where its outputs are (`out`), in one paragraph.
    pub fn summary_line(&self, out: &Path) -> String {
        let beads: usize = self.pairs.iter().map(|p| p.beads).sum();
        let doc_pairs: usize = self.pairs.iter().map(|p| p.documents).sum();
        let figures: usize = self.pairs.iter().map(|p| p.figure_findings).sum();
        format!(
            "aligned {} in {} ({}, {}, {}): {}, {} with divergent figures; {} spelled in more than one way; {}, {}. Outputs in {}{}.",
            counted(doc_pairs, "document pair", "document pairs"),
            counted(self.pairs.len(), "language pair", "language pairs"),
            counted(self.documents, "document", "documents"),
            counted(self.files, "file", "files"),
            counted(self.sentences, "sentence", "sentences"),
            counted(beads, "bead", "beads"),
            figures,
            counted(self.name_variants, "name", "names"),
            counted(self.errors.len(), "unreadable file", "unreadable files"),
            counted(self.unmatched.len(), "unmatched document", "unmatched documents"),
            out.display(),
            if self.report.is_some() {
                " (open report.html to review)"
            } else {
                ""
            }
        )
    }
}
