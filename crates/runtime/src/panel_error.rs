//! Error replies of the panels, typed: ISPsystem `<error>` documents (5/6 and
//! ISPmanager 4's numeric codes) and BrainyCP's numeric codes.

use std::fmt;

use crate::node::Node;

/// What kind of error the panel reported: its `type` attribute, an open set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The object already exists (`exists`; ISPmanager 4 code 2).
    Exists,
    /// Authentication failed or the session is no longer valid (`auth`).
    Auth,
    /// Access denied (`access`; ISPmanager 4 code 6).
    Access,
    /// The object does not exist or a required value is missing (`missed`; ISPmanager 4 code 3).
    Missed,
    /// A value is invalid (`value`; ISPmanager 4 code 4).
    Value,
    /// Internal panel error (`system`; ISPmanager 4 code 1).
    System,
    /// A limit is exceeded (`limit`; ISPmanager 4 code 5).
    Limit,
    /// A license restriction (`license`; ISPmanager 4 code 7).
    License,
    /// A message for the user (`msg`; ISPmanager 4 code 8).
    Message,
    /// Any other type a panel or plugin reports, kept verbatim.
    Other(String),
}

impl ErrorKind {
    /// The kind for an ISPsystem `type` attribute.
    pub fn from_type(t: &str) -> ErrorKind {
        match t {
            "exists" => ErrorKind::Exists,
            "auth" | "authfail" => ErrorKind::Auth,
            "access" => ErrorKind::Access,
            "missed" | "notexists" | "not_exists" => ErrorKind::Missed,
            "value" => ErrorKind::Value,
            "system" | "internal" => ErrorKind::System,
            "limit" => ErrorKind::Limit,
            "license" => ErrorKind::License,
            "msg" | "message" => ErrorKind::Message,
            other => ErrorKind::Other(other.to_owned()),
        }
    }

    /// The kind for an ISPmanager 4 numeric error code (en.ispdoc.com "Error codes").
    pub fn from_isp4_code(code: i64) -> ErrorKind {
        match code {
            1 => ErrorKind::System,
            2 => ErrorKind::Exists,
            3 => ErrorKind::Missed,
            4 => ErrorKind::Value,
            5 => ErrorKind::Limit,
            6 => ErrorKind::Access,
            7 => ErrorKind::License,
            8 => ErrorKind::Message,
            other => ErrorKind::Other(format!("code {other}")),
        }
    }

    /// The wire spelling (`exists`, `auth`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::Exists => "exists",
            ErrorKind::Auth => "auth",
            ErrorKind::Access => "access",
            ErrorKind::Missed => "missed",
            ErrorKind::Value => "value",
            ErrorKind::System => "system",
            ErrorKind::Limit => "limit",
            ErrorKind::License => "license",
            ErrorKind::Message => "msg",
            ErrorKind::Other(s) => s,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `<param>` of an error reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorParam {
    /// `name` attribute (`object`, `value`, ...).
    pub name: String,
    /// The text (untranslated value).
    pub value: String,
    /// The localized label (`msg` attribute), used when filling templates.
    pub label: Option<String>,
}

/// An error reply of an ISPsystem panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelError {
    /// The error type.
    pub kind: ErrorKind,
    /// The object the error is about (`object` attribute or param; ISPmanager 4 `obj`).
    pub object: Option<String>,
    /// The offending value (`value` param; ISPmanager 4 `val`).
    pub value: Option<String>,
    /// Every `<param>`.
    pub params: Vec<ErrorParam>,
    /// The message for the user; built from the filled templates when the panel sent none.
    pub msg: String,
    /// `<detail>`, templates filled.
    pub detail: Option<String>,
    /// `<group>`, templates filled.
    pub group: Option<String>,
    /// Numeric code (`code` attribute; ISPmanager 4 errors always have one).
    pub code: Option<i64>,
    /// Language of the messages.
    pub lang: Option<String>,
}

impl PanelError {
    /// The error a reply document carries, if it is an error reply.
    ///
    /// Reads `<doc><error ...>` (also a bare `<error>` root and the JSON forms,
    /// where attributes may come as plain keys). ISPmanager 4's `authfail`
    /// login reply is read as an [`ErrorKind::Auth`] error (unverified on a live panel).
    pub fn from_doc(doc: &Node) -> Option<PanelError> {
        if doc.name == "error" {
            return Some(Self::from_error_node(doc));
        }
        if let Some(err) = doc.child("error") {
            return Some(Self::from_error_node(err));
        }
        doc.child("authfail").map(|n| {
            let text = n.text.trim();
            Self::simple(ErrorKind::Auth, if text.is_empty() { "authentication failed" } else { text })
        })
    }

    /// An error with only a kind and a message.
    pub fn simple(kind: ErrorKind, msg: impl Into<String>) -> PanelError {
        PanelError {
            kind,
            object: None,
            value: None,
            params: Vec::new(),
            msg: msg.into(),
            detail: None,
            group: None,
            code: None,
            lang: None,
        }
    }

