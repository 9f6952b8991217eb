//! Prints the lowered tables ([`panelkit_spec::lower`]) as the static `FuncInfo`s
//! the runtime validator reads. No decisions here: the fake panel builds the same
//! tables from the same lowering at run time.

use panelkit_spec::Condition;
use panelkit_spec::lower::{Kind, LFunc, Value};
use proc_macro2::TokenStream;
use quote::quote;

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = proc_macro2::Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

fn opt_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(x) => quote!(Some(#x)),
        None => quote!(None),
    }
}

fn value(v: &Value) -> TokenStream {
    match v {
        Value::Text => quote!(rt::ValueKind::Text),
        Value::Password => quote!(rt::ValueKind::Password),
        Value::Int { min, max, infinity } => {
            let (min, max, inf) = (opt_i64(*min), opt_i64(*max), opt_i64(*infinity));
            quote!(rt::ValueKind::Int { min: #min, max: #max, infinity: #inf })
        }
        Value::Float => quote!(rt::ValueKind::Float),
        Value::Flag => quote!(rt::ValueKind::Flag),
        Value::Enum(vs) => quote!(rt::ValueKind::Enum(&[#(#vs),*])),
        Value::List { item, separator } => {
            let inner = value(item);
            quote!(rt::ValueKind::List { item: &#inner, separator: #separator })
        }
        Value::Ipv4 => quote!(rt::ValueKind::Ipv4),
        Value::Ipv6 => quote!(rt::ValueKind::Ipv6),
        Value::Ip => quote!(rt::ValueKind::Ip),
        Value::Domain => quote!(rt::ValueKind::Domain),
        Value::Email => quote!(rt::ValueKind::Email),
        Value::Path => quote!(rt::ValueKind::Path),
        Value::Url => quote!(rt::ValueKind::Url),
        Value::Date => quote!(rt::ValueKind::Date),
        Value::Datetime => quote!(rt::ValueKind::Datetime),
    }
}

/// The runtime's function kind.
pub fn func_kind(k: Kind) -> TokenStream {
    match k {
        Kind::List => quote!(rt::FuncKind::List),
        Kind::Form => quote!(rt::FuncKind::Form),
        Kind::Action => quote!(rt::FuncKind::Action),
        Kind::Group => quote!(rt::FuncKind::Group),
        Kind::Confirm => quote!(rt::FuncKind::Confirm),
        Kind::Other => quote!(rt::FuncKind::Other),
    }
}

fn cond(c: &Condition) -> TokenStream {
    match c {
        Condition::On => quote!(rt::Cond::On),
        Condition::Off => quote!(rt::Cond::Off),
        Condition::Equals(v) => quote!(rt::Cond::Equals(#v)),
        Condition::NotIn(vs) => quote!(rt::Cond::NotIn(&[#(#vs),*])),
        Condition::Empty => quote!(rt::Cond::Empty),
        Condition::NotEmpty => quote!(rt::Cond::NotEmpty),
    }
}

/// `rt::ElidInfo` or `None`.
fn elid(f: &LFunc) -> TokenStream {
    match f.elid {
        Some(e) => {
            let (req, mul) = (e.required, e.multiple);
            quote!(Some(rt::ElidInfo { required: #req, multiple: #mul }))
        }
        None => quote!(None),
    }
}

/// `FuncInfo { .. }` for a lowered function.
pub fn info(f: &LFunc) -> TokenStream {
    let name = &f.name;
    let module = opt_str(&f.module);
    let kind = func_kind(f.kind);
    let typed = f.typed;
    let elid = elid(f);
    let plid = f.plid;
    let params = f.params.iter().map(|p| {
        let (n, k) = (&p.name, value(&p.value));
        let mut t = quote!(rt::ParamInfo::new(#n, #k));
        if p.required {
            t.extend(quote!(.required()));
        }
        if let Some(x) = &p.feature {
            t.extend(quote!(.feature(#x)));
        }
        t
    });
    let rules = f.rules.iter().map(|r| {
        let (p, when) = (&r.param, cond(&r.when));
        let mut t = quote!(rt::RuleInfo::when(#p, #when));
        for (verb, names) in [("enables", &r.enables), ("forbids", &r.forbids), ("readonly", &r.readonly)] {
            if !names.is_empty() {
                let verb = syn::Ident::new(verb, proc_macro2::Span::call_site());
                t.extend(quote!(.#verb(&[#(#names),*])));
            }
        }
        t
    });
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

/// One entry of an untyped catalog: the runtime's const constructor of its kind
/// (`rt::FuncInfo::list("admin")`) and const modifiers for the rest of the lowered table.
/// The constructors' defaults are plain data; the lowering equality test pins them.
pub fn untyped_entry(f: &LFunc) -> TokenStream {
    let name = &f.name;
    let ctor = match f.kind {
        Kind::List => quote!(list),
        Kind::Form => quote!(form),
        Kind::Action => quote!(action),
        Kind::Group => quote!(group),
        Kind::Confirm => quote!(confirm),
        Kind::Other => quote!(other),
    };
    let mut t = quote!(rt::FuncInfo::#ctor(#name));
    let default_elid =
        (f.kind == Kind::Form).then_some(panelkit_spec::lower::LElid { required: false, multiple: false });
    if f.elid != default_elid {
        t.extend(match f.elid {
            Some(e) => {
                let (req, mul) = (e.required, e.multiple);
                quote!(.elid(#req, #mul))
            }
            None => quote!(.no_elid()),
        });
    }
    if f.plid {
        t.extend(quote!(.plid()));
    }
    if let Some(m) = &f.module {
        t.extend(quote!(.module(#m)));
    }
    t
}
