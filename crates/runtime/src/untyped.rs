//! Requests of catalog functions nobody described yet: one generic [`Untyped`] request over
//! an [`At`] entry of a panel's [`Catalog`] keeps each of ~1,000 functions to one table line
//! and one alias, yet its own type, so [`ForPanel`] still refuses it on another panel's client.

use std::borrow::Cow;
use std::marker::PhantomData;

use crate::params::{Params, Value};
use crate::request::{BrainyRequest, ForPanel, FromCode, Request};
use crate::secret::Secret;
use crate::table::{FuncInfo, PanelDef};

/// A catalog function nobody described yet: its binding is [`Untyped<Self>`].
///
/// Generated code implements it once per panel, through [`At`] entries of a [`Catalog`];
/// hand-written bindings may implement it on their own marker.
pub trait UntypedFunc: 'static {
    /// The panel.
    type Panel: PanelDef;
    /// The reply: [`crate::Node`] for ISPsystem panels, [`crate::Json`] for BrainyCP.
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
    /// The reply: [`crate::Node`] for ISPsystem panels, [`crate::Json`] for BrainyCP.
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
        type Output = crate::Node;
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
}
