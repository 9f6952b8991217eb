//! The state of a typed request: one slot per parameter of its table, encoded by one
//! non-generic function.
//!
//! A generated request is a newtype over [`Slots`]; its setters store a value into
//! the slot of the parameter's index in [`FuncInfo::params`], and
//! [`Slots::encode`] writes every filled slot in table order, reading how to spell it
//! (the enum's wire values, a list's separator, an integer's infinity sentinel) from
//! the table. No encoding code is generated per function, and the generic builder
//! methods here are instantiated once per value type, never per function.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::params::Params;
use crate::secret::Secret;
use crate::table::{FuncInfo, FuncKind, ParamInfo, ValueKind};
use crate::values::{Limit, Switch};

/// One stored parameter value, before it is spelled for the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    /// Text as sent.
    Text(String),
    /// A secret (kept out of URLs and `Debug`).
    Secret(Secret),
    /// An integer.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// `on` / `off`.
    Flag(bool),
    /// "No limit": the parameter's infinity sentinel.
    Unlimited,
    /// The `n`-th wire value of the parameter's enum (its table's order).
    Index(usize),
    /// List items, joined by the parameter's separator.
    List(Vec<Slot>),
}

impl From<String> for Slot {
    fn from(v: String) -> Self {
        Slot::Text(v)
    }
}

impl From<Secret> for Slot {
    fn from(v: Secret) -> Self {
        Slot::Secret(v)
    }
}

impl From<i64> for Slot {
    fn from(v: i64) -> Self {
        Slot::Int(v)
    }
}

impl From<f64> for Slot {
    fn from(v: f64) -> Self {
        Slot::Float(v)
    }
}

impl From<bool> for Slot {
    fn from(v: bool) -> Self {
        Slot::Flag(v)
    }
}

impl From<Limit> for Slot {
    fn from(v: Limit) -> Self {
        match v {
            Limit::Value(n) => Slot::Int(n),
            Limit::Unlimited => Slot::Unlimited,
        }
    }
}

macro_rules! slot_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Slot {
            fn from(v: $t) -> Self {
                Slot::Text(v.to_string())
            }
        }
    )*};
}
slot_display!(IpAddr, Ipv4Addr, Ipv6Addr);

/// The parameters a flag-enabled struct or a select variant carries, stored into the
/// request's slots (generated for each such struct and data-carrying enum).
pub trait Carry {
    /// Stores the value (and what it carries) into `slots`.
    fn carry(self, slots: Slots) -> Slots;
}

/// A typed request's parameters: its table, `plid` / `elid`, one slot per parameter,
/// and what was set through [`crate::Unchecked`].
#[derive(Clone)]
pub struct Slots {
    info: &'static FuncInfo,
    sok: bool,
    plid: Option<String>,
    elid: Option<String>,
    vals: Vec<Option<Slot>>,
    extra: Params,
}

impl Slots {
    /// An empty request of `info`; forms and confirmations send `sok=ok`.
    pub fn new(info: &'static FuncInfo) -> Slots {
        let sok = matches!(info.kind, FuncKind::Form | FuncKind::Confirm);
        Slots { info, sok, plid: None, elid: None, vals: Vec::new(), extra: Params::new() }
    }

    /// An empty request that reads a form (`elid`, no `sok`).
    pub fn read(info: &'static FuncInfo) -> Slots {
        Slots { sok: false, ..Slots::new(info) }
    }

