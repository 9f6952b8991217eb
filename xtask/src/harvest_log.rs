//! `cargo xtask harvest --log FILE --panel ID`: the requests of a panel log
//! aggregated into an overlay of the functions and parameters observed (types
//! guessed from values, `inferred`, each with how often it was seen), for a
//! maintainer to review and merge. Parsing is `panelkit_harvest::log`, shared
//! with `panelkit from-log`.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use panelkit_harvest::log::{Observed, read_log};
use serde_json::{Map, Value, json};

/// The log-mode options of `cargo xtask harvest`.
#[derive(clap::Args)]
pub struct LogArgs {
    /// A panel log (`/usr/local/mgr5/var/ispmgr.log`): its `INFO Request` lines become an overlay.
    #[arg(long, requires = "panel", conflicts_with_all = ["catalog", "metadata", "overlay"])]
    pub log: Option<PathBuf>,
    /// Panel id the log is from (with `--log`).
    #[arg(long, requires = "log")]
    pub panel: Option<String>,
}

/// Runs log mode: TOML overlay on stdout, `--json` for the counts as JSON, `--out DIR` to write `DIR/<panel>-log.toml`.
pub fn run(log: &Path, args: &LogArgs, json: bool, out: Option<&Path>) -> crate::Result {
    let panel = args.panel.as_deref().ok_or("--log needs --panel")?;
    let file = std::fs::File::open(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut seen = Observed::default();
    let (mut requests, mut problems) = (0usize, 0usize);
    read_log::<_, std::io::Error>(BufReader::new(file), |r| {
        match r {
            Ok(req) => {
                requests += 1;
                seen.add(&req);
            }
            Err(e) => {
                problems += 1;
                eprintln!("{}:{e}", log.display());
            }
        }
        Ok(())
    })
    .map_err(|e| format!("{}: {e}", log.display()))?;
    eprintln!(
        "{}: {requests} request(s), {} function(s), {problems} unreadable line(s), {} without func",
        log.display(),
        seen.functions.len(),
        seen.without_func
    );
    if json {
        crate::out::outln!("{}", serde_json::to_string_pretty(&to_json(&seen))?)?;
    } else if let Some(dir) = out {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!("{panel}-log.toml"));
        std::fs::write(&path, seen.to_overlay_toml(panel))?;
        eprintln!("wrote {}", path.display());
    } else {
        crate::out::out!("{}", seen.to_overlay_toml(panel))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(seen: &Observed) -> Value {
    let mut funcs = Map::new();
    for (name, f) in &seen.functions {
        let mut params = Map::new();
        for (p, s) in &f.params {
            params.insert(p.clone(), json!({ "type": s.ty, "item": s.item, "seen": s.count }));
        }
        funcs.insert(name.clone(), json!({ "seen": f.count, "params": params }));
    }
    json!({ "functions": funcs, "without_func": seen.without_func })
}
