//! Live harvest: the metadata of every form and list, read from the panel itself.
//!
//! A [`Source`] is a panel over HTTPS (the runtime's [`IspClient`], with its TLS
//! verification, pin or insecure mode) or the local `mgrctl` (run directly, no
//! shell). [`plan_from_catalog`] / [`plan_from_spec`] pick what to read: every
//! list (`out=devel`) and every form's create form (`out=devel`, no `sok`, no
//! `elid`), plus one edit form when the form's list has an element to take the
//! id from. [`harvest_live`] reads them with bounded concurrency; a failing
//! function is listed in [`LiveOutcome::failures`] and the others go on.
//!
//! Every raw reply becomes a [`Capture`]; saved to a folder, the metadata
//! captures re-harvest offline (`cargo xtask harvest --metadata DIR`). The
//! order of the metadata documents is their file name order, so a live and an
//! offline harvest of the same captures are identical.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use panelkit_runtime::Secret;
use panelkit_runtime::{CertPin, IspClient, Node, PanelDef, Params, Protocol};
use panelkit_spec::{FunctionKind, Panel};

use crate::{Catalog, MetadataDoc, parse_metadata};

/// Any ISPsystem panel: a live harvest sends raw calls only, so no spec types it.
#[derive(Debug)]
pub struct AnyIspPanel;

impl PanelDef for AnyIspPanel {
    const ID: &'static str = "live";
    const PROTOCOL: Protocol = Protocol::Ispsystem;
    const ENDPOINT: &'static str = "";
    const MGR: &'static str = "";
}

/// How a panel's certificate is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Tls {
    /// Verified against the platform's roots (the default).
    #[default]
    Verify,
    /// Exactly the certificate with this SHA-256 fingerprint (hex, colons allowed).
    Pin(String),
    /// Any certificate (a self-signed panel on a trusted network).
    Insecure,
}

/// A live harvest that could not start.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// The client could not be configured (URL, TLS pin, ...).
    #[error("{0}")]
    Config(String),
    /// `mgrctl -i` failed.
    #[error("`{program} -m {mgr} -i`: {message}")]
    Catalog {
        /// The program.
        program: String,
        /// `-m` name.
        mgr: String,
        /// What happened.
        message: String,
    },
}

/// Where a live harvest reads from.
#[derive(Debug, Clone)]
pub struct Source {
    client: IspClient<AnyIspPanel>,
    mgrctl: Option<(PathBuf, String)>,
    timeout: Duration,
}

/// How long one call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

impl Source {
    /// A panel at `url` (`https://host:1500/ispmgr`, endpoint included), logging in as
    /// `user` with a session.
    pub fn http(url: &str, user: &str, password: Secret, tls: &Tls, lang: &str) -> Result<Source, LiveError> {
        let mut b = IspClient::<AnyIspPanel>::builder(url).session(user, password).lang(lang).timeout(CALL_TIMEOUT);
        b = match tls {
            Tls::Verify => b,
            Tls::Insecure => b.danger_accept_invalid_certs(true),
            Tls::Pin(hex) => b.pin_certificate(CertPin::sha256_hex(hex).map_err(|e| LiveError::Config(e.to_string()))?),
        };
        let client = b.build().map_err(|e| LiveError::Config(e.to_string()))?;
        Ok(Source { client, mgrctl: None, timeout: CALL_TIMEOUT })
    }

    /// The local `mgrctl` at `program` with `-m mgr`.
    pub fn mgrctl(program: impl Into<PathBuf>, mgr: &str, lang: &str) -> Result<Source, LiveError> {
        let program = program.into();
        let client = IspClient::<AnyIspPanel>::mgrctl(program.clone(), mgr)
            .lang(lang)
            .timeout(CALL_TIMEOUT)
            .build()
            .map_err(|e| LiveError::Config(e.to_string()))?;
        Ok(Source { client, mgrctl: Some((program, mgr.to_owned())), timeout: CALL_TIMEOUT })
    }

