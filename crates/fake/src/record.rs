//! What clients sent: requests recorded with [`crate::Builder::record_requests`], and
//! canned replies for single functions ([`ScriptedReply`]).

use std::fmt;
use std::time::Duration;

/// Header names whose values are never shown by `Debug`.
const SECRET_HEADERS: &[&str] = &["cookie", "authorization", "proxy-authorization", "set-cookie"];

/// One request as the fake panel received it, recorded when
/// [`crate::Builder::record_requests`] is on. Requests are recorded once they reach the
/// served path with `GET` or `POST` (before validation or authentication), so refused and
/// failed calls are in the list too.
///
/// Values are kept as sent, secrets included, so tests can assert on them with
/// [`RecordedRequest::get`]; `Debug` masks secret parameters (password-typed parameters
/// of the spec and names containing `pass`, `auth`, `key`, `secret`, `token` or
/// `session`, as the request log does), cookies and authorization headers, and shows the
/// raw query and body only by length.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET` or `POST`.
    pub method: String,
    /// The request path (`/manager/ispmgr`).
    pub path: String,
    /// The raw query string, without `?` (empty when absent).
    pub query: String,
    /// The raw body (as UTF-8, invalid bytes replaced).
    pub body: String,
    /// Parameters decoded from the query string, in order, under their wire names.
    pub query_params: Vec<(String, String)>,
    /// Parameters decoded from the form body, in order, under their wire names.
    pub body_params: Vec<(String, String)>,
    /// Request headers (names in lower case), in order.
    pub headers: Vec<(String, String)>,
    /// Names of the parameters whose values `Debug` masks.
    pub(crate) secret: Vec<String>,
}

impl RecordedRequest {
    /// Every parameter: the query's, then the body's.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query_params.iter().chain(&self.body_params).map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A parameter's value from the query or the body (the last one when repeated, as the
    /// fake reads it).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params().filter(|(k, _)| *k == name).last().map(|(_, v)| v)
    }

    /// The function called: `func` (ISPsystem), else `subdo` (BrainyCP), else empty.
    pub fn func(&self) -> &str {
        self.get("func").or_else(|| self.get("subdo")).unwrap_or("").trim()
    }

    /// A header's value (name compared case-insensitively; the first when repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The cookies sent, as `(name, value)` pairs from every `Cookie` header.
    pub fn cookies(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .collect()
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = |list: &[(String, String)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| {
                    let shown = if self.secret.contains(k) { "***".to_owned() } else { v.clone() };
                    (k.clone(), shown)
                })
                .collect()
        };
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let secret = SECRET_HEADERS.iter().any(|h| k.eq_ignore_ascii_case(h));
                (k.clone(), if secret { "***".to_owned() } else { v.clone() })
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &format_args!("<{} bytes>", self.query.len()))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("query_params", &masked(&self.query_params))
            .field("body_params", &masked(&self.body_params))
            .field("headers", &headers)
            .finish()
    }
}

/// A canned answer for one function, sent instead of what the spec would make, for
/// replies no spec describes (a web server restart's `<ok>restart</ok>`, an HTML login
/// page, a slow answer). Set with [`crate::Builder::script`] or
/// [`crate::FakeHandle::script`].
///
/// A scripted function is answered before authentication and validation: the reply is
/// exactly the bytes given. The request is still recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedReply {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: Vec<u8>,
    pub(crate) delay: Duration,
}

impl ScriptedReply {
    /// Status 200 with this content type and body, without delay.
    pub fn new(content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        ScriptedReply { status: 200, content_type: content_type.into(), body: body.into(), delay: Duration::ZERO }
    }

    /// An XML reply (`text/xml; charset=UTF-8`).
    pub fn xml(body: impl Into<Vec<u8>>) -> Self {
        Self::new("text/xml; charset=UTF-8", body)
    }

    /// A JSON reply (`application/json`).
    pub fn json(body: impl Into<Vec<u8>>) -> Self {
        Self::new("application/json", body)
    }

    /// The HTTP status (a value outside 100..=999 is sent as 500).
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Waits this long before answering (other connections are served meanwhile).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_secrets_and_get_reads_the_last_value() {
        let r = RecordedRequest {
            method: "POST".into(),
            path: "/ispmgr".into(),
            query: String::new(),
            body: "func=user.edit&passwd=hunter2".into(),
            query_params: vec![("func".into(), "x".into())],
            body_params: vec![("func".into(), "user.edit".into()), ("passwd".into(), "hunter2".into())],
            headers: vec![("cookie".into(), "ispmgrses5=s3cr3t; lang=en".into())],
            secret: vec!["passwd".into()],
        };
        let d = format!("{r:?}");
        assert!(!d.contains("hunter2") && !d.contains("s3cr3t"), "{d}");
        assert!(d.contains("user.edit"), "{d}");
        assert_eq!(r.get("passwd"), Some("hunter2"));
        assert_eq!(r.func(), "user.edit");
        assert_eq!(r.cookies(), [("ispmgrses5", "s3cr3t"), ("lang", "en")]);
        assert_eq!(r.header("Cookie"), Some("ispmgrses5=s3cr3t; lang=en"));
    }
}
