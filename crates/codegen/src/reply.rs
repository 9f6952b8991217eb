//! Prints reply types from the IR: list elements, forms, BrainyCP payloads and error enums.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::ir::{ErrorIr, ReplyEnum, ReplyField, ReplyStruct, ReplyType, Source};
use crate::names::ident;

fn reply_enum(e: &ReplyEnum) -> TokenStream {
    let n = ident(&e.name);
    let doc = docs::attrs(std::slice::from_ref(&e.doc));
    let mut variants = Vec::new();
    let mut table = Vec::new();
    for (w, v, d) in &e.variants {
        let id = ident(v);
        let d = docs::attrs(std::slice::from_ref(d));
        variants.push(quote!(#d #id));
        table.push(quote!((#w, Self::#id)));
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #n {
            #(#variants,)*
            /// A value this binding does not know.
            Unknown(String),
        }
        impl rt::WireEnum for #n {
            const WIRE: &'static [(&'static str, Self)] = &[#(#table),*];
            const UNKNOWN: fn(String) -> Self = Self::Unknown;
            fn as_unknown(&self) -> Option<&str> { if let Self::Unknown(s) = self { Some(s) } else { None } }
        }
    }
}

fn field_ty(f: &ReplyField) -> TokenStream {
    match &f.ty {
        ReplyType::Text => quote!(Option<String>),
        ReplyType::Secret => quote!(Option<rt::Secret>),
        ReplyType::Int => quote!(Option<i64>),
        ReplyType::Float => quote!(Option<f64>),
        ReplyType::Flag => quote!(bool),
        ReplyType::UsedLimit => quote!(Option<rt::UsedLimit>),
        ReplyType::Enum(n) => {
            let n = ident(n);
            quote!(Option<#n>)
        }
        ReplyType::List(_) => quote!(Vec<String>),
    }
}

fn decode_expr(f: &ReplyField, src: Source) -> TokenStream {
    let w = &f.wire;
    match (src, &f.ty) {
        (Source::Elem | Source::Form, ReplyType::List(Some(sep))) => quote!(rt::decode::list_by(e, #w, #sep)),
        // Every other node field is one generic `FromField` by its Rust type, through the field cursor.
        (Source::Elem | Source::Form, _) => quote!(f.field(#w)?),
        (Source::Json, ReplyType::Text | ReplyType::Secret) => quote!(rt::payload::json_text(m, #w)),
        (Source::Json, ReplyType::Int) => quote!(rt::payload::json_int(m, #w)?),
        (Source::Json, ReplyType::Float) => quote!(rt::payload::json_float(m, #w)?),
        (Source::Json, ReplyType::Flag) => quote!(rt::payload::json_flag(m, #w)),
        (Source::Json, ReplyType::UsedLimit) => quote!(rt::payload::json_used_limit(m, #w)?),
        (Source::Json, ReplyType::List(_)) => quote!(rt::payload::json_list(m, #w)),
        (Source::Json, ReplyType::Enum(n)) => {
            let n = ident(n);
            quote!(rt::payload::json_text(m, #w).as_deref().map(<#n as rt::WireEnum>::from_wire))
        }
    }
}

/// A reply struct, its decode impl and the enums of its fields.
pub fn reply_struct(s: &ReplyStruct) -> TokenStream {
    let n = ident(&s.name);
    let name = &s.name;
    let doc = docs::attrs(&s.doc);
    let decls = s.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let t = field_ty(f);
        let d = docs::attrs(&f.doc);
        quote!(#d pub #id: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let e = decode_expr(f, s.source);
        quote!(#id: #e)
    });
    // The field cursor, unless no field reads through it (an element of only separated lists).
    let cursor = s.fields.iter().any(|f| !matches!(f.ty, ReplyType::List(Some(_))));
    let cursor = if cursor { quote!(let mut f = e.fields();) } else { quote!() };
    let elid_decl = match s.source {
        Source::Form => quote!(/// The object's id (`elid`), when the reply names it.
        pub elid: Option<String>,),
        _ => quote!(),
    };
    let imp = match s.source {
        Source::Form => quote! {
            impl rt::FromDoc for #n {
                fn from_doc(e: &rt::Node) -> Result<Self, rt::DecodeError> {
                    let mut f = e.fields();
                    Ok(Self { elid: f.field("elid")?, #(#inits),* })
                }
            }
        },
        Source::Elem => quote! {
            impl rt::FromElem for #n {
                fn from_elem(e: &rt::Node) -> Result<Self, rt::DecodeError> {
                    #cursor
                    Ok(Self { #(#inits),* })
                }
            }
        },
        Source::Json if s.fields.is_empty() => quote! {
            impl rt::FromPayload for #n {
                fn from_payload(v: &rt::Json) -> Result<Self, rt::DecodeError> {
                    rt::payload::json_object(v, #name)?;
                    Ok(Self {})
                }
            }
        },
        Source::Json => quote! {
            impl rt::FromPayload for #n {
                fn from_payload(v: &rt::Json) -> Result<Self, rt::DecodeError> {
                    let m = rt::payload::json_object(v, #name)?;
                    Ok(Self { #(#inits),* })
                }
            }
        },
    };
    let enums = s.enums.iter().map(reply_enum);
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #n { #elid_decl #(#decls),* }
        #imp
        #(#enums)*
    }
}

/// A BrainyCP per-function error enum; unknown codes are kept.
pub fn error_enum(e: &ErrorIr) -> TokenStream {
    let n = ident(&e.name);
    let doc = docs::attrs(std::slice::from_ref(&e.doc));
    let cases: Vec<(i64, proc_macro2::Ident, &String)> = e.cases.iter().map(|(c, v, d)| (*c, ident(v), d)).collect();
    let variants = cases.iter().map(|(_, id, d)| {
        let d = docs::attrs(std::slice::from_ref(*d));
        quote!(#d #id { /// The panel's message.
            message: String })
    });
    let from = cases.iter().map(|(c, id, _)| quote!(#c => Self::#id { message }));
    let code = cases.iter().map(|(c, id, _)| quote!(Self::#id { .. } => #c));
    let msg = cases.iter().map(|(_, id, _)| quote!(Self::#id { message }));
    let from_body = if cases.is_empty() {
        quote!(Self::Unknown { code, message })
    } else {
        quote!(match code { #(#from,)* code => Self::Unknown { code, message } })
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #n {
            #(#variants,)*
            /// A code this binding does not know.
            Unknown {
                /// The numeric code.
                code: i64,
                /// The panel's message.
                message: String,
            },
        }
        impl #n {
            /// The numeric code.
            pub fn code(&self) -> i64 {
                match self { #(#code,)* Self::Unknown { code, .. } => *code }
            }
            /// The panel's message.
            pub fn message(&self) -> &str {
                match self { #(#msg)|* | Self::Unknown { message, .. } => message }
            }
        }
        impl rt::FromCode for #n {
            fn from_code(code: i64, message: String) -> Self {
                #from_body
            }
        }
        impl ::std::fmt::Display for #n {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "error {}: {}", self.code(), self.message())
            }
        }
        impl ::std::error::Error for #n {}
    }
}
