//! Reply types: list elements, forms, BrainyCP payloads and error enums.

use panelkit_spec::{EnumValue, ErrorCase, FieldType, Function, ParamType, Payload, Text};
use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::names::{self, Scope, ident};

/// How one reply field is typed and decoded.
#[derive(Debug, Clone, PartialEq)]
enum ReplyType {
    Text,
    Secret,
    Int,
    Float,
    Flag,
    UsedLimit,
    Enum(String),
    List(Option<String>),
}

struct RField<'a> {
    wire: &'a str,
    ident: String,
    ty: ReplyType,
    doc: Vec<String>,
    values: &'a [EnumValue],
}

/// Where reply fields are read from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Node,
    Json,
}

fn label_doc(wire: &str, ident: &str, label: &Text, extra: &str) -> Vec<String> {
    // One line: the label, and the wire name only when the field is renamed or has more to say.
    let label = docs::text(label).map(|l| l.trim_end_matches('.').to_owned());
    let wire_note = wire != ident || !extra.is_empty() || label.is_none();
    vec![match label {
        Some(l) if !wire_note => format!("{l}."),
        Some(l) => format!("{l} (`{}`{extra}).", docs::esc(wire)),
        None => format!("Field `{}`{extra}.", docs::esc(wire)),
    }]
}

fn reply_enum(name: &str, owner: &str, wire: &str, values: &[EnumValue]) -> TokenStream {
    let n = ident(name);
    let doc = docs::attrs(&[format!(
        "Values of `{}` in [`{owner}`]; values this binding does not know are kept in `Unknown` (`rt::WireEnum`).",
        docs::esc(wire)
    )]);
    let mut vs = Scope::default();
    vs.reserve(&["Unknown"]);
    let mut variants = Vec::new();
    let mut table = Vec::new();
    for v in values {
        let id = ident(&vs.unique(&names::camel(&v.value)));
        let w = &v.value;
        let d = docs::attrs(&[match docs::text(&v.label) {
            Some(l) => format!("`{}`: {l}", docs::esc(w)),
            None => format!("`{}`.", docs::esc(w)),
        }]);
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
            fn unknown(s: String) -> Self { Self::Unknown(s) }
            fn as_unknown(&self) -> Option<&str> { if let Self::Unknown(s) = self { Some(s) } else { None } }
        }
    }
}

