//! `cargo xtask bench` (not implemented yet).

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> crate::Result {
    eprintln!("bench: not implemented yet");
    Ok(ExitCode::FAILURE)
}
