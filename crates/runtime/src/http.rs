//! The HTTPS transport shared by the ISPsystem and BrainyCP clients.

use std::time::Duration;

use crate::error::{Error, TransportError, TransportKind};
use crate::params::Params;
use crate::redact::{Redactor, strip_url};
use crate::reply::ReplyError;
use crate::tls::{CertPin, TlsMode};

/// Replies larger than this are refused rather than buffered.
pub const MAX_REPLY_BYTES: usize = 64 * 1024 * 1024;

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default timeout of a whole request (panel operations such as creating a user take a while).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// How parameters travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Method {
    /// Form body: passwords never reach URLs or proxy logs (the default).
    #[default]
    Post,
    /// Query string: only on explicit request. Every parameter goes into the URL,
    /// secrets included: passwords (`authinfo`, BrainyCP's password field) and
    /// session ids (`auth`) then sit in proxy, load-balancer and panel access
    /// logs and in browser-style history. This crate keeps them out of its own
    /// errors and `Debug`, but cannot reach those logs.
    Get,
}

/// The builder setters of [`HttpSettings`], written once for both client builders. They stay
/// inherent methods (no trait to import); the builder has a field `http: HttpSettings`.
macro_rules! http_setters {
    () => {
        /// Connect timeout (HTTP; default 10 s).
        pub fn connect_timeout(mut self, t: std::time::Duration) -> Self {
            self.http.connect_timeout = t;
            self
        }

        /// Timeout of a whole request (default 120 s), reading and parsing the reply included
        /// (for the `mgrctl` transport too).
        pub fn timeout(mut self, t: std::time::Duration) -> Self {
            self.http.timeout = t;
            self
        }

        /// Accept any server certificate (a self-signed panel). Off by default; prefer
        /// `pin_certificate`.
        pub fn danger_accept_invalid_certs(mut self, yes: bool) -> Self {
            self.http.accept_invalid(yes);
            self
        }

        /// Trust exactly this server certificate, whoever signed it.
        pub fn pin_certificate(mut self, pin: $crate::tls::CertPin) -> Self {
            self.http.pin(pin);
            self
        }

        /// Trust a private CA (DER) in addition to the platform's roots.
        pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
            self.http.extra_roots.push(der.into());
            self
        }
    };
}
pub(crate) use http_setters;

/// HTTP settings both client families share.
#[derive(Debug, Clone)]
pub(crate) struct HttpSettings {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub tls: TlsMode,
    pub extra_roots: Vec<Vec<u8>>,
    pub user_agent: String,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_REQUEST_TIMEOUT,
            tls: TlsMode::Verify,
            extra_roots: Vec::new(),
            user_agent: concat!("panelkit/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl HttpSettings {
    pub fn accept_invalid(&mut self, yes: bool) {
        self.tls = if yes { TlsMode::AcceptInvalid } else { TlsMode::Verify };
    }

    pub fn pin(&mut self, pin: CertPin) {
        self.tls = TlsMode::Pin(pin);
    }

    pub fn build(&self) -> Result<reqwest::Client, Error> {
        let tls = crate::tls::client_config(&self.tls, &self.extra_roots)?;
        reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            // A redirect could carry a POST body with credentials to another host.
            .redirect(reqwest::redirect::Policy::none())
            // Never resend a request on our own: the panel may have acted on it.
            .retry(reqwest::retry::never())
            .user_agent(self.user_agent.clone())
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {}", chain(&e.without_url()))))
    }
}

/// A reply as received.
#[derive(Debug)]
pub(crate) struct RawReply {
    pub body: Vec<u8>,
    pub status: Option<u16>,
    pub content_type: Option<String>,
}

/// Sends `params` to `url` and reads the whole body.
pub(crate) async fn send(
    client: &reqwest::Client,
    url: &str,
    params: &Params,
    method: Method,
    redactor: &Redactor,
) -> Result<RawReply, Error> {
    let target = strip_url(url);
    let pairs: Vec<(&str, &str)> = params.entries().iter().map(|e| (e.name.as_ref(), e.value.expose())).collect();
    let request = match method {
        Method::Post => client.post(url).form(&pairs),
        Method::Get => {
            let mut u = url::Url::parse(url).map_err(|e| Error::Config(format!("URL `{target}`: {e}")))?;
            u.query_pairs_mut().extend_pairs(pairs.iter());
            client.get(u)
        }
    };
    let mut resp = request.send().await.map_err(|e| transport(e, &target, redactor))?;
    let status = resp.status().as_u16();
    let content_type =
        resp.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_REPLY_BYTES {
                    return Err(Error::Transport(TransportError {
                        kind: TransportKind::Http,
                        target,
                        message: format!("reply larger than {MAX_REPLY_BYTES} bytes"),
                    }));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) if e.is_timeout() => return Err(transport(e, &target, redactor)),
            Err(e) => {
                return Err(Error::Reply(ReplyError::Truncated {
                    syntax: None,
                    received: body.len(),
                    message: redactor.scrub(&chain(&e.without_url())),
                }));
            }
        }
    }
    Ok(RawReply { body, status: Some(status), content_type })
}

/// Classifies a reqwest error; the URL (with its query) is dropped from the message.
pub(crate) fn transport(e: reqwest::Error, target: &str, redactor: &Redactor) -> Error {
    let kind = if e.is_timeout() {
        TransportKind::Timeout
    } else if is_tls(&e) {
        TransportKind::Tls
    } else if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Http
    };
    let message = redactor.scrub(&chain(&e.without_url()));
    Error::Transport(TransportError { kind, target: target.to_owned(), message })
}

fn is_tls(e: &reqwest::Error) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.is::<rustls::Error>() {
            return true;
        }
        // io::Error::source() skips the error it wraps (and rustls errors arrive
        // wrapped twice), so step into the wrapped error itself.
        cur = match err.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    false
}

/// An error and its causes, `: `-joined, without repeats.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(err) = cur {
        let s = err.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
        {
            let s = inner.to_string();
            if !parts.iter().any(|p| p.contains(&s)) {
                parts.push(s);
            }
        }
        cur = err.source();
    }
    parts.join(": ")
}
