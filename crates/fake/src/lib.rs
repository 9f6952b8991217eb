//! A fake panel that serves a spec over HTTP, validating requests like the real panel.
//!
//! Any [`panelkit_spec::Panel`] can be served: ISPsystem panels (ISPmanager 4/5/6,
//! IPmanager 5) answer `func=` requests with real reply shapes in XML and JSON,
//! BrainyCP answers `api.php` with its numeric error codes. Requests are checked
//! with [`panelkit_runtime::validate::validate`] on tables built from the spec, so
//! the fake panel refuses exactly what the bindings' `validate()` refuses.
//!
//! ```no_run
//! # async fn demo(panel: panelkit_spec::Panel) -> Result<(), panelkit_fake::Error> {
//! use panelkit_fake::{Account, FakePanel, Level};
//! let fake = FakePanel::builder(panel)
//!     .user(Account::new("root", "secret", Level::Admin))
//!     .start()
//!     .await?;
//! println!("serving at {}", fake.url());
//! # Ok(()) }
//! ```
//!
//! # How it behaves
//!
//! Everything is derived from the spec; nothing is written per function.
//!
//! - **Groups.** A list function `X` owns records; `X.edit` (a form) reads without
//!   `sok`, creates without `elid`, edits with it; `X.delete` / `X.suspend` / `X.resume`
//!   (also `.disable` / `.enable`) take `elid`s joined by `", "`. A function's list is
//!   the one its `elid` references, else its name minus the suffix. A list whose `elid`
//!   names another list (or whose forms take a `plid`) is a child list: records live
//!   under their parent (`domain.sublist&elid=example.com`) and go when it goes.
//!   The key field is the list's `result.key`, else the referencing `elid.field`, else
//!   `name`; child records without a key field get DNS-style ids
//!   (`www.example.com. MX  10 mx.example.com.`); forms taking `name` and a `domain`
//!   make `name@domain` keys (mailboxes). ISPmanager 6 names that break the
//!   pattern (`user.add.finish`, `site.edit`) are in one alias table (`isp/groups.rs`).
//!   Records in the `user` list are accounts: created ones can log in.
//!   A `used_limit` field `disk` shows the record's `disklimit` (or `disk`) as `limit` and
//!   its `diskused` (default 0) as `used`.
//! - **Auth (ISPsystem).** `func=auth` with `username` + `password` or a one-time
//!   `key` (made by an admin with `session.newkey`, at least 16 characters) returns
//!   `<auth id=".." level="..">`; sessions expire after the idle time and are bound to
//!   the client address; `authinfo=user:pass` works per request; `su` lets admins act
//!   as anyone and resellers as their own users. Levels: ISPmanager 4 admin 7 /
//!   reseller 5 / user 1 (only 7 is documented); COREmanager 5+ admin 29 / reseller 24
//!   / user 16 (ispmanager.com "Access levels"; a server's own root would be 30).
//! - **Errors (ISPsystem).** `<error type=".." object=".." lang="..">` with
//!   `param`s, `detail` and `msg`: missing parameter `missed`; bad value, enum, bounds
//!   or rule `value` naming the parameter (rule text in the message); parameters a
//!   function does not take, and fields its rules hide, are ignored as a real panel
//!   does and named in the `X-Panelkit-Ignored` header and the log ([`Builder::strict`]
//!   refuses them with `value`); `confirm` differing from the password `value`; an
//!   `owner` that is no account, or a mailbox's missing mail domain, `missed`;
//!   duplicate `exists`; unknown id `missed` naming the list; unknown function
//!   `missed` with object `func`; rights `access`; credentials or session `auth`
//!   (`object="badpassword"` for wrong credentials). ISPmanager 4 replies also carry
//!   its numeric `code`, `obj`, `val`.
//! - **Formats.** `out=xml` (also when absent or a browser format), `json` (pretty),
//!   `sjson` (compact), both `{"doc":{..}}` with `$attr` / `$` keys and `elem` always an
//!   array; `JSONdata` is flat data without the `doc` wrapper. `lang=` picks `ru`/`en`.
//! - **Tests.** [`Builder::record_requests`] keeps what clients sent ([`FakeHandle::requests`],
//!   [`FakeHandle::funcs`]); [`Builder::script`] answers one function with canned bytes
//!   ([`ScriptedReply`]); [`FakeHandle::certificate_der`] is the certificate to trust.
//! - **BrainyCP.** `api.php` with `username`/`password` (or `login`/`pass`) and
//!   `module`+`subdo` or the constants as parameter names; `error` / `mess` / payload
//!   keys from the spec; messages from the spec's `errors` in `language` (default `ru`).
//!   Parameter problems answer 5, or the function's own code when an error case is
//!   named after the parameter (`bad_command` → 100); `panel_user` needs an admin
//!   (1000) and an existing user (1001); functions documenting 400 are admin-only.
//!   Certificates per user, domains with certificates and the mail queue live in
//!   [`BrainyState`]. Wrong credentials answer 401 (undocumented; unverified).

