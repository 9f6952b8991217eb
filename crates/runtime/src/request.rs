//! The traits generated request and reply types implement.

use std::marker::PhantomData;

use crate::node::Node;
use crate::params::Params;
use crate::slots::Slots;
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

    /// A decoder fed each `<elem>` of the document while the body is parsed, so a list reply
    /// never becomes a tree of the whole list; `None` (the default): the tree is built and
    /// [`FromDoc::from_doc`] decodes it. Both give the same value.
    fn streamed<'a>() -> Option<Box<dyn crate::decode::Streamed<Self> + 'a>>
    where
        Self: 'a,
    {
        None
    }
}

/// One element (`<elem>`) of a list reply. (`Send`: list rows are decoded inside the client's future.)
pub trait FromElem: Sized + Send {
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

/// How a [`Typed`] request reaches its [`Slots`]: shared and mutable access, as two
/// non-capturing closures (`(|r| &r.0, |r| &mut r.0)` for a newtype).
pub type SlotsAccess<T> = (fn(&T) -> &Slots, fn(&mut T) -> &mut Slots);

/// A generated typed request: a newtype over [`Slots`] plus its panel, reply and table.
///
/// [`Request`] and [`Unchecked`] are implemented once for every `Typed` type here, so a
/// generated request carries one small impl instead of three.
pub trait Typed: Sized {
    /// The panel this request belongs to.
    type Panel: PanelDef;
    /// The typed reply.
    type Output;
    /// The function's static table.
    const INFO: &'static FuncInfo;
    /// Where the request keeps its slots.
    const SLOTS: SlotsAccess<Self>;
}

impl<T: Typed> Request for T {
    type Panel = T::Panel;
    type Output = T::Output;
    const INFO: &'static FuncInfo = T::INFO;

    fn encode(&self, out: &mut Params) {
        (T::SLOTS.0)(self).encode(out);
    }
}

impl<T: Typed> Unchecked for T {
    fn extra(&mut self) -> &mut Params {
        (T::SLOTS.1)(self).extra()
    }
}

/// The reply of reading a form, naming the form's table: what [`Read`] and [`ReadIn`]
/// need to read one object (`elid`, no `sok`). Generated `<Name>Form` types implement it.
pub trait FormReply: 'static {
    /// The panel.
    type Panel: PanelDef;
    /// The table of the form's submit request; reading takes the same function with
    /// `elid` required and no parameters ([`FuncInfo::read_of`]).
    const OF: &'static FuncInfo;
}

/// Reads form `F` for one object: `F::new(elid)`; the reply is `F`.
pub struct Read<F>(Slots, PhantomData<fn() -> F>);

/// Reads form `F` for one object under a parent: `new(plid, elid)`; the reply is `F`.
pub struct ReadIn<F>(Slots, PhantomData<fn() -> F>);

impl<F: FormReply> Read<F> {
    /// Reads the object with this id.
    pub fn new(elid: impl Into<String>) -> Self {
        Read(Slots::read(<Self as Request>::INFO).elid(elid.into()), PhantomData)
    }
}

impl<F: FormReply> ReadIn<F> {
    /// Reads the object with this id under parent `plid`.
    pub fn new(plid: impl Into<String>, elid: impl Into<String>) -> Self {
        ReadIn(Slots::read(<Self as Request>::INFO).plid(plid.into()).elid(elid.into()), PhantomData)
    }
}

macro_rules! read_impls {
    ($($t:ident),*) => {$(
        impl<F: FormReply> Typed for $t<F> {
            type Panel = F::Panel;
            type Output = F;
            const INFO: &'static FuncInfo = &FuncInfo::read_of(F::OF);
            const SLOTS: SlotsAccess<Self> = (|r| &r.0, |r| &mut r.0);
        }

        impl<F: FormReply> ForPanel<F::Panel> for $t<F> {}

        impl<F> Clone for $t<F> {
            fn clone(&self) -> Self {
                $t(self.0.clone(), PhantomData)
            }
        }

        impl<F> std::fmt::Debug for $t<F> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }
    )*};
}
read_impls!(Read, ReadIn);
