//! `selaras segment`.

use std::process::ExitCode;

use selaras::{Error, ErrorKind, Result};

/// Arguments of `selaras segment`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `selaras segment`.
pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::new(ErrorKind::Config, "not implemented yet"))
}
