//! The one translation of a spec function into the table the runtime validator reads.
//!
//! Generated bindings print these tables as `static FuncInfo`s and the fake panel
//! builds its `FuncInfo`s from them at start-up, so both sides validate against the
//! same decisions (what `elid` a form takes, how a list parameter is checked, ...).
//! Every decision lives here; printing and converting are mechanical.

use crate::model::{Condition, Function, FunctionKind, Param, ParamType};

/// The runtime's function kind, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A list of elements.
    List,
    /// A form (read / create / edit).
    Form,
    /// A single action.
    Action,
    /// A group operation on `elid`s.
    Group,
    /// A confirmation form.
    Confirm,
    /// Anything else.
    Other,
}

/// How a parameter value is checked on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Free text.
    Text,
    /// A secret.
    Password,
    /// An integer within optional bounds; `infinity` is always accepted.
    Int {
        /// Lower bound.
        min: Option<i64>,
        /// Upper bound.
        max: Option<i64>,
        /// The "unlimited" sentinel.
        infinity: Option<i64>,
    },
    /// A decimal number.
    Float,
    /// `on` / `off`.
    Flag,
    /// One of the listed wire values.
    Enum(Vec<String>),
    /// Items of the given kind joined by `separator`.
    List {
        /// Item kind (never a list).
        item: Box<Value>,
        /// Separator.
        separator: String,
    },
    /// IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// IPv4 or IPv6 address.
    Ip,
    /// Domain name.
    Domain,
    /// E-mail address.
    Email,
    /// File system path.
    Path,
    /// URL.
    Url,
    /// Date.
    Date,
    /// Date and time.
    Datetime,
}

/// One lowered parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LParam {
    /// Wire name.
    pub name: String,
    /// Value check.
    pub value: Value,
    /// Must be sent.
    pub required: bool,
    /// Panel feature it depends on.
    pub feature: Option<String>,
}

/// One lowered rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LRule {
    /// Controlling parameter.
    pub param: String,
    /// Condition.
    pub when: Condition,
    /// Enabled parameters.
    pub enables: Vec<String>,
    /// Forbidden parameters.
    pub forbids: Vec<String>,
    /// Read-only parameters.
    pub readonly: Vec<String>,
}

/// What `elid` a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LElid {
    /// Must be given.
    pub required: bool,
    /// Several ids joined by `", "`.
    pub multiple: bool,
}

/// A function's validator table as plain data (the runtime's `FuncInfo`, owned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LFunc {
    /// Wire name.
    pub name: String,
    /// BrainyCP module.
    pub module: Option<String>,
    /// Kind.
    pub kind: Kind,
    /// False for catalog-only functions.
    pub typed: bool,
    /// `elid`, when taken.
    pub elid: Option<LElid>,
    /// Requires `plid`.
    pub plid: bool,
    /// Parameters.
    pub params: Vec<LParam>,
    /// Rules.
    pub rules: Vec<LRule>,
}

/// The runtime kind of a spec function kind.
pub fn kind(k: FunctionKind) -> Kind {
    match k {
        FunctionKind::List => Kind::List,
        FunctionKind::Form => Kind::Form,
        FunctionKind::Action => Kind::Action,
        FunctionKind::Group => Kind::Group,
        FunctionKind::Confirm => Kind::Confirm,
        _ => Kind::Other,
    }
}

fn scalar(p: &Param, ty: ParamType) -> Value {
    match ty {
        ParamType::Text => Value::Text,
        ParamType::Password => Value::Password,
        ParamType::Int => Value::Int { min: p.min, max: p.max, infinity: p.infinity },
        ParamType::Float => Value::Float,
        ParamType::Flag => Value::Flag,
        // An enum whose values nobody listed can only be checked as text.
        ParamType::Enum if p.values.is_empty() => Value::Text,
        ParamType::Enum => Value::Enum(p.values.iter().map(|v| v.value.to_string()).collect()),
        // Panels send no lists of lists: a nested list item is text.
        ParamType::List => Value::Text,
        ParamType::Ipv4 => Value::Ipv4,
        ParamType::Ipv6 => Value::Ipv6,
        ParamType::Ip => Value::Ip,
        ParamType::Domain => Value::Domain,
        ParamType::Email => Value::Email,
        ParamType::Path => Value::Path,
        ParamType::Url => Value::Url,
        ParamType::Date => Value::Date,
        ParamType::Datetime => Value::Datetime,
    }
}

/// How a parameter's value is checked.
pub fn value(p: &Param) -> Value {
    if p.ty != ParamType::List {
        return scalar(p, p.ty);
    }
    let item =
        if p.values.is_empty() { scalar(p, p.item.unwrap_or(ParamType::Text)) } else { scalar(p, ParamType::Enum) };
    Value::List { item: Box::new(item), separator: p.separator.as_deref().unwrap_or(" ").to_owned() }
}

/// Owned copies of a rule's targets.
fn owned(names: &[crate::model::CompactString]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// The table a request of `f` is validated with.
pub fn func(f: &Function) -> LFunc {
    let elid = match &f.elid {
        Some(e) => Some(LElid { required: e.required, multiple: e.multiple }),
        // A form edits with `elid` even when the spec does not say what it refers to.
        None if f.kind == FunctionKind::Form => Some(LElid { required: false, multiple: false }),
        None => None,
    };
    LFunc {
        elid,
        params: f
            .params
            .iter()
            .map(|p| LParam {
                name: p.name.to_string(),
                value: value(p),
                required: p.required,
                feature: p.feature.as_deref().map(str::to_owned),
            })
            .collect(),
        rules: f
            .rules
            .iter()
            .map(|r| LRule {
                param: r.param.to_string(),
                when: r.when.clone(),
                enables: owned(&r.enables),
                forbids: owned(&r.forbids),
                readonly: owned(&r.readonly),
            })
            .collect(),
        ..func_header(f)
    }
}

/// The table of reading a form of `f` for one object: `elid` required, no parameters.
pub fn form_read(f: &Function) -> LFunc {
    let multiple = f.elid.as_ref().is_some_and(|e| e.multiple);
    LFunc { elid: Some(LElid { required: true, multiple }), params: Vec::new(), rules: Vec::new(), ..func_header(f) }
}

fn func_header(f: &Function) -> LFunc {
    LFunc {
        name: f.name.clone(),
        module: f.module.clone(),
        kind: kind(f.kind),
        typed: f.typed,
        elid: None,
        plid: f.plid.is_some(),
        params: Vec::new(),
        rules: Vec::new(),
    }
}
