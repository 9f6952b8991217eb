//! The ISPsystem client (ISPmanager 4/5/6, IPmanager, DNSmanager, BILLmanager):
//! every auth mode, XML or JSON replies, over HTTPS or the local `mgrctl`.

use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::decode::ElemSink;
use crate::error::Error;
use crate::http::{HttpSettings, Method, RawReply};
use crate::mgrctl::{MGRCTL_PATH, MGRCTL_PATH_ISP4, Mgrctl};
use crate::node::Node;
use crate::panel_error::PanelError;
use crate::params::Params;
use crate::redact::{Redactor, strip_url};
use crate::reply::{ParseLimits, parse_reply_into};
use crate::request::{ForPanel, FromDoc, Request};
use crate::secret::Secret;
use crate::table::{PanelDef, Protocol};

/// Shortest key `session.newkey` accepts.
pub const MIN_KEY_LEN: usize = 16;

/// The reply format asked for with `out=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutFormat {
    /// `out=xml` (the default).
    #[default]
    Xml,
    /// `out=json`, pretty-printed `$`-keyed JSON.
    Json,
    /// `out=sjson`, compact `$`-keyed JSON.
    Sjson,
    /// `out=JSONdata`, flat data only.
    JsonData,
}

impl OutFormat {
    /// The `out=` value.
    pub fn as_wire(self) -> &'static str {
        match self {
            OutFormat::Xml => "xml",
            OutFormat::Json => "json",
            OutFormat::Sjson => "sjson",
            OutFormat::JsonData => "JSONdata",
        }
    }
}

/// How the client proves who it is.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// Nothing is sent (mgrctl runs as the local user; or a panel behind other auth).
    #[default]
    None,
    /// `func=auth` once, then `auth=<session id>`; an expired session is renewed once.
    Session {
        /// User name.
        username: String,
        /// Password.
        password: Secret,
    },
    /// `authinfo=user:password` on every request.
    AuthInfo {
        /// User name.
        username: String,
        /// Password.
        password: Secret,
    },
    /// A session id obtained elsewhere; it cannot be renewed.
    SessionId(Secret),
}

/// A logged-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session id (`auth=`).
    pub id: Secret,
    /// The access level the panel granted (`level` attribute); check it against the one expected.
    pub level: Option<u32>,
}

#[derive(Debug)]
enum Transport {
    Http { client: reqwest::Client, url: String },
    Mgrctl(Mgrctl),
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    auth: Auth,
    session: Mutex<Option<SessionInfo>>,
    su: Option<String>,
    lang: Option<String>,
    out: OutFormat,
    method: Method,
    public_url: Option<String>,
    /// Bounds parsing of each reply; its deadline is set per request from `timeout`.
    limits: ParseLimits,
    timeout: Duration,
}

/// An async client of one ISPsystem panel `P`; only requests of `P` are accepted.
///
/// Cheap to clone (shared state); a session logged in by one clone serves all.
pub struct IspClient<P: PanelDef> {
    inner: Arc<Inner>,
    _panel: PhantomData<fn() -> P>,
}

impl<P: PanelDef> Clone for IspClient<P> {
    fn clone(&self) -> Self {
        IspClient { inner: self.inner.clone(), _panel: PhantomData }
    }
}

impl<P: PanelDef> std::fmt::Debug for IspClient<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IspClient").field("panel", &P::ID).field("inner", &self.inner).finish()
    }
}

/// Builds an [`IspClient`].
#[derive(Clone)]
pub struct IspClientBuilder<P: PanelDef> {
    base: Option<String>,
    endpoint: String,
    mgrctl: Option<(PathBuf, String)>,
    http: HttpSettings,
    auth: Auth,
    su: Option<String>,
    lang: Option<String>,
    out: OutFormat,
    method: Method,
    public_url: Option<String>,
    max_depth: usize,
    _panel: PhantomData<fn() -> P>,
}

impl<P: PanelDef> IspClient<P> {
    /// A client of the panel at `base_url` (`https://host:1500`); the endpoint defaults to `P::ENDPOINT`.
    pub fn builder(base_url: impl Into<String>) -> IspClientBuilder<P> {
        IspClientBuilder::new(Some(base_url.into()), None)
    }

    /// A client that runs `mgrctl` at `path` with `-m mgr` on this host.
    pub fn mgrctl(path: impl Into<PathBuf>, mgr: impl Into<String>) -> IspClientBuilder<P> {
        IspClientBuilder::new(None, Some((path.into(), mgr.into())))
    }

