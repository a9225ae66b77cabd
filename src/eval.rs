//! Scoring alignments against gold link files (strict and lax precision, recall, F1).
