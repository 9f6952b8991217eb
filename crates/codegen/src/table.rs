//! The static `FuncInfo` tables the runtime validator reads.

use panelkit_spec::{Condition, Function, FunctionKind, Param, ParamType};
use proc_macro2::TokenStream;
use quote::quote;

fn kind_of(p: &Param, ty: ParamType, item: bool) -> TokenStream {
    match ty {
        ParamType::Text => quote!(rt::ValueKind::Text),
        ParamType::Password => quote!(rt::ValueKind::Password),
        ParamType::Int => {
            let opt = |v: Option<i64>| match v {
                Some(v) => {
                    let v = proc_macro2::Literal::i64_unsuffixed(v);
                    quote!(Some(#v))
                }
                None => quote!(None),
            };
            let (min, max, inf) = (opt(p.min), opt(p.max), opt(p.infinity));
            quote!(rt::ValueKind::Int { min: #min, max: #max, infinity: #inf })
        }
        ParamType::Float => quote!(rt::ValueKind::Float),
        ParamType::Flag => quote!(rt::ValueKind::Flag),
        ParamType::Enum if p.values.is_empty() => quote!(rt::ValueKind::Text),
        ParamType::Enum => {
            let vs = p.values.iter().map(|v| &v.value);
            quote!(rt::ValueKind::Enum(&[#(#vs),*]))
        }
        ParamType::List if item => quote!(rt::ValueKind::Text),
        ParamType::List => {
            let inner = if p.values.is_empty() {
                kind_of(p, p.item.unwrap_or(ParamType::Text), true)
            } else {
                kind_of(p, ParamType::Enum, true)
            };
            let sep = p.separator.as_deref().unwrap_or(" ");
            quote!(rt::ValueKind::List { item: &#inner, separator: #sep })
        }
        ParamType::Ipv4 => quote!(rt::ValueKind::Ipv4),
        ParamType::Ipv6 => quote!(rt::ValueKind::Ipv6),
        ParamType::Ip => quote!(rt::ValueKind::Ip),
        ParamType::Domain => quote!(rt::ValueKind::Domain),
        ParamType::Email => quote!(rt::ValueKind::Email),
        ParamType::Path => quote!(rt::ValueKind::Path),
        ParamType::Url => quote!(rt::ValueKind::Url),
        ParamType::Date => quote!(rt::ValueKind::Date),
        ParamType::Datetime => quote!(rt::ValueKind::Datetime),
    }
}

/// The runtime's function kind.
pub fn func_kind(k: FunctionKind) -> TokenStream {
    match k {
        FunctionKind::List => quote!(rt::FuncKind::List),
        FunctionKind::Form => quote!(rt::FuncKind::Form),
        FunctionKind::Action => quote!(rt::FuncKind::Action),
        FunctionKind::Group => quote!(rt::FuncKind::Group),
        FunctionKind::Confirm => quote!(rt::FuncKind::Confirm),
        _ => quote!(rt::FuncKind::Other),
    }
}

fn strs(v: &[String]) -> TokenStream {
    quote!(&[#(#v),*])
}

/// `FuncInfo { .. }` for a function. `bare` drops parameters and rules (form reads).
pub fn info(f: &Function, bare: bool) -> TokenStream {
    let name = &f.name;
    let module = match &f.module {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    };
    let kind = func_kind(f.kind);
    let typed = f.typed;
    let elid = match &f.elid {
        Some(e) => {
            let (req, mul) = (e.required || bare, e.multiple);
            quote!(Some(rt::ElidInfo { required: #req, multiple: #mul }))
        }
        None if bare => quote!(Some(rt::ElidInfo { required: true, multiple: false })),
        // A form edits with `elid` even when the spec does not say what it refers to.
        None if f.kind == FunctionKind::Form => quote!(Some(rt::ElidInfo { required: false, multiple: false })),
        None => quote!(None),
    };
    let plid = f.plid.is_some();
    let (params, rules) = if bare {
        (Vec::new(), Vec::new())
    } else {
        let params = f
            .params
            .iter()
            .map(|p| {
                let n = &p.name;
                let k = kind_of(p, p.ty, false);
                let req = p.required;
                let feat = match &p.feature {
                    Some(x) => quote!(Some(#x)),
                    None => quote!(None),
                };
                quote!(rt::ParamInfo { name: #n, kind: #k, required: #req, feature: #feat })
            })
            .collect();
        let rules = f
            .rules
            .iter()
            .map(|r| {
                let p = &r.param;
                let when = match &r.when {
                    Condition::On => quote!(rt::Cond::On),
                    Condition::Off => quote!(rt::Cond::Off),
                    Condition::Equals(v) => quote!(rt::Cond::Equals(#v)),
                    Condition::NotIn(vs) => {
                        let s = strs(vs);
                        quote!(rt::Cond::NotIn(#s))
                    }
                    Condition::Empty => quote!(rt::Cond::Empty),
                    Condition::NotEmpty => quote!(rt::Cond::NotEmpty),
                };
                let (en, fo, ro) = (strs(&r.enables), strs(&r.forbids), strs(&r.readonly));
                quote!(rt::RuleInfo { param: #p, when: #when, enables: #en, forbids: #fo, readonly: #ro })
            })
            .collect();
        (params, rules)
    };
    let params: Vec<TokenStream> = params;
    let rules: Vec<TokenStream> = rules;
    quote! {
        rt::FuncInfo {
            name: #name,
            module: #module,
            kind: #kind,
            typed: #typed,
            elid: #elid,
            plid: #plid,
            params: &[#(#params),*],
            rules: &[#(#rules),*],
        }
    }
}