    fn from_error_node(err: &Node) -> PanelError {
        let field = |name: &str| -> Option<String> {
            err.attr(name).or_else(|| err.child_text(name)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
        };
        let code = field("code").and_then(|c| c.parse::<i64>().ok());
        // Sized once: growing by doubling would briefly hold half as much again.
        let mut params: Vec<ErrorParam> = Vec::with_capacity(err.children_named("param").count());
        params.extend(err.children_named("param").map(|p| ErrorParam {
            name: p.attr("name").unwrap_or_default().to_owned(),
            value: p.text.clone(),
            label: p.attr("msg").map(str::to_owned),
        }));
        let param = |name: &str| params.iter().find(|p| p.name == name).map(|p| p.value.clone());
        let kind = match field("type") {
            Some(t) => ErrorKind::from_type(&t),
            None => code.map(ErrorKind::from_isp4_code).unwrap_or(ErrorKind::Other(String::new())),
        };
        let object = field("object").or_else(|| param("object")).or_else(|| field("obj"));
        let value = param("value").or_else(|| field("val"));
        let fill =
            |name: &str| err.child_text(name).map(|t| fill_template(t.trim(), &params)).filter(|s| !s.is_empty());
        let detail = fill("detail");
        let group = fill("group");
        let own_text = Some(err.text.trim().to_owned()).filter(|s| !s.is_empty());
        let msg = err
            .child_text("msg")
            .map(|m| fill_template(m.trim(), &params))
            .filter(|s| !s.is_empty())
            .or_else(|| group.clone())
            .or_else(|| detail.clone())
            .or(own_text)
            .unwrap_or_else(|| default_message(&kind, object.as_deref(), value.as_deref()));
        PanelError { kind, object, value, params, msg, detail, group, code, lang: field("lang") }
    }

    /// True when the reply says the credentials or session were refused: the
    /// panel acted on nothing, so renewing a session and sending again is safe.
    pub fn is_auth(&self) -> bool {
        self.kind == ErrorKind::Auth
    }

    /// Applies `scrub` to every text the panel sent, so echoed secrets never leave the client.
    pub fn scrub(&mut self, scrub: impl Fn(&str) -> String) {
        let opt = |o: &mut Option<String>| {
            if let Some(s) = o {
                *s = scrub(s);
            }
        };
        opt(&mut self.object);
        opt(&mut self.value);
        opt(&mut self.detail);
        opt(&mut self.group);
        self.msg = scrub(&self.msg);
        for p in &mut self.params {
            p.value = scrub(&p.value);
            opt(&mut p.label);
        }
    }
}

/// Longest text [`fill_template`] produces; the rest is cut (with `…`), so a
/// hostile reply cannot make a message of unbounded size.
pub const MAX_FILLED_BYTES: usize = 64 * 1024;

/// Longest placeholder name looked up; longer `__...__` runs are left as they are.
const MAX_PLACEHOLDER: usize = 128;

/// Replaces `__name__` placeholders with the named param's label (else its value).
///
/// One pass over the template: text substituted in is never scanned again, so
/// params that name each other cannot expand; the first param of a name wins;
/// the output stops at [`MAX_FILLED_BYTES`].
pub fn fill_template(template: &str, params: &[ErrorParam]) -> String {
    let mut out = String::new();
    if !template.contains("__") {
        // No placeholder: no lookup table to build (an error may carry 100,000 params).
        if !push_capped(&mut out, template) {
            out.push('…');
        }
        return out;
    }
    let mut by_name: std::collections::HashMap<&str, &str> = std::collections::HashMap::with_capacity(params.len());
    for p in params {
        by_name.entry(p.name.as_str()).or_insert_with(|| p.label.as_deref().unwrap_or(&p.value));
    }
    let mut rest = template;
    let mut cut = false;
    while let Some(at) = rest.find("__") {
        let after = &rest[at + 2..];
        let window = &after[..floor_char_boundary(after, MAX_PLACEHOLDER + 2)];
        let hit = window.find("__").and_then(|end| by_name.get(&after[..end]).map(|v| (end, *v)));
        match hit {
            Some((end, value)) if !after[..end].is_empty() => {
                cut |= !push_capped(&mut out, &rest[..at]) || !push_capped(&mut out, value);
                rest = &after[end + 2..];
            }
            _ => {
                // Not a known placeholder: keep one `_` and look again from the next one.
                cut |= !push_capped(&mut out, &rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
        if cut {
            break;
        }
    }
    if !cut {
        cut = !push_capped(&mut out, rest);
    }
    if cut {
        out.push('…');
    }
    out
}

/// Appends as much of `s` as fits under [`MAX_FILLED_BYTES`]; false when some was cut.
fn push_capped(out: &mut String, s: &str) -> bool {
    let room = MAX_FILLED_BYTES.saturating_sub(out.len());
    if s.len() <= room {
        out.push_str(s);
        return true;
    }
    out.push_str(&s[..floor_char_boundary(s, room)]);
    false
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

fn default_message(kind: &ErrorKind, object: Option<&str>, value: Option<&str>) -> String {
    let mut s = format!("{kind} error");
    if let Some(o) = object {
        s.push_str(&format!(" on `{o}`"));
    }
    if let Some(v) = value {
        s.push_str(&format!(" (value `{v}`)"));
    }
    s
}

impl fmt::Display for PanelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "panel error ({}", self.kind)?;
        if let Some(o) = &self.object {
            write!(f, ", object `{o}`")?;
        }
        if let Some(c) = self.code {
            write!(f, ", code {c}")?;
        }
        write!(f, "): {}", self.msg)?;
        if let Some(d) = &self.detail
            && d != &self.msg
        {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PanelError {}
