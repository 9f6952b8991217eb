//! `cargo xtask harvest --live URL | --mgrctl PATH`: the live-harvest flags and the
//! part of the command that talks to a panel.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use panelkit_harvest::live::{self, LiveOutcome, Progress, Secret, Source, Target, Tls};
use panelkit_harvest::{Catalog, Keep, MetadataDoc, parse_catalog, write_dir_atomically};
use serde_json::{Map, Value};

/// Where the password of `--live` comes from (never argv).
pub const PASSWORD_ENV: &str = "PANELKIT_PASSWORD";

/// Live-harvest options.
#[derive(clap::Args)]
pub struct LiveOpts {
    /// Harvest a running panel at this URL, endpoint included (`https://host:1500/ispmgr`).
    /// Password from `PANELKIT_PASSWORD`.
    #[arg(long, value_name = "URL", conflicts_with = "mgrctl", requires = "user")]
    pub live: Option<String>,
    /// User name for `--live`.
    #[arg(long)]
    pub user: Option<String>,
    /// Trust exactly the certificate with this SHA-256 fingerprint (hex) for `--live`.
    #[arg(long, value_name = "HEX", conflicts_with = "insecure")]
    pub pin_sha256: Option<String>,
    /// Accept any certificate for `--live` (self-signed panels; prefer `--pin-sha256`).
    #[arg(long)]
    pub insecure: bool,
    /// Harvest the local panel through this mgrctl (`/usr/local/mgr5/sbin/mgrctl`, with `-m`/`--mgr`).
    #[arg(long, value_name = "PATH")]
    pub mgrctl: Option<PathBuf>,
    /// Take the function list (and panel header) of an existing `spec/ID`.
    #[arg(long, value_name = "ID")]
    pub refresh: Option<String>,
    /// Calls in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Merge the metadata over the functions of `spec/ID` (a plugin extending the panel's
    /// forms keeps its rules on their fields); the header defaults to that spec's.
    #[arg(long, value_name = "ID")]
    pub base: Option<String>,
    /// Save every raw reply into this folder (re-harvest offline with `--metadata DIR`).
    #[arg(long, value_name = "DIR")]
    pub captures: Option<PathBuf>,
}

impl LiveOpts {
    /// A panel is to be called.
    pub fn is_live(&self) -> bool {
        self.live.is_some() || self.mgrctl.is_some()
    }
}

/// What the panel said.
pub struct Live {
    /// The catalog (`mgrctl -i`, or the one given), when there is one.
    pub catalog: Option<Catalog>,
    /// Metadata documents in capture file order.
    pub docs: Vec<MetadataDoc>,
    /// Header defaults the source implies.
    pub defaults: Map<String, Value>,
}

/// The header of `spec/<id>` (`--refresh`).
pub fn refresh_header(id: &str) -> crate::Result<Map<String, Value>> {
    let p = crate::root().join("spec").join(id).join("panel.toml");
    let text = std::fs::read_to_string(&p).map_err(|e| format!("--refresh {id}: {}: {e}", p.display()))?;
    Ok(panelkit_harvest::parse_header(&text, &p.display().to_string())?)
}

/// The functions of `spec/<id>` (`--base`).
pub fn base_functions(id: &str) -> crate::Result<Vec<panelkit_spec::Function>> {
    let panel =
        panelkit_spec::load_panel(&crate::root().join("spec").join(id)).map_err(|d| format!("--base {id}: {d}"))?;
    Ok(panel.functions)
}

/// Reads the panel: catalog, plan, metadata; writes captures; lists failures on stderr.
pub fn harvest(opts: &LiveOpts, mgr: Option<&str>, lang: &str, given: Option<Catalog>) -> crate::Result<Live> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(harvest_async(opts, mgr, lang, given))
}

async fn harvest_async(opts: &LiveOpts, mgr: Option<&str>, lang: &str, given: Option<Catalog>) -> crate::Result<Live> {
    let (source, mut defaults) = source(opts, mgr, lang)?;
    let mut catalog_text = None;
    let mut catalog = given;
    let targets: Vec<Target> = if let Some(id) = &opts.refresh {
        let panel = panelkit_spec::load_panel(&crate::root().join("spec").join(id)).map_err(|d| format!("{d}"))?;
        defaults = refresh_header(id)?;
        live::plan_from_spec(&panel)
    } else {
        if catalog.is_none() && opts.mgrctl.is_some() {
            let text = source.catalog(lang).await?;
            catalog = Some(parse_catalog(&text, "mgrctl -i"));
            catalog_text = Some(text);
        }
        match &catalog {
            Some(c) => live::plan_from_catalog(c),
            None => {
                return Err("--live needs the function list: --catalog FILE (mgrctl -i output) or --refresh ID".into());
            }
        }
    };
    let progress = Arc::new(Bar::new());
    let out = live::harvest_live(&source, &targets, usize::from(opts.jobs), progress).await;
    report_failures(&out, targets.len());
    if !targets.is_empty() && out.captures.iter().all(|c| c.doc.is_none()) {
        // Nothing was read (the panel is down, the credentials are wrong): writing a spec of
        // no functions would silently replace a good one.
        return Err(format!("harvest: none of the {} function(s) could be read; nothing written", targets.len()).into());
    }
    if let Some(dir) = &opts.captures {
        write_captures(dir, &out, catalog_text.as_deref())?;
        let cat = if catalog_text.is_some() {
            format!(" --catalog {}", dir.join("catalog.txt").display())
        } else {
            String::new()
        };
        let head = match &opts.refresh {
            Some(id) => format!(" --refresh {id}"),
            None => " --panel-toml FILE".into(),
        };
        eprintln!("captures in {d}; offline: cargo xtask harvest --metadata {d}{cat}{head} --json", d = dir.display());
    }
    Ok(Live { catalog, docs: out.docs(), defaults })
}

