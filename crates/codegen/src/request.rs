//! Request types: struct, `new(..)`, setters, `unchecked`, `encode`, trait impls.

use panelkit_spec::{Function, FunctionKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::names::ident;
use crate::plan::{EnumPlan, Field, FuncPlan, SwitchPlan, VTy};

/// The Rust type of a stored value.
pub fn rust_ty(v: &VTy) -> TokenStream {
    match v {
        VTy::Text => quote!(String),
        VTy::Secret => quote!(rt::Secret),
        VTy::Int => quote!(i64),
        VTy::Limit(_) => quote!(rt::support::Limit),
        VTy::Float => quote!(f64),
        VTy::Bool => quote!(bool),
        VTy::Ipv4 => quote!(::std::net::Ipv4Addr),
        VTy::Ipv6 => quote!(::std::net::Ipv6Addr),
        VTy::Ip => quote!(::std::net::IpAddr),
        VTy::Enum(n) | VTy::DataEnum(n) => {
            let n = ident(n);
            quote!(#n)
        }
        VTy::Switch(n) => {
            let n = ident(n);
            quote!(rt::support::Switch<#n>)
        }
        VTy::List(item, _) => {
            let i = rust_ty(item);
            quote!(Vec<#i>)
        }
    }
}

/// `(argument type, conversion of argument v into the stored type)`.
fn arg(v: &VTy, name: &TokenStream) -> (TokenStream, TokenStream) {
    match v {
        VTy::Text => (quote!(impl Into<String>), quote!(#name.into())),
        VTy::Secret => (quote!(impl Into<rt::Secret>), quote!(#name.into())),
        VTy::Limit(_) => (quote!(impl Into<rt::support::Limit>), quote!(#name.into())),
        VTy::Switch(_) => {
            let t = rust_ty(v);
            (quote!(impl Into<#t>), quote!(#name.into()))
        }
        VTy::List(item, _) if **item == VTy::Text => {
            (quote!(impl IntoIterator<Item = impl Into<String>>), quote!(#name.into_iter().map(Into::into).collect()))
        }
        VTy::List(item, _) => {
            let i = rust_ty(item);
            (quote!(impl IntoIterator<Item = #i>), quote!(#name.into_iter().collect()))
        }
        _ => (rust_ty(v), quote!(#name)),
    }
}

/// Statement writing one field; `access` is `&T` (or `&Option<T>` when `opt`).
pub fn encode(v: &VTy, wire: &str, access: TokenStream, opt: bool) -> TokenStream {
    match (v, opt) {
        (VTy::Secret, true) => quote!(rt::support::put_secret(out, #wire, #access);),
        (VTy::Secret, false) => quote!(rt::support::put_secret_value(out, #wire, #access);),
        (VTy::Limit(inf), true) => {
            let inf = proc_macro2::Literal::i64_unsuffixed(*inf);
            quote!(rt::support::put_limit(out, #wire, #access, #inf);)
        }
        (VTy::Limit(inf), false) => {
            let inf = proc_macro2::Literal::i64_unsuffixed(*inf);
            quote!(rt::support::put_limit_value(out, #wire, #access, #inf);)
        }
        (VTy::List(_, sep), true) => quote!(rt::support::put_list(out, #wire, #access, #sep);),
        (VTy::List(_, sep), false) => quote!(rt::support::put_list_value(out, #wire, #access, #sep);),
        (VTy::DataEnum(_), true) => quote! {
            if let Some(v) = #access {
                rt::support::put(out, #wire, v);
                rt::support::EncodeFields::encode_fields(v, out);
            }
        },
        (VTy::DataEnum(_), false) => quote! {
            rt::support::put(out, #wire, #access);
            rt::support::EncodeFields::encode_fields(#access, out);
        },
        (VTy::Switch(_), _) => quote!(rt::support::put_switch(out, #wire, #access);),
        (_, true) => quote!(rt::support::put_opt(out, #wire, #access);),
        (_, false) => quote!(rt::support::put(out, #wire, #access);),
    }
}

const ENUM_ALLOWS: &str = "clippy::enum_variant_names";

/// A request-side enum: plain (`Copy`) or with variants carrying fields.
pub fn enum_type(f: &Function, e: &EnumPlan) -> TokenStream {
    let name = ident(&e.name);
    let mut doc = vec![format!("Values of `{}` of `{}`.", docs::esc(&e.p.name), docs::esc(&f.name))];
    doc.push(String::new());
    doc.extend(docs::param(f, e.p));
    if e.data {
        doc.push(String::new());
        doc.push("Each variant carries exactly the parameters its value enables.".to_owned());
    }
    let doc = docs::attrs(&doc);
    let allow: TokenStream = ENUM_ALLOWS.parse().expect("lint path");
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut enc_arms = Vec::new();
    for (wire, vname, fields) in &e.variants {
        let v = ident(vname);
        let label = e.p.values.iter().find(|x| &x.value == wire).and_then(|x| docs::text(&x.label));
        let vdoc = docs::attrs(&[match label {
            Some(l) => format!("`{}`: {l}", docs::esc(wire)),
            None => format!("`{}`.", docs::esc(wire)),
        }]);
        if fields.is_empty() {
            variants.push(quote!(#vdoc #v));
            arms.push(quote!(Self::#v => #wire));
        } else {
            let decls = fields.iter().map(|fl| {
                let id = ident(&fl.ident);
                let t = rust_ty(&fl.ty);
                let d = docs::attrs(&docs::param(f, fl.p));
                quote!(#d #id: Option<#t>)
            });
            variants.push(quote!(#vdoc #v { #(#decls),* }));
            arms.push(quote!(Self::#v { .. } => #wire));
            let ids: Vec<_> = fields.iter().map(|fl| ident(&fl.ident)).collect();
            let stmts = fields.iter().map(|fl| {
                encode(
                    &fl.ty,
                    &fl.p.name,
                    {
                        let id = ident(&fl.ident);
                        quote!(#id)
                    },
                    true,
                )
            });
            enc_arms.push(quote!(Self::#v { #(#ids),* } => { #(#stmts)* }));
        }
    }
    let derives = if e.data { quote!(#[derive(Debug, Clone)]) } else { quote!(#[derive(Debug, Clone, Copy)]) };
    let encode_fields = if e.data {
        let rest = if enc_arms.len() < e.variants.len() { quote!(_ => {}) } else { quote!() };
        quote! {
            impl rt::support::EncodeFields for #name {
                fn encode_fields(&self, out: &mut rt::Params) {
                    match self {
                        #(#enc_arms)*
                        #rest
                    }
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        #derives
        #[allow(#allow)]
        pub enum #name { #(#variants),* }
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &'static str {
                match self { #(#arms),* }
            }
        }
        impl rt::support::Wire for #name {
            fn wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
        #encode_fields
    }
}

/// The struct a flag carries when on.
pub fn switch_type(f: &Function, s: &SwitchPlan) -> TokenStream {
    let name = ident(&s.name);
    let mut doc = vec![format!("What `{}` of `{}` carries when on.", docs::esc(&s.p.name), docs::esc(&f.name))];
    doc.push(String::new());
    doc.extend(docs::param(f, s.p));
    let doc = docs::attrs(&doc);
    let decls = s.fields.iter().map(|fl| {
        let id = ident(&fl.ident);
        let t = rust_ty(&fl.ty);
        let d = docs::attrs(&docs::param(f, fl.p));
        quote!(#d pub #id: Option<#t>)
    });
    let stmts = s.fields.iter().map(|fl| {
        let id = ident(&fl.ident);
        encode(&fl.ty, &fl.p.name, quote!(&self.#id), true)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        pub struct #name { #(#decls),* }
        impl rt::support::EncodeFields for #name {
            fn encode_fields(&self, out: &mut rt::Params) {
                #(#stmts)*
            }
        }
    }
}

/// What a request's `elid` looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElidMode {
    /// No `elid`.
    None,
    /// Optional (form edit, filter).
    Optional {
        /// Several ids.
        multiple: bool,
    },
    /// Required (group operations, sublists).
    Required {
        /// Several ids.
        multiple: bool,
    },
}

impl ElidMode {
    /// From the spec.
    pub fn of(f: &Function) -> Self {
        match &f.elid {
            None if f.kind == FunctionKind::Form => ElidMode::Optional { multiple: false },
            None => ElidMode::None,
            Some(e) if e.required => ElidMode::Required { multiple: e.multiple },
            Some(e) => ElidMode::Optional { multiple: e.multiple },
        }
    }
}

/// Everything about one request type that the emitter needs besides the plan.
pub struct ReqCtx<'a> {
    /// The function.
    pub f: &'a Function,
    /// Type name.
    pub name: &'a str,
    /// Static table name.
    pub info: &'a str,
    /// Panel marker type name.
    pub marker: &'a str,
    /// Output type.
    pub output: TokenStream,
    /// BrainyCP error type.
    pub error: Option<String>,
}

const METHOD_ALLOWS: &str = "clippy::wrong_self_convention, clippy::should_implement_trait";

/// `impl rt::Unchecked`: the escape hatch is the trait's provided method.
fn unchecked_impl(name: &syn::Ident) -> TokenStream {
    quote! {
        impl rt::Unchecked for #name {
            fn extra(&mut self) -> &mut rt::Params { &mut self.extra }
        }
    }
}

/// A typed request type.
pub fn typed(c: &ReqCtx, plan: &FuncPlan) -> TokenStream {
    let f = c.f;
    let name = ident(c.name);
    let info = ident(c.info);
    let marker = ident(c.marker);
    let doc = docs::attrs(&docs::function(f));
    let elid = ElidMode::of(f);
    let mut decls = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    let mut new_doc = vec!["A request with every required parameter.".to_owned()];
    let mut setters = Vec::new();
    let mut enc = Vec::new();
    if f.plid.is_some() {
        decls.push(quote!(plid: String));
        new_args.push(quote!(plid: impl Into<String>));
        new_inits.push(quote!(plid: plid.into()));
        new_doc.push(String::new());
        new_doc.push("`plid`: the parent object's id.".to_owned());
        enc.push(quote!(rt::support::put(out, "plid", &self.plid);));
    }
    match elid {
        ElidMode::None => {}
        ElidMode::Required { multiple: false } => {
            decls.push(quote!(elid: String));
            new_args.push(quote!(elid: impl Into<String>));
            new_inits.push(quote!(elid: elid.into()));
            new_doc.push(String::new());
            new_doc.push("`elid`: the object's id.".to_owned());
            enc.push(quote!(rt::support::put(out, "elid", &self.elid);));
        }
        ElidMode::Required { multiple: true } => {
            decls.push(quote!(elid: Vec<String>));
            new_args.push(quote!(elid: impl IntoIterator<Item = impl Into<String>>));
            new_inits.push(quote!(elid: elid.into_iter().map(Into::into).collect()));
            new_doc.push(String::new());
            new_doc.push("`elid`: the objects' ids (sent joined by `, `).".to_owned());
            enc.push(quote!(rt::support::put_ids(out, "elid", &self.elid);));
        }
        ElidMode::Optional { multiple: false } => {
            decls.push(quote!(elid: Option<String>));
            new_inits.push(quote!(elid: None));
            let what = if f.kind == FunctionKind::Form {
                "edits the object with this id instead of creating one"
            } else {
                "the object's id"
            };
            let d = docs::attrs(&[format!("Sets `elid`: {what}.")]);
            setters.push(quote! {
                #d
                pub fn elid(mut self, id: impl Into<String>) -> Self { self.elid = Some(id.into()); self }
            });
            enc.push(quote!(rt::support::put_opt(out, "elid", &self.elid);));
        }
        ElidMode::Optional { multiple: true } => {
            decls.push(quote!(elid: Vec<String>));
            new_inits.push(quote!(elid: Vec::new()));
            setters.push(quote! {
                /// Sets `elid`: one or more object ids (sent joined by `, `).
                pub fn elid(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
                    self.elid = ids.into_iter().map(Into::into).collect();
                    self
                }
            });
            enc.push(quote!(rt::support::put_ids(out, "elid", &self.elid);));
        }
    }
    for fl in &plan.fields {
        let id = ident(&fl.ident);
        let t = rust_ty(&fl.ty);
        let idt = quote!(#id);
        if fl.p.required {
            decls.push(quote!(#id: #t));
            let (a, conv) = arg(&fl.ty, &idt);
            new_args.push(quote!(#id: #a));
            if conv.to_string() == idt.to_string() {
                new_inits.push(quote!(#id));
            } else {
                new_inits.push(quote!(#id: #conv));
            }
            new_doc.push(String::new());
            let label = docs::text(&fl.p.label).map(|l| format!("{l} ")).unwrap_or_default();
            new_doc.push(format!(
                "`{}`: {label}(wire `{}`, {}).",
                fl.ident,
                docs::esc(&fl.p.name),
                docs::type_phrase(fl.p)
            ));
            enc.push(encode(&fl.ty, &fl.p.name, quote!(&self.#id), false));
        } else {
            decls.push(quote!(#id: Option<#t>));
            new_inits.push(quote!(#id: None));
            let (a, conv) = arg(&fl.ty, &quote!(v));
            let d = docs::attrs(&setter_doc(f, fl));
            setters.push(quote! {
                #d
                pub fn #id(mut self, v: #a) -> Self { self.#id = Some(#conv); self }
            });
            enc.push(encode(&fl.ty, &fl.p.name, quote!(&self.#id), true));
        }
    }
    if matches!(f.kind, FunctionKind::Form | FunctionKind::Confirm) {
        enc.push(quote!(out.set("sok", "ok");));
    }
    decls.push(quote!(extra: rt::Params));
    new_inits.push(quote!(extra: rt::Params::new()));
    let no_args = new_args.is_empty();
    // `Debug` prints the encoded parameters through one runtime helper (secrets redacted)
    // instead of a derived impl per request: derives are a large share of compile time.
    let derives = if no_args { quote!(#[derive(Clone, Default)]) } else { quote!(#[derive(Clone)]) };
    let new_body = if no_args { quote!(Self::default()) } else { quote!(Self { #(#new_inits),* }) };
    let many = if new_args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let new_doc = docs::attrs(&new_doc);
    let allows: TokenStream = METHOD_ALLOWS.parse().expect("lint paths");
    let unchecked = unchecked_impl(&name);
    let output = &c.output;
    let brainy = match &c.error {
        Some(e) => {
            let e = ident(e);
            quote!(impl rt::BrainyRequest for #name { type Error = #e; })
        }
        None => quote!(),
    };
    quote! {
        #doc
        #derives
        pub struct #name { #(#decls),* }
        #[allow(#allows)]
        impl #name {
            #new_doc
            #many
            pub fn new(#(#new_args),*) -> Self { #new_body }
            #(#setters)*
        }
        #unchecked
        impl rt::Request for #name {
            type Panel = #marker;
            type Output = #output;
            const INFO: &'static rt::FuncInfo = &#info;
            fn encode(&self, out: &mut rt::Params) {
                #(#enc)*
                out.extend(&self.extra);
            }
        }
        impl rt::ForPanel<#marker> for #name {}
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { rt::support::debug_request(self, f) }
        }
        #brainy
    }
}

fn setter_doc(f: &Function, fl: &Field) -> Vec<String> {
    let mut d = docs::param(f, fl.p);
    match &fl.ty {
        VTy::Switch(s) => {
            d.push(String::new());
            d.push(format!("Pass a [`{s}`] to turn it on with the parameters it enables, or `Switch::Off`."));
        }
        VTy::DataEnum(_) => {
            d.push(String::new());
            d.push("The parameters a value enables are fields of its variant.".to_owned());
        }
        _ => {}
    }
    d
}

/// The request that reads a form (`elid` without `sok`).
pub fn form_get(f: &Function, name: &str, info: &str, marker: &str, form: &str) -> TokenStream {
    let n = ident(name);
    let info = ident(info);
    let marker = ident(marker);
    let form = ident(form);
    let doc =
        docs::attrs(&[format!("Reads the form of `{}` for one object; the reply is [`{form}`].", docs::esc(&f.name))]);
    let (decl, arg, init, enc) = if f.plid.is_some() {
        (
            quote!(plid: String,),
            quote!(plid: impl Into<String>,),
            quote!(plid: plid.into(),),
            quote!(rt::support::put(out, "plid", &self.plid);),
        )
    } else {
        (quote!(), quote!(), quote!(), quote!())
    };
    let unchecked = unchecked_impl(&n);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #n { #decl elid: String, extra: rt::Params }
        impl #n {
            /// Reads the object with this id.
            pub fn new(#arg elid: impl Into<String>) -> Self { Self { #init elid: elid.into(), extra: rt::Params::new() } }
        }
        #unchecked
        impl rt::Request for #n {
            type Panel = #marker;
            type Output = #form;
            const INFO: &'static rt::FuncInfo = &#info;
            fn encode(&self, out: &mut rt::Params) {
                #enc
                rt::support::put(out, "elid", &self.elid);
                out.extend(&self.extra);
            }
        }
        impl rt::ForPanel<#marker> for #n {}
    }
}

/// An untyped catalog function: an alias of entry `index` of the panel's catalog.
pub fn untyped(f: &Function, name: &str, index: usize) -> TokenStream {
    let n = ident(name);
    let doc = docs::attrs(&docs::untyped(f));
    let i = proc_macro2::Literal::usize_unsuffixed(index);
    quote! {
        #doc
        pub type #n = Untyped<#i>;
    }
}
