//! Names: comparison keys across spellings, scripts and languages; matching; mentions.
