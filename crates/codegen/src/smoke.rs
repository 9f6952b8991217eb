//! Prints the all-functions test from the IR: a minimal valid request per function, validated and encoded.

use proc_macro2::TokenStream;
use quote::quote;

use crate::Error;
use crate::ir::{PanelIr, Sample, SmokeCall};
use crate::names::ident;

fn sample(s: &Sample) -> TokenStream {
    match s {
        Sample::Str(v) => quote!(#v),
        Sample::Strs(vs) => quote!([#(#vs),*]),
        Sample::Int(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
        Sample::Unlimited => quote!(rt::Limit::Unlimited),
        Sample::Float => quote!(1.0),
        Sample::Bool => quote!(true),
        Sample::Ipv4 => quote!(::std::net::Ipv4Addr::LOCALHOST),
        Sample::Ipv6 => quote!(::std::net::Ipv6Addr::LOCALHOST),
        Sample::Ip => quote!(::std::net::IpAddr::V4(::std::net::Ipv4Addr::LOCALHOST)),
        Sample::Variant { ty, variant, fields } => {
            let (t, v) = (ident(ty), ident(variant));
            if fields.is_empty() {
                quote!(m::#t::#v)
            } else {
                let ids = fields.iter().map(|f| ident(f));
                quote!(m::#t::#v { #(#ids: None),* })
            }
        }
        Sample::Default(n) => {
            let t = ident(n);
            quote!(m::#t::default())
        }
        Sample::List(inner) => {
            let s = sample(inner);
            quote!([#s])
        }
    }
}

fn call(c: &SmokeCall) -> TokenStream {
    let n = ident(&c.ty);
    let args = c.args.iter().map(sample);
    quote!(check(&mut fails, m::#n::new(#(#args),*));)
}

/// The test file.
pub fn file(ir: &PanelIr, path: &str, rules: Option<&str>) -> Result<TokenStream, Error> {
    let p: syn::Path = syn::parse_str(path)
        .map_err(|e| Error::Spec { panel: ir.id.clone(), message: format!("module path `{path}`: {e}") })?;
    let rt = ident(&ir.runtime_crate);
    let test = ident(&format!("every_{}_function_builds_validates_and_encodes", ir.module));
    let n = ir.smoke.len();
    let calls = ir.smoke.iter().map(call);
    let rules_test = match rules {
        Some(f) => {
            let f: syn::Path = syn::parse_str(f)
                .map_err(|e| Error::Spec { panel: ir.id.clone(), message: format!("rules path `{f}`: {e}") })?;
            let t = ident(&format!("every_{}_rule_violation_is_refused_naming_the_rule", ir.module));
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
