//! Small shared pieces that generated bindings build on.
//!
//! Everything here is either a value type that appears in generated signatures
//! ([`Switch`], [`Limit`]), a generic wrapper that keeps the ~1,000 untyped catalog
//! functions down to one table line and one alias each ([`Untyped`] of [`At`] a
//! [`Catalog`] entry), or a helper a generated `from_payload` calls once per field
//! (typed requests encode through [`crate::slots::Slots`]). Generic
//! helpers are instantiated per value type, never per function, so generated
//! code stays cheap to compile.

use std::borrow::Cow;
use std::marker::PhantomData;

/// The JSON value BrainyCP payloads arrive as (re-exported so bindings need no `serde_json` dependency).
pub use serde_json::Value as Json;

use crate::decode::{DecodeError, UsedLimit};
use crate::node::Node;
use crate::params::{Params, Value};
use crate::request::{BrainyRequest, ForPanel, FromCode, FromPayload, Request};
use crate::secret::Secret;
use crate::table::{FuncInfo, PanelDef};

/// An on/off flag that, when on, carries the parameters it enables.
///
/// `ssl` of ISPmanager 4 `wwwdomain.edit` enables `sslport` and `cert`: the binding
/// takes `Switch<WwwdomainEditSsl>`, so those parameters cannot be sent with SSL off.
/// A bare struct converts into `Switch::On`.
#[derive(Debug, Clone, PartialEq)]
pub enum Switch<T> {
    /// Sends `on` plus the carried parameters.
    On(T),
    /// Sends `off`.
    Off,
}

impl<T> From<T> for Switch<T> {
    fn from(v: T) -> Self {
        Switch::On(v)
    }
}

/// A number that may be "unlimited": the panel's infinity sentinel (e.g. `10000`) on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// A finite value.
    Value(i64),
    /// No limit: encoded as the parameter's sentinel.
    Unlimited,
}

impl From<i64> for Limit {
    fn from(v: i64) -> Self {
        Limit::Value(v)
    }
}

impl Limit {
    /// The wire value, given the parameter's sentinel.
    pub fn wire(self, infinity: i64) -> i64 {
        match self {
            Limit::Value(v) => v,
            Limit::Unlimited => infinity,
        }
    }
}

/// A catalog function nobody described yet: its binding is [`Untyped<Self>`].
///
/// Generated code implements it once per panel, through [`At`] entries of a [`Catalog`];
/// hand-written bindings may implement it on their own marker.
pub trait UntypedFunc: 'static {
    /// The panel.
    type Panel: PanelDef;
    /// The reply: [`Node`] for ISPsystem panels, [`Json`] for BrainyCP.
    type Output;
    /// The function's table (`typed: false`).
    const INFO: &'static FuncInfo;
}

/// A panel's catalog of untyped functions: one static array of tables.
///
/// Generated code declares one uninhabited marker per panel implementing this; each
/// untyped function is then a type alias `Untyped<At<Catalog, I>>` (entry `I`), so it
/// costs one line of table and one alias, yet stays its own type: [`ForPanel`] still
/// refuses it on another panel's client.
pub trait Catalog: 'static {
    /// The panel.
    type Panel: PanelDef;
    /// The reply: [`Node`] for ISPsystem panels, [`Json`] for BrainyCP.
    type Output;
    /// The tables, indexed by the `I` of [`At`].
    const FUNCS: &'static [FuncInfo];
}

/// Entry `I` of catalog `C`, as an [`UntypedFunc`].
pub struct At<C, const I: usize>(PhantomData<fn() -> C>, std::convert::Infallible);

impl<C: Catalog, const I: usize> UntypedFunc for At<C, I> {
    type Panel = C::Panel;
    type Output = C::Output;
    const INFO: &'static FuncInfo = &C::FUNCS[I];
}

/// A request of an untyped catalog function: parameters are set by wire name.
pub struct Untyped<F> {
    params: Params,
    func: PhantomData<fn() -> F>,
}

impl<F> std::fmt::Debug for Untyped<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Untyped").field("params", &self.params).finish()
    }
}

impl<F> Clone for Untyped<F> {
    fn clone(&self) -> Self {
        Untyped { params: self.params.clone(), func: PhantomData }
    }
}

