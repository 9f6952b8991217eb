//! `cargo xtask harvest`: a panel's introspection (mgrctl -i catalog, metadata
//! XML) plus a hand-written overlay → spec files or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use panelkit_harvest::{GENERATED_NOTE, Overlay, harvest_panel, load_overlay, parse_catalog, parse_metadata};
use serde_json::{Map, Value};

/// Arguments (boxed: they are large next to the other commands').
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: Box<Opts>,
}

/// The harvest options.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("output").args(["json", "out"])))]
pub struct Opts {
    /// `mgrctl -m <mgr> -i` output.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Language of the catalog text (`mgrctl -i lang=..`).
    #[arg(long, default_value = "en")]
    pub catalog_lang: String,
    /// Metadata XML files: plugin `<mgr>_mod_*.xml` or `out=devel` replies.
    #[arg(long, num_args = 1..)]
    pub metadata: Vec<PathBuf>,
    /// Overlay folder: TOML `[[function]]`s (and one optional `[panel]`) laid over the harvest.
    #[arg(long)]
    pub overlay: Option<PathBuf>,
    /// A panel.toml to take the header from.
    #[arg(long)]
    pub panel_toml: Option<PathBuf>,
    /// Panel id.
    #[arg(long)]
    pub id: Option<String>,
    /// Panel family (`ispmanager`, ...).
    #[arg(long)]
    pub family: Option<String>,
    /// Panel version.
    #[arg(long)]
    pub version: Option<String>,
    /// Wire protocol (`ispsystem`).
    #[arg(long)]
    pub protocol: Option<String>,
    /// Endpoint path (`/ispmgr`).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// `mgrctl -m` name (`ispmgr`).
    #[arg(long)]
    pub mgr: Option<String>,
    /// Print the harvested model as JSON (the `spec dump` schema).
    #[arg(long)]
    pub json: bool,
    /// Write spec files into this folder (its `*.toml` files are replaced).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Log mode (see `harvest_log`): a panel log whose `INFO Request` lines are aggregated into an overlay.
    #[command(flatten)]
    pub log: crate::harvest_log::LogArgs,
}

fn header(args: &Opts) -> crate::Result<Map<String, Value>> {
    let mut m = Map::new();
    if let Some(p) = &args.panel_toml {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        m = panelkit_harvest::parse_header(&text, &p.display().to_string())?;
    }
    let flags = [
        ("id", &args.id),
        ("family", &args.family),
        ("version", &args.version),
        ("protocol", &args.protocol),
        ("endpoint", &args.endpoint),
        ("mgr", &args.mgr),
    ];
    for (k, v) in flags {
        if let Some(v) = v {
            m.insert(k.to_string(), Value::String(v.clone()));
        }
    }
    Ok(m)
}

/// Runs the command.
pub fn run(args: Args) -> crate::Result {
    let args = *args.opts;
    if let Some(log) = &args.log.log {
        return crate::harvest_log::run(log, &args.log, args.json, args.out.as_deref());
    }
    if !args.json && args.out.is_none() {
        return Err("one of --json or --out is required".into());
    }
    let catalog = match &args.catalog {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Some(parse_catalog(&text, &p.display().to_string()))
        }
        None => None,
    };
    let mut docs = Vec::new();
    for p in &args.metadata {
        let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        docs.push(parse_metadata(&bytes, &p.display().to_string())?);
    }
    let overlay: Option<Overlay> = args.overlay.as_deref().map(load_overlay).transpose()?;
    let out = harvest_panel(
        catalog.as_ref().map(|c| (c, args.catalog_lang.as_str())),
        docs,
        header(&args)?,
        overlay.as_ref(),
    )?;
    for w in &out.warnings {
        eprintln!("{w}");
    }
    eprint!("{}", out.report);
    if args.json {
        crate::out::outln!("{}", serde_json::to_string_pretty(&out.panel)?)?;
    } else if let Some(dir) = &args.out {
        let files = panelkit_harvest::render_spec_files(&out.panel, GENERATED_NOTE)?;
        std::fs::create_dir_all(dir)?;
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "toml") {
                std::fs::remove_file(&p)?;
            }
        }
        for (name, text) in &files {
            std::fs::write(dir.join(name), text)?;
        }
        eprintln!("wrote {} file(s), {} function(s) to {}", files.len(), out.panel.functions.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
