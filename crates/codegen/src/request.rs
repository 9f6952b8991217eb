//! Request types: struct, `new(..)`, setters, `unchecked`, `encode`, trait impls.

use panelkit_spec::{Function, FunctionKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::names::ident;
use crate::plan::{EnumPlan, FuncPlan, SwitchPlan, ValueType};

/// The Rust type of a stored value.
pub fn rust_ty(v: &ValueType) -> TokenStream {
    match v {
        ValueType::Text => quote!(String),
        ValueType::Secret => quote!(rt::Secret),
        ValueType::Int => quote!(i64),
        ValueType::Limit(_) => quote!(rt::Limit),
        ValueType::Float => quote!(f64),
        ValueType::Bool => quote!(bool),
        ValueType::Ipv4 => quote!(::std::net::Ipv4Addr),
        ValueType::Ipv6 => quote!(::std::net::Ipv6Addr),
        ValueType::Ip => quote!(::std::net::IpAddr),
        ValueType::Enum(n) | ValueType::DataEnum(n) => {
            let n = ident(n);
            quote!(#n)
        }
        ValueType::Switch(n) => {
            let n = ident(n);
            quote!(rt::Switch<#n>)
        }
        ValueType::List(item, _) => {
            let i = rust_ty(item);
            quote!(Vec<#i>)
        }
    }
}

/// The index of `p` in `f`'s parameter table (the lowered table keeps spec order).
pub fn slot(f: &Function, p: &panelkit_spec::Param) -> proc_macro2::Literal {
    let i = f.params.iter().position(|x| x.name == p.name).expect("a planned parameter is in its function");
    proc_macro2::Literal::usize_unsuffixed(i)
}

/// `.method(..)` storing `v` (an argument of [`arg`]'s type, or `Option` of the stored
/// type when `opt`) into slot `i`: what a setter, `new` or a carried field does.
pub fn store(v: &ValueType, i: &proc_macro2::Literal, x: TokenStream, opt: bool) -> TokenStream {
    match (v, opt) {
        (ValueType::Text, false) => quote!(.text(#i, #x)),
        (ValueType::Secret, false) => quote!(.secret(#i, #x)),
        (ValueType::Limit(_), false) => quote!(.limit(#i, #x)),
        (ValueType::Enum(_), false) => quote!(.en(#i, #x as usize)),
        (ValueType::Enum(_), true) => quote!(.opt_en(#i, #x.map(|v| v as usize))),
        (ValueType::DataEnum(_), false) => quote!(.carry(#x)),
        (ValueType::DataEnum(_), true) => quote!(.carry_opt(#x)),
        (ValueType::Switch(_), false) => quote!(.switch(#i, #x)),
        (ValueType::Switch(_), true) => quote!(.switch_opt(#i, #x)),
        (ValueType::List(item, _), false) => match &**item {
            ValueType::Text => quote!(.texts(#i, #x)),
            ValueType::Enum(_) => quote!(.ens(#i, #x.into_iter().map(|v| v as usize))),
            _ => quote!(.list(#i, #x)),
        },
        (ValueType::List(item, _), true) => match &**item {
            ValueType::Enum(_) => {
                quote!(.opt_list(#i, #x.map(|l| l.into_iter().map(|v| rt::Slot::Index(v as usize)).collect::<Vec<_>>())))
            }
            _ => quote!(.opt_list(#i, #x)),
        },
        (_, false) => quote!(.with(#i, #x)),
        (_, true) => quote!(.opt(#i, #x)),
    }
}

/// The argument type a setter or `new` takes for a value of `v`.
fn arg(v: &ValueType) -> TokenStream {
    match v {
        ValueType::Text => quote!(impl Into<String>),
        ValueType::Secret => quote!(impl Into<rt::Secret>),
        ValueType::Limit(_) => quote!(impl Into<rt::Limit>),
        ValueType::Switch(_) => {
            let t = rust_ty(v);
            quote!(impl Into<#t>)
        }
        ValueType::List(item, _) if **item == ValueType::Text => quote!(impl IntoIterator<Item = impl Into<String>>),
        ValueType::List(item, _) => {
            let i = rust_ty(item);
            quote!(impl IntoIterator<Item = #i>)
        }
        _ => rust_ty(v),
    }
}

/// A request-side enum: plain (`Copy`; its wire values are the table's, by variant
/// index) or with variants carrying fields (`impl Carry`: one arm per variant storing
/// the value's index and what it carries).
pub fn enum_type(f: &Function, e: &EnumPlan) -> TokenStream {
    let name = ident(&e.name);
    let mut doc =
        vec![format!("Values of `{}` of `{}`: {}", docs::esc(&e.p.name), docs::esc(&f.name), docs::param_line(f, e.p))];
    doc.extend(docs::effects(f, e.p));
    let doc = docs::attrs(&doc);
    let i = slot(f, e.p);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for (n, (wire, vname, fields)) in e.variants.iter().enumerate() {
        let v = ident(vname);
        let label = e.p.values.iter().find(|x| &x.value == wire).and_then(|x| docs::text(&x.label));
        let vdoc = docs::attrs(&[match label {
            Some(l) => format!("`{}`: {l}", docs::esc(wire)),
            None => format!("`{}`.", docs::esc(wire)),
        }]);
        let n = proc_macro2::Literal::usize_unsuffixed(n);
        if fields.is_empty() {
            variants.push(quote!(#vdoc #v));
            arms.push(quote!(Self::#v => s.en(#i, #n)));
        } else {
            let decls = fields.iter().map(|fl| {
                let id = ident(&fl.ident);
                let t = rust_ty(&fl.ty);
                let d = docs::attrs(&[docs::param_line(f, fl.p)]);
                quote!(#d #id: Option<#t>)
            });
            variants.push(quote!(#vdoc #v { #(#decls),* }));
            let ids: Vec<_> = fields.iter().map(|fl| ident(&fl.ident)).collect();
            let stores = fields.iter().map(|fl| {
                let id = ident(&fl.ident);
                store(&fl.ty, &slot(f, fl.p), quote!(#id), true)
            });
            arms.push(quote!(Self::#v { #(#ids),* } => s.en(#i, #n) #(#stores)*));
        }
    }
    if !e.data {
        return quote! {
            #doc
            #[derive(Debug, Clone, Copy)]
            pub enum #name { #(#variants),* }
        };
    }
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub enum #name { #(#variants),* }
        impl rt::Carry for #name {
            fn carry(self, s: rt::Slots) -> rt::Slots {
                match self { #(#arms),* }
            }
        }
    }
}

/// The struct a flag carries when on (`impl Carry`: stores its fields).
pub fn switch_type(f: &Function, s: &SwitchPlan) -> TokenStream {
    let name = ident(&s.name);
    let mut doc = vec![format!(
        "What `{}` of `{}` carries when on: {}",
        docs::esc(&s.p.name),
        docs::esc(&f.name),
        docs::param_line(f, s.p)
    )];
    doc.extend(docs::effects(f, s.p));
    let doc = docs::attrs(&doc);
    let decls = s.fields.iter().map(|fl| {
        let id = ident(&fl.ident);
        let t = rust_ty(&fl.ty);
        let d = docs::attrs(&[docs::param_line(f, fl.p)]);
        quote!(#d pub #id: Option<#t>)
    });
    let stores = s.fields.iter().map(|fl| {
        let id = ident(&fl.ident);
        store(&fl.ty, &slot(f, fl.p), quote!(self.#id), true)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        pub struct #name { #(#decls),* }
        impl rt::Carry for #name {
            fn carry(self, s: rt::Slots) -> rt::Slots {
                s #(#stores)*
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

/// `impl Typed` (the runtime implements `Request` and `Unchecked` from it) and
/// `impl ForPanel` of a newtype over `rt::Slots`.
fn impls(name: &syn::Ident, marker: &syn::Ident, output: &TokenStream, info: &syn::Ident) -> TokenStream {
    quote! {
        impl rt::Typed for #name {
            type Panel = #marker;
            type Output = #output;
            const INFO: &'static rt::FuncInfo = &#info;
            const SLOTS: rt::SlotsAccess<Self> = (|r| &r.0, |r| &mut r.0);
        }
        impl rt::ForPanel<#marker> for #name {}
    }
}

/// A typed request type: a newtype over `rt::Slots`, `new(..)` with the required
/// parameters, one setter per optional parameter storing into its slot.
pub fn typed(c: &ReqCtx, plan: &FuncPlan) -> TokenStream {
    let f = c.f;
    let name = ident(c.name);
    let info = ident(c.info);
    let marker = ident(c.marker);
    let doc = docs::attrs(&docs::function(f));
    let elid = ElidMode::of(f);
    let mut new_args = Vec::new();
    let mut init = Vec::new();
    let mut new_doc = vec!["A request with every required parameter.".to_owned()];
    let mut setters = Vec::new();
    if f.plid.is_some() {
        new_args.push(quote!(plid: impl Into<String>));
        init.push(quote!(.plid(plid.into())));
        new_doc.push(String::new());
        new_doc.push("`plid`: the parent object's id.".to_owned());
    }
    match elid {
        ElidMode::None => {}
        ElidMode::Required { multiple: false } => {
            new_args.push(quote!(elid: impl Into<String>));
            init.push(quote!(.elid(elid.into())));
            new_doc.push(String::new());
            new_doc.push("`elid`: the object's id.".to_owned());
        }
        ElidMode::Required { multiple: true } => {
            new_args.push(quote!(elid: impl IntoIterator<Item = impl Into<String>>));
            init.push(quote!(.elids(elid)));
            new_doc.push(String::new());
            new_doc.push("`elid`: the objects' ids (sent joined by `, `).".to_owned());
        }
        ElidMode::Optional { multiple: false } => {
            let what = if f.kind == FunctionKind::Form {
                "edits the object with this id instead of creating one"
            } else {
                "the object's id"
            };
            let d = docs::attrs(&[format!("Sets `elid`: {what}.")]);
            setters.push(quote! {
                #d
                pub fn elid(self, id: impl Into<String>) -> Self { Self(self.0.elid(id.into())) }
            });
        }
        ElidMode::Optional { multiple: true } => {
            setters.push(quote! {
                /// Sets `elid`: one or more object ids (sent joined by `, `).
                pub fn elid(self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self { Self(self.0.elids(ids)) }
            });
        }
    }
    for fl in &plan.fields {
        let id = ident(&fl.ident);
        let i = slot(f, fl.p);
        let a = arg(&fl.ty);
        if fl.p.required {
            new_args.push(quote!(#id: #a));
            init.push(store(&fl.ty, &i, quote!(#id), false));
            new_doc.push(String::new());
            new_doc.push(format!("`{}`: {}", fl.ident, docs::param_line(f, fl.p)));
        } else {
            let typed_effects = matches!(fl.ty, ValueType::Enum(_) | ValueType::DataEnum(_) | ValueType::Switch(_));
            let d = docs::attrs(&docs::setter(f, fl.p, typed_effects));
            let st = store(&fl.ty, &i, quote!(v), false);
            setters.push(quote! {
                #d
                pub fn #id(self, v: #a) -> Self { Self(self.0 #st) }
            });
        }
    }
    let many = if new_args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let new_doc = docs::attrs(&new_doc);
    let output = &c.output;
    let brainy = match &c.error {
        Some(e) => {
            let e = ident(e);
            quote!(impl rt::BrainyRequest for #name { type Error = #e; })
        }
        None => quote!(),
    };
    let impls = impls(&name, &marker, output, &info);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #name(rt::Slots);
        impl #name {
            #new_doc
            #many
            pub fn new(#(#new_args),*) -> Self { Self(rt::Slots::new(&#info) #(#init)*) }
            #(#setters)*
        }
        #impls
        #brainy
    }
}

/// The request that reads a form (`elid` without `sok`): the runtime's `Read` (or
/// `ReadIn` under a parent) of the form reply, which names the form's table.
pub fn form_get(f: &Function, name: &str, info: &str, marker: &str, form: &str) -> TokenStream {
    let n = ident(name);
    let info = ident(info);
    let marker = ident(marker);
    let form_id = ident(form);
    let doc =
        docs::attrs(&[format!("Reads the form of `{}` for one object; the reply is [`{form}`].", docs::esc(&f.name))]);
    let read = if f.plid.is_some() { quote!(ReadIn) } else { quote!(Read) };
    quote! {
        impl rt::FormReply for #form_id {
            type Panel = #marker;
            const OF: &'static rt::FuncInfo = &#info;
        }
        #doc
        pub type #n = rt::#read<#form_id>;
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
