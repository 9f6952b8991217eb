//! `cargo xtask spec list|dump|schema|check|diff|openapi`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use panelkit_spec::Panel;

pub mod openapi;

/// Spec subcommands.
#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Print one panel id per line.
    List,
    /// Print the loaded model of a panel as JSON (schema: docs/spec-dump.schema.json).
    Dump {
        /// Panel id.
        id: String,
    },
    /// Print a panel as an OpenAPI 3.0 document (JSON): one operation per function.
    Openapi {
        /// Panel id, or a path to a spec folder.
        id: String,
    },
    /// Print the JSON Schema of `spec dump`'s output.
    Schema {
        /// Write it to docs/spec-dump.schema.json instead of printing it.
        #[arg(long)]
        write: bool,
    },
    /// Check every spec folder and print all diagnostics, warnings included.
    Check {
        /// The folder of panel folders to check (default: spec/).
        dir: Option<PathBuf>,
    },
    /// List what changed between two spec versions, marking what breaks code generated from the old one.
    Diff {
        /// The old panel: an id under spec/, or a path to a spec folder.
        old: String,
        /// The new panel: an id under spec/, or a path to a spec folder.
        new: String,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command.
pub fn run(cmd: Cmd) -> crate::Result {
    let spec_dir = crate::root().join("spec");
    match cmd {
        Cmd::List if !spec_dir.is_dir() => {}
        Cmd::List => {
            for p in panelkit_spec::load_dir(&spec_dir)? {
                crate::out::outln!("{}", p.id)?;
            }
        }
        Cmd::Dump { id } => crate::out::outln!("{}", panelkit_spec::dump::to_string_pretty(&panel(&spec_dir, &id)?))?,
        Cmd::Openapi { id } => {
            crate::out::outln!("{}", serde_json::to_string_pretty(&openapi::document(&panel(&spec_dir, &id)?))?)?
        }
        Cmd::Schema { write } => {
            let s = panelkit_spec::dump::schema_string();
            if write {
                let path = crate::root().join("docs/spec-dump.schema.json");
                std::fs::write(&path, s)?;
                eprintln!("wrote {}", path.display());
            } else {
                crate::out::out!("{s}")?;
            }
        }
        Cmd::Check { dir } => {
            let (panels, diags) = panelkit_spec::check_dir(dir.as_deref().unwrap_or(&spec_dir));
            for p in &panels {
                eprintln!("{}: {} functions", p.id, p.functions.len());
            }
            crate::out::outln!("{diags}")?;
            if diags.has_errors() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Cmd::Diff { old, new, json } => {
            let changes = panelkit_spec::diff::diff(&panel(&spec_dir, &old)?, &panel(&spec_dir, &new)?);
            if json {
                crate::out::outln!("{}", serde_json::to_string_pretty(&changes)?)?;
            } else {
                for c in &changes {
                    crate::out::outln!("{c}")?;
                }
                let breaking = changes.iter().filter(|c| c.breaking).count();
                eprintln!("{} change(s), {breaking} breaking", changes.len());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A panel by id under `spec/`, or from a folder path (e.g. a harvest's `--out`).
fn panel(spec_dir: &Path, id: &str) -> crate::Result<Panel> {
    let as_path = PathBuf::from(id);
    if as_path.join("panel.toml").is_file() {
        return Ok(panelkit_spec::load_panel(&as_path)?);
    }
    let dir = spec_dir.join(id);
    if !dir.join("panel.toml").is_file() {
        return Err(format!("no panel `{id}`; `cargo xtask spec list` shows the ids").into());
    }
    Ok(panelkit_spec::load_panel(&dir)?)
}
