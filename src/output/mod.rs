//! Writers for the output formats; every file is written to a temporary file and renamed.
