//! `cargo xtask harvest`: a panel's introspection (mgrctl -i catalog, metadata
//! XML) plus a hand-written overlay → spec files or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use panelkit_harvest::{
    GENERATED_NOTE, Keep, Overlay, harvest_panel_over, load_overlay, missing_header_keys, missing_header_message,
    parse_catalog, parse_metadata, write_dir_atomically,
};
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
    /// Metadata XML files: plugin `<mgr>_mod_*.xml` or `out=devel` replies; a folder
    /// stands for its `*.xml` files in name order (a `--captures` folder).
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
    #[arg(long, short = 'm')]
    pub mgr: Option<String>,
    /// Print the harvested model as JSON (the `spec dump` schema).
    #[arg(long)]
    pub json: bool,
    /// Write spec files into this folder (its `*.toml` files are replaced).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Live harvest (`--live`, `--mgrctl`, `--refresh`, `--jobs`, `--captures`).
    #[command(flatten)]
    pub live: crate::harvest_live::LiveOpts,
    /// Log mode (see `harvest_log`): a panel log whose `INFO Request` lines are aggregated into an overlay.
    #[command(flatten)]
    pub log: crate::harvest_log::LogArgs,
}

/// The header: `defaults` (from the source), then `--panel-toml`, then the flags.
fn header(args: &Opts, defaults: Map<String, Value>) -> crate::Result<Map<String, Value>> {
    let mut m = defaults;
    if let Some(p) = &args.panel_toml {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        m.extend(panelkit_harvest::parse_header(&text, &p.display().to_string())?);
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

/// `--metadata` paths with folders expanded to their `*.xml` files in name order.
fn metadata_files(paths: &[PathBuf]) -> crate::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "xml"))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Runs the command.
pub fn run(args: Args) -> crate::Result {
    let args = *args.opts;
    if let Some(log) = &args.log.log {
        return crate::harvest_log::run(log, &args.log, args.json, args.out.as_deref());
    }
    let mut catalog = match &args.catalog {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Some(parse_catalog(&text, &p.display().to_string()))
        }
        None => None,
    };
    let mut docs = Vec::new();
    let mut defaults = Map::new();
    let files = metadata_files(&args.metadata)?;
    for p in &files {
        let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        docs.push(parse_metadata(&bytes, &p.display().to_string())?);
    }
    // A bare plugin file names its panel: `ispmgr_mod_x.xml` is an ISPmanager plugin.
    if let [one] = files.as_slice()
        && let Some(d) = panelkit_harvest::defaults_from_file_name(&one.display().to_string())
    {
        defaults = d;
    }
    let mut base = Vec::new();
    if let Some(id) = &args.live.base {
        defaults = crate::harvest_live::refresh_header(id)?;
        base = crate::harvest_live::base_functions(id)?;
    }
    if let Some(id) = &args.live.refresh {
        defaults = crate::harvest_live::refresh_header(id)?;
    }
    if args.live.is_live() {
        let live = crate::harvest_live::harvest(&args.live, args.mgr.as_deref(), &args.catalog_lang, catalog.take())?;
        catalog = live.catalog;
        docs.extend(live.docs);
        defaults = live.defaults;
    } else if args.live.captures.is_some() || args.live.user.is_some() {
        return Err("--captures and --user need a panel: --live URL or --mgrctl PATH".into());
    }
    let overlay: Option<Overlay> = args.overlay.as_deref().map(load_overlay).transpose()?;
    let header = header(&args, defaults.clone())?;
    // Say which header keys are guesses, so a newcomer knows what to pass.
    let from_spec = args.live.refresh.is_some() || args.live.base.is_some();
    let guessed: Vec<String> = ["id", "family", "version", "endpoint", "mgr"]
        .iter()
        .filter(|k| {
            let flag = match **k {
                "id" => &args.id,
                "family" => &args.family,
                "version" => &args.version,
                "endpoint" => &args.endpoint,
                _ => &args.mgr,
            };
            flag.is_none() && args.panel_toml.is_none()
        })
        .filter(|k| !from_spec && defaults.get(**k).is_some() && header.get(**k) == defaults.get(**k))
        .filter(|k| !overlay.as_ref().and_then(|o| o.panel.as_ref()).is_some_and(|(_, m)| m.contains_key(**k)))
        .map(|k| format!("{k} = {}", header[*k]))
        .collect();
    if !guessed.is_empty() {
        eprintln!(
            "panel header defaulted: {} (set with the flags of the same name or --panel-toml)",
            guessed.join(", ")
        );
    }
    let missing = missing_header_keys(&header, overlay.as_ref());
    if !missing.is_empty() {
        return Err(missing_header_message(&missing).into());
    }
    let out = harvest_panel_over(
        &base,
        catalog.as_ref().map(|c| (c, args.catalog_lang.as_str())),
        docs,
        header,
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
        let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
        // All or nothing: an interrupted run leaves the old folder, never half a new one.
        write_dir_atomically(dir, &files, Keep::OtherThan("toml")).map_err(|e| format!("{}: {e}", dir.display()))?;
        eprintln!("wrote {} file(s), {} function(s) to {}", files.len(), out.panel.functions.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