mod brainy;
pub mod doc;
mod isp;
mod log;
mod record;
pub mod request;
mod server;
pub mod state;
mod tls;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Spec functions as the runtime's validation tables (what the fake validates with); moved to
/// the runtime (`panelkit_runtime::from_spec`, feature `from-spec`), re-exported here.
pub use panelkit_runtime::from_spec::{form_read_info, func_info};
pub use panelkit_spec::Level;
pub use record::{RecordedRequest, ScriptedReply};
pub use state::{Account, BrainyState, Record, State};

use panelkit_runtime::FuncInfo;
use panelkit_spec::{Panel, Protocol};

/// Why a fake panel could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The self-signed certificate or TLS setup failed.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// The initial state is not valid state JSON.
    #[error("invalid initial state: {0}")]
    State(String),
    /// The background runtime of [`Builder::spawn`] failed.
    #[error("cannot start the fake panel's runtime: {0}")]
    Runtime(std::io::Error),
}

/// Entry point: `FakePanel::builder(panel)`.
pub struct FakePanel;

impl FakePanel {
    /// A builder serving `panel`.
    pub fn builder(panel: Panel) -> Builder {
        Builder {
            panel,
            users: Vec::new(),
            base_path: None,
            session_ttl: Duration::from_secs(3600),
            tls: false,
            strict: false,
            state: State::default(),
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            log_requests: false,
            header_timeout: server::HEADER_TIMEOUT,
            max_connections: server::MAX_CONNECTIONS,
            record_requests: false,
            scripts: HashMap::new(),
        }
    }
}

impl Account {
    /// An account with no owner.
    pub fn new(name: impl Into<String>, password: impl Into<String>, level: Level) -> Self {
        Account { name: name.into(), password: password.into(), level, owner: None, suspended: false }
    }

    /// The same account, owned by reseller `owner` (whose `su` may act as it).
    pub fn owned_by(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }
}

/// What [`Builder::start`] needs once the configuration is checked.
type Prepared = (Arc<Shared>, Option<(String, String)>, Option<tls::Tls>, SocketAddr);

/// Configures and starts a fake panel.
pub struct Builder {
    panel: Panel,
    users: Vec<Account>,
    base_path: Option<String>,
    session_ttl: Duration,
    tls: bool,
    strict: bool,
    state: State,
    listen: SocketAddr,
    log_requests: bool,
    header_timeout: Duration,
    max_connections: usize,
    record_requests: bool,
    scripts: HashMap<String, ScriptedReply>,
}

impl Builder {
    /// Adds an account. Without any, one admin with a generated password is created
    /// (see [`FakeHandle::generated_credentials`]).
    pub fn user(mut self, account: Account) -> Self {
        self.users.push(account);
        self
    }

