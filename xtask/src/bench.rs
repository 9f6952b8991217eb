//! `cargo xtask bench [--quick]`: every benchmark figure against its target, in one table.
//!
//! xtask itself runs in debug, so nothing is timed in this process:
//! - In-process figures (generation, harvest, decode, request validation) come from the
//!   criterion bench targets run in their `--figures` mode (`cargo bench -- --figures`),
//!   which build in the optimized `bench` profile and print `bench-figure: key=value` lines.
//! - Compile-cost figures time `cargo build` (debug) of a scratch crate under
//!   `target/bench-synth/` holding bindings for a synthetic spec, and of the shipped
//!   bindings crates, each in its own target dir under `target/bench-synth/` with the
//!   dependencies built first so only the bindings crate is timed. Peak memory is the
//!   largest child's max RSS from `/usr/bin/time -v` when present.
//!
//! The last measured table is kept in `benches/RESULTS.md`.

mod compile;
mod inproc;
mod progenitor;
mod size;
mod table;

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Fewer repetitions, smaller inputs, and only the `full` shipped build (about half the time).
    #[arg(long)]
    pub quick: bool,
    /// Skip the compile-cost figures (the `cargo build` timings).
    #[arg(long)]
    pub no_compile: bool,
    /// Only the generated-source sizes (no builds, no timings): seconds instead of minutes.
    #[arg(long)]
    pub sizes: bool,
    /// Only the anchor: the synthetic 1,000-function bindings against progenitor's client
    /// of the same spec (both debug builds, timed in this run).
    #[arg(long)]
    pub anchor: bool,
}

/// Runs the command.
pub fn run(args: Args) -> crate::Result {
    let root = crate::root();
    let started = std::time::Instant::now();
    eprintln!("bench: generated source per function...");
    let sizes = size::run(&root)?;
    if args.sizes {
        let rows = table::size_rows(&sizes);
        crate::out::outln!("{}", table::render(&rows))?;
        let failed = rows.iter().filter(|r| r.pass == Some(false)).count();
        return Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    if args.anchor {
        eprintln!("bench: writing the synthetic bindings crate...");
        inproc::emit_synth(&root)?;
        let (ours, theirs) = compile::anchor(&root)?;
        let rows = table::anchor_rows(&ours, &theirs);
        crate::out::outln!("{}", table::render(&rows))?;
        let failed = rows.iter().filter(|r| r.pass == Some(false)).count();
        return Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    eprintln!("bench: in-process figures (cargo bench -- --figures, optimized build)...");
    let figures = inproc::run(&root, args.quick)?;
    let compile = if args.no_compile {
        None
    } else {
        eprintln!("bench: compile-cost figures (cargo build, debug)...");
        Some(compile::run(&root, args.quick)?)
    };
    let rows = table::rows(&figures, Some(&sizes), compile.as_ref())?;
    crate::out::outln!("{}", table::render(&rows))?;
    let failed = rows.iter().filter(|r| r.pass == Some(false)).count();
    crate::out::outln!(
        "bench: {} targets met, {failed} missed; {:.0} s in all",
        rows.iter().filter(|r| r.pass == Some(true)).count(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
