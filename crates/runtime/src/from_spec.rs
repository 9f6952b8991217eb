//! Spec functions turned into the runtime's static tables at run time, for tools that load a
//! spec instead of compiling bindings: the fake panel (which so validates with the very code
//! and tables the bindings use), `panelkit call` and `from-log`. Feature `from-spec`.
//!
//! Every decision is made by [`panelkit_spec::lower`] (which codegen prints);
//! this module only converts its plain data into `FuncInfo`. Tables are leaked
//! once per use (a started panel, a loaded spec): they live as long as the process, which is what
//! `&'static FuncInfo` asks for and costs a few kilobytes per spec.

use crate::{Cond, ElidInfo, FuncInfo, FuncKind, ParamInfo, RuleInfo, ValueKind};
use panelkit_spec::lower::{self, Kind, LFunc, Value};
use panelkit_spec::{Condition, Function};

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak_strs(v: impl IntoIterator<Item = impl AsRef<str>>) -> &'static [&'static str] {
    let v: Vec<&'static str> = v.into_iter().map(|s| leak_str(s.as_ref())).collect();
    Box::leak(v.into_boxed_slice())
}

fn kind_of(v: &Value) -> ValueKind {
    match v {
        Value::Text => ValueKind::Text,
        Value::Password => ValueKind::Password,
        Value::Int { min, max, infinity } => ValueKind::Int { min: *min, max: *max, infinity: *infinity },
        Value::Float => ValueKind::Float,
        Value::Flag => ValueKind::Flag,
        Value::Enum(vs) => ValueKind::Enum(leak_strs(vs)),
        Value::List { item, separator } => {
            ValueKind::List { item: Box::leak(Box::new(kind_of(item))), separator: leak_str(separator) }
        }
        Value::Ipv4 => ValueKind::Ipv4,
        Value::Ipv6 => ValueKind::Ipv6,
        Value::Ip => ValueKind::Ip,
        Value::Domain => ValueKind::Domain,
        Value::Email => ValueKind::Email,
        Value::Path => ValueKind::Path,
        Value::Url => ValueKind::Url,
        Value::Date => ValueKind::Date,
        Value::Datetime => ValueKind::Datetime,
    }
}

fn cond(c: &Condition) -> Cond {
    match c {
        Condition::On => Cond::On,
        Condition::Off => Cond::Off,
        Condition::Equals(v) => Cond::Equals(leak_str(v)),
        Condition::NotIn(vs) => Cond::NotIn(leak_strs(vs)),
        Condition::Empty => Cond::Empty,
        Condition::NotEmpty => Cond::NotEmpty,
    }
}

fn func_kind(k: Kind) -> FuncKind {
    match k {
        Kind::List => FuncKind::List,
        Kind::Form => FuncKind::Form,
        Kind::Action => FuncKind::Action,
        Kind::Group => FuncKind::Group,
        Kind::Confirm => FuncKind::Confirm,
        Kind::Other => FuncKind::Other,
    }
}

/// Converts (and leaks) one lowered table.
pub fn leak(f: &LFunc) -> &'static FuncInfo {
    let params: Vec<ParamInfo> = f
        .params
        .iter()
        .map(|p| ParamInfo {
            name: leak_str(&p.name),
            kind: kind_of(&p.value),
            required: p.required,
            feature: p.feature.as_deref().map(leak_str),
        })
        .collect();
    let rules: Vec<RuleInfo> = f
        .rules
        .iter()
        .map(|r| RuleInfo {
            param: leak_str(&r.param),
            when: cond(&r.when),
            enables: leak_strs(&r.enables),
            forbids: leak_strs(&r.forbids),
            readonly: leak_strs(&r.readonly),
        })
        .collect();
    Box::leak(Box::new(FuncInfo {
        name: leak_str(&f.name),
        module: f.module.as_deref().map(leak_str),
        kind: func_kind(f.kind),
        typed: f.typed,
        elid: f.elid.map(|e| ElidInfo { required: e.required, multiple: e.multiple }),
        plid: f.plid,
        params: Box::leak(params.into_boxed_slice()),
        rules: Box::leak(rules.into_boxed_slice()),
    }))
}

/// Builds (and leaks) the static table of one spec function, as the bindings print it.
pub fn func_info(f: &Function) -> &'static FuncInfo {
    leak(&lower::func(f))
}

/// The table of reading `f`'s form for one object, as the bindings print it.
pub fn form_read_info(f: &Function) -> &'static FuncInfo {
    leak(&lower::form_read(f))
}
