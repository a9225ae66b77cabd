//! `selaras figures`.

use std::process::ExitCode;

use selaras::{Error, ErrorKind, Result};

/// Arguments of `selaras figures`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `selaras figures`.
pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::new(ErrorKind::Config, "not implemented yet"))
}
