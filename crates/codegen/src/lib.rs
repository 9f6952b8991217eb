//! Spec in, Rust out: typed request builders, reply types and static tables for the runtime.
//!
//! The generator is pure: the same [`Panel`] and [`Options`] give byte-identical
//! output (spec order, no timestamps, no absolute paths). Use it from
//! `cargo xtask regen` or from a downstream crate's `build.rs`:
//!
//! ```no_run
//! let panel = panelkit_spec::load_panel(std::path::Path::new("spec/myplugin")).unwrap();
//! let opts = panelkit_codegen::Options::build_script("spec/myplugin");
//! let files = panelkit_codegen::generate_panel(&panel, &opts).unwrap();
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
//! for f in &files.files {
//!     std::fs::write(out.join(&f.path), &f.contents).unwrap();
//! }
//! // lib.rs: pub mod myplugin { include!(concat!(env!("OUT_DIR"), "/myplugin.rs")); }
//! ```
//!
//! One file per panel holds: the panel marker type (or a `use` of an existing one),
//! `FEATURES`, `TYPED` (the typed functions' tables), `CATALOG` (the untyped functions'
//! tables), `functions()` (both), and a module per function group (first segment of the
//! wire name; BrainyCP: the module constant), each re-exported at the panel level.
//!
//! Every table is printed from [`panelkit_spec::lower`], the one spec → `FuncInfo`
//! translation; the fake panel builds its tables from the same function, and
//! `tests/tests/lowering.rs` checks both agree for every shipped function.
//!
//! # Generated shapes
//!
//! For a typed function `domain.sublist.edit` (type names: UpperCamel of the wire name):
//! - `static DOMAIN_SUBLIST_EDIT: FuncInfo`: the table `validate()` and encoding read (value
//!   kinds, bounds, infinity, enum values, list separators, features, rules), one short row
//!   per parameter and rule (`rt::t::int("prio", Some(0), Some(65535))`,
//!   `rt::t::eq("sdtype", "MX").enables(&["prio"])`). No validation or encoding code is generated.
//! - `struct DomainSublistEdit(rt::Slots)`: `new(plid, elid if required, required params..)`
//!   in spec order; one setter per optional parameter taking a typed value and storing it
//!   into the slot of the parameter's index in the table (`Self(self.0.text(2, v))`);
//!   `.elid(..)` when optional. `rt::Slots::encode` (one non-generic runtime function)
//!   writes `plid`, `elid`, the filled slots in table order, `sok=ok` for forms, then the
//!   unchecked parameters. `impl Typed` (panel, reply, table, slot access) gives
//!   `Request` and `Unchecked` (`.unchecked(name, value)`) through the runtime's blanket
//!   impls; `impl ForPanel<Marker>` is its own line so another panel's request fails with
//!   the trait's message. `Debug` (derived over `Slots`) prints the wire name and the
//!   encoded parameters, secrets redacted; no `PartialEq` on requests.
//! - Value types: `String`, `Secret`, `i64`, `f64`, `bool` (`on`/`off`), `std::net` IPs,
//!   `Vec<_>` for lists (joined by the table's separator) and several `elid`s (joined by
//!   `", "`), `Limit` where the spec has an infinity sentinel, and a Copy enum per value
//!   list (`DomainSublistEditSdtype`) whose wire value is the table's value at the
//!   variant's index: no `match` per enum.
//! - Rules as types: a select whose `equals` rules are the only ones enabling some
//!   parameters becomes an enum whose variants carry exactly those parameters
//!   (`Mx { prio }`, `Srv { prio, wght, port }`, `A`; `impl Carry`, one arm per variant
//!   storing its index and fields); a flag whose `on` rule is the only one enabling
//!   parameters takes `Switch<Struct>` (`ssl` carries `sslport`, `cert`).
//!   Everything else stays in the table for `validate()`.
//! - Docs: one line per setter (label, wire name, type, bounds, sentinel, feature, the
//!   rules that allow or forbid it); what a value enables is said once, on the type that carries it.
//! - Replies: `<Name>Elem` (`FromElem`) for lists with fields; for forms
//!   `type <Name>Get = rt::Read<<Name>Form>` (`rt::ReadIn` under a parent) reading
//!   `<Name>Form` (`FromDoc`, `impl FormReply` naming the form's table); fields decode
//!   through one generic `Node::field`; `Done` for ok / form submit / group; else `Node`.
//!   Reply enums are `<Owner><Field>` with `Unknown(String)`, their values a static table (`rt::WireEnum`).
//! - BrainyCP: payload `String` / `f64` / `Json` / `Vec<<Name>Item>` / `<Name>Data`
//!   (`FromPayload`), and `<Name>Error` (`FromCode`, `Unknown { code, message }`) via
//!   `impl BrainyRequest`.
//! - Untyped catalog functions (`typed = false`): one line in the panel's `CATALOG` array
//!   (`rt::FuncInfo::list("admin")`) and `type Admin = Untyped<3>;` (entry 3), about 150 B
//!   of source each (groups of untyped functions only, without a feature of their own, are
//!   not wrapped in a module). Each is still its own type, so `ForPanel` refuses it on another
//!   panel's client. The catalog lists every untyped function whatever the features, so
//!   an index never depends on them.