    /// The `mgrctl -m <mgr> -i lang=<lang>` catalog text (mgrctl sources only).
    pub async fn catalog(&self, lang: &str) -> Result<String, LiveError> {
        let Some((program, mgr)) = &self.mgrctl else {
            return Err(LiveError::Config("a catalog is read from mgrctl only: pass --catalog or --refresh".into()));
        };
        let fail =
            |message: String| LiveError::Catalog { program: program.display().to_string(), mgr: mgr.clone(), message };
        let mut cmd = tokio::process::Command::new(program);
        cmd.args(["-m", mgr, "-i", &format!("lang={lang}")])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        let out = match tokio::time::timeout(self.timeout, cmd.output()).await {
            Err(_) => return Err(fail(format!("no answer within {:?}", self.timeout))),
            Ok(Err(e)) => return Err(fail(e.to_string())),
            Ok(Ok(o)) => o,
        };
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(fail(format!("exit {:?}: {}", out.status.code(), err.trim())));
        }
        String::from_utf8(out.stdout).map_err(|e| fail(format!("output is not UTF-8: {e}")))
    }

    async fn devel(&self, func: &str, elid: Option<&str>) -> Result<Vec<u8>, String> {
        let mut p = Params::new();
        if let Some(id) = elid {
            p.set("elid", id.to_owned());
        }
        self.client.call_raw_body(func, "devel", p).await.map_err(|e| e.to_string())
    }

    /// A list's data; `None` when the panel says a required value is missing (a child
    /// list needs its parent's id, so it gives no id of its own).
    async fn list_data(&self, func: &str) -> Result<Option<Vec<u8>>, String> {
        match self.client.call_raw_body(func, "xml", Params::new()).await {
            Ok(b) => Ok(Some(b)),
            Err(panelkit_runtime::Error::Panel(e)) if e.kind == panelkit_runtime::ErrorKind::Missed => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// One function to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The function.
    pub function: String,
    /// Form or list.
    pub kind: FunctionKind,
    /// For forms: the list whose first element gives the id of an edit form.
    pub list: Option<String>,
    /// The list field holding that id, when known.
    pub key: Option<String>,
}

/// What to read from a panel whose functions a catalog lists: its forms and lists.
/// Other kinds are never called: a group operation or action would run.
pub fn plan_from_catalog(cat: &Catalog) -> Vec<Target> {
    let lists: Vec<&str> =
        cat.entries.iter().filter(|e| e.kind() == FunctionKind::List).map(|e| e.name.as_str()).collect();
    let mut out = Vec::new();
    for e in &cat.entries {
        let kind = e.kind();
        if !matches!(kind, FunctionKind::Form | FunctionKind::List) || out.iter().any(|t: &Target| t.function == e.name)
        {
            continue;
        }
        let list = (kind == FunctionKind::Form)
            .then(|| e.name.strip_suffix(".edit").filter(|l| lists.contains(l)).map(String::from))
            .flatten();
        out.push(Target { function: e.name.clone(), kind, list, key: None });
    }
    out
}

/// What to read to refresh an existing spec: its forms and lists.
pub fn plan_from_spec(panel: &Panel) -> Vec<Target> {
    // A child list (its own `elid` is the parent's id) gives no id without a parent.
    let is_list = |n: &str| {
        panel.function(n).is_some_and(|f| f.kind == FunctionKind::List && f.elid.is_none() && f.plid.is_none())
    };
    let mut out = Vec::new();
    for f in &panel.functions {
        if !matches!(f.kind, FunctionKind::Form | FunctionKind::List)
            || out.iter().any(|t: &Target| t.function == f.name)
        {
            continue;
        }
        let (mut list, mut key) = (None, None);
        if f.kind == FunctionKind::Form {
            let by_elid = f.elid.as_ref().and_then(|e| e.function.clone()).filter(|l| is_list(l));
            list = by_elid.or_else(|| f.name.strip_suffix(".edit").filter(|l| is_list(l)).map(String::from));
            key = f.elid.as_ref().and_then(|e| e.field.clone());
        }
        out.push(Target { function: f.name.clone(), kind: f.kind, list, key });
    }
    out
}

/// One raw reply.
#[derive(Debug, Clone)]
pub struct Capture {
    /// File name inside a captures folder: `FUNC.xml` (create form or list metadata),
    /// `FUNC@edit.xml` (edit form metadata), `data/LIST.xml` (list data read for an id).
    pub file: String,
    /// The body as received.
    pub body: Vec<u8>,
    /// The parsed metadata (metadata captures that parsed and describe their function).
    pub doc: Option<MetadataDoc>,
}

/// A function the harvest could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The function.
    pub function: String,
    /// Why (secrets scrubbed by the runtime).
    pub message: String,
}

/// What a live harvest read.
#[derive(Debug, Clone, Default)]
pub struct LiveOutcome {
    /// Every reply, sorted by file name.
    pub captures: Vec<Capture>,
    /// Per-function failures, in plan order.
    pub failures: Vec<Failure>,
}

impl LiveOutcome {
    /// The metadata documents in file name order (what an offline harvest of the captures reads).
    pub fn docs(&self) -> Vec<MetadataDoc> {
        self.captures.iter().filter_map(|c| c.doc.clone()).collect()
    }
}

/// Progress of a harvest: one step per function.
pub trait Progress: Send + Sync {
    /// The number of functions to read.
    fn begin(&self, total: usize);
    /// One function is done; `error` says why it failed.
    fn step(&self, function: &str, error: Option<&str>);
    /// All done.
    fn end(&self);
}

/// No progress output.
#[derive(Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _: usize) {}
    fn step(&self, _: &str, _: Option<&str>) {}
    fn end(&self) {}
}

