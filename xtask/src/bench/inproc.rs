//! Runs the bench targets' `--figures` mode and collects their `bench-figure:` lines.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Figure key to its printed value.
pub type Figures = BTreeMap<String, String>;

/// The cargo that runs xtask (so toolchain overrides carry over).
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Builds (optimized) and runs the bench targets in figures mode.
pub fn run(root: &Path, quick: bool) -> Result<Figures, String> {
    let mut cmd = cargo();
    cmd.current_dir(root).args([
        "bench",
        "--quiet",
        "-p",
        "panelkit-codegen",
        "-p",
        "panelkit-harvest",
        "-p",
        "panelkit-ispsystem",
        "--features",
        "panelkit-ispsystem/ispmgr4",
        "--bench",
        "codegen",
        "--bench",
        "harvest",
        "--bench",
        "decode",
        "--",
        "--figures",
        "--emit-synth",
    ]);
    cmd.arg(synth_dir(root));
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo bench failed ({})", out.status));
    }
    Ok(parse(&String::from_utf8_lossy(&out.stdout)))
}

/// Only writes the synthetic bindings crate (the codegen bench's `--emit-synth` alone).
pub fn emit_synth(root: &Path) -> Result<(), String> {
    let status = cargo()
        .current_dir(root)
        .args(["bench", "--quiet", "-p", "panelkit-codegen", "--bench", "codegen", "--", "--emit-synth"])
        .arg(synth_dir(root))
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err(format!("cargo bench --emit-synth failed ({status})"));
    }
    Ok(())
}

/// Where the codegen bench writes the synthetic bindings crate.
pub fn synth_dir(root: &Path) -> std::path::PathBuf {
    root.join("target/bench-synth/crate")
}

/// Reads `bench-figure: key=value` lines; everything else is ignored.
pub fn parse(stdout: &str) -> Figures {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("bench-figure:"))
        .filter_map(|kv| kv.trim().split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_figure_lines_are_read() {
        let f = super::parse("running 0 tests\nbench-figure: regen_s=0.5\nbench-figure: bad\n bench-figure: a = x \n");
        assert_eq!(f.len(), 2);
        assert_eq!(f["regen_s"], "0.5");
        assert_eq!(f["a"], "x");
    }
}