    /// Serves under this path instead of the spec's endpoint.
    pub fn base_path(mut self, path: impl Into<String>) -> Self {
        let mut p: String = path.into();
        if !p.starts_with('/') {
            p.insert(0, '/');
        }
        self.base_path = Some(p);
        self
    }

    /// Idle time after which a session expires (default one hour).
    pub fn session_ttl(mut self, ttl: Duration) -> Self {
        self.session_ttl = ttl;
        self
    }

    /// Serves HTTPS with a self-signed certificate generated at start.
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on;
        self
    }

    /// Refuses parameters a function does not take (and fields its rules hide) with a
    /// `value` error. Off by default: a real panel ignores them, and so does the fake,
    /// naming them in the `X-Panelkit-Ignored` response header and its log.
    pub fn strict(mut self, on: bool) -> Self {
        self.strict = on;
        self
    }

    /// The initial state.
    pub fn state(mut self, state: State) -> Self {
        self.state = state;
        self
    }

    /// The initial state from JSON (the shape [`FakeHandle::state`] returns).
    pub fn state_json(mut self, json: serde_json::Value) -> Result<Self, Error> {
        self.state = serde_json::from_value(json).map_err(|e| Error::State(e.to_string()))?;
        Ok(self)
    }

    /// Address to listen on (default `127.0.0.1:0`).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    fn prepare(self) -> Result<Prepared, Error> {
        let Builder {
            panel,
            mut users,
            base_path,
            session_ttl,
            tls,
            strict,
            mut state,
            listen,
            log_requests,
            header_timeout,
            max_connections,
            record_requests,
            scripts,
        } = self;
        let mut generated = None;
        if users.is_empty() && state.users.is_empty() {
            let name = if panel.protocol == Protocol::Brainycp { "admin" } else { "root" };
            let password = random_token(8);
            generated = Some((name.to_owned(), password.clone()));
            users.push(Account::new(name, password, Level::Admin));
        }
        for u in users {
            state.users.retain(|a| a.name != u.name);
            state.users.push(u);
        }
        let tls = if tls { Some(tls::Tls::generate()?) } else { None };
        let base_path = base_path.unwrap_or_else(|| panel.endpoint.clone());
        let infos = panel.functions.iter().map(func_info).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in panel.functions.iter().enumerate() {
            by_name.entry(f.name.clone()).or_default().push(i);
        }
        let groups = isp::Groups::derive(&panel);
        isp::seed_accounts(&groups, &mut state);
        let shared = Arc::new(Shared {
            panel,
            infos,
            by_name,
            groups,
            base_path,
            session_ttl,
            log_requests,
            header_timeout,
            max_connections,
            strict,
            record_requests,
            inner: Mutex::new(Inner {
                state,
                sessions: HashMap::new(),
                keys: HashMap::new(),
                requests: Vec::new(),
                scripts,
            }),
        });
        Ok((shared, generated, tls, listen))
    }

    /// Prints one line per request on stderr: the function, the parameters
    /// (secrets masked) and the kind of reply (`cargo xtask mock --log`).
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// Closes a connection that sends no complete request head for this long,
    /// idle keep-alive connections included (default 10 s).
    pub fn header_timeout(mut self, t: Duration) -> Self {
        self.header_timeout = t;
        self
    }

    /// Records every request (method, path, query and body parameters, headers) for
    /// [`FakeHandle::requests`], so tests can assert on what a client sent. Off by default;
    /// records are kept in memory until [`FakeHandle::clear_requests`], so leave it off for
    /// long-running servers.
    pub fn record_requests(mut self, on: bool) -> Self {
        self.record_requests = on;
        self
    }

    /// Answers function `func` (ISPsystem `func=`, BrainyCP `subdo` or the function's
    /// name sent as a parameter) with `reply` instead of what the spec would make
    /// (see [`ScriptedReply`]).
    pub fn script(mut self, func: impl Into<String>, reply: ScriptedReply) -> Self {
        self.scripts.insert(func.into(), reply);
        self
    }

    /// Most connections served at once (default 512); further ones are closed on accept.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// Binds and serves on the current tokio runtime until the handle is dropped or shut down.
    pub async fn start(self) -> Result<FakeHandle, Error> {
        let (shared, generated, tls, listen) = self.prepare()?;
        let listener =
            tokio::net::TcpListener::bind(listen).await.map_err(|source| Error::Bind { addr: listen, source })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind { addr: listen, source })?;
        let fingerprint = tls.as_ref().map(|t| t.fingerprint);
        let cert_der = tls.as_ref().map(|t| t.der.clone());
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(server::serve(listener, tls.map(|t| t.acceptor), shared.clone(), stopped));
        Ok(FakeHandle { shared, addr, fingerprint, cert_der, generated, stop, task: Some(task), thread: None })
    }

    /// Starts the panel on a background thread with its own runtime, for tests without tokio.
    /// Dropping the handle stops the server and joins the thread. Must not be called from
    /// inside a tokio runtime (use [`Builder::start`] there).
    pub fn spawn(self) -> Result<FakeHandle, Error> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        let mut handle = rt.block_on(self.start())?;
        let task = handle.task.take();
        let mut stopped = handle.stop.subscribe();
        let thread = std::thread::spawn(move || {
            rt.block_on(async move {
                async {
                    let _ = stopped.wait_for(|s| *s).await;
                }
                .await;
                if let Some(t) = task {
                    let _ = t.await;
                }
            });
        });
        handle.thread = Some(thread);
        Ok(handle)
    }
}

