//! Figures: find every number in a sentence and compare the figures of aligned sentences.
