#!/usr/bin/env bash
# Rewrites src/align/concept-stems.tsv, the precomputed stems of the concept list
# (src/lang/mul/align-concepts.tsv), from the code that computes them. Run it after changing
# the concept list or how words are stemmed (folding, transliteration, Arabic clitics); the
# test `precomputed_stems_are_current` fails until then, and until the file is current the
# stems are computed at run time (build.rs warns).
set -euo pipefail
cd "$(dirname "$0")/.."
SELARAS_WRITE_CONCEPT_STEMS=1 cargo test --release --lib --quiet precomputed_stems_are_current
cargo test --release --lib --quiet precomputed_stems_are_current
echo "gen-concept-stems: src/align/concept-stems.tsv is current ($(wc -l < src/align/concept-stems.tsv) lines)"
