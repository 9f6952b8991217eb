//! Prints a panel's files from the IR: the panel file (marker, `FEATURES`, `TYPED`,
//! `CATALOG`, group declarations) and each group's items, inline or in its own file.
//!
//! Printing goes through `syn` and `prettyplease` a part at a time: each group is printed
//! as soon as its tokens are built, its items a chunk at a time, so only one chunk's tokens
//! and syntax trees are alive at once and the working set does not grow with the panel.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{CatalogEntry, GroupIr, Head, Item, PanelIr, Placement};
use crate::names::ident;
use crate::{Error, GeneratedFile, docs, reply, request, table};

/// Every file of the panel, sorted by path.
pub fn files(ir: &PanelIr) -> Result<Vec<GeneratedFile>, Error> {
    let mut groups_text = String::new();
    let mut files = Vec::new();
    for g in &ir.groups {
        group(ir, g, &mut groups_text, &mut files)?;
    }
    let mut contents = format!("{}\n\n", ir.header);
    print_part(&ir.id, &mut contents, Part::Items(panel_items(ir)))?;
    contents.push_str(&groups_text);
    files.push(GeneratedFile { path: PathBuf::from(format!("{}.rs", ir.module)), contents });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Prints one group: its items where its placement says, and its declaration into `panel_text`.
fn group(ir: &PanelIr, g: &GroupIr, panel_text: &mut String, files: &mut Vec<GeneratedFile>) -> Result<(), Error> {
    let items: Vec<TokenStream> = g.items.iter().map(|i| item(ir, i)).collect();
    let group_mod = ident(&g.module);
    let cfg = match &g.feature {
        Some(feat) => quote!(#[cfg(feature = #feat)]),
        None => quote!(),
    };
    let doc = docs::attrs(std::slice::from_ref(&g.doc));
    let allows = if g.lints.is_empty() {
        quote!()
    } else {
        let paths = g.lints.iter().map(|l| {
            let l = ident(l);
            quote!(clippy::#l)
        });
        quote!(#[allow(#(#paths),*)])
    };
    let imports = if !g.typed {
        quote!(
            use super::Untyped;
        )
    } else {
        let marker = ident(&ir.marker);
        let untyped = if g.untyped { quote!(Untyped,) } else { quote!() };
        quote! {
            #[allow(unused_imports)]
            use super::{rt, #untyped #marker};
        }
    };
    let reexport = quote! {
        #cfg
        pub use #group_mod::*;
    };
    match &g.placement {
        // Aliases only, without a feature of their own: at the panel level, where the
        // group module's `pub use` would put them.
        Placement::PanelLevel => print_part(&ir.id, panel_text, Part::Items(quote!(#(#items)*))),
        Placement::File(path) => {
            let mut text = format!("{}\n\n", ir.header);
            print_part(&ir.id, &mut text, Part::Items(imports))?;
            for chunk in items.chunks(ITEMS_PER_CHUNK) {
                print_part(&ir.id, &mut text, Part::Items(chunk.iter().cloned().collect()))?;
            }
            files.push(GeneratedFile { path: path.clone(), contents: text });
            print_part(
                &ir.id,
                panel_text,
                Part::Items(quote! {
                    #cfg
                    #doc
                    #allows
                    pub mod #group_mod;
                    #reexport
                }),
            )
        }
        Placement::Inline => {
            let head = quote! {
                #cfg
                #doc
                #allows
                pub mod #group_mod {
                    #imports
                }
            };
            print_part(&ir.id, panel_text, Part::Module { head, items })?;
            print_part(&ir.id, panel_text, Part::Items(reexport))
        }
    }
}

fn item(ir: &PanelIr, i: &Item) -> TokenStream {
    match i {
        Item::Table { name, doc, table } => {
            let id = ident(name);
            let doc = docs::attrs(std::slice::from_ref(doc));
            let t = table::info(table);
            quote!(#doc pub static #id: rt::FuncInfo = #t;)
        }
        Item::Enum(e) => request::enum_type(e),
        Item::Switch(s) => request::switch_type(s),
        Item::Reply(r) => reply::reply_struct(r),
        Item::Error(e) => reply::error_enum(e),
        Item::FormGet(g) => request::form_get(g, &ir.marker),
        Item::Request(r) => request::typed(r, &ir.marker),
        Item::Untyped { name, index, doc } => request::untyped(name, *index, doc),
    }
}

/// The panel file's own items: marker, `FEATURES`, `TYPED`, the catalog.
fn panel_items(ir: &PanelIr) -> TokenStream {
    let head = head(ir);
    let features = &ir.panel_features;
    let refs = ir.typed_refs.iter().map(|r| {
        let cfg = match &r.feature {
            Some(feat) => quote!(#[cfg(feature = #feat)]),
            None => quote!(),
        };
        let (g, i) = (ident(&r.group), ident(&r.info));
        quote!(#cfg &#g::#i)
    });
    let catalog = catalog(ir);
    quote! {
        #head
        /// Panel features (capabilities) parameters can depend on; see `validate` with features.
        pub static FEATURES: &[&str] = &[#(#features),*];
        /// The tables of the typed functions (of the enabled feature groups), in spec order.
        pub static TYPED: &[&rt::FuncInfo] = &[#(#refs),*];
        #catalog
    }
}

fn head(ir: &PanelIr) -> TokenStream {
    let rt_crate = ident(&ir.runtime_crate);
    let m = ident(&ir.marker);
    match &ir.head {
        Head::Import { path, rename } => {
            let import = if *rename { quote!(pub use #path as #m;) } else { quote!(pub use #path;) };
            quote! {
                use #rt_crate as rt;
                #import
            }
        }
        Head::Marker { doc, protocol, endpoint, mgr } => {
            let id = &ir.id;
            let proto = match protocol {
                panelkit_spec::Protocol::Ispsystem => quote!(rt::Protocol::Ispsystem),
                panelkit_spec::Protocol::Brainycp => quote!(rt::Protocol::Brainycp),
            };
            let doc = docs::attrs(doc);
            quote! {
                use #rt_crate as rt;
                #doc
                #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
                pub struct #m;
                impl rt::PanelDef for #m {
                    const ID: &'static str = #id;
                    const PROTOCOL: rt::Protocol = #proto;
                    const ENDPOINT: &'static str = #endpoint;
                    const MGR: &'static str = #mgr;
                }
            }
        }
    }
}

/// The panel's untyped functions: one table array, its marker and the alias every
/// untyped function's type is an instance of.
fn catalog(ir: &PanelIr) -> TokenStream {
    let m = ident(&ir.marker);
    let output = request::output_ty(&ir.catalog_output);
    if ir.catalog.is_empty() {
        return quote! {
            /// Every function's table (this panel has no untyped functions).
            pub fn functions() -> impl Iterator<Item = &'static rt::FuncInfo> {
                TYPED.iter().copied()
            }
        };
    }
    let entries = ir.catalog.iter().map(
        |CatalogEntry { table, bare }| {
            if *bare { table::untyped_entry(table) } else { table::info(table) }
        },
    );
    let n = proc_macro2::Literal::usize_unsuffixed(ir.catalog.len());
    quote! {
        /// The tables of the untyped functions (every group's, whatever the features), indexed by [`Untyped`].
        pub static CATALOG: [rt::FuncInfo; #n] = [#(#entries),*];
        /// Every function's table: [`TYPED`], then [`CATALOG`].
        pub fn functions() -> impl Iterator<Item = &'static rt::FuncInfo> {
            TYPED.iter().copied().chain(CATALOG.iter())
        }
        /// The marker of [`CATALOG`].
        pub enum Catalog {}
        impl rt::untyped::Catalog for Catalog {
            type Panel = #m;
            type Output = #output;
            const FUNCS: &'static [rt::FuncInfo] = &CATALOG;
        }
        /// An untyped function: entry `I` of [`CATALOG`]; parameters are set by wire name.
        pub type Untyped<const I: usize> = rt::untyped::Untyped<rt::untyped::At<Catalog, I>>;
    }
}

/// A piece of a generated file, printed on its own.
pub enum Part {
    /// A sequence of whole items.
    Items(TokenStream),
    /// A module: `head` is its declaration with the attributes and the few items of its
    /// own (imports), `items` the rest of its body, printed in chunks.
    Module {
        /// The declaration.
        head: TokenStream,
        /// The body's items.
        items: Vec<TokenStream>,
    },
}

/// Items of a module body parsed and printed together: small enough that the syntax tree
/// of one chunk stays in cache, so printing time per function does not grow with a panel.
const ITEMS_PER_CHUNK: usize = 32;

/// Appends one part, a module's items a chunk at a time.
pub fn print_part(panel: &str, out: &mut String, part: Part) -> Result<(), Error> {
    let unparse = |tokens: TokenStream| -> Result<String, Error> {
        let file: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Syntax { panel: panel.to_owned(), message: e.to_string() })?;
        Ok(prettyplease::unparse(&file))
    };
    match part {
        Part::Items(tokens) => out.push_str(&unparse(tokens)?),
        Part::Module { head, items } => {
            // The declaration as prettyplease prints it, without its closing brace.
            let head = unparse(head)?;
            let open = head.trim_end().strip_suffix('}').ok_or_else(|| Error::Syntax {
                panel: panel.to_owned(),
                message: "a module head that does not end in `}`".into(),
            })?;
            out.push_str(open);
            for chunk in items.chunks(ITEMS_PER_CHUNK) {
                // One nesting level. Doc text is one attribute per line (`docs::attrs`) and
                // literals escape their line breaks, so indenting each line changes no value.
                for line in unparse(chunk.iter().cloned().collect())?.lines() {
                    if !line.is_empty() {
                        out.push_str("    ");
                    }
                    out.push_str(line);
                    out.push('\n');
                }
            }
            out.push_str("}\n");
        }
    }
    Ok(())
}