mod docs;
mod names;
mod plan;
pub mod regen;
mod reply;
mod request;
mod smoke;
#[doc(hidden)]
pub mod synth;
mod table;

use std::fmt;
use std::path::PathBuf;

use panelkit_spec::{FunctionKind, Panel, Protocol, ResultKind};
use proc_macro2::TokenStream;
use quote::quote;

pub use names::{camel, snake};

/// How generation is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The first line of every file (without the trailing newline). `{id}` is replaced by the panel id.
    pub header: String,
    /// Name of the runtime crate as the generated code sees it.
    pub runtime_crate: String,
    /// `Some(path)`: use this existing marker type (e.g. `panelkit_ispsystem::ispmgr5::Ispmgr5`) instead
    /// of generating one, so a plugin's functions are requests of the panel they extend.
    pub marker_path: Option<String>,
    /// Gate the panel and its groups behind cargo features (`<id>`, `<id>-<group>`).
    pub features: bool,
    /// Per-group features only when the panel has at most this many groups (else one feature per panel).
    pub max_group_features: usize,
    /// Print each group module into its own file (`<panel>/<group>.rs`, declared `mod group;`
    /// in the panel's file) rather than inline. A feature-gated `mod group;` whose feature is
    /// off is never read by rustc, so a user enabling one group does not parse the others.
    /// Needs the files side by side in a source tree: `include!` from `OUT_DIR` cannot
    /// resolve `mod group;`, so build scripts keep one file.
    pub split_groups: bool,
}

impl Options {
    /// Options for the checked-in bindings (`cargo xtask regen`).
    pub fn regen() -> Self {
        Options {
            header: "// @generated by cargo xtask regen from spec/{id} — do not edit".to_owned(),
            runtime_crate: "panelkit_runtime".to_owned(),
            marker_path: None,
            features: true,
            max_group_features: 40,
            split_groups: true,
        }
    }

    /// Options for a downstream `build.rs`: no cargo features; `spec` names the spec in the header.
    pub fn build_script(spec: &str) -> Self {
        Options {
            header: format!("// @generated by panelkit-codegen from {spec} — do not edit"),
            features: false,
            split_groups: false,
            ..Options::regen()
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::regen()
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory (`ispmgr4.rs`).
    pub path: PathBuf,
    /// Contents (prettyplease-printed; run rustfmt for the repository's style).
    pub contents: String,
}

/// A cargo feature the generated code reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// Name (`ispmgr4`, `ispmgr4-domain`).
    pub name: String,
    /// Features it enables.
    pub enables: Vec<String>,
    /// What it is, for a comment in `Cargo.toml`.
    pub doc: String,
}

/// What [`generate_panel`] produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFiles {
    /// Panel id.
    pub id: String,
    /// The Rust module name of the panel (`ispmgr4`).
    pub module: String,
    /// Files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Cargo features, panel feature first (empty without [`Options::features`]).
    pub features: Vec<Feature>,
    /// The `cfg` predicate under which the panel module exists (`feature = "ispmgr4"`), if features are on.
    pub cfg: Option<String>,
}