    /// A client that runs the panel's default mgrctl ([`default_mgrctl_path`]) with `-m P::MGR`.
    pub fn local() -> IspClientBuilder<P> {
        Self::mgrctl(default_mgrctl_path::<P>(), P::MGR)
    }

    /// Sends a typed request after validating it; an invalid request is
    /// [`Error::Invalid`] and nothing is sent.
    pub async fn call<R>(&self, req: &R) -> Result<R::Output, Error>
    where
        R: Request + ForPanel<P>,
        R::Output: FromDoc,
    {
        req.validate()?;
        self.call_unchecked(req).await
    }

    /// Sends a typed request without validating it (the panel has the last word).
    pub async fn call_unchecked<R>(&self, req: &R) -> Result<R::Output, Error>
    where
        R: Request + ForPanel<P>,
        R::Output: FromDoc,
    {
        // A list reply is decoded while it is parsed: no tree of the whole list.
        match R::Output::streamed() {
            Some(mut streamed) => {
                let doc = self.execute(R::INFO.name, req.to_params(), Some(streamed.sink())).await?;
                streamed.finish(&doc).map_err(Error::Decode)
            }
            None => {
                let doc = self.execute(R::INFO.name, req.to_params(), None).await?;
                R::Output::from_doc(&doc).map_err(Error::Decode)
            }
        }
    }

    /// Calls a function no spec describes; returns the reply document (an error reply is [`Error::Panel`]).
    pub async fn call_raw(&self, func: &str, params: Params) -> Result<Node, Error> {
        self.execute(func, params, None).await
    }