fn field_ty(f: &RField) -> TokenStream {
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

fn decode_expr(f: &RField, src: Source) -> TokenStream {
    let w = f.wire;
    match (src, &f.ty) {
        (Source::Node, ReplyType::List(Some(sep))) => quote!(rt::decode::list_by(e, #w, #sep)),
        // Every other node field is one generic `FromField` by its Rust type.
        (Source::Node, _) => quote!(e.field(#w)?),
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

/// A reply struct with its enums and decode impl.
fn reply_struct(
    name: &str,
    doc: Vec<String>,
    fields: &[RField],
    src: Source,
    types: &mut Scope,
    with_elid: bool,
) -> TokenStream {
    let n = ident(name);
    let doc = docs::attrs(&doc);
    let mut enums = Vec::new();
    let mut fields_resolved: Vec<RField> = Vec::new();
    for f in fields {
        let mut ty = f.ty.clone();
        if let ReplyType::Enum(_) = ty {
            let enum_name = types.unique(&format!("{name}{}", names::camel(&f.ident)));
            enums.push(reply_enum(&enum_name, name, f.wire, f.values));
            ty = ReplyType::Enum(enum_name);
        }
        fields_resolved.push(RField { wire: f.wire, ident: f.ident.clone(), ty, doc: f.doc.clone(), values: f.values });
    }
    let decls = fields_resolved.iter().map(|f| {
        let id = ident(&f.ident);
        let t = field_ty(f);
        let d = docs::attrs(&f.doc);
        quote!(#d pub #id: #t)
    });
    let inits = fields_resolved.iter().map(|f| {
        let id = ident(&f.ident);
        let e = decode_expr(f, src);
        quote!(#id: #e)
    });
    let (elid_decl, elid_init) = if with_elid {
        (
            quote!(/// The object's id (`elid`), when the reply names it.
            pub elid: Option<String>,),
            quote!(elid: e.field("elid")?,),
        )
    } else {
        (quote!(), quote!())
    };
    let imp = match src {
        Source::Node if with_elid => quote! {
            impl rt::FromDoc for #n {
                fn from_doc(e: &rt::Node) -> Result<Self, rt::DecodeError> {
                    Ok(Self { #elid_init #(#inits),* })
                }
            }
        },
        Source::Node => quote! {
            impl rt::FromElem for #n {
                fn from_elem(e: &rt::Node) -> Result<Self, rt::DecodeError> {
                    Ok(Self { #(#inits),* })
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
    let unused = if fields_resolved.is_empty() && src != Source::Node { quote!(let _ = m;) } else { quote!() };
    let imp = if unused.is_empty() {
        imp
    } else {
        quote! {
            impl rt::FromPayload for #n {
                fn from_payload(v: &rt::Json) -> Result<Self, rt::DecodeError> {
                    rt::payload::json_object(v, #name)?;
                    Ok(Self {})
                }
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #n { #elid_decl #(#decls),* }
        #imp
        #(#enums)*
    }
}

fn result_fields<'a>(f: &'a Function, scope: &mut Scope) -> Vec<RField<'a>> {
    f.result
        .fields
        .iter()
        .map(|x| {
            let ty = match x.ty {
                FieldType::Text => ReplyType::Text,
                FieldType::Int => ReplyType::Int,
                FieldType::Float => ReplyType::Float,
                FieldType::Flag => ReplyType::Flag,
                FieldType::UsedLimit => ReplyType::UsedLimit,
                FieldType::Enum if !x.values.is_empty() => ReplyType::Enum(String::new()),
                FieldType::Enum => ReplyType::Text,
                FieldType::List => ReplyType::List(None),
            };
            let extra = match x.ty {
                FieldType::UsedLimit => "; `used` / `limit` attributes",
                _ if x.inferred => "; type inferred",
                _ => "",
            };
            let key = f.result.key.as_deref() == Some(x.name.as_str());
            let extra = if key { "; the element's id, its `elid` elsewhere" } else { extra };
            let ident = scope.unique(&x.rust_name.clone().unwrap_or_else(|| names::snake(&x.name)));
            let doc = label_doc(&x.name, &ident, &x.label, extra);
            RField { wire: &x.name, ident, ty, doc, values: &x.values }
        })
        .collect()
}

/// `<Name>Elem` of a list function.
pub fn elem(f: &Function, name: &str, types: &mut Scope) -> TokenStream {
    let mut scope = Scope::default();
    let fields = result_fields(f, &mut scope);
    let doc = vec![format!("One element of the `{}` list.", docs::esc(&f.name))];
    reply_struct(name, doc, &fields, Source::Node, types, false)
}

/// `<Name>Form` of a form function: its parameters plus extra result fields.
pub fn form(f: &Function, name: &str, types: &mut Scope) -> TokenStream {
    let mut scope = Scope::default();
    scope.reserve(&["elid"]);
    let mut fields: Vec<RField> = f
        .params
        .iter()
        .map(|p| {
            let ty = match p.ty {
                ParamType::Password => ReplyType::Secret,
                ParamType::Int => ReplyType::Int,
                ParamType::Float => ReplyType::Float,
                ParamType::Flag => ReplyType::Flag,
                ParamType::Enum if !p.values.is_empty() => ReplyType::Enum(String::new()),
                ParamType::List => {
                    let sep = p.separator.clone().filter(|s| !s.trim().is_empty());
                    ReplyType::List(sep)
                }
                _ => ReplyType::Text,
            };
            let ident = scope.unique(&p.rust_name.clone().unwrap_or_else(|| names::snake(&p.name)));
            // The setter of the same parameter explains its type, bounds and sentinel.
            let doc = label_doc(&p.name, &ident, &p.label, "");
            RField { wire: &p.name, ident, ty, doc, values: &p.values }
        })
        .collect();
    let more: Vec<RField> =
        result_fields(f, &mut scope).into_iter().filter(|x| !f.params.iter().any(|p| p.name == x.wire)).collect();
    fields.extend(more);
    let doc = vec![
        format!("The object's parameters as the `{}` form shows them.", docs::esc(&f.name)),
        String::new(),
        "Fields the binding does not know are ignored.".to_owned(),
    ];
    reply_struct(name, doc, &fields, Source::Node, types, true)
}

/// A BrainyCP payload: `(output type, items to emit)`.
pub fn payload(f: &Function, stem: &str, types: &mut Scope) -> (TokenStream, TokenStream) {
    let has_fields = !f.result.fields.is_empty();
    match f.result.payload {
        Some(Payload::Text) => (quote!(String), quote!()),
        Some(Payload::Number) => (quote!(f64), quote!()),
        Some(Payload::List) if has_fields => {
            let name = types.unique(&format!("{stem}Item"));
            let mut scope = Scope::default();
            let fields = result_fields(f, &mut scope);
            let doc = vec![format!("One item of the `{}` payload.", docs::esc(&f.name))];
            let n = ident(&name);
            (quote!(Vec<#n>), reply_struct(&name, doc, &fields, Source::Json, types, false))
        }
        Some(Payload::List) => (quote!(Vec<rt::Json>), quote!()),
        Some(Payload::Object) if has_fields => {
            let name = types.unique(&format!("{stem}Data"));
            let mut scope = Scope::default();
            let fields = result_fields(f, &mut scope);
            let doc = vec![format!("The `{}` payload.", docs::esc(&f.name))];
            let n = ident(&name);
            (quote!(#n), reply_struct(&name, doc, &fields, Source::Json, types, false))
        }
        _ => (quote!(rt::Json), quote!()),
    }
}

/// A BrainyCP per-function error enum; unknown codes are kept.
pub fn error_enum(f: &Function, name: &str) -> TokenStream {
    let n = ident(name);
    let doc = docs::attrs(&[format!("Errors `{}` documents; other codes are kept in `Unknown`.", docs::esc(&f.name))]);
    let mut vs = Scope::default();
    vs.reserve(&["Unknown"]);
    let mut seen: Vec<i64> = Vec::new();
    let cases: Vec<(&ErrorCase, proc_macro2::Ident)> = f
        .errors
        .iter()
        .filter(|e| {
            e.code != 0 && !seen.contains(&e.code) && {
                seen.push(e.code);
                true
            }
        })
        .map(|e| (e, ident(&vs.unique(&names::camel(&e.name)))))
        .collect();
    let variants = cases.iter().map(|(e, id)| {
        let msg = docs::text(&e.message).map(|m| format!(": {m}")).unwrap_or_default();
        let d = docs::attrs(&[format!("Code {}{msg}", e.code)]);
        quote!(#d #id { /// The panel's message.
            message: String })
    });
    let from = cases.iter().map(|(e, id)| {
        let c = e.code;
        quote!(#c => Self::#id { message })
    });
    let code = cases.iter().map(|(e, id)| {
        let c = e.code;
        quote!(Self::#id { .. } => #c)
    });
    let msg = cases.iter().map(|(_, id)| quote!(Self::#id { message }));
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
