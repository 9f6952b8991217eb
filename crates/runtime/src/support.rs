//! The names generated bindings of earlier versions used, kept for hand-written bindings:
//! everything here now lives in the module of its job ([`crate::values`],
//! [`crate::untyped`], [`crate::payload`], [`crate::decode`]).

pub use crate::decode::{list_by, secret};
pub use crate::payload::*;
pub use crate::untyped::*;
pub use crate::values::*;
