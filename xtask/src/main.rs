//! `cargo xtask <command>`: the maintainer workflow.
//!
//! Each command lives in its own module; this file only dispatches.

mod bench;
mod harvest;
mod harvest_live;
mod harvest_log;
mod mock;
mod out;
mod regen;
mod spec;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "panelkit maintainer commands")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate all bindings from spec/ (`--check`: fail when checked-in output is stale).
    Regen(regen::Args),
    /// Inspect specs: list, dump, diff.
    #[command(subcommand)]
    Spec(spec::Cmd),
    /// Turn a panel's introspection (mgrctl -i, metadata XML) into spec.
    Harvest(harvest::Args),
    /// Serve a fake panel from a spec.
    Mock(mock::Args),
    /// Run the benchmarks and print the table.
    Bench(bench::Args),
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Regen(a) => regen::run(a),
        Cmd::Spec(c) => spec::run(c),
        Cmd::Harvest(a) => harvest::run(a),
        Cmd::Mock(a) => mock::run(a),
        Cmd::Bench(a) => bench::run(a),
    };
    match res {
        Ok(code) => code,
        // `cargo xtask spec diff a b | head`: the reader has what it wanted.
        Err(e) if out::is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What every command returns.
pub type Result<T = ExitCode> = std::result::Result<T, Box<dyn std::error::Error>>;