    /// The function's table.
    pub fn info(&self) -> &'static FuncInfo {
        self.info
    }

    /// Sets `plid`.
    pub fn plid(mut self, id: String) -> Slots {
        self.plid = Some(id);
        self
    }

    /// Sets `elid` (one id).
    pub fn elid(mut self, id: String) -> Slots {
        self.elid = Some(id);
        self
    }

    /// Sets `elid` to several ids joined by `", "` (none: no `elid`).
    pub fn elids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Slots {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.elid = if ids.is_empty() { None } else { Some(ids.join(", ")) };
        self
    }

    fn put(&mut self, i: usize, v: Slot) {
        if self.vals.len() <= i {
            self.vals.resize(i + 1, None);
        }
        self.vals[i] = Some(v);
    }

    /// Stores parameter `i`.
    pub fn with<T: Into<Slot>>(mut self, i: usize, v: T) -> Slots {
        self.put(i, v.into());
        self
    }

    /// Stores parameter `i` when `v` is set.
    pub fn opt<T: Into<Slot>>(self, i: usize, v: Option<T>) -> Slots {
        match v {
            Some(v) => self.with(i, v),
            None => self,
        }
    }

    /// Stores text parameter `i`.
    pub fn text(self, i: usize, v: impl Into<String>) -> Slots {
        self.with(i, Slot::Text(v.into()))
    }

    /// Stores secret parameter `i`.
    pub fn secret(self, i: usize, v: impl Into<Secret>) -> Slots {
        self.with(i, Slot::Secret(v.into()))
    }

    /// Stores possibly unlimited number `i`.
    pub fn limit(self, i: usize, v: impl Into<Limit>) -> Slots {
        self.with(i, v.into())
    }

    /// Stores the `n`-th value of parameter `i`'s enum when set.
    pub fn opt_en(self, i: usize, n: Option<usize>) -> Slots {
        self.opt(i, n.map(Slot::Index))
    }

    /// Stores list parameter `i` when set.
    pub fn opt_list<T: Into<Slot>>(self, i: usize, v: Option<Vec<T>>) -> Slots {
        match v {
            Some(v) => self.list(i, v),
            None => self,
        }
    }

    /// Stores a value that carries parameters (a select variant with fields).
    pub fn carry<T: Carry>(self, v: T) -> Slots {
        v.carry(self)
    }

    /// [`Slots::carry`] when set.
    pub fn carry_opt<T: Carry>(self, v: Option<T>) -> Slots {
        match v {
            Some(v) => v.carry(self),
            None => self,
        }
    }

    /// Stores flag `i` when set, and when on, what its struct carries.
    pub fn switch_opt<T: Carry>(self, i: usize, v: Option<Switch<T>>) -> Slots {
        match v {
            Some(v) => self.switch::<T>(i, v),
            None => self,
        }
    }

    /// Stores the `n`-th value of parameter `i`'s enum.
    pub fn choice(self, i: usize, n: usize) -> Slots {
        self.with(i, Slot::Index(n))
    }

    /// Stores list parameter `i`.
    pub fn list<T: Into<Slot>>(self, i: usize, v: impl IntoIterator<Item = T>) -> Slots {
        self.with(i, Slot::List(v.into_iter().map(Into::into).collect()))
    }

    /// Stores list parameter `i` of text items.
    pub fn texts<S: Into<String>>(self, i: usize, v: impl IntoIterator<Item = S>) -> Slots {
        self.with(i, Slot::List(v.into_iter().map(|s| Slot::Text(s.into())).collect()))
    }

    /// Stores list parameter `i` of enum values (their indexes).
    pub fn ens(self, i: usize, v: impl IntoIterator<Item = usize>) -> Slots {
        self.with(i, Slot::List(v.into_iter().map(Slot::Index).collect()))
    }

    /// Stores flag `i`, and when on, what its struct carries.
    pub fn switch<T: Carry>(self, i: usize, v: impl Into<Switch<T>>) -> Slots {
        match v.into() {
            Switch::On(c) => c.carry(self.with(i, true)),
            Switch::Off => self.with(i, false),
        }
    }

    /// The parameters set by wire name ([`crate::Unchecked`]).
    pub fn extra(&mut self) -> &mut Params {
        &mut self.extra
    }

    /// Writes `plid`, `elid`, every filled slot in table order, `sok`, then the unchecked parameters.
    pub fn encode(&self, out: &mut Params) {
        if let Some(p) = &self.plid {
            out.set("plid", p.clone());
        }
        if let Some(e) = &self.elid {
            out.set("elid", e.clone());
        }
        for (p, v) in self.info.params.iter().zip(&self.vals) {
            if let Some(v) = v {
                put(out, p, v);
            }
        }
        if self.sok {
            out.set("sok", "ok");
        }
        out.extend(&self.extra);
    }
}

