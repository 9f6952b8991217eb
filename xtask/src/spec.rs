//! `cargo xtask spec list|dump|diff`.

use std::process::ExitCode;

/// Spec subcommands.
#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Print one panel id per line.
    List,
    /// Print the loaded model of a panel as JSON.
    Dump {
        /// Panel id.
        id: String,
    },
}

/// Runs the command.
pub fn run(cmd: Cmd) -> crate::Result {
    let panels = panelkit_spec::load_dir(&crate::root().join("spec"))?;
    match cmd {
        Cmd::List => {
            for p in &panels {
                println!("{}", p.id);
            }
        }
        Cmd::Dump { id } => {
            let Some(p) = panels.iter().find(|p| p.id == id) else {
                return Err(format!("no panel `{id}`; `cargo xtask spec list` shows the ids").into());
            };
            println!("{}", serde_json::to_string_pretty(p)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
