//! Spec functions turned into the runtime's static tables, so the fake panel
//! validates with the very code the bindings use.
//!
//! Tables are leaked once per started panel: they live as long as the process,
//! which is what `&'static FuncInfo` asks for and costs a few kilobytes per spec.

use panelkit_runtime::{Cond, ElidInfo, FuncInfo, FuncKind, ParamInfo, RuleInfo, ValueKind};
use panelkit_spec::{Condition, Function, FunctionKind, Param, ParamType};

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak_strs(v: impl IntoIterator<Item = impl AsRef<str>>) -> &'static [&'static str] {
    let v: Vec<&'static str> = v.into_iter().map(|s| leak_str(s.as_ref())).collect();
    Box::leak(v.into_boxed_slice())
}

fn scalar_kind(ty: ParamType, p: &Param) -> ValueKind {
    match ty {
        ParamType::Text => ValueKind::Text,
        ParamType::Password => ValueKind::Password,
        ParamType::Int => ValueKind::Int { min: p.min, max: p.max, infinity: p.infinity },
        ParamType::Float => ValueKind::Float,
        ParamType::Flag => ValueKind::Flag,
        ParamType::Enum => ValueKind::Enum(leak_strs(p.values.iter().map(|v| &v.value))),
        // A list of lists is not a thing panels send: treat a nested list item as text.
        ParamType::List => ValueKind::Text,
        ParamType::Ipv4 => ValueKind::Ipv4,
        ParamType::Ipv6 => ValueKind::Ipv6,
        ParamType::Ip => ValueKind::Ip,
        ParamType::Domain => ValueKind::Domain,
        ParamType::Email => ValueKind::Email,
        ParamType::Path => ValueKind::Path,
        ParamType::Url => ValueKind::Url,
        ParamType::Date => ValueKind::Date,
        ParamType::Datetime => ValueKind::Datetime,
    }
}

/// The value kind a spec parameter is checked with.
pub fn value_kind(p: &Param) -> ValueKind {
    if p.ty != ParamType::List {
        return scalar_kind(p.ty, p);
    }
    let item = if p.values.is_empty() {
        scalar_kind(p.item.unwrap_or(ParamType::Text), p)
    } else {
        ValueKind::Enum(leak_strs(p.values.iter().map(|v| &v.value)))
    };
    let separator = leak_str(p.separator.as_deref().unwrap_or(" "));
    ValueKind::List { item: Box::leak(Box::new(item)), separator }
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

fn func_kind(k: FunctionKind) -> FuncKind {
    match k {
        FunctionKind::List => FuncKind::List,
        FunctionKind::Form => FuncKind::Form,
        FunctionKind::Action => FuncKind::Action,
        FunctionKind::Group => FuncKind::Group,
        FunctionKind::Confirm => FuncKind::Confirm,
        _ => FuncKind::Other,
    }
}

/// Builds (and leaks) the static table of one spec function.
pub fn func_info(f: &Function) -> &'static FuncInfo {
    let params: Vec<ParamInfo> = f
        .params
        .iter()
        .map(|p| ParamInfo {
            name: leak_str(&p.name),
            kind: value_kind(p),
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
        elid: f.elid.as_ref().map(|e| ElidInfo { required: e.required, multiple: e.multiple }),
        plid: f.plid.is_some(),
        params: Box::leak(params.into_boxed_slice()),
        rules: Box::leak(rules.into_boxed_slice()),
    }))
}