    /// Calls `func` with reply format `out` (any `out=` value, such as `devel`, which
    /// [`OutFormat`] does not cover) and returns the reply body as the panel sent it.
    /// Authentication works as for every call; an error reply is [`Error::Panel`].
    pub async fn call_raw_body(&self, func: &str, out: &str, params: Params) -> Result<Vec<u8>, Error> {
        let start = Instant::now();
        let result = self.execute_inner(func, params, Some(out), None).await;
        let elapsed_ms = start.elapsed().as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(panel = P::ID, func, out, elapsed_ms, outcome = "ok", "panel call"),
            Err(e) => tracing::info!(panel = P::ID, func, out, elapsed_ms, outcome = "error", error = %e, "panel call"),
        }
        result.map(|(_, body)| body)
    }

    /// Logs in now (session mode), replacing any current session.
    pub async fn login(&self) -> Result<SessionInfo, Error> {
        let (username, password) = match &self.inner.auth {
            Auth::Session { username, password } => (username, password),
            _ => return Err(Error::Config("login() needs session authentication (IspClientBuilder::session)".into())),
        };
        let info = self.do_login(username, password).await?;
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(info.clone());
        Ok(info)
    }

    /// Ends the current session (`func=logout`) and forgets it. Without a session, does nothing.
    pub async fn logout(&self) -> Result<(), Error> {
        let current = self.current_session();
        let Some(session) = current else { return Ok(()) };
        let mut params = self.base_params();
        params.set_secret("auth", session.id.clone());
        let result = self.send_parse("logout", &params).await;
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = None;
        result.map(|_| ())
    }

    /// The current session, if logged in (or given a session id).
    pub fn session(&self) -> Option<SessionInfo> {
        self.current_session()
    }

    /// The access level of the current session.
    pub fn session_level(&self) -> Option<u32> {
        self.current_session().and_then(|s| s.level)
    }

    /// Key login (seeds 002/004): registers `key` for `username` with
    /// `session.newkey` using this client's (admin) credentials, and returns the
    /// one-time URL to hand to the user: `<endpoint>?func=auth&username=U&key=K&checkcookie=no`.
    /// The URL holds the key, so it comes back as a [`Secret`].
    pub async fn new_key_login(&self, username: &str, key: &Secret) -> Result<Secret, Error> {
        if key.expose().chars().count() < MIN_KEY_LEN {
            return Err(Error::Config(format!("a login key needs at least {MIN_KEY_LEN} characters")));
        }
        let base = match (&self.inner.public_url, &self.inner.transport) {
            (Some(u), _) => u.clone(),
            (None, Transport::Http { url, .. }) => url.clone(),
            (None, Transport::Mgrctl(_)) => {
                return Err(Error::Config("key login over mgrctl needs the panel's address (public_url)".into()));
            }
        };
        let mut params = Params::new();
        params.set("username", username);
        params.set_secret("key", key.clone());
        self.execute("session.newkey", params, None).await?;
        let mut url = url::Url::parse(&base).map_err(|e| Error::Config(format!("URL `{}`: {e}", strip_url(&base))))?;
        url.query_pairs_mut()
            .append_pair("func", "auth")
            .append_pair("username", username)
            .append_pair("key", key.expose())
            .append_pair("checkcookie", "no");
        Ok(Secret::new(String::from(url)))
    }

    /// A random 32-character key for [`IspClient::new_key_login`].
    pub fn random_key() -> Result<Secret, Error> {
        let mut bytes = [0u8; 16];
        crate::tls::provider()
            .secure_random
            .fill(&mut bytes)
            .map_err(|_| Error::Config("no system randomness for a login key".into()))?;
        Ok(Secret::new(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()))
    }

    fn current_session(&self) -> Option<SessionInfo> {
        self.inner.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn base_params(&self) -> Params {
        let mut p = Params::new();
        if let Some(lang) = &self.inner.lang {
            p.set("lang", lang.clone());
        }
        p
    }

    /// One call; with a `sink`, the root's `<elem>`s go to it instead of into the document.
    async fn execute(&self, func: &str, params: Params, sink: Option<&mut dyn ElemSink>) -> Result<Node, Error> {
        let start = Instant::now();
        let result = self.execute_inner(func, params, None, sink).await;
        let elapsed_ms = start.elapsed().as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(panel = P::ID, func, elapsed_ms, outcome = "ok", "panel call"),
            Err(e) => tracing::info!(panel = P::ID, func, elapsed_ms, outcome = "error", error = %e, "panel call"),
        }
        result.map(|(doc, _)| doc)
    }

    /// One call; `out` overrides the client's reply format. Returns the document and the raw body.
    async fn execute_inner(
        &self,
        func: &str,
        request: Params,
        out: Option<&str>,
        mut sink: Option<&mut dyn ElemSink>,
    ) -> Result<(Node, Vec<u8>), Error> {
        let mut params = request;
        if let Some(su) = &self.inner.su {
            params.set("su", su.clone());
        }
        if let Some(lang) = &self.inner.lang {
            params.set("lang", lang.clone());
        }
        match &self.inner.auth {
            Auth::None => self.send_parse_out(func, &params, out, reborrow(&mut sink)).await,
            Auth::AuthInfo { username, password } => {
                params.set_secret("authinfo", Secret::new(format!("{username}:{}", password.expose())));
                self.send_parse_out(func, &params, out, reborrow(&mut sink)).await
            }
            Auth::SessionId(_) => {
                let id = self
                    .current_session()
                    .map(|s| s.id)
                    .ok_or_else(|| Error::Config("the session id was dropped by logout; build a new client".into()))?;
                params.set_secret("auth", id);
                self.send_parse_out(func, &params, out, reborrow(&mut sink)).await
            }
            Auth::Session { username, password } => {
                let session = match self.current_session() {
                    Some(s) => s,
                    None => self.login().await?,
                };
                params.set_secret("auth", session.id.clone());
                match self.send_parse_out(func, &params, out, reborrow(&mut sink)).await {
                    Err(Error::Panel(e)) if e.is_auth() => {
                        // The panel refused the session before acting, so one fresh
                        // login and one resend are safe; a second refusal is returned.
                        tracing::info!(panel = P::ID, func, "session refused; logging in again once");
                        let fresh = self.renew(&session, username, password).await?;
                        params.set_secret("auth", fresh.id);
                        self.send_parse_out(func, &params, out, reborrow(&mut sink)).await
                    }
                    other => other,
                }
            }
        }
    }

    async fn renew(&self, stale: &SessionInfo, username: &str, password: &Secret) -> Result<SessionInfo, Error> {
        // Another clone may have renewed it meanwhile.
        if let Some(current) = self.current_session()
            && current.id != stale.id
        {
            return Ok(current);
        }
        let info = self.do_login(username, password).await;
        let mut slot = self.inner.session.lock().unwrap_or_else(|p| p.into_inner());
        *slot = info.as_ref().ok().cloned();
        info
    }

    async fn do_login(&self, username: &str, password: &Secret) -> Result<SessionInfo, Error> {
        let mut params = self.base_params();
        params.set("username", username);
        params.set_secret("password", password.clone());
        let doc = self.send_parse("auth", &params).await?;
        let auth = doc
            .child("auth")
            .ok_or_else(|| Error::Decode(crate::DecodeError::new("doc", "the login reply has no <auth> session id")))?;
        let id = auth.attr("id").map(str::to_owned).filter(|s| !s.is_empty()).unwrap_or_else(|| auth.text.clone());
        if id.is_empty() {
            return Err(Error::Decode(crate::DecodeError::new("doc.auth", "empty session id")));
        }
        let level = auth.attr("level").and_then(|l| l.trim().parse().ok());
        tracing::debug!(panel = P::ID, level, "logged in");
        Ok(SessionInfo { id: Secret::new(id), level })
    }

    fn redactor(&self, params: &Params) -> Redactor {
        let mut r = Redactor::new();
        r.add_params(params);
        match &self.inner.auth {
            Auth::Session { password, .. } | Auth::AuthInfo { password, .. } => r.add(password),
            Auth::SessionId(id) => r.add(id),
            Auth::None => {}
        }
        if let Some(s) = self.current_session() {
            r.add(&s.id);
        }
        r
    }

    async fn send_parse(&self, func: &str, params: &Params) -> Result<Node, Error> {
        self.send_parse_out(func, params, None, None).await.map(|(doc, _)| doc)
    }

    async fn send_parse_out(
        &self,
        func: &str,
        params: &Params,
        out: Option<&str>,
        sink: Option<&mut dyn ElemSink>,
    ) -> Result<(Node, Vec<u8>), Error> {
        let redactor = self.redactor(params);
        // The request timeout covers parsing too: a reply that is slow to parse
        // stops at the same deadline as one that is slow to arrive.
        let limits = ParseLimits { deadline: Some(Instant::now() + self.inner.timeout), ..self.inner.limits };
        let raw = self.send(func, params, out.unwrap_or(self.inner.out.as_wire()), &redactor).await?;
        let mut doc = parse_reply_into(&raw.body, raw.status, raw.content_type.as_deref(), &limits, sink).map_err(
            |e| match e {
                crate::reply::ReplyError::Unrecognized { status, content_type, snippet } => {
                    Error::Reply(crate::reply::ReplyError::Unrecognized {
                        status,
                        content_type,
                        snippet: redactor.scrub(&snippet),
                    })
                }
                other => Error::Reply(other),
            },
        )?;
        if let Some(mut err) = PanelError::from_doc(&doc) {
            err.scrub(|s| redactor.scrub(s));
            return Err(Error::Panel(Box::new(err)));
        }
        // Drop nothing else: the document is the caller's.
        doc.name = "doc".into();
        Ok((doc, raw.body))
    }

    async fn send(&self, func: &str, params: &Params, out: &str, redactor: &Redactor) -> Result<RawReply, Error> {
        match &self.inner.transport {
            Transport::Http { client, url } => {
                let mut wire = Params::new();
                wire.set("func", func.to_owned());
                wire.set("out", out.to_owned());
                wire.extend(params);
                crate::http::send(client, url, &wire, self.inner.method, redactor).await
            }
            Transport::Mgrctl(m) => {
                let mut local = params.clone();
                // mgrctl authenticates as the local user; these would only confuse it.
                local.remove("auth");
                local.remove("authinfo");
                m.run(func, out, &local, redactor).await
            }
        }
    }
}