fn source(opts: &LiveOpts, mgr: Option<&str>, lang: &str) -> crate::Result<(Source, Map<String, Value>)> {
    if let Some(url) = &opts.live {
        let user = opts.user.as_deref().ok_or("--live needs --user NAME")?;
        let password = std::env::var(PASSWORD_ENV).map_err(|_| {
            format!("--live: set {PASSWORD_ENV} to the password of `{user}` (it is never read from argv)")
        })?;
        let tls = match (&opts.pin_sha256, opts.insecure) {
            (Some(p), _) => Tls::Pin(p.clone()),
            (None, true) => Tls::Insecure,
            (None, false) => Tls::Verify,
        };
        let src = Source::http(url, user, Secret::new(password), &tls, lang)?;
        // The URL's path is the endpoint; its last segment the mgr (`/manager/ispmgr`).
        let path = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        let path = path.find('/').map_or("/", |i| &path[i..]);
        let m = mgr.unwrap_or_else(|| path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("ispmgr"));
        Ok((src, panelkit_harvest::defaults_for_mgr(m, m, Some(path))))
    } else if let Some(prog) = &opts.mgrctl {
        let m = mgr.ok_or("--mgrctl needs -m NAME (the panel's mgrctl -m name, e.g. ispmgr)")?;
        Ok((Source::mgrctl(prog, m, lang)?, panelkit_harvest::defaults_for_mgr(m, m, None)))
    } else {
        Err("no panel: --live URL or --mgrctl PATH".into())
    }
}

fn report_failures(out: &LiveOutcome, total: usize) {
    if out.failures.is_empty() {
        eprintln!("harvest: {total} function(s) read");
        return;
    }
    eprintln!(
        "harvest: {} of {total} function(s) failed:",
        out.failures.iter().map(|f| &f.function).collect::<std::collections::HashSet<_>>().len()
    );
    for f in &out.failures {
        eprintln!("  {}: {}", f.function, f.message);
    }
}

fn write_captures(dir: &Path, out: &LiveOutcome, catalog: Option<&str>) -> crate::Result<()> {
    let mut files: Vec<(String, Vec<u8>)> = out.captures.iter().map(|c| (c.file.clone(), c.body.clone())).collect();
    if let Some(text) = catalog {
        files.push(("catalog.txt".into(), text.as_bytes().to_vec()));
    }
    write_dir_atomically(dir, &files, Keep::Nothing).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(())
}

/// A progress bar on a terminal, plain lines otherwise.
struct Bar {
    bar: Mutex<Option<indicatif::ProgressBar>>,
    done: Mutex<(usize, usize)>,
}

impl Bar {
    fn new() -> Self {
        Bar { bar: Mutex::new(None), done: Mutex::new((0, 0)) }
    }

    fn bar(&self) -> Option<indicatif::ProgressBar> {
        self.bar.lock().ok().and_then(|b| b.clone())
    }
}

impl Progress for Bar {
    fn begin(&self, total: usize) {
        if let Ok(mut d) = self.done.lock() {
            d.1 = total;
        }
        if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            if let Ok(mut b) = self.bar.lock() {
                *b = Some(bar);
            }
        }
    }

    fn step(&self, function: &str, error: Option<&str>) {
        let (n, total) = match self.done.lock() {
            Ok(mut d) => {
                d.0 += 1;
                *d
            }
            Err(_) => (0, 0),
        };
        match self.bar() {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(function.to_owned());
                if let Some(e) = error {
                    bar.println(format!("{function}: {e}"));
                }
            }
            None => eprintln!("harvest [{n}/{total}] {function}{}", if error.is_some() { ": failed" } else { "" }),
        }
    }

    fn end(&self) {
        if let Some(bar) = self.bar() {
            bar.finish_and_clear();
        }
    }
}
