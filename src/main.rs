//! The `selaras` command: parses arguments, calls the library, prints, maps errors to exit codes.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
