//! Compile cost: wall time and peak memory of `cargo build` (debug) of generated bindings.
//!
//! Each measured crate builds in its own target dir under `target/bench-synth/`, its
//! dependencies built first; before each timed build the crate alone is cleaned, so the
//! figure is the bindings crate's own compile (plus cargo's fixed overhead).

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::inproc::{cargo, synth_dir};

/// One timed build.
#[derive(Debug, Clone)]
pub struct Build {
    /// What was built.
    pub label: String,
    /// How many functions it holds.
    pub functions: usize,
    /// How many of them are typed (untyped catalog functions generate almost no code).
    pub typed: usize,
    /// Wall-clock seconds.
    pub secs: f64,
    /// Peak resident memory of the largest process (rustc), in KiB, when measurable.
    pub peak_kib: Option<u64>,
}

/// Every compile-cost figure.
#[derive(Debug, Clone)]
pub struct Figures {
    /// The synthetic 1,000-function spec, all features.
    pub synth_full: Build,
    /// The synthetic spec, one group's feature.
    pub synth_group: Build,
    /// progenitor's client of the same synthetic spec (the anchor), built in the same run.
    pub progenitor: Build,
    /// The shipped bindings (`full` first, then per panel unless quick).
    pub shipped: Vec<Build>,
}

const TIME: &str = "/usr/bin/time";

/// Runs `cargo <args>` in `dir` with `target`; with `timed`, returns the build's figures.
fn build(dir: &Path, target: &Path, args: &[&str], timed: Option<(&str, Count)>) -> Result<Option<Build>, String> {
    let report = target.join("time-v.txt");
    let use_time = timed.is_some() && Path::new(TIME).exists();
    let mut cmd = if use_time {
        let mut c = std::process::Command::new(TIME);
        c.arg("-v").arg("-o").arg(&report).arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        c
    } else {
        cargo()
    };
    cmd.current_dir(dir).env("CARGO_TARGET_DIR", target).args(args).arg("--quiet");
    let t = Instant::now();
    let status = cmd.status().map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
    let secs = t.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("cargo {} in {} failed ({status})", args.join(" "), dir.display()));
    }
    let Some((label, (functions, typed))) = timed else { return Ok(None) };
    let peak_kib = if use_time { std::fs::read_to_string(&report).ok().and_then(|s| max_rss(&s)) } else { None };
    Ok(Some(Build { label: label.to_owned(), functions, typed, secs, peak_kib }))
}

/// `Maximum resident set size (kbytes): N` from GNU time's report.
fn max_rss(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

/// Functions, and how many of them are typed.
type Count = (usize, usize);

fn timed(
    dir: &Path,
    target: &Path,
    package: &str,
    features: &str,
    label: &str,
    functions: Count,
) -> Result<Build, String> {
    build(dir, target, &["clean", "-p", package], None)?;
    let mut args = vec!["build", "-p", package];
    if !features.is_empty() {
        args.extend(["--features", features]);
    }
    let b = build(dir, target, &args, Some((label, functions)))?;
    b.ok_or_else(|| "build gave no figures".to_owned())
}

/// Only the anchor rows: the synthetic bindings (all features) against progenitor's client.
pub fn anchor(root: &Path) -> Result<(Build, Build), String> {
    let (full, _, progenitor) = synthetic(root, false)?;
    Ok((full, progenitor))
}

/// The synthetic bindings (all features, and one group unless `only_full`) and progenitor's client.
fn synthetic(root: &Path, with_group: bool) -> Result<(Build, Option<Build>, Build), String> {
    let base = root.join("target/bench-synth");
    let crate_dir = synth_dir(root);
    if !crate_dir.join("src/synth.rs").exists() {
        return Err(format!("{} is missing: the codegen bench did not write it", crate_dir.display()));
    }
    let synth_target: PathBuf = base.join("target-synth");
    eprintln!("bench: building the runtime for the synthetic crate...");
    build(&crate_dir, &synth_target, &["build"], None)?;
    let pkg = "panelkit-bench-synth";
    let group_fns = 1_000 / panelkit_devkit::synth::GROUPS;
    eprintln!("bench: timing the synthetic bindings...");
    let synth_full =
        timed(&crate_dir, &synth_target, pkg, "full", "synthetic 1,000 functions, all features", (1_000, 1_000))?;
    let synth_group = if with_group {
        Some(timed(
            &crate_dir,
            &synth_target,
            pkg,
            "synth-g00",
            &format!("synthetic, one group ({group_fns} functions)"),
            (group_fns, group_fns),
        )?)
    } else {
        None
    };

    let client = super::progenitor::prepare(root)?;
    let progenitor_target = base.join("target-progenitor");
    eprintln!("bench: building the progenitor client's dependencies...");
    build(&client, &progenitor_target, &["build"], None)?;
    eprintln!("bench: timing the progenitor client...");
    let progenitor = timed(
        &client,
        &progenitor_target,
        super::progenitor::PACKAGE,
        "",
        "progenitor 0.15 client of the same spec",
        (1_000, 1_000),
    )?;
    Ok((synth_full, synth_group, progenitor))
}

/// Measures the synthetic bindings (written by the codegen bench), progenitor's client of
/// the same spec, and the shipped bindings.
pub fn run(root: &Path, quick: bool) -> Result<Figures, String> {
    let base = root.join("target/bench-synth");
    let (synth_full, synth_group, progenitor) = synthetic(root, true)?;
    let synth_group = synth_group.ok_or("no group build")?;
    let panels = panelkit_spec::load_dir(&root.join("spec")).map_err(|e| e.to_string())?;
    let count = |f: &dyn Fn(&panelkit_spec::Panel) -> bool| -> Count {
        panels.iter().filter(|p| f(p)).fold((0, 0), |(n, t), p| (n + p.functions.len(), t + typed(p)))
    };
    let shipped_target = base.join("target-shipped");
    eprintln!("bench: building the runtime for the shipped bindings...");
    build(root, &shipped_target, &["build", "-p", "panelkit-ispsystem", "-p", "panelkit-brainycp"], None)?;
    eprintln!("bench: timing the shipped bindings...");
    let isp = |p: &panelkit_spec::Panel| p.protocol == panelkit_spec::Protocol::Ispsystem;
    let mut shipped = vec![timed(
        root,
        &shipped_target,
        "panelkit-ispsystem",
        "full",
        "panelkit-ispsystem, all features",
        count(&isp),
    )?];
    if !quick {
        for p in panels.iter().filter(|p| isp(p)) {
            let label = format!("panelkit-ispsystem --features {}", p.id);
            shipped.push(timed(
                root,
                &shipped_target,
                "panelkit-ispsystem",
                &p.id,
                &label,
                (p.functions.len(), typed(p)),
            )?);
        }
    }
    let brainy = count(&|p| !isp(p));
    shipped.push(timed(root, &shipped_target, "panelkit-brainycp", "full", "panelkit-brainycp, all features", brainy)?);
    Ok(Figures { synth_full, synth_group, progenitor, shipped })
}

fn typed(p: &panelkit_spec::Panel) -> usize {
    p.functions.iter().filter(|f| f.typed).count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn peak_memory_is_read_from_gnu_time() {
        let r =
            "\tCommand being timed: \"cargo build\"\n\tMaximum resident set size (kbytes): 123456\n\tExit status: 0\n";
        assert_eq!(super::max_rss(r), Some(123456));
        assert_eq!(super::max_rss("nothing"), None);
    }
}