/// The default mgrctl of panel `P`: ISPmanager 4's for ids starting with `ispmgr4`, else COREmanager 5's.
pub fn default_mgrctl_path<P: PanelDef>() -> &'static str {
    if P::ID.starts_with("ispmgr4") { MGRCTL_PATH_ISP4 } else { MGRCTL_PATH }
}

impl<P: PanelDef> std::fmt::Debug for IspClientBuilder<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IspClientBuilder")
            .field("panel", &P::ID)
            .field("base", &self.base.as_deref().map(strip_url))
            .field("endpoint", &self.endpoint)
            .field("mgrctl", &self.mgrctl)
            .field("auth", &self.auth)
            .field("su", &self.su)
            .field("lang", &self.lang)
            .field("out", &self.out)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

impl<P: PanelDef> IspClientBuilder<P> {
    fn new(base: Option<String>, mgrctl: Option<(PathBuf, String)>) -> Self {
        IspClientBuilder {
            base,
            endpoint: P::ENDPOINT.to_owned(),
            mgrctl,
            http: HttpSettings::default(),
            auth: Auth::None,
            su: None,
            lang: None,
            out: OutFormat::Xml,
            method: Method::Post,
            public_url: None,
            max_depth: crate::reply::DEFAULT_MAX_DEPTH,
            _panel: PhantomData,
        }
    }

