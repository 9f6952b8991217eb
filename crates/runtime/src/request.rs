//! The traits generated request and reply types implement.

use crate::node::Node;
use crate::params::Params;
use crate::table::{FuncInfo, PanelDef};
use crate::validate::{self, Violations};

/// A typed request of one panel function.
///
/// Generated code implements this with a static [`FuncInfo`] and an `encode`
/// that writes typed fields as wire parameters; validation and sending are
/// non-generic runtime code.
pub trait Request {
    /// The panel this request belongs to.
    type Panel: PanelDef;
    /// The typed reply.
    type Output;
    /// The function's static table.
    const INFO: &'static FuncInfo;

    /// Writes the request's parameters (including `elid`, `plid`, `sok`).
    fn encode(&self, out: &mut Params);

    /// The encoded parameters.
    fn to_params(&self) -> Params {
        let mut p = Params::new();
        self.encode(&mut p);
        crate::domain::encode_idn(Self::INFO, &mut p);
        p
    }

    /// Checks the encoded request against the function's table: required
    /// parameters, values, bounds and dependency rules. Returns every violation.
    fn validate(&self) -> Result<(), Violations> {
        validate::validate(Self::INFO, &self.to_params(), None)
    }
}

/// The escape hatch every generated request has: parameters by wire name.
///
/// One provided method here instead of a copy per request; bring it into scope with
/// `use panelkit_runtime::Unchecked;` (untyped requests also have it as an inherent method).
pub trait Unchecked: Sized {
    /// The request's parameters set by wire name.
    fn extra(&mut self) -> &mut Params;

    /// Sets any parameter by wire name: for parameters this binding does not know.
    /// `validate()` does not refuse the name, but still checks rules that mention it.
    fn unchecked(mut self, name: impl Into<std::borrow::Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.extra().set_unchecked(name, crate::params::Value::Plain(value.into()));
        self
    }
}

/// Marks a request as belonging to panel `P`; clients of `P` accept only such requests.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a request of panel `{P}`",
    label = "this request belongs to another panel",
    note = "use the client of the panel whose module the request comes from"
)]
pub trait ForPanel<P: PanelDef> {}

/// A reply decoded from an ISPsystem document (`<doc>` or `{"doc": ..}`).
pub trait FromDoc: Sized {
    /// Decodes the reply; the document is not an error reply.
    fn from_doc(doc: &Node) -> Result<Self, crate::DecodeError>;
}

/// One element (`<elem>`) of a list reply.
pub trait FromElem: Sized {
    /// Decodes one element.
    fn from_elem(elem: &Node) -> Result<Self, crate::DecodeError>;
}

/// A BrainyCP request: the operation's documented error codes decode into `Error`.
pub trait BrainyRequest: Request {
    /// The function's typed error.
    type Error: FromCode;
}

/// A per-function error enum built from a BrainyCP numeric code; unknown codes are kept.
pub trait FromCode: Sized {
    /// Builds the error from its code and message.
    fn from_code(code: i64, message: String) -> Self;
}

/// A BrainyCP payload decoded from the reply's `data` / `detail`.
pub trait FromPayload: Sized {
    /// Decodes the payload (`Null` when absent).
    fn from_payload(payload: &serde_json::Value) -> Result<Self, crate::DecodeError>;
}