impl<F> Default for Untyped<F> {
    fn default() -> Self {
        Untyped { params: Params::new(), func: PhantomData }
    }
}

impl<F> Untyped<F> {
    /// An empty request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a parameter by wire name.
    pub fn param(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.params.set(name, value);
        self
    }

    /// Sets a secret parameter by wire name (kept out of URLs and `Debug`).
    pub fn secret(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Secret>) -> Self {
        self.params.set_secret(name, value.into());
        self
    }

    /// Sets `elid` (one id).
    pub fn elid(self, id: impl Into<String>) -> Self {
        self.param("elid", id)
    }

    /// Sets `elid` to several ids joined by `", "`.
    pub fn elids<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.param("elid", ids.join(", "))
    }

    /// Sets `plid`.
    pub fn plid(self, id: impl Into<String>) -> Self {
        self.param("plid", id)
    }

    /// Submits a form (`sok=ok`).
    pub fn sok(self) -> Self {
        self.param("sok", "ok")
    }

    /// Sets any parameter through the escape hatch (same as [`Untyped::param`]; for symmetry with typed requests).
    pub fn unchecked(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.params.set_unchecked(name, Value::Plain(value.into()));
        self
    }
}

impl<F: UntypedFunc> Request for Untyped<F> {
    type Panel = F::Panel;
    type Output = F::Output;
    const INFO: &'static FuncInfo = F::INFO;

    fn encode(&self, out: &mut Params) {
        out.extend(&self.params);
    }
}

impl<F: UntypedFunc> ForPanel<F::Panel> for Untyped<F> {}

impl<F: UntypedFunc> BrainyRequest for Untyped<F> {
    type Error = CodeError;
}

/// An error code of a function that documents none (untyped BrainyCP functions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeError {
    /// The numeric code.
    pub code: i64,
    /// The panel's message.
    pub message: String,
}

impl FromCode for CodeError {
    fn from_code(code: i64, message: String) -> Self {
        CodeError { code, message }
    }
}

impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for CodeError {}

// ---- BrainyCP payload decoding -------------------------------------------------

impl FromPayload for Json {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        Ok(payload.clone())
    }
}

impl FromPayload for String {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        match payload {
            Json::Null => Ok(String::new()),
            Json::String(s) => Ok(s.clone()),
            Json::Number(n) => Ok(n.to_string()),
            other => Err(DecodeError::new("data", format!("expected a string, got {}", kind(other)))),
        }
    }
}

impl FromPayload for f64 {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        match payload {
            Json::Number(n) => n.as_f64().ok_or_else(|| DecodeError::new("data", "number out of range")),
            Json::String(s) => s.trim().parse().map_err(|_| DecodeError::new("data", format!("`{s}` is not a number"))),
            other => Err(DecodeError::new("data", format!("expected a number, got {}", kind(other)))),
        }
    }
}

impl<T: FromPayload> FromPayload for Vec<T> {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        match payload {
            Json::Null => Ok(Vec::new()),
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| T::from_payload(v).map_err(|e| DecodeError::new(format!("[{i}].{}", e.at), e.message)))
                .collect(),
            // PHP encodes a list with gaps in its keys as an object.
            Json::Object(m) => m
                .iter()
                .map(|(k, v)| T::from_payload(v).map_err(|e| DecodeError::new(format!("{k}.{}", e.at), e.message)))
                .collect(),
            other => Err(DecodeError::new("data", format!("expected a list, got {}", kind(other)))),
        }
    }
}

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// The payload as an object, for a generated struct's `from_payload`.
pub fn json_object<'a>(v: &'a Json, what: &str) -> Result<&'a serde_json::Map<String, Json>, DecodeError> {
    v.as_object().ok_or_else(|| DecodeError::new("data", format!("expected an object for {what}, got {}", kind(v))))
}

fn scalar(v: Option<&Json>) -> Option<String> {
    match v? {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// A text field.
pub fn json_text(m: &serde_json::Map<String, Json>, name: &str) -> Option<String> {
    scalar(m.get(name))
}

/// An integer field (number or numeric string); absent, null or empty is `None`.
pub fn json_int(m: &serde_json::Map<String, Json>, name: &str) -> Result<Option<i64>, DecodeError> {
    match scalar(m.get(name)).as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| DecodeError::new(name, format!("`{t}` is not an integer"))),
    }
}

