//! Value types that appear in generated signatures: a flag that carries what it enables
//! ([`Switch`]) and a number that may be unlimited ([`Limit`]).

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
