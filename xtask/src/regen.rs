//! `cargo xtask regen [--check]`: regenerate bindings from spec/.

use std::process::ExitCode;

use panelkit_codegen::regen;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Do not write; fail and name the stale files when checked-in output differs.
    #[arg(long)]
    pub check: bool,
}

/// Runs the command.
pub fn run(args: Args) -> crate::Result {
    let root = crate::root();
    let outputs = regen::outputs(&root)?;
    if args.check {
        let mut bad = regen::stale(&root, &outputs);
        bad.extend(regen::orphans(&root, &outputs));
        if bad.is_empty() {
            crate::out::outln!("regen: {} generated files are up to date", outputs.len())?;
            return Ok(ExitCode::SUCCESS);
        }
        for p in &bad {
            eprintln!("stale: {}", p.display());
        }
        eprintln!("regen: {} generated file(s) differ from spec/; run `cargo xtask regen`", bad.len());
        return Ok(ExitCode::FAILURE);
    }
    let changed = regen::write(&root, &outputs)?;
    for p in &changed {
        crate::out::outln!("wrote {}", p.display())?;
    }
    crate::out::outln!("regen: {} files, {} changed", outputs.len(), changed.len())?;
    Ok(ExitCode::SUCCESS)
}