/// Why generation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The spec cannot be turned into Rust.
    Spec {
        /// Panel id.
        panel: String,
        /// What is wrong.
        message: String,
    },
    /// Generated tokens did not parse as a file (a generator bug).
    Syntax {
        /// Panel id.
        panel: String,
        /// The parser's message.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec { panel, message } => write!(f, "spec `{panel}`: {message}"),
            Error::Syntax { panel, message } => write!(f, "generated code for `{panel}` does not parse: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Methods clippy's `should_implement_trait` expects to be std trait methods.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The clippy lints a group module must allow, only those its items trip: setters named
/// like std trait methods or conversions, `new()` without `Default` (a request's table is
/// not a default), enum variants sharing their enum's name, a module named like the panel's.
fn group_lints(g: &Group, plans: &[(&panelkit_spec::Function, plan::FuncPlan)], panel_module: &str) -> TokenStream {
    let mut lints = Vec::new();
    if g.module == panel_module {
        lints.push("module_inception");
    }
    let setters =
        || plans.iter().flat_map(|(_, p)| p.fields.iter().filter(|f| !f.p.required).map(|f| f.ident.as_str()));
    let no_args = plans.iter().any(|(f, p)| {
        f.plid.is_none()
            && !matches!(request::ElidMode::of(f), request::ElidMode::Required { .. })
            && p.fields.iter().all(|x| !x.p.required)
    });
    if no_args {
        lints.push("new_without_default");
    }
    let enums = plans.iter().any(|(f, p)| !p.enums.is_empty() || f.result.fields.iter().any(|x| !x.values.is_empty()));
    if enums {
        lints.push("enum_variant_names");
    }
    if setters().any(|n| ["as_", "from_", "into_", "is_", "to_"].iter().any(|p| n.starts_with(p))) {
        lints.push("wrong_self_convention");
    }
    if setters().any(|n| TRAIT_METHODS.contains(&n)) {
        lints.push("should_implement_trait");
    }
    if lints.is_empty() {
        return quote!();
    }
    let paths = lints.iter().map(|l| {
        let l = names::ident(l);
        quote!(clippy::#l)
    });
    quote!(#[allow(#(#paths),*)])
}

/// One function group: a module and maybe a feature.
struct Group<'a> {
    module: String,
    feature: Option<String>,
    funcs: Vec<&'a panelkit_spec::Function>,
}

fn groups<'a>(panel: &'a Panel) -> Vec<Group<'a>> {
    let mut out: Vec<(String, Vec<&panelkit_spec::Function>)> = Vec::new();
    for f in &panel.functions {
        let key = match (&panel.protocol, &f.module) {
            (Protocol::Brainycp, Some(m)) => m.clone(),
            _ => f.name.split('.').next().unwrap_or(&f.name).to_owned(),
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(f),
            None => out.push((key, vec![f])),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    let mut scope = names::Scope::default();
    scope.reserve(&["rt", "tests"]);
    out.into_iter()
        .map(|(k, funcs)| Group { module: scope.unique(&names::snake(&k)), feature: Some(feature_word(&k)), funcs })
        .collect()
}

fn feature_word(s: &str) -> String {
    names::snake(s).trim_end_matches('_').replace('_', "-")
}

fn validate_panel(panel: &Panel) -> Result<(), Error> {
    let bad = |message: String| Err(Error::Spec { panel: panel.id.clone(), message });
    if panel.id.is_empty() || !panel.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return bad(format!("panel id `{}` must be ASCII letters, digits, `_` or `-`", panel.id));
    }
    let mut seen = std::collections::BTreeSet::new();
    for f in &panel.functions {
        if f.name.is_empty() {
            return bad("a function has an empty name".to_owned());
        }
        if !seen.insert((f.module.clone(), f.name.clone())) {
            return bad(format!("function `{}` is defined twice", f.name));
        }
        let mut ps = std::collections::BTreeSet::new();
        for p in &f.params {
            if !ps.insert(&p.name) {
                return bad(format!("function `{}`: parameter `{}` is defined twice", f.name, p.name));
            }
        }
    }
    Ok(())
}

/// Generates the bindings of one panel.
pub fn generate_panel(panel: &Panel, opts: &Options) -> Result<GeneratedFiles, Error> {
    build(panel, opts).map(|b| b.files)
}

/// [`generate_panel`] and [`generate_smoke_test`] from one generation pass: the smoke test
/// reads the panel module at `{crate_path}::{module}` (`panelkit_ispsystem::ispmgr4`).
pub fn generate_panel_and_smoke_test(
    panel: &Panel,
    opts: &Options,
    crate_path: &str,
    rules: Option<&str>,
) -> Result<(GeneratedFiles, String), Error> {
    let built = build(panel, opts)?;
    let path = format!("{crate_path}::{}", built.files.module);
    let tokens = smoke::file(panel, &path, &opts.runtime_crate, rules, &built.smoke)?;
    Ok((built.files, print(panel, opts, tokens)?))
}

struct Built {
    files: GeneratedFiles,
    smoke: Vec<TokenStream>,
}

fn build(panel: &Panel, opts: &Options) -> Result<Built, Error> {
    validate_panel(panel)?;
    let mut smoke = Vec::new();
    let module = names::snake(&panel.id);
    let marker = names::camel(&panel.id);
    let groups = groups(panel);
    let group_features = opts.features && groups.len() <= opts.max_group_features;
    let mut types = names::Scope::default();
    types.reserve(&[marker.as_str(), "Catalog", "Untyped", "Switch", "Limit"]);
    // Main type names first, in spec order, so they win over generated helper names.
    let mut main_names = std::collections::BTreeMap::new();
    for f in &panel.functions {
        let base = f.rust_name.clone().unwrap_or_else(|| names::camel(&f.name));
        main_names.insert((f.module.clone(), f.name.clone()), types.unique(&base));
    }
    let mut statics = names::Scope::default();
    statics.reserve(&["FEATURES", "TYPED", "CATALOG"]);
    // Each group is printed as soon as it is built: only one group's tokens and syntax
    // trees are alive at a time, so the working set does not grow with the panel.
    let mut groups_text = String::new();
    let mut function_refs = Vec::new();
    let mut catalog = Vec::new();
    let mut features = Vec::new();
    let mut group_files = Vec::new();
    for g in &groups {
        let group_mod = names::ident(&g.module);
        let gfeat = g.feature.as_ref().map(|w| format!("{}-{w}", panel.id));
        let cfg = match (&gfeat, group_features) {
            (Some(feat), true) => quote!(#[cfg(feature = #feat)]),
            _ => quote!(),
        };
        let mut items = Vec::new();
        let mut plans = Vec::new();
        for f in &g.funcs {
            let name = main_names[&(f.module.clone(), f.name.clone())].clone();
            let lowered = panelkit_spec::lower::func(f);
            if !f.typed {
                let index = catalog.len();
                // An untyped function that still declares parameters or rules keeps them in full.
                catalog.push(if lowered.params.is_empty() && lowered.rules.is_empty() {
                    table::untyped_entry(&lowered)
                } else {
                    table::info(&lowered)
                });
                items.push(request::untyped(f, &name, index));
                let n = names::ident(&name);
                smoke.push(quote!(check(&mut fails, m::#n::new());));
                continue;
            }
            let info = statics.unique(&names::screaming(&name));
            let info_id = names::ident(&info);
            let table = table::info(&lowered);
            let tdoc = docs::attrs(&[format!("The table of `{}`.", docs::esc(&f.name))]);
            items.push(quote!(#tdoc pub static #info_id: rt::FuncInfo = #table;));
            function_refs.push(quote!(#cfg &#group_mod::#info_id));
            let func_plan = plan::plan(f, &name, &mut types);
            plans.push((*f, func_plan.clone()));
            for e in &func_plan.enums {
                items.push(request::enum_type(f, e));
            }
            for s in &func_plan.switches {
                items.push(request::switch_type(f, s));
            }
            let mut error = None;
            let output = if panel.protocol == Protocol::Brainycp {
                let (out, extra) = reply::payload(f, &name, &mut types);
                items.push(extra);
                let error_name = types.unique(&format!("{name}Error"));
                items.push(reply::error_enum(f, &error_name));
                error = Some(error_name);
                out
            } else {
                let is_list = f.result.kind == ResultKind::List
                    || (f.kind == FunctionKind::List && f.result.kind == ResultKind::Unknown);
                if is_list && !f.result.fields.is_empty() {
                    let elem_name = types.unique(&format!("{name}Elem"));
                    items.push(reply::elem(f, &elem_name, &mut types));
                    let n = names::ident(&elem_name);
                    quote!(Vec<#n>)
                } else if f.result.kind == ResultKind::Ok
                    || matches!(f.kind, FunctionKind::Form | FunctionKind::Group | FunctionKind::Confirm)
                {
                    quote!(rt::Done)
                } else {
                    quote!(rt::Node)
                }
            };
            if f.kind == FunctionKind::Form {
                let form = types.unique(&format!("{name}Form"));
                let get = types.unique(&format!("{name}Get"));
                items.push(reply::form(f, &form, &mut types));
                items.push(request::form_get(f, &get, &info, &marker, &form));
                let g = names::ident(&get);
                let plid = if f.plid.is_some() { quote!("parent",) } else { quote!() };
                smoke.push(quote!(check(&mut fails, m::#g::new(#plid "id"));));
            }
            let n = names::ident(&name);
            let args = smoke::new_args(f, &func_plan);
            smoke.push(quote!(check(&mut fails, m::#n::new(#(#args),*));));
            let ctx = request::ReqCtx { f, name: &name, info: &info, marker: &marker, output, error };
            items.push(request::typed(&ctx, &func_plan));
        }
        let gdoc = match &g.funcs.first().and_then(|f| f.module.clone()) {
            Some(m) if panel.protocol == Protocol::Brainycp => format!(" Module `{}`.", docs::esc(m)),
            _ => format!(" Functions `{}*`.", docs::esc(g.funcs[0].name.split('.').next().unwrap_or_default())),
        };
        let gdoc_attrs = docs::attrs(&[gdoc.trim().to_owned()]);
        let marker_id = names::ident(&marker);
        let allows = if g.funcs.iter().all(|f| !f.typed) { quote!() } else { group_lints(g, &plans, &module) };
        if cfg.is_empty() && g.funcs.iter().all(|f| !f.typed) {
            // A group of untyped aliases only, without a feature of its own: the aliases
            // sit at the panel level (where the group module's `pub use` would put them).
            print_part(panel, &mut groups_text, Part::Items(quote!(#(#items)*)))?;
        } else if opts.split_groups {
            let path = PathBuf::from(format!("{module}/{}.rs", g.module));
            let imports = module_imports(g, &marker_id);
            let mut text = format!("{}\n\n", opts.header.replace("{id}", &panel.id));
            print_part(panel, &mut text, Part::Items(imports))?;
            for chunk in items.chunks(ITEMS_PER_CHUNK) {
                print_part(panel, &mut text, Part::Items(chunk.iter().cloned().collect()))?;
            }
            group_files.push(GeneratedFile { path, contents: text });
            print_part(
                panel,
                &mut groups_text,
                Part::Items(quote! {
                    #cfg
                    #gdoc_attrs
                    #allows
                    pub mod #group_mod;
                    #cfg
                    pub use #group_mod::*;
                }),
            )?;
        } else {
            let imports = module_imports(g, &marker_id);
            print_part(
                panel,
                &mut groups_text,
                Part::Module {
                    head: quote! {
                        #cfg
                        #gdoc_attrs
                        #allows
                        pub mod #group_mod {
                            #imports
                        }
                    },
                    items,
                },
            )?;
            print_part(
                panel,
                &mut groups_text,
                Part::Items(quote! {
                    #cfg
                    pub use #group_mod::*;
                }),
            )?;
        }
        if let (Some(feat), true) = (gfeat, group_features) {
            features.push(Feature { name: feat, enables: Vec::new(), doc: gdoc.trim().to_owned() });
        }
    }
    let panel_cfg = if !opts.features {
        None
    } else if group_features && !features.is_empty() {
        Some(format!(
            "any({})",
            features.iter().map(|f| format!("feature = \"{}\"", f.name)).collect::<Vec<_>>().join(", ")
        ))
    } else {
        Some(format!("feature = \"{}\"", panel.id))
    };
    if opts.features {
        let title = panel.title.best().unwrap_or(&panel.id).to_owned();
        features.insert(
            0,
            Feature {
                name: panel.id.clone(),
                enables: features.iter().map(|f| f.name.clone()).collect(),
                doc: format!("{title}: every function"),
            },
        );
    }
    let head = panel_head(panel, &marker, opts)?;
    let catalog_items = catalog_items(panel, &marker, &catalog);
    let features_list: Vec<&String> = panel.features.iter().map(|f| &f.name).collect();
    let file_head = quote! {
        #head
        /// Panel features (capabilities) parameters can depend on; see `validate` with features.
        pub static FEATURES: &[&str] = &[#(#features_list),*];
        /// The tables of the typed functions (of the enabled feature groups), in spec order.
        pub static TYPED: &[&rt::FuncInfo] = &[#(#function_refs),*];
        #catalog_items
    };
    let mut contents = print_parts(panel, opts, std::iter::once(Part::Items(file_head)))?;
    contents.push_str(&groups_text);
    let mut files = vec![GeneratedFile { path: PathBuf::from(format!("{module}.rs")), contents }];
    files.extend(group_files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let files = GeneratedFiles { id: panel.id.clone(), module: module.clone(), files, features, cfg: panel_cfg };
    Ok(Built { files, smoke })
}

/// The imports at the top of a group module: the runtime, the panel marker, the untyped alias.
fn module_imports(g: &Group, marker: &proc_macro2::Ident) -> TokenStream {
    if g.funcs.iter().all(|f| !f.typed) {
        return quote!(
            use super::Untyped;
        );
    }
    let untyped = if g.funcs.iter().any(|f| !f.typed) { quote!(Untyped,) } else { quote!() };
    quote! {
        #[allow(unused_imports)]
        use super::{rt, #untyped #marker};
    }
}

/// The panel's untyped functions: one table array, its marker and the alias every
/// untyped function's type is an instance of.
fn catalog_items(panel: &Panel, marker: &str, entries: &[TokenStream]) -> TokenStream {
    let m = names::ident(marker);
    let output = match panel.protocol {
        Protocol::Brainycp => quote!(rt::Json),
        Protocol::Ispsystem => quote!(rt::Node),
    };
    if entries.is_empty() {
        return quote! {
            /// Every function's table (this panel has no untyped functions).
            pub fn functions() -> impl Iterator<Item = &'static rt::FuncInfo> {
                TYPED.iter().copied()
            }
        };
    }
    let n = proc_macro2::Literal::usize_unsuffixed(entries.len());
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

fn panel_head(panel: &Panel, marker: &str, opts: &Options) -> Result<TokenStream, Error> {
    let rt_crate = names::ident(&opts.runtime_crate);
    let m = names::ident(marker);
    if let Some(path) = &opts.marker_path {
        let p: syn::Path = syn::parse_str(path)
            .map_err(|e| Error::Spec { panel: panel.id.clone(), message: format!("marker path `{path}`: {e}") })?;
        let last = p.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let import = if last == marker { quote!(pub use #p;) } else { quote!(pub use #p as #m;) };
        return Ok(quote! {
            use #rt_crate as rt;
            #import
        });
    }
    let id = &panel.id;
    let proto = match panel.protocol {
        Protocol::Ispsystem => quote!(rt::Protocol::Ispsystem),
        Protocol::Brainycp => quote!(rt::Protocol::Brainycp),
    };
    let endpoint = &panel.endpoint;
    let mgr = panel.mgr.clone().unwrap_or_default();
    let mut doc = vec![format!(
        "{}: the panel marker (`{id}`, {:?} version {}).",
        panel.title.best().map(docs::esc).unwrap_or_else(|| id.clone()),
        panel.family,
        docs::esc(&panel.version)
    )];
    doc.push(String::new());
    doc.push(format!("Endpoint `{}`; languages: {}.", docs::esc(endpoint), panel.languages.join(", ")));
    if !panel.features.is_empty() {
        doc.push(String::new());
        doc.push("Panel features:".to_owned());
        for f in &panel.features {
            let l = docs::text(&f.label).map(|l| format!(": {l}")).unwrap_or_default();
            doc.push(format!("- `{}`{l}", docs::esc(&f.name)));
        }
    }
    if !panel.sources.is_empty() {
        doc.push(String::new());
        doc.push("Sources:".to_owned());
        for s in &panel.sources {
            doc.push(format!("- {}", docs::esc(s)));
        }
    }
    let doc = docs::attrs(&doc);
    Ok(quote! {
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
    })
}

fn print(panel: &Panel, opts: &Options, tokens: TokenStream) -> Result<String, Error> {
    print_parts(panel, opts, std::iter::once(Part::Items(tokens)))
}

/// A piece of a generated file, printed on its own.
enum Part {
    /// A sequence of whole items.
    Items(TokenStream),
    /// A module: `head` is its declaration with the attributes and the few items of its
    /// own (imports), `items` the rest of its body, printed in chunks.
    Module { head: TokenStream, items: Vec<TokenStream> },
}

/// Items of a module body parsed and printed together: small enough that the syntax tree
/// of one chunk stays in cache, so printing time per function does not grow with a panel.
const ITEMS_PER_CHUNK: usize = 32;

/// Prints a file made of `parts`, one part at a time, after the header line.
fn print_parts(panel: &Panel, opts: &Options, parts: impl IntoIterator<Item = Part>) -> Result<String, Error> {
    let header = opts.header.replace("{id}", &panel.id);
    let mut out = format!("{header}\n\n");
    for part in parts {
        print_part(panel, &mut out, part)?;
    }
    Ok(out)
}

/// Appends one part, a module's items a chunk at a time.
fn print_part(panel: &Panel, out: &mut String, part: Part) -> Result<(), Error> {
    let unparse = |tokens: TokenStream| -> Result<String, Error> {
        let file: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Syntax { panel: panel.id.clone(), message: e.to_string() })?;
        Ok(prettyplease::unparse(&file))
    };
    match part {
        Part::Items(tokens) => out.push_str(&unparse(tokens)?),
        Part::Module { head, items } => {
            // The declaration as prettyplease prints it, without its closing brace.
            let head = unparse(head)?;
            let open = head.trim_end().strip_suffix('}').ok_or_else(|| Error::Syntax {
                panel: panel.id.clone(),
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

/// Generates a test file that, for every function of `panel`, builds a minimal valid
/// request, checks `validate()` passes and encodes it. `path` is the Rust path of the
/// panel module as the test sees it (`panelkit_ispsystem::ispmgr4`). With `rules`
/// (a path to `fn(&[&'static FuncInfo]) -> (Vec<String>, usize)` returning failures and
/// the number of checks), a second test drives every rule of the tables into a violation.
pub fn generate_smoke_test(panel: &Panel, path: &str, rules: Option<&str>, opts: &Options) -> Result<String, Error> {
    let built = build(panel, opts)?;
    let tokens = smoke::file(panel, path, &opts.runtime_crate, rules, &built.smoke)?;
    print(panel, opts, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(src: &str) -> Panel {
        toml::from_str(src).unwrap()
    }

    const HEAD: &str =
        "id = \"p\"\nfamily = \"ispmanager\"\nversion = \"5\"\nprotocol = \"ispsystem\"\nendpoint = \"/ispmgr\"\n";

    #[test]
    fn one_pass_gives_what_the_two_calls_give() {
        let p = panel(&format!(
            "{HEAD}[[functions]]\nname = \"user.edit\"\nkind = \"form\"\n\
             params = [{{ name = \"name\", type = \"text\", required = true }}]\n"
        ));
        let opts = Options::regen();
        let (files, smoke) = generate_panel_and_smoke_test(&p, &opts, "my_crate", Some("r::check")).unwrap();
        assert_eq!(files, generate_panel(&p, &opts).unwrap());
        assert_eq!(smoke, generate_smoke_test(&p, "my_crate::p", Some("r::check"), &opts).unwrap());
        assert!(smoke.contains("my_crate::p"), "{smoke}");
    }

    #[test]
    fn groups_go_to_their_own_files_unless_a_build_script_needs_one() {
        let p = panel(&format!(
            "{HEAD}[[functions]]\nname = \"user\"\nkind = \"list\"\n[[functions]]\nname = \"db.edit\"\nkind = \"form\"\n"
        ));
        let split = generate_panel(&p, &Options::regen()).unwrap();
        let paths: Vec<String> = split.files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(paths, ["p/db.rs", "p/user.rs", "p.rs"]);
        let main = &split.files[2].contents;
        assert!(
            main.contains(
                "#[cfg(feature = \"p-db\")]\n/// Functions `db*`.\n#[allow(clippy::new_without_default)]\npub mod db;"
            ),
            "{main}"
        );
        assert!(main.contains("pub use user::*;"), "{main}");
        let db = &split.files[0].contents;
        assert!(db.starts_with("// @generated by cargo xtask regen from spec/p — do not edit\n"), "{db}");
        assert!(db.contains("use super::{rt, P};") && db.contains("pub struct DbEdit(rt::Slots);"), "{db}");
        let one = generate_panel(&p, &Options::build_script("x")).unwrap();
        assert_eq!(one.files.len(), 1);
        assert!(one.files[0].contents.contains("pub mod db {"), "{}", one.files[0].contents);
    }

    #[test]
    fn bad_specs_are_refused_with_the_reason() {
        let dup = panel(&format!(
            "{HEAD}[[functions]]\nname = \"a\"\nkind = \"list\"\n[[functions]]\nname = \"a\"\nkind = \"list\"\n"
        ));
        let e = generate_panel(&dup, &Options::regen()).unwrap_err();
        assert_eq!(e.to_string(), "spec `p`: function `a` is defined twice");
        let params = panel(&format!(
            "{HEAD}[[functions]]\nname = \"a\"\nkind = \"form\"\nparams = [{{ name = \"x\", type = \"text\" }}, {{ name = \"x\", type = \"int\" }}]\n"
        ));
        let e = generate_panel(&params, &Options::regen()).unwrap_err();
        assert!(e.to_string().contains("parameter `x` is defined twice"), "{e}");
        let mut bad_id = panel(HEAD);
        bad_id.id = "../x".into();
        assert!(generate_panel(&bad_id, &Options::regen()).unwrap_err().to_string().contains("panel id"));
        let mut opts = Options::build_script("x");
        opts.marker_path = Some("not a path".into());
        assert!(generate_panel(&panel(HEAD), &opts).unwrap_err().to_string().contains("marker path"));
    }

    #[test]
    fn colliding_names_get_distinct_identifiers_and_features_follow_groups() {
        let p = panel(&format!(
            "{HEAD}[[functions]]\nname = \"a.b_c\"\nkind = \"action\"\n[[functions]]\nname = \"a_b.c\"\nkind = \"action\"\n[[functions]]\nname = \"type\"\nkind = \"list\"\n"
        ));
        let g = generate_panel(&p, &Options::regen()).unwrap();
        let src: String = g.files.iter().map(|f| f.contents.as_str()).collect();
        assert!(src.contains("pub struct ABC(rt::Slots);") && src.contains("pub struct ABC2(rt::Slots);"), "{src}");
        assert!(src.contains("pub mod type_;"), "{src}");
        let names: Vec<&str> = g.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["p", "p-a", "p-a-b", "p-type"]);
        assert_eq!(g.cfg.as_deref(), Some("any(feature = \"p-a\", feature = \"p-a-b\", feature = \"p-type\")"));
        assert!(src.starts_with("// @generated by cargo xtask regen from spec/p — do not edit\n"));
    }
}
