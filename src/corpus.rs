//! Corpus folders: finding documents and grouping their language versions.