/// Reads every target, at most `jobs` at a time (at least one): lists first (their
/// metadata names the key field forms need), then forms.
pub async fn harvest_live(
    source: &Source,
    targets: &[Target],
    jobs: usize,
    progress: Arc<dyn Progress>,
) -> LiveOutcome {
    let sem = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
    progress.begin(targets.len());
    let mut out = LiveOutcome::default();
    let mut failures: Vec<(usize, Failure)> = Vec::new();
    let mut list_keys: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for phase in [FunctionKind::List, FunctionKind::Form] {
        let mut set = tokio::task::JoinSet::new();
        let mut task_of = std::collections::HashMap::new();
        for (i, t) in targets.iter().enumerate().filter(|(_, t)| t.kind == phase) {
            let (src, sem, t, progress) = (source.clone(), sem.clone(), t.clone(), progress.clone());
            let key = t.key.clone().or_else(|| t.list.as_ref().and_then(|l| list_keys.get(l).cloned()));
            let handle = set.spawn(async move {
                let Ok(_permit) = sem.acquire_owned().await else { return (i, Vec::new(), Vec::new()) };
                let (caps, errs) = read_target(&src, &t, key.as_deref()).await;
                progress.step(&t.function, errs.first().map(String::as_str));
                (i, caps, errs)
            });
            task_of.insert(handle.id(), i);
        }
        while let Some(joined) = set.join_next().await {
            let (i, caps, errs) = match joined {
                Ok(done) => done,
                Err(e) => {
                    // A read that died is a failure like any other, never a silent gap.
                    let i = task_of.get(&e.id()).copied().unwrap_or_default();
                    (i, Vec::new(), vec![format!("internal error: {e}")])
                }
            };
            for c in &caps {
                if let Some(f) = c.doc.as_ref().and_then(|d| d.functions.iter().find(|f| f.name == targets[i].function))
                    && let Some(k) = &f.result.key
                {
                    list_keys.insert(f.name.clone(), k.clone());
                }
            }
            out.captures.extend(caps);
            failures
                .extend(errs.into_iter().map(|m| (i, Failure { function: targets[i].function.clone(), message: m })));
        }
    }
    progress.end();
    out.captures.sort_by(|a, b| a.file.cmp(&b.file));
    // Several forms may read the same list for an id.
    out.captures.dedup_by(|a, b| a.file == b.file);
    failures.sort_by_key(|(i, _)| *i);
    out.failures = failures.into_iter().map(|(_, f)| f).collect();
    out
}

/// One target: its metadata, and for a form with a non-empty list, one edit form.
async fn read_target(src: &Source, t: &Target, key: Option<&str>) -> (Vec<Capture>, Vec<String>) {
    let mut caps = Vec::new();
    let mut errs = Vec::new();
    match src.devel(&t.function, None).await {
        Ok(body) => caps.push(metadata_capture(&t.function, format!("{}.xml", t.function), body, &mut errs)),
        Err(e) => errs.push(e),
    }
    let Some(list) = &t.list else { return (caps, errs) };
    if !errs.is_empty() {
        return (caps, errs);
    }
    let body = match src.list_data(list).await {
        Ok(Some(b)) => b,
        Ok(None) => return (caps, errs),
        Err(e) => {
            errs.push(format!("list `{list}` (for an edit form id): {e}"));
            return (caps, errs);
        }
    };
    let id = panelkit_runtime::parse_reply(&body, None, None).ok().and_then(|doc| first_id(&doc, key));
    caps.push(Capture { file: format!("data/{list}.xml"), body, doc: None });
    if let Some(id) = id {
        match src.devel(&t.function, Some(&id)).await {
            Ok(body) => caps.push(metadata_capture(&t.function, format!("{}@edit.xml", t.function), body, &mut errs)),
            Err(e) => errs.push(format!("edit form (elid of the first `{list}` element): {e}")),
        }
    }
    (caps, errs)
}

/// The id of a list's first element: its `key` field (default `name`).
fn first_id(doc: &Node, key: Option<&str>) -> Option<String> {
    let elem = doc.child("elem")?;
    let v = elem.child_text(key.unwrap_or("name")).or_else(|| elem.child_text("id"))?;
    (!v.is_empty()).then(|| v.to_owned())
}

fn metadata_capture(func: &str, file: String, body: Vec<u8>, errs: &mut Vec<String>) -> Capture {
    let doc = match parse_metadata(&body, &file) {
        Ok(d) if d.functions.iter().any(|f| f.name == func) => Some(d),
        Ok(_) => {
            errs.push(format!("{file}: the reply has no <metadata name=\"{func}\">"));
            None
        }
        Err(e) => {
            errs.push(e.to_string());
            None
        }
    };
    Capture { file, body, doc }
}