    /// The endpoint path (`/ispmgr`, `/manager/ispmgr`); defaults to `P::ENDPOINT`.
    pub fn endpoint(mut self, path: impl Into<String>) -> Self {
        self.endpoint = path.into();
        self
    }

    /// Session login: `func=auth` on first use, then `auth=<id>`.
    pub fn session(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth = Auth::Session { username: username.into(), password: password.into() };
        self
    }

    /// `authinfo=user:password` on every request.
    pub fn authinfo(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth = Auth::AuthInfo { username: username.into(), password: password.into() };
        self
    }

    /// An existing session id.
    pub fn session_id(mut self, id: impl Into<Secret>) -> Self {
        self.auth = Auth::SessionId(id.into());
        self
    }

    /// Any [`Auth`] mode.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Act as another user (`su=`).
    pub fn su(mut self, user: impl Into<String>) -> Self {
        self.su = Some(user.into());
        self
    }

    /// Message language (`lang=en`, `lang=ru`).
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    /// Reply format; XML by default.
    pub fn format(mut self, out: OutFormat) -> Self {
        self.out = out;
        self
    }

    /// Send parameters in the query string ([`Method::Get`]).
    ///
    /// This puts the password (`authinfo`) or the session id (`auth`) and every
    /// other parameter in the URL, where proxy and panel access logs keep them;
    /// use it only where POST is impossible.
    pub fn use_get(mut self) -> Self {
        self.method = Method::Get;
        self
    }

    /// GET or POST.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    crate::http::http_setters!();

    /// Deepest element nesting accepted in a reply (default
    /// [`crate::reply::DEFAULT_MAX_DEPTH`]); deeper replies are [`crate::ReplyError::Limit`].
    pub fn max_reply_depth(mut self, levels: usize) -> Self {
        self.max_depth = levels;
        self
    }

    /// The panel's address as users reach it, for key login URLs (defaults to the client's URL).
    pub fn public_url(mut self, url: impl Into<String>) -> Self {
        self.public_url = Some(url.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<IspClient<P>, Error> {
        if P::PROTOCOL != Protocol::Ispsystem {
            return Err(Error::Config(format!("panel `{}` does not speak the ISPsystem protocol", P::ID)));
        }
        let transport = match (self.base, self.mgrctl) {
            (Some(base), _) => {
                let url = join_url(&base, &self.endpoint);
                url::Url::parse(&url).map_err(|e| Error::Config(format!("URL `{}`: {e}", strip_url(&url))))?;
                if url.contains('?') || url.contains('@') {
                    return Err(Error::Config("put credentials in the builder, not in the URL".into()));
                }
                Transport::Http { client: self.http.build()?, url }
            }
            (None, Some((path, mgr))) => Transport::Mgrctl(Mgrctl { path, mgr, timeout: self.http.timeout }),
            (None, None) => return Err(Error::Config("no panel address".into())),
        };
        let session = match &self.auth {
            Auth::SessionId(id) => Some(SessionInfo { id: id.clone(), level: None }),
            _ => None,
        };
        Ok(IspClient {
            inner: Arc::new(Inner {
                transport,
                auth: self.auth,
                session: Mutex::new(session),
                su: self.su,
                lang: self.lang,
                out: self.out,
                method: self.method,
                public_url: self.public_url,
                limits: ParseLimits { max_depth: self.max_depth, ..ParseLimits::default() },
                timeout: self.http.timeout,
            }),
            _panel: PhantomData,
        })
    }
}

fn join_url(base: &str, endpoint: &str) -> String {
    let base = base.trim_end_matches('/');
    if endpoint.is_empty() {
        return base.to_owned();
    }
    format!("{base}/{}", endpoint.trim_start_matches('/'))
}

/// The sink again, for one more parse (a resend after a fresh login).
fn reborrow<'b>(sink: &'b mut Option<&mut dyn ElemSink>) -> Option<&'b mut dyn ElemSink> {
    match sink {
        Some(s) => Some(&mut **s),
        None => None,
    }
}