/// A decimal field; absent, null or empty is `None`.
pub fn json_float(m: &serde_json::Map<String, Json>, name: &str) -> Result<Option<f64>, DecodeError> {
    match scalar(m.get(name)).as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| DecodeError::new(name, format!("`{t}` is not a number"))),
    }
}

/// A flag field: `true`, `1`, `"on"`, `"yes"`.
pub fn json_flag(m: &serde_json::Map<String, Json>, name: &str) -> bool {
    match m.get(name) {
        Some(Json::Bool(b)) => *b,
        v => matches!(scalar(v).as_deref().map(str::trim), Some("1" | "on" | "yes" | "true")),
    }
}

/// A list field: an array of scalars or a space-separated string.
pub fn json_list(m: &serde_json::Map<String, Json>, name: &str) -> Vec<String> {
    match m.get(name) {
        Some(Json::Array(items)) => items.iter().filter_map(|v| scalar(Some(v))).collect(),
        v => scalar(v).map(|s| s.split_whitespace().map(str::to_owned).collect()).unwrap_or_default(),
    }
}

/// A `{"used": .., "limit": ..}` field.
pub fn json_used_limit(m: &serde_json::Map<String, Json>, name: &str) -> Result<Option<UsedLimit>, DecodeError> {
    let Some(Json::Object(o)) = m.get(name) else { return Ok(None) };
    let used = json_float(o, "used").map_err(|e| DecodeError::new(format!("{name}.used"), e.message))?;
    let limit = json_float(o, "limit").map_err(|e| DecodeError::new(format!("{name}.limit"), e.message))?;
    Ok(Some(UsedLimit { used, limit }))
}

/// A form reply's secret field (panels rarely send them back).
pub fn secret(n: &Node, name: &str) -> Option<Secret> {
    n.child(name).map(|c| Secret::new(c.text.clone()))
}

/// A list field split by a separator other than whitespace.
pub fn list_by(n: &Node, name: &str, sep: &str) -> Vec<String> {
    n.child(name)
        .map(|c| c.text.split(sep).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{FuncKind, Protocol};

    struct P;
    impl PanelDef for P {
        const ID: &'static str = "p";
        const PROTOCOL: Protocol = Protocol::Ispsystem;
        const ENDPOINT: &'static str = "/p";
        const MGR: &'static str = "p";
    }
    enum F {}
    static F_INFO: FuncInfo = FuncInfo {
        name: "x.y",
        module: None,
        kind: FuncKind::Other,
        typed: false,
        elid: None,
        plid: false,
        params: &[],
        rules: &[],
    };
    impl UntypedFunc for F {
        type Panel = P;
        type Output = Node;
        const INFO: &'static FuncInfo = &F_INFO;
    }

    #[test]
    fn untyped_requests_take_any_parameter_and_keep_secrets() {
        let r = Untyped::<F>::new().param("a", "1").secret("pw", "hunter2").elids(["x", "y"]);
        let p = r.to_params();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("elid"), Some("x, y"));
        assert!(p.entries().iter().any(|e| e.name == "pw" && e.value.is_secret()));
        assert!(!format!("{r:?}").contains("hunter2"));
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn payload_helpers_report_where() {
        let v: Json =
            serde_json::json!({"n": "12", "bad": "x", "on": 1, "l": ["a", 2], "u": {"used": 1, "limit": "2"}});
        let m = json_object(&v, "test").unwrap();
        assert_eq!(json_int(m, "n"), Ok(Some(12)));
        assert_eq!(json_int(m, "bad").unwrap_err().at, "bad");
        assert!(json_flag(m, "on"));
        assert_eq!(json_list(m, "l"), vec!["a", "2"]);
        assert_eq!(json_used_limit(m, "u").unwrap(), Some(UsedLimit { used: Some(1.0), limit: Some(2.0) }));
        assert!(json_object(&Json::Null, "test").is_err());
        let e = Vec::<f64>::from_payload(&serde_json::json!([1, "x"])).unwrap_err();
        assert_eq!(e.at, "[1].data");
    }
}
