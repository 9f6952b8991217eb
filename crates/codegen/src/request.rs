//! Prints request types from the IR: struct, `new(..)`, setters, `impl Typed`, and the
//! enums and switch structs that carry rule-dependent parameters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::ir::{ElidMode, EnumIr, FormGetIr, Output, RequestIr, SwitchIr};
use crate::names::ident;
use crate::plan::ValueType;

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

/// `.method(..)` storing `v` (an argument of [`arg`]'s type, or `Option` of the stored
/// type when `opt`) into slot `i`: what a setter, `new` or a carried field does.
fn store(v: &ValueType, slot: usize, x: TokenStream, opt: bool) -> TokenStream {
    let i = &proc_macro2::Literal::usize_unsuffixed(slot);
    match (v, opt) {
        (ValueType::Text, false) => quote!(.text(#i, #x)),
        (ValueType::Secret, false) => quote!(.secret(#i, #x)),
        (ValueType::Limit(_), false) => quote!(.limit(#i, #x)),
        (ValueType::Enum(_), false) => quote!(.choice(#i, #x as usize)),
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

/// The Rust type of a reply.
pub fn output_ty(o: &Output) -> TokenStream {
    let named = |n: &str| {
        let n = ident(n);
        quote!(#n)
    };
    match o {
        Output::Elems(n) => {
            let n = named(n);
            quote!(Vec<#n>)
        }
        Output::Done => quote!(rt::Done),
        Output::Node => quote!(rt::Node),
        Output::Text => quote!(String),
        Output::Number => quote!(f64),
        Output::Items(n) => {
            let n = named(n);
            quote!(Vec<#n>)
        }
        Output::JsonList => quote!(Vec<rt::Json>),
        Output::Data(n) => named(n),
        Output::Json => quote!(rt::Json),
    }
}

/// A request-side enum: plain (`Copy`; its wire values are the table's, by variant
/// index) or with variants carrying fields (`impl Carry`: one arm per variant storing
/// the value's index and what it carries).
pub fn enum_type(e: &EnumIr) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs::attrs(&e.doc);
    let i = proc_macro2::Literal::usize_unsuffixed(e.slot);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for (n, v) in e.variants.iter().enumerate() {
        let vid = ident(&v.ident);
        let vdoc = docs::attrs(std::slice::from_ref(&v.doc));
        let n = proc_macro2::Literal::usize_unsuffixed(n);
        if v.fields.is_empty() {
            variants.push(quote!(#vdoc #vid));
            arms.push(quote!(Self::#vid => s.choice(#i, #n)));
        } else {
            let decls = v.fields.iter().map(|fl| {
                let id = ident(&fl.ident);
                let t = rust_ty(&fl.ty);
                let d = docs::attrs(&fl.doc);
                quote!(#d #id: Option<#t>)
            });
            variants.push(quote!(#vdoc #vid { #(#decls),* }));
            let ids: Vec<_> = v.fields.iter().map(|fl| ident(&fl.ident)).collect();
            let stores = v.fields.iter().map(|fl| {
                let id = ident(&fl.ident);
                store(&fl.ty, fl.slot, quote!(#id), true)
            });
            arms.push(quote!(Self::#vid { #(#ids),* } => s.choice(#i, #n) #(#stores)*));
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
pub fn switch_type(s: &SwitchIr) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&s.doc);
    let decls = s.fields.iter().map(|fl| {
        let id = ident(&fl.ident);
        let t = rust_ty(&fl.ty);
        let d = docs::attrs(&fl.doc);
        quote!(#d pub #id: Option<#t>)
    });
    let stores = s.fields.iter().map(|fl| {
        let id = ident(&fl.ident);
        store(&fl.ty, fl.slot, quote!(self.#id), true)
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

/// A typed request type: a newtype over `rt::Slots`, `new(..)` with the required
/// parameters, one setter per optional parameter storing into its slot, then `impl Typed`
/// (the runtime implements `Request` and `Unchecked` from it) and `impl ForPanel` on its
/// own line, so another panel's request fails with that trait's message.
pub fn typed(r: &RequestIr, marker: &str) -> TokenStream {
    let name = ident(&r.name);
    let info = ident(&r.info);
    let marker = ident(marker);
    let doc = docs::attrs(&r.doc);
    let mut new_args = Vec::new();
    let mut init = Vec::new();
    let mut setters = Vec::new();
    if r.plid {
        new_args.push(quote!(plid: impl Into<String>));
        init.push(quote!(.plid(plid.into())));
    }
    match r.elid {
        ElidMode::None => {}
        ElidMode::Required { multiple: false } => {
            new_args.push(quote!(elid: impl Into<String>));
            init.push(quote!(.elid(elid.into())));
        }
        ElidMode::Required { multiple: true } => {
            new_args.push(quote!(elid: impl IntoIterator<Item = impl Into<String>>));
            init.push(quote!(.elids(elid)));
        }
        ElidMode::Optional { multiple: false } => {
            let d = docs::attrs(std::slice::from_ref(&r.elid_doc));
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
    for fl in &r.required {
        let id = ident(&fl.ident);
        let a = arg(&fl.ty);
        new_args.push(quote!(#id: #a));
        init.push(store(&fl.ty, fl.slot, quote!(#id), false));
    }
    for fl in &r.setters {
        let id = ident(&fl.ident);
        let a = arg(&fl.ty);
        let d = docs::attrs(&fl.doc);
        let st = store(&fl.ty, fl.slot, quote!(v), false);
        setters.push(quote! {
            #d
            pub fn #id(self, v: #a) -> Self { Self(self.0 #st) }
        });
    }
    let many = if new_args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let new_doc = docs::attrs(&r.new_doc);
    let output = output_ty(&r.output);
    let brainy = match &r.error {
        Some(e) => {
            let e = ident(e);
            quote!(impl rt::BrainyRequest for #name { type Error = #e; })
        }
        None => quote!(),
    };
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
        impl rt::Typed for #name {
            type Panel = #marker;
            type Output = #output;
            const INFO: &'static rt::FuncInfo = &#info;
            const SLOTS: rt::SlotsAccess<Self> = (|r| &r.0, |r| &mut r.0);
        }
        impl rt::ForPanel<#marker> for #name {}
        #brainy
    }
}

/// The request that reads a form (`elid` without `sok`): the runtime's `Read` (or
/// `ReadIn` under a parent) of the form reply, which names the form's table.
pub fn form_get(g: &FormGetIr, marker: &str) -> TokenStream {
    let n = ident(&g.get);
    let info = ident(&g.info);
    let marker = ident(marker);
    let form_id = ident(&g.form);
    let doc = docs::attrs(std::slice::from_ref(&g.doc));
    let read = if g.read_in { quote!(ReadIn) } else { quote!(Read) };
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
pub fn untyped(name: &str, index: usize, doc: &str) -> TokenStream {
    let n = ident(name);
    let doc = docs::attrs(&[doc.to_owned()]);
    let i = proc_macro2::Literal::usize_unsuffixed(index);
    quote! {
        #doc
        pub type #n = Untyped<#i>;
    }
}
