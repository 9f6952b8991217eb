//! Runtime for panelkit bindings: the validator that generated tables feed,
//! encoded parameters with secrets kept apart, reply decoding, and clients.

pub mod decode;
pub mod node;
pub mod params;
pub mod request;
pub mod secret;
pub mod support;
pub mod table;
pub mod validate;

pub use decode::{DecodeError, Done, UsedLimit};
pub use node::Node;
pub use params::{Params, Value};
pub use request::{BrainyRequest, ForPanel, FromCode, FromDoc, FromElem, FromPayload, Request};
pub use secret::Secret;
pub use table::{Cond, ElidInfo, FuncInfo, FuncKind, PanelDef, ParamInfo, Protocol, RuleInfo, ValueKind};
pub use validate::{Problem, Violation, Violations, validate};
