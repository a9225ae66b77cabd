#!/usr/bin/env bash
# Rewrites src/names/gazetteer-index.tsv, the precomputed index of the embedded gazetteer
# (src/lang/names/gazetteer-*.tsv), from the code that indexes names. Run it after changing
# a gazetteer file or how names are keyed (folding, transliteration, suffix rules); the test
# `precomputed_index_is_current` fails until then, and until the index is current the
# gazetteer is indexed at run time (build.rs warns).
set -euo pipefail
cd "$(dirname "$0")/.."
SELARAS_WRITE_GAZETTEER_INDEX=1 cargo test --release --lib --quiet precomputed_index_is_current
cargo test --release --lib --quiet precomputed_index_is_current
echo "gen-gazetteer-index: src/names/gazetteer-index.tsv is current ($(wc -l < src/names/gazetteer-index.tsv) lines)"