/// A running fake panel. Dropping it stops the server.
pub struct FakeHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    fingerprint: Option<[u8; 32]>,
    cert_der: Option<Vec<u8>>,
    generated: Option<(String, String)>,
    stop: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for FakeHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeHandle").field("url", &self.url()).finish_non_exhaustive()
    }
}

impl FakeHandle {
    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http(s)://127.0.0.1:PORT` without the path.
    pub fn base_url(&self) -> String {
        let scheme = if self.fingerprint.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The panel's full URL: base URL plus the served path (`/manager/ispmgr`).
    pub fn url(&self) -> String {
        format!("{}{}", self.base_url(), self.shared.base_path)
    }

    /// The served path.
    pub fn base_path(&self) -> &str {
        &self.shared.base_path
    }

    /// SHA-256 of the TLS certificate (DER), as upper-case hex pairs joined by `:`.
    pub fn fingerprint(&self) -> Option<String> {
        self.fingerprint.map(|f| f.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":"))
    }

    /// SHA-256 of the TLS certificate (DER).
    pub fn fingerprint_sha256(&self) -> Option<[u8; 32]> {
        self.fingerprint
    }

    /// The TLS certificate (DER) served with [`Builder::tls`], for a client to trust or pin;
    /// `None` over plain HTTP.
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.cert_der.as_deref()
    }

    /// The requests received so far, oldest first; empty unless [`Builder::record_requests`] is on.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The function of each request received so far ([`RecordedRequest::func`]), oldest first.
    pub fn funcs(&self) -> Vec<String> {
        self.shared.lock().requests.iter().map(|r| r.func().to_owned()).collect()
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// Answers `func` with `reply` from now on (see [`Builder::script`]).
    pub fn script(&self, func: impl Into<String>, reply: ScriptedReply) {
        self.shared.lock().scripts.insert(func.into(), reply);
    }

    /// Stops scripting `func`: it is answered from the spec again.
    pub fn unscript(&self, func: &str) {
        self.shared.lock().scripts.remove(func);
    }

    /// Ends every open session, as a panel restart or an administrator would.
    pub fn drop_sessions(&self) {
        self.shared.lock().sessions.clear();
    }

    /// The admin created when no account was given: `(name, password)`.
    pub fn generated_credentials(&self) -> Option<(&str, &str)> {
        self.generated.as_ref().map(|(u, p)| (u.as_str(), p.as_str()))
    }

    /// A snapshot of the state as JSON (the shape `--state FILE` loads; no passwords).
    pub fn state(&self) -> serde_json::Value {
        serde_json::to_value(&self.shared.lock().state).unwrap_or(serde_json::Value::Null)
    }

    /// Replaces the state (accounts given to the builder are kept unless the new state names them).
    pub fn set_state(&self, json: serde_json::Value) -> Result<(), Error> {
        let mut new: State = serde_json::from_value(json).map_err(|e| Error::State(e.to_string()))?;
        let mut inner = self.shared.lock();
        for a in &inner.state.users {
            if new.account(&a.name).is_none() {
                new.users.push(a.clone());
            }
        }
        isp::seed_accounts(&self.shared.groups, &mut new);
        inner.state = new;
        Ok(())
    }

    /// Opens a session for `user` as if it had logged in from 127.0.0.1; `None` for unknown users.
    pub fn open_session(&self, user: &str) -> Option<String> {
        let mut inner = self.shared.lock();
        inner.state.account(user)?;
        Some(inner.new_session(user, IpAddr::V4(Ipv4Addr::LOCALHOST)))
    }

    /// Makes every open session idle for longer than the expiry time.
    pub fn expire_sessions(&self) {
        let ttl = self.shared.session_ttl;
        let mut inner = self.shared.lock();
        for s in inner.sessions.values_mut() {
            s.expired = true;
            // Instants cannot always go back far enough on a fresh boot; the flag covers that.
            if let Some(t) = Instant::now().checked_sub(ttl + Duration::from_secs(1)) {
                s.last = t;
            }
        }
    }

    /// Number of open sessions.
    pub fn session_count(&self) -> usize {
        self.shared.lock().sessions.len()
    }

    /// Stops serving and waits until the server task has finished.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for FakeHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Everything a request handler needs.
pub(crate) struct Shared {
    pub panel: Panel,
    /// Static tables parallel to `panel.functions`.
    pub infos: Vec<&'static FuncInfo>,
    /// Function indices by wire name (BrainyCP names may repeat across modules).
    pub by_name: HashMap<String, Vec<usize>>,
    pub groups: isp::Groups,
    pub base_path: String,
    pub session_ttl: Duration,
    /// `--log`: one line per request on stderr.
    pub log_requests: bool,
    /// Idle time after which a connection without a complete request head is closed.
    pub header_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Refuse unknown and hidden parameters instead of ignoring them.
    pub strict: bool,
    /// Keep every request in `Inner::requests`.
    pub record_requests: bool,
    pub inner: Mutex<Inner>,
}

impl Shared {
    /// The state lock; a panicked handler does not take the panel down with it.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Mutable panel data.
pub(crate) struct Inner {
    pub state: State,
    pub sessions: HashMap<String, Session>,
    /// One-time login keys by user (`session.newkey`).
    pub keys: HashMap<String, String>,
    /// Requests received (with `record_requests`).
    pub requests: Vec<RecordedRequest>,
    /// Canned replies by function.
    pub scripts: HashMap<String, ScriptedReply>,
}

impl Inner {
    pub fn new_session(&mut self, user: &str, ip: IpAddr) -> String {
        let id = random_token(12);
        self.sessions.insert(id.clone(), Session { user: user.to_owned(), ip, last: Instant::now(), expired: false });
        id
    }
}

/// An open session.
pub(crate) struct Session {
    pub user: String,
    pub ip: IpAddr,
    pub last: Instant,
    pub expired: bool,
}

/// `n` random bytes as lower-case hex.
pub(crate) fn random_token(n: usize) -> String {
    let mut buf = vec![0u8; n];
    if getrandom::getrandom(&mut buf).is_err() {
        // No OS randomness: fall back to the hasher's per-process random keys.
        use std::hash::{BuildHasher, Hasher};
        for (i, b) in buf.iter_mut().enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            *b = h.finish() as u8;
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
