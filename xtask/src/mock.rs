//! `cargo xtask mock` (not implemented yet).

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> crate::Result {
    eprintln!("mock: not implemented yet");
    Ok(ExitCode::FAILURE)
}
