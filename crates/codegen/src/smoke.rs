//! The all-functions test: a minimal valid request per function, validated and encoded.

use panelkit_spec::{Panel, Param, ParamType};
use proc_macro2::TokenStream;
use quote::quote;

use crate::Error;
use crate::names::ident;
use crate::plan::{FuncPlan, ValueType};
use crate::request::ElidMode;

fn text_sample(p: &Param, ty: ParamType) -> &'static str {
    match ty {
        ParamType::Domain => "example.com",
        ParamType::Email => "admin@example.com",
        ParamType::Url => "https://example.com/",
        ParamType::Date => "2026-01-01",
        ParamType::Datetime => "2026-01-01 00:00:00",
        ParamType::Path => "/tmp",
        _ if p.check.as_deref() == Some("domain") => "example.com",
        _ => "x",
    }
}

fn int_sample(p: &Param) -> i64 {
    let lo = p.min.unwrap_or(i64::MIN);
    let hi = p.max.unwrap_or(i64::MAX);
    1.clamp(lo, hi.max(lo))
}

/// A value of `ty` that the validator accepts for `p`.
pub fn sample(p: &Param, ty: &ValueType, plan: &FuncPlan, item: bool) -> TokenStream {
    match ty {
        ValueType::Text => {
            let t = if item { p.item.unwrap_or(ParamType::Text) } else { p.ty };
            let s = text_sample(p, t);
            quote!(#s)
        }
        ValueType::Secret => quote!("secret-1"),
        ValueType::Int => {
            let n = proc_macro2::Literal::i64_unsuffixed(int_sample(p));
            quote!(#n)
        }
        ValueType::Limit(_) => quote!(rt::Limit::Unlimited),
        ValueType::Float => quote!(1.0),
        ValueType::Bool => quote!(true),
        ValueType::Ipv4 => quote!(::std::net::Ipv4Addr::LOCALHOST),
        ValueType::Ipv6 => quote!(::std::net::Ipv6Addr::LOCALHOST),
        ValueType::Ip => quote!(::std::net::IpAddr::V4(::std::net::Ipv4Addr::LOCALHOST)),
        ValueType::Enum(n) | ValueType::DataEnum(n) => {
            let e = plan.enums.iter().find(|e| &e.name == n).expect("planned enum");
            let t = ident(n);
            let (_, v, fields) = &e.variants[0];
            let v = ident(v);
            if fields.is_empty() {
                quote!(m::#t::#v)
            } else {
                let ids = fields.iter().map(|f| ident(&f.ident));
                quote!(m::#t::#v { #(#ids: None),* })
            }
        }
        ValueType::Switch(n) => {
            let t = ident(n);
            quote!(m::#t::default())
        }
        ValueType::List(inner, _) => {
            let s = sample(p, inner, plan, true);
            quote!([#s])
        }
    }
}

/// The `new(..)` arguments of a minimal request.
pub fn new_args(f: &panelkit_spec::Function, plan: &FuncPlan) -> Vec<TokenStream> {
    let mut args = Vec::new();
    if f.plid.is_some() {
        args.push(quote!("parent"));
    }
    match ElidMode::of(f) {
        ElidMode::Required { multiple: false } => args.push(quote!("id")),
        ElidMode::Required { multiple: true } => args.push(quote!(["id1", "id2"])),
        _ => {}
    }
    for fl in plan.fields.iter().filter(|fl| fl.p.required) {
        args.push(sample(fl.p, &fl.ty, plan, false));
    }
    args
}

/// The test file.
pub fn file(
    panel: &Panel,
    path: &str,
    runtime: &str,
    rules: Option<&str>,
    calls: &[TokenStream],
) -> Result<TokenStream, Error> {
    let p: syn::Path = syn::parse_str(path)
        .map_err(|e| Error::Spec { panel: panel.id.clone(), message: format!("module path `{path}`: {e}") })?;
    let rt = ident(runtime);
    let test = ident(&format!("every_{}_function_builds_validates_and_encodes", crate::names::snake(&panel.id)));
    let n = calls.len();
    let rules_test = match rules {
        Some(f) => {
            let f: syn::Path = syn::parse_str(f)
                .map_err(|e| Error::Spec { panel: panel.id.clone(), message: format!("rules path `{f}`: {e}") })?;
            let t =
                ident(&format!("every_{}_rule_violation_is_refused_naming_the_rule", crate::names::snake(&panel.id)));
            quote! {
                #[test]
                fn #t() {
                    let (fails, checked) = #f(m::TYPED);
                    assert!(fails.is_empty(), "{} of {checked} rule violations:\n{}", fails.len(), fails.join("\n"));
                    assert!(checked > 0 || m::TYPED.iter().all(|f| f.rules.is_empty()), "no rule was exercised");
                }
            }
        }
        None => quote!(),
    };
    Ok(quote! {
        use #rt as rt;
        use #p as m;

        fn check<R: rt::Request>(fails: &mut Vec<String>, r: R) {
            let name = R::INFO.name;
            if let Err(e) = r.validate() {
                fails.push(format!("{name}: {e}"));
            }
            let params = r.to_params();
            for p in R::INFO.params.iter().filter(|p| p.required) {
                if params.get(p.name).is_none() {
                    fails.push(format!("{name}: required `{}` not encoded", p.name));
                }
            }
        }

        #[test]
        fn #test() {
            let mut fails = Vec::new();
            #(#calls)*
            assert!(fails.is_empty(), "{} of {} requests failed:\n{}", fails.len(), #n, fails.join("\n"));
        }

        #rules_test
    })
}
