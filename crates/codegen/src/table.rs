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

/// A parameter row through the short constructors of `rt::t`.
fn param(name: &str, v: &Value) -> TokenStream {
    let short = |f: &str| {
        let f = syn::Ident::new(f, proc_macro2::Span::call_site());
        quote!(rt::t::#f(#name))
    };
    match v {
        Value::Text => short("text"),
        Value::Password => short("password"),
        Value::Float => short("float"),
        Value::Flag => short("flag"),
        Value::Ipv4 => short("ipv4"),
        Value::Ipv6 => short("ipv6"),
        Value::Ip => short("ip"),
        Value::Domain => short("domain"),
        Value::Email => short("email"),
        Value::Path => short("path"),
        Value::Url => short("url"),
        Value::Date => short("date"),
        Value::Datetime => short("datetime"),
        Value::Int { min, max, infinity: None } => {
            let (min, max) = (opt_i64(*min), opt_i64(*max));
            quote!(rt::t::int(#name, #min, #max))
        }
        Value::Int { min, max, infinity: Some(inf) } => {
            let (min, max) = (opt_i64(*min), opt_i64(*max));
            let inf = proc_macro2::Literal::i64_unsuffixed(*inf);
            quote!(rt::t::limit(#name, #min, #max, #inf))
        }
        Value::Enum(vs) => quote!(rt::t::one_of(#name, &[#(#vs),*])),
        Value::List { item, separator } => {
            let inner = value(item);
            quote!(rt::t::list(#name, &#inner, #separator))
        }
    }
}

/// `FuncInfo` for a lowered function: the kind's const constructor, modifiers for
/// `elid` / `plid` / module, then `.typed(params, rules)` (or `.params(..)` for an
/// untyped function that declares some), one short row per parameter and rule.
pub fn info(f: &LFunc) -> TokenStream {
    let mut t = untyped_entry(f);
    let params = f.params.iter().map(|p| {
        let mut t = param(&p.name, &p.value);
        if p.required {
            t.extend(quote!(.required()));
        }
        if let Some(x) = &p.feature {
            t.extend(quote!(.feature(#x)));
        }
        t
    });
    let rules = f.rules.iter().map(|r| {
        let p = &r.param;
        let mut t = match &r.when {
            Condition::On => quote!(rt::t::on(#p)),
            Condition::Off => quote!(rt::t::off(#p)),
            Condition::Equals(v) => {
                let v = v.as_str();
                quote!(rt::t::eq(#p, #v))
            }
            Condition::NotIn(vs) => {
                let vs = vs.iter().map(|v| v.as_str());
                quote!(rt::t::not_in(#p, &[#(#vs),*]))
            }
            Condition::Empty => quote!(rt::t::empty(#p)),
            Condition::NotEmpty => quote!(rt::t::not_empty(#p)),
        };
        for (verb, names) in [("enables", &r.enables), ("forbids", &r.forbids), ("readonly", &r.readonly)] {
            if !names.is_empty() {
                let verb = syn::Ident::new(verb, proc_macro2::Span::call_site());
                t.extend(quote!(.#verb(&[#(#names),*])));
            }
        }
        t
    });
    if f.typed {
        t.extend(quote!(.typed(&[#(#params),*], &[#(#rules),*])));
    } else if !f.params.is_empty() || !f.rules.is_empty() {
        t.extend(quote!(.params(&[#(#params),*], &[#(#rules),*])));
    }
    t
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
