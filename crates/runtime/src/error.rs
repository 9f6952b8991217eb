//! The error every client call returns.

use std::fmt;

use crate::decode::DecodeError;
use crate::panel_error::PanelError;
use crate::reply::ReplyError;
use crate::validate::Violations;

/// Why a call failed. Messages never contain passwords, keys or session ids,
/// and URLs in them carry no query string.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// The request broke its function's rules; nothing was sent.
    Invalid(Violations),
    /// The panel answered with an error reply (boxed: it is large and rare).
    Panel(Box<PanelError>),
    /// The reply body is not a usable document (malformed, truncated, HTML, empty).
    Reply(ReplyError),
    /// The document is fine but does not fit the expected reply type.
    Decode(DecodeError),
    /// The request did not complete: connection, TLS, timeout, or the local `mgrctl` process.
    Transport(TransportError),
    /// The client is configured wrongly or an argument is unusable (nothing was sent).
    Config(String),
}

impl Error {
    /// The panel's error reply, if this is one.
    pub fn panel(&self) -> Option<&PanelError> {
        match self {
            Error::Panel(p) => Some(p),
            _ => None,
        }
    }

    /// True for a timeout of the connection or the whole request.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(TransportError { kind: TransportKind::Timeout, .. }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(v) => write!(f, "{v} (not sent)"),
            Error::Panel(p) => p.fmt(f),
            Error::Reply(r) => r.fmt(f),
            Error::Decode(d) => d.fmt(f),
            Error::Transport(t) => t.fmt(f),
            Error::Config(m) => write!(f, "client configuration: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Invalid(v) => Some(v),
            Error::Panel(p) => Some(p.as_ref()),
            Error::Reply(r) => Some(r),
            Error::Decode(d) => Some(d),
            Error::Transport(_) | Error::Config(_) => None,
        }
    }
}

impl From<Violations> for Error {
    fn from(v: Violations) -> Self {
        Error::Invalid(v)
    }
}

impl From<PanelError> for Error {
    fn from(p: PanelError) -> Self {
        Error::Panel(Box::new(p))
    }
}

impl From<ReplyError> for Error {
    fn from(r: ReplyError) -> Self {
        Error::Reply(r)
    }
}

impl From<DecodeError> for Error {
    fn from(d: DecodeError) -> Self {
        Error::Decode(d)
    }
}

/// What went wrong below the panel protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made (refused, unreachable, DNS).
    Connect,
    /// The connect or request timeout expired.
    Timeout,
    /// The TLS handshake failed (untrusted or mismatched certificate, pin mismatch).
    Tls,
    /// The HTTP exchange failed after connecting (reset, protocol error).
    Http,
    /// The local program could not be started.
    Spawn,
    /// The local program exited unsuccessfully without an error document.
    Exit(Option<i32>),
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportKind::Connect => f.write_str("connection failed"),
            TransportKind::Timeout => f.write_str("timed out"),
            TransportKind::Tls => f.write_str("TLS handshake failed"),
            TransportKind::Http => f.write_str("HTTP exchange failed"),
            TransportKind::Spawn => f.write_str("cannot start"),
            TransportKind::Exit(Some(c)) => write!(f, "exited with status {c}"),
            TransportKind::Exit(None) => f.write_str("killed by a signal"),
        }
    }
}

/// A failed request below the panel protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// The kind of failure.
    pub kind: TransportKind,
    /// Where: the URL without query (`https://host:1500/ispmgr`) or the program path.
    pub target: String,
    /// The underlying cause, secrets removed.
    pub message: String,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.kind, self.target, self.message)
    }
}

impl std::error::Error for TransportError {}

/// A failed BrainyCP call: the operation's typed error, or anything else.
#[derive(Debug, Clone)]
pub enum BrainyError<E> {
    /// The panel answered with a non-zero `error` code.
    Api {
        /// The numeric code.
        code: i64,
        /// The panel's message (`mess` / `message`), secrets removed.
        message: String,
        /// The code decoded into the operation's error type.
        error: E,
    },
    /// Validation, transport, reply or decoding failure.
    Client(Error),
}

impl<E> BrainyError<E> {
    /// The numeric code of an API error.
    pub fn code(&self) -> Option<i64> {
        match self {
            BrainyError::Api { code, .. } => Some(*code),
            BrainyError::Client(_) => None,
        }
    }
}

impl<E> From<Error> for BrainyError<E> {
    fn from(e: Error) -> Self {
        BrainyError::Client(e)
    }
}

impl<E> fmt::Display for BrainyError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrainyError::Api { code, message, .. } => write!(f, "BrainyCP error {code}: {message}"),
            BrainyError::Client(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for BrainyError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BrainyError::Api { .. } => None,
            BrainyError::Client(e) => Some(e),
        }
    }
}