fn put(out: &mut Params, p: &ParamInfo, v: &Slot) {
    match v {
        Slot::Secret(s) => out.set_secret(p.name, s.clone()),
        v => out.set(p.name, spell(&p.kind, v)),
    }
}

/// The wire text of a value of `kind`.
fn spell(kind: &ValueKind, v: &Slot) -> String {
    match v {
        Slot::Text(s) => s.clone(),
        Slot::Secret(s) => s.expose().to_owned(),
        Slot::Int(n) => n.to_string(),
        Slot::Float(x) => x.to_string(),
        Slot::Flag(b) => (if *b { "on" } else { "off" }).to_owned(),
        Slot::Unlimited => match kind {
            ValueKind::Int { infinity: Some(inf), .. } => inf.to_string(),
            _ => String::new(),
        },
        Slot::Index(n) => match kind {
            ValueKind::Enum(values) | ValueKind::List { item: ValueKind::Enum(values), .. } => {
                values.get(*n).copied().unwrap_or_default().to_owned()
            }
            _ => String::new(),
        },
        Slot::List(items) => {
            let (item, sep) = match kind {
                ValueKind::List { item, separator } => (*item, *separator),
                other => (other, " "),
            };
            let mut s = String::new();
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(sep);
                }
                s.push_str(&spell(item, x));
            }
            s
        }
    }
}

/// `Debug` of a typed request: the function's wire name and its encoded parameters
/// (secrets redacted by [`Params`]' own `Debug`).
impl fmt::Debug for Slots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Params::new();
        self.encode(&mut p);
        crate::domain::encode_idn(self.info, &mut p);
        f.debug_tuple(self.info.name).field(&p).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static INFO: FuncInfo = FuncInfo::form("rec.edit").plid().typed(
        &[
            ParamInfo::new("name", ValueKind::Text),
            ParamInfo::new("type", ValueKind::Enum(&["A", "MX"])),
            ParamInfo::new("ftp", ValueKind::Int { min: Some(0), max: None, infinity: Some(10000) }),
            ParamInfo::new("ns", ValueKind::List { item: &ValueKind::Ipv4, separator: " " }),
            ParamInfo::new("pw", ValueKind::Password),
            ParamInfo::new("on", ValueKind::Flag),
        ],
        &[],
    );

    #[test]
    fn slots_encode_in_table_order_with_the_tables_spelling() {
        let s = Slots::new(&INFO)
            .plid("zone".into())
            .with(5, false)
            .list(3, [Ipv4Addr::LOCALHOST, Ipv4Addr::UNSPECIFIED])
            .with(2, Limit::Unlimited)
            .choice(1, 1)
            .with(0, "www".to_owned())
            .with(4, Secret::new("hunter2"));
        let mut p = Params::new();
        s.encode(&mut p);
        let names: Vec<&str> = p.entries().iter().map(|e| e.name.as_ref()).collect();
        assert_eq!(names, ["plid", "name", "type", "ftp", "ns", "pw", "on", "sok"]);
        assert_eq!(p.get("type"), Some("MX"));
        assert_eq!(p.get("ftp"), Some("10000"));
        assert_eq!(p.get("ns"), Some("127.0.0.1 0.0.0.0"));
        assert_eq!(p.get("on"), Some("off"));
        assert!(p.entries().iter().any(|e| e.name == "pw" && e.value.is_secret()));
        let dbg = format!("{s:?}");
        assert!(dbg.starts_with("rec.edit(") && !dbg.contains("hunter2"), "{dbg}");
        let mut q = Params::new();
        Slots::read(&INFO).elids(["a", "b"]).encode(&mut q);
        assert_eq!((q.get("elid"), q.get("sok")), (Some("a, b"), None));
    }
}
