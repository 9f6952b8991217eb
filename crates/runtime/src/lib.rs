//! Runtime for panelkit bindings: the validator that generated tables feed,
//! encoded parameters with secrets kept apart, reply decoding, and clients.
//!
//! Without the default `http` feature the crate is only the contract and the
//! reply parsers (what a fake panel needs); with it, the clients:
//! [`IspClient`] (HTTPS or local `mgrctl`), [`BrainyClient`] and their
//! [`blocking`] twins.

pub mod decode;
pub mod domain;
pub mod error;
#[cfg(feature = "from-spec")]
pub mod from_spec;
pub mod node;
pub mod panel_error;
pub mod params;
pub mod payload;
pub mod record;
pub mod redact;
pub mod reply;
pub mod request;
pub mod secret;
pub mod slots;
pub mod table;
pub mod untyped;
pub mod validate;
pub mod values;

#[cfg(feature = "http")]
pub mod blocking;
#[cfg(feature = "http")]
pub mod brainy;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "http")]
pub mod isp;
#[cfg(feature = "http")]
pub mod mgrctl;
#[cfg(feature = "http")]
pub mod tls;

pub use decode::{
    DecodeError, Done, ElemSink, FromField, Streamed, UsedLimit, WireEnum, decode_reply, decode_reply_with,
};
pub use error::{BrainyError, Error, TransportError, TransportKind};
pub use node::Node;
pub use panel_error::{ErrorKind, ErrorParam, PanelError};
pub use params::{Params, Value};
pub use payload::Json;
pub use record::RecordKey;
pub use reply::{ParseLimits, ReplyError, Syntax, parse_reply, parse_reply_into, parse_reply_with};
pub use request::{
    BrainyRequest, ForPanel, FormReply, FromCode, FromDoc, FromElem, FromPayload, Read, ReadIn, Request, SlotsAccess,
    Typed, Unchecked,
};
pub use secret::Secret;
pub use slots::{Carry, Slot, Slots};
pub use table::{Cond, ElidInfo, FuncInfo, FuncKind, PanelDef, ParamInfo, Protocol, RuleInfo, ValueKind, t};
pub use untyped::{Catalog, Untyped};
pub use validate::{Problem, Violation, Violations, validate};
pub use values::{Limit, Switch};

#[cfg(feature = "http")]
pub use brainy::{BrainyClient, BrainyClientBuilder, BrainyReply, BrainyWire, ConstantEncoding};
#[cfg(feature = "http")]
pub use http::Method;
#[cfg(feature = "http")]
pub use isp::{Auth, IspClient, IspClientBuilder, OutFormat, SessionInfo};
#[cfg(feature = "http")]
pub use tls::CertPin;
