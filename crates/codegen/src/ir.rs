//! The plain-data picture of a panel's bindings: every name, Rust type, doc line, reply
//! shape, table row, cargo feature and smoke-test call, decided here once from the spec.
//!
//! Emitters (`file`, `request`, `reply`, `table`, `smoke`) read only this: they print, they
//! do not look back at the spec. Items are kept in the order they are printed, so the
//! output is a walk over the IR.

use std::collections::BTreeMap;
use std::path::PathBuf;

use panelkit_spec::lower::LFunc;
use panelkit_spec::{
    EnumValue, ErrorCase, FieldType, Function, FunctionKind, Panel, Param, ParamType, Payload, Protocol, ResultKind,
    Text,
};

use crate::names::{self, Scope};
use crate::plan::{self, ValueType};
use crate::{Error, Feature, Options, docs};

/// A panel's bindings, decided.
pub struct PanelIr {
    /// Panel id (`ispmgr4`).
    pub id: String,
    /// The first line of every file.
    pub header: String,
    /// Name of the runtime crate as the generated code sees it.
    pub runtime_crate: String,
    /// Rust module of the panel (`ispmgr4`).
    pub module: String,
    /// Panel marker type (`Ispmgr4`).
    pub marker: String,
    /// The marker: generated, or a `use` of an existing one.
    pub head: Head,
    /// Panel features parameters can depend on (`FEATURES`).
    pub panel_features: Vec<String>,
    /// `TYPED`: the typed functions' tables, in spec order.
    pub typed_refs: Vec<TypedRef>,
    /// `CATALOG`: the untyped functions' tables.
    pub catalog: Vec<CatalogEntry>,
    /// What an untyped function returns.
    pub catalog_output: Output,
    /// Function groups in module-name order.
    pub groups: Vec<GroupIr>,
    /// Cargo features, the panel's first.
    pub cargo_features: Vec<Feature>,
    /// `cfg` predicate of the panel module.
    pub cfg: Option<String>,
    /// Calls of the smoke test, one per request type, in spec order within groups.
    pub smoke: Vec<SmokeCall>,
}

/// The panel marker.
pub enum Head {
    /// `pub use path;` (`as Marker` when the last segment differs).
    Import {
        /// The existing marker.
        path: syn::Path,
        /// The path's last segment is not the marker's name.
        rename: bool,
    },
    /// A generated marker type and its `PanelDef`.
    Marker {
        /// Doc lines.
        doc: Vec<String>,
        /// Protocol.
        protocol: Protocol,
        /// Endpoint path.
        endpoint: String,
        /// `mgr` name (empty when none).
        mgr: String,
    },
}

/// One entry of `TYPED`.
pub struct TypedRef {
    /// Cargo feature gating the group, when groups have features.
    pub feature: Option<String>,
    /// Group module.
    pub group: String,
    /// The table's static.
    pub info: String,
}

/// One entry of `CATALOG`.
pub struct CatalogEntry {
    /// The lowered table.
    pub table: LFunc,
    /// Only kind, name and `elid`/`plid`/module: the function declares no parameters or rules.
    pub bare: bool,
}

/// Where a group's items go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// At the panel level, no module (untyped aliases without a feature of their own).
    PanelLevel,
    /// A `pub mod group { .. }` in the panel file.
    Inline,
    /// `pub mod group;` in the panel file, the items in this file.
    File(PathBuf),
}

/// A function group: one module, maybe one cargo feature.
pub struct GroupIr {
    /// Module name.
    pub module: String,
    /// Cargo feature gating the module.
    pub feature: Option<String>,
    /// The module's doc line.
    pub doc: String,
    /// Clippy lints the module allows.
    pub lints: Vec<&'static str>,
    /// Some function is typed (imports `rt` and the marker).
    pub typed: bool,
    /// Some function is untyped (imports `Untyped`).
    pub untyped: bool,
    /// Where the items go.
    pub placement: Placement,
    /// Items in print order.
    pub items: Vec<Item>,
}

/// One generated item (or a few that always go together).
pub enum Item {
    /// `pub static NAME: rt::FuncInfo = ..;`
    Table {
        /// Static name.
        name: String,
        /// Doc line.
        doc: String,
        /// The lowered table.
        table: LFunc,
    },
    /// A request-side enum of a parameter's values.
    Enum(EnumIr),
    /// The struct a flag carries when on.
    Switch(SwitchIr),
    /// A reply struct and the enums of its fields.
    Reply(ReplyStruct),
    /// A BrainyCP function's error enum.
    Error(ErrorIr),
    /// `impl FormReply` and the `<Name>Get` alias.
    FormGet(FormGetIr),
    /// The request type.
    Request(RequestIr),
    /// `pub type Name = Untyped<index>;`
    Untyped {
        /// Alias name.
        name: String,
        /// Index in `CATALOG`.
        index: usize,
        /// Doc line.
        doc: String,
    },
}

/// What a request's reply decodes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// `Vec<Elem>` of a list.
    Elems(String),
    /// `rt::Done`.
    Done,
    /// `rt::Node`.
    Node,
    /// BrainyCP `String`.
    Text,
    /// BrainyCP `f64`.
    Number,
    /// BrainyCP `Vec<Item>`.
    Items(String),
    /// BrainyCP `Vec<rt::Json>`.
    JsonList,
    /// BrainyCP `<Name>Data`.
    Data(String),
    /// `rt::Json`.
    Json,
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

/// A parameter stored into a slot of the table: a required argument, a setter, a carried field.
#[derive(Debug, Clone)]
pub struct SlotField {
    /// Rust name.
    pub ident: String,
    /// Value type.
    pub ty: ValueType,
    /// Index in the function's parameter table.
    pub slot: usize,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// A typed request.
pub struct RequestIr {
    /// Type name.
    pub name: String,
    /// The table's static.
    pub info: String,
    /// Reply type.
    pub output: Output,
    /// BrainyCP error type.
    pub error: Option<String>,
    /// Doc lines of the type.
    pub doc: Vec<String>,
    /// Doc lines of `new`.
    pub new_doc: Vec<String>,
    /// `new` takes `plid`.
    pub plid: bool,
    /// `elid`: an argument of `new`, a setter, or none.
    pub elid: ElidMode,
    /// Doc line of the optional single-`elid` setter.
    pub elid_doc: String,
    /// Required parameters: arguments of `new`.
    pub required: Vec<SlotField>,
    /// Optional parameters: setters.
    pub setters: Vec<SlotField>,
}

/// A request-side enum.
pub struct EnumIr {
    /// Type name.
    pub name: String,
    /// Doc lines.
    pub doc: Vec<String>,
    /// Slot of the parameter.
    pub slot: usize,
    /// Some variant carries fields (`impl Carry`), else a `Copy` enum stored by index.
    pub data: bool,
    /// Variants in value order (the index is the value's index in the table).
    pub variants: Vec<VariantIr>,
}

/// One variant of a request-side enum.
pub struct VariantIr {
    /// Variant name.
    pub ident: String,
    /// Doc line.
    pub doc: String,
    /// Fields it carries.
    pub fields: Vec<SlotField>,
}

/// The struct a flag carries when on.
pub struct SwitchIr {
    /// Type name.
    pub name: String,
    /// Doc lines.
    pub doc: Vec<String>,
    /// Carried fields.
    pub fields: Vec<SlotField>,
}

/// How one reply field is typed and decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyType {
    /// `Option<String>`.
    Text,
    /// `Option<rt::Secret>`.
    Secret,
    /// `Option<i64>`.
    Int,
    /// `Option<f64>`.
    Float,
    /// `bool`.
    Flag,
    /// `Option<rt::UsedLimit>`.
    UsedLimit,
    /// `Option<Enum>` of a generated reply enum.
    Enum(String),
    /// `Vec<String>`, split by the separator when given (else one child per item).
    List(Option<String>),
}

/// Where reply fields are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An ISPsystem list element (`FromElem`).
    Elem,
    /// An ISPsystem form (`FromDoc`, with `elid`).
    Form,
    /// A BrainyCP JSON payload (`FromPayload`).
    Json,
}

/// One field of a reply struct.
pub struct ReplyField {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub ident: String,
    /// Type.
    pub ty: ReplyType,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// A reply struct.
pub struct ReplyStruct {
    /// Type name.
    pub name: String,
    /// Doc lines.
    pub doc: Vec<String>,
    /// Fields.
    pub fields: Vec<ReplyField>,
    /// What it decodes from.
    pub source: Source,
    /// The enums of its fields, printed after it.
    pub enums: Vec<ReplyEnum>,
}

/// A reply enum keeping unknown values.
pub struct ReplyEnum {
    /// Type name.
    pub name: String,
    /// Doc line.
    pub doc: String,
    /// `(wire value, variant name, doc line)`.
    pub variants: Vec<(String, String, String)>,
}

/// A BrainyCP error enum.
pub struct ErrorIr {
    /// Type name.
    pub name: String,
    /// Doc line.
    pub doc: String,
    /// `(code, variant name, doc line)`, distinct non-zero codes.
    pub cases: Vec<(i64, String, String)>,
}

/// A form's read request.
pub struct FormGetIr {
    /// The form reply struct.
    pub form: String,
    /// The alias name.
    pub get: String,
    /// The form's table static.
    pub info: String,
    /// Under a parent (`ReadIn`).
    pub read_in: bool,
    /// Doc line.
    pub doc: String,
}

/// One smoke-test call: `check(&mut fails, m::Type::new(args));`.
pub struct SmokeCall {
    /// The request type.
    pub ty: String,
    /// Arguments of `new`.
    pub args: Vec<Sample>,
}

/// A value the validator accepts, for a smoke-test argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// A string literal.
    Str(&'static str),
    /// Several string literals (`["id1", "id2"]`).
    Strs(&'static [&'static str]),
    /// An integer.
    Int(i64),
    /// `rt::Limit::Unlimited`.
    Unlimited,
    /// `1.0`.
    Float,
    /// `true`.
    Bool,
    /// `Ipv4Addr::LOCALHOST`.
    Ipv4,
    /// `Ipv6Addr::LOCALHOST`.
    Ipv6,
    /// `IpAddr::V4(Ipv4Addr::LOCALHOST)`.
    Ip,
    /// An enum's first variant, its carried fields `None`.
    Variant {
        /// Enum type.
        ty: String,
        /// Variant.
        variant: String,
        /// Carried fields.
        fields: Vec<String>,
    },
    /// `Type::default()`.
    Default(String),
    /// `[item]`.
    List(Box<Sample>),
}

/// Decides the bindings of `panel`.
pub fn panel(panel: &Panel, opts: &Options) -> Result<PanelIr, Error> {
    validate(panel)?;
    let module = names::snake(&panel.id);
    let marker = names::camel(&panel.id);
    let groups = groups(panel);
    let group_features = opts.features && groups.len() <= opts.max_group_features;
    let mut types = Scope::default();
    types.reserve(&[marker.as_str(), "Catalog", "Untyped", "Switch", "Limit"]);
    // Main type names first, in spec order, so they win over generated helper names.
    let mut main_names = BTreeMap::new();
    for f in &panel.functions {
        let base = f.rust_name.clone().unwrap_or_else(|| names::camel(&f.name));
        main_names.insert((f.module.clone(), f.name.clone()), types.unique(&base));
    }
    let mut statics = Scope::default();
    statics.reserve(&["FEATURES", "TYPED", "CATALOG"]);
    let mut ir_groups = Vec::new();
    let mut typed_refs = Vec::new();
    let mut catalog = Vec::new();
    let mut features = Vec::new();
    let mut smoke = Vec::new();
    for (g_module, g_key, funcs) in &groups {
        let gfeat = format!("{}-{}", panel.id, feature_word(g_key));
        let feature = group_features.then(|| gfeat.clone());
        let mut items = Vec::new();
        let mut plans = Vec::new();
        for f in funcs {
            let name = main_names[&(f.module.clone(), f.name.clone())].clone();
            let lowered = panelkit_spec::lower::func(f);
            if !f.typed {
                let index = catalog.len();
                // An untyped function that still declares parameters or rules keeps them in full.
                let bare = lowered.params.is_empty() && lowered.rules.is_empty();
                catalog.push(CatalogEntry { table: lowered, bare });
                items.push(Item::Untyped { name: name.clone(), index, doc: docs::untyped(f) });
                smoke.push(SmokeCall { ty: name, args: Vec::new() });
                continue;
            }
            let info = statics.unique(&names::screaming(&name));
            items.push(Item::Table {
                name: info.clone(),
                doc: format!("The table of `{}`.", docs::esc(&f.name)),
                table: lowered,
            });
            typed_refs.push(TypedRef { feature: feature.clone(), group: g_module.clone(), info: info.clone() });
            let func_plan = plan::plan(f, &name, &mut types);
            plans.push((*f, func_plan.clone()));
            for e in &func_plan.enums {
                items.push(Item::Enum(enum_ir(f, e)));
            }
            for s in &func_plan.switches {
                items.push(Item::Switch(switch_ir(f, s)));
            }
            let mut error = None;
            let output = if panel.protocol == Protocol::Brainycp {
                let (out, extra) = payload(f, &name, &mut types);
                items.extend(extra.map(Item::Reply));
                let error_name = types.unique(&format!("{name}Error"));
                items.push(Item::Error(error_ir(f, &error_name)));
                error = Some(error_name);
                out
            } else {
                let is_list = f.result.kind == ResultKind::List
                    || (f.kind == FunctionKind::List && f.result.kind == ResultKind::Unknown);
                if is_list && !f.result.fields.is_empty() {
                    let elem_name = types.unique(&format!("{name}Elem"));
                    items.push(Item::Reply(elem(f, &elem_name, &mut types)));
                    Output::Elems(elem_name)
                } else if f.result.kind == ResultKind::Ok
                    || matches!(f.kind, FunctionKind::Form | FunctionKind::Group | FunctionKind::Confirm)
                {
                    Output::Done
                } else {
                    Output::Node
                }
            };
            if f.kind == FunctionKind::Form {
                let form_name = types.unique(&format!("{name}Form"));
                let get = types.unique(&format!("{name}Get"));
                items.push(Item::Reply(form(f, &form_name, &mut types)));
                items.push(Item::FormGet(FormGetIr {
                    doc: format!(
                        "Reads the form of `{}` for one object; the reply is [`{form_name}`].",
                        docs::esc(&f.name)
                    ),
                    form: form_name,
                    get: get.clone(),
                    info: info.clone(),
                    read_in: f.plid.is_some(),
                }));
                let mut args = Vec::new();
                if f.plid.is_some() {
                    args.push(Sample::Str("parent"));
                }
                args.push(Sample::Str("id"));
                smoke.push(SmokeCall { ty: get, args });
            }
            let args = new_args(f, &func_plan);
            let mut request = request_ir(f, &name, &info, output, error, &func_plan);
            if let Some(path) = &opts.examples {
                request.doc.extend(example(f, &func_plan, &request, &args, &format!("{path}::{module}"), opts));
            }
            smoke.push(SmokeCall { ty: name, args });
            items.push(Item::Request(request));
        }
        let doc = match &funcs.first().and_then(|f| f.module.clone()) {
            Some(m) if panel.protocol == Protocol::Brainycp => format!("Module `{}`.", docs::esc(m)),
            _ => format!("Functions `{}*`.", docs::esc(funcs[0].name.split('.').next().unwrap_or_default())),
        };
        let typed = funcs.iter().any(|f| f.typed);
        let untyped = funcs.iter().any(|f| !f.typed);
        let lints = if typed { group_lints(g_module, &plans, &module) } else { Vec::new() };
        let placement = if feature.is_none() && !typed {
            Placement::PanelLevel
        } else if opts.split_groups {
            Placement::File(PathBuf::from(format!("{module}/{g_module}.rs")))
        } else {
            Placement::Inline
        };
        if let Some(name) = &feature {
            features.push(Feature { name: name.clone(), enables: Vec::new(), doc: doc.clone() });
        }
        ir_groups.push(GroupIr { module: g_module.clone(), feature, doc, lints, typed, untyped, placement, items });
    }
    let cfg = if !opts.features {
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
    Ok(PanelIr {
        id: panel.id.clone(),
        header: opts.header.replace("{id}", &panel.id),
        runtime_crate: opts.runtime_crate.clone(),
        head: head(panel, &marker, opts)?,
        module,
        marker,
        panel_features: panel.features.iter().map(|f| f.name.clone()).collect(),
        typed_refs,
        catalog,
        catalog_output: match panel.protocol {
            Protocol::Brainycp => Output::Json,
            Protocol::Ispsystem => Output::Node,
        },
        groups: ir_groups,
        cargo_features: features,
        cfg,
        smoke,
    })
}

fn validate(panel: &Panel) -> Result<(), Error> {
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

/// Function groups: `(module, key, functions)`, the key being the first segment of the
/// wire name (BrainyCP: the module constant), in key order.
fn groups(panel: &Panel) -> Vec<(String, String, Vec<&Function>)> {
    let mut out: Vec<(String, Vec<&Function>)> = Vec::new();
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
    let mut scope = Scope::default();
    scope.reserve(&["rt", "tests"]);
    out.into_iter().map(|(k, funcs)| (scope.unique(&names::snake(&k)), k, funcs)).collect()
}

fn feature_word(s: &str) -> String {
    names::snake(s).trim_end_matches('_').replace('_', "-")
}

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
fn group_lints(module: &str, plans: &[(&Function, plan::FuncPlan)], panel_module: &str) -> Vec<&'static str> {
    let mut lints = Vec::new();
    if module == panel_module {
        lints.push("module_inception");
    }
    let setters =
        || plans.iter().flat_map(|(_, p)| p.fields.iter().filter(|f| !f.p.required).map(|f| f.ident.as_str()));
    let no_args = plans.iter().any(|(f, p)| {
        f.plid.is_none()
            && !matches!(ElidMode::of(f), ElidMode::Required { .. })
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
    lints
}

fn head(panel: &Panel, marker: &str, opts: &Options) -> Result<Head, Error> {
    if let Some(path) = &opts.marker_path {
        let p: syn::Path = syn::parse_str(path)
            .map_err(|e| Error::Spec { panel: panel.id.clone(), message: format!("marker path `{path}`: {e}") })?;
        let last = p.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        return Ok(Head::Import { rename: last != marker, path: p });
    }
    let id = &panel.id;
    let mut doc = vec![format!(
        "{}: the panel marker (`{id}`, {:?} version {}).",
        panel.title.best().map(docs::esc).unwrap_or_else(|| id.clone()),
        panel.family,
        docs::esc(&panel.version)
    )];
    doc.push(String::new());
    doc.push(format!("Endpoint `{}`; languages: {}.", docs::esc(&panel.endpoint), panel.languages.join(", ")));
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
    Ok(Head::Marker {
        doc,
        protocol: panel.protocol,
        endpoint: panel.endpoint.clone(),
        mgr: panel.mgr.clone().unwrap_or_default(),
    })
}

/// The index of `p` in `f`'s parameter table (the lowered table keeps spec order).
fn slot(f: &Function, p: &Param) -> usize {
    f.params.iter().position(|x| x.name == p.name).expect("a planned parameter is in its function")
}

/// A field of what `carrier` carries (a variant's or a `Switch` struct's).
fn carried(f: &Function, fl: &plan::Field, carrier: &Param) -> SlotField {
    SlotField {
        ident: fl.ident.clone(),
        ty: fl.ty.clone(),
        slot: slot(f, fl.p),
        doc: vec![docs::carried_line(f, fl.p, &fl.ident, carrier)],
    }
}

fn enum_ir(f: &Function, e: &plan::EnumPlan) -> EnumIr {
    let mut doc = vec![format!(
        "Values of `{}` of `{}`: {}",
        docs::esc(&e.p.name),
        docs::esc(&f.name),
        docs::param_line(f, e.p, &e.p.name)
    )];
    doc.extend(docs::effects(f, e.p));
    let variants = e
        .variants
        .iter()
        .map(|(wire, vname, fields)| {
            let label = e.p.values.iter().find(|x| x.value == wire).and_then(|x| docs::text(&x.label));
            VariantIr {
                ident: vname.clone(),
                doc: value_doc(wire, label),
                fields: fields.iter().map(|fl| carried(f, fl, e.p)).collect(),
            }
        })
        .collect();
    EnumIr { name: e.name.clone(), doc, slot: slot(f, e.p), data: e.data, variants }
}

fn value_doc(wire: &str, label: Option<String>) -> String {
    match label {
        Some(l) => format!("`{}`: {l}", docs::esc(wire)),
        None => format!("`{}`.", docs::esc(wire)),
    }
}

fn switch_ir(f: &Function, s: &plan::SwitchPlan) -> SwitchIr {
    let mut doc = vec![format!(
        "What `{}` of `{}` carries when on: {}",
        docs::esc(&s.p.name),
        docs::esc(&f.name),
        docs::param_line(f, s.p, &s.p.name)
    )];
    doc.extend(docs::effects(f, s.p));
    SwitchIr { name: s.name.clone(), doc, fields: s.fields.iter().map(|fl| carried(f, fl, s.p)).collect() }
}

fn request_ir(
    f: &Function,
    name: &str,
    info: &str,
    output: Output,
    error: Option<String>,
    plan: &plan::FuncPlan,
) -> RequestIr {
    let elid = ElidMode::of(f);
    let mut new_doc = vec!["A request with every required parameter.".to_owned()];
    if f.plid.is_some() {
        new_doc.push(String::new());
        new_doc.push("`plid`: the parent object's id.".to_owned());
    }
    match elid {
        ElidMode::Required { multiple: false } => {
            new_doc.push(String::new());
            new_doc.push("`elid`: the object's id.".to_owned());
        }
        ElidMode::Required { multiple: true } => {
            new_doc.push(String::new());
            new_doc.push("`elid`: the objects' ids (sent joined by `, `).".to_owned());
        }
        _ => {}
    }
    let what = if f.kind == FunctionKind::Form {
        "edits the object with this id instead of creating one"
    } else {
        "the object's id"
    };
    let mut required = Vec::new();
    let mut setters = Vec::new();
    for fl in &plan.fields {
        if fl.p.required {
            new_doc.push(String::new());
            new_doc.push(format!("`{}`: {}", fl.ident, docs::param_line(f, fl.p, &fl.ident)));
            required.push(SlotField {
                ident: fl.ident.clone(),
                ty: fl.ty.clone(),
                slot: slot(f, fl.p),
                doc: Vec::new(),
            });
        } else {
            // What an enum's values or a switch enable is said on that type.
            let typed_effects = matches!(fl.ty, ValueType::Enum(_) | ValueType::DataEnum(_) | ValueType::Switch(_));
            setters.push(SlotField {
                ident: fl.ident.clone(),
                ty: fl.ty.clone(),
                slot: slot(f, fl.p),
                doc: docs::setter(f, fl.p, &fl.ident, typed_effects),
            });
        }
    }
    RequestIr {
        name: name.to_owned(),
        info: info.to_owned(),
        output,
        error,
        doc: docs::function(f),
        new_doc,
        plid: f.plid.is_some(),
        elid,
        elid_doc: format!("Sets `elid`: {what}."),
        required,
        setters,
    }
}

/// The `# Example` of a request's docs: `new(..)` with the smoke test's arguments, one
/// optional setter that no rule mentions (so the example stays valid whatever the rules),
/// then `validate()`.
fn example(
    f: &Function,
    plan: &plan::FuncPlan,
    r: &RequestIr,
    args: &[Sample],
    module: &str,
    opts: &Options,
) -> Vec<String> {
    let runtime = &opts.runtime_crate;
    let mut imports = vec![r.name.clone()];
    let mut call = format!(
        "{}::new({})",
        r.name,
        args.iter().map(|a| sample_text(a, runtime, &mut imports)).collect::<Vec<_>>().join(", ")
    );
    let in_rules = |name: &str| {
        f.rules.iter().any(|x| {
            x.param == name || [&x.enables, &x.forbids, &x.readonly].iter().any(|l| l.iter().any(|n| n == name))
        })
    };
    let setter = plan.fields.iter().find(|fl| {
        !fl.p.required
            && fl.p.feature.is_none()
            && !in_rules(&fl.p.name)
            && matches!(fl.ty, ValueType::Text | ValueType::Int | ValueType::Bool)
    });
    if let Some(fl) = setter {
        let v = sample_text(&sample(fl.p, &fl.ty, plan, false), runtime, &mut imports);
        call.push_str(&format!(".{}({v})", fl.ident));
    }
    imports.sort();
    imports.dedup();
    let uses = if imports.len() == 1 { imports[0].clone() } else { format!("{{{}}}", imports.join(", ")) };
    vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```".to_owned(),
        format!("# use {runtime}::Request;"),
        format!("use {module}::{uses};"),
        format!("assert!({call}.validate().is_ok());"),
        "```".to_owned(),
    ]
}

/// A sample as Rust source for an example; generated types it names go to `imports`.
fn sample_text(s: &Sample, runtime: &str, imports: &mut Vec<String>) -> String {
    match s {
        Sample::Str(v) => format!("{v:?}"),
        Sample::Strs(vs) => format!("[{}]", vs.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")),
        Sample::Int(n) => n.to_string(),
        Sample::Unlimited => format!("{runtime}::Limit::Unlimited"),
        Sample::Float => "1.0".to_owned(),
        Sample::Bool => "true".to_owned(),
        Sample::Ipv4 => "std::net::Ipv4Addr::LOCALHOST".to_owned(),
        Sample::Ipv6 => "std::net::Ipv6Addr::LOCALHOST".to_owned(),
        Sample::Ip => "std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST)".to_owned(),
        Sample::Variant { ty, variant, fields } => {
            imports.push(ty.clone());
            if fields.is_empty() {
                format!("{ty}::{variant}")
            } else {
                let fs: Vec<String> = fields.iter().map(|f| format!("{f}: None")).collect();
                format!("{ty}::{variant} {{ {} }}", fs.join(", "))
            }
        }
        Sample::Default(ty) => {
            imports.push(ty.clone());
            format!("{ty}::default()")
        }
        Sample::List(inner) => format!("[{}]", sample_text(inner, runtime, imports)),
    }
}

/// The `new(..)` arguments of a minimal valid request.
fn new_args(f: &Function, plan: &plan::FuncPlan) -> Vec<Sample> {
    let mut args = Vec::new();
    if f.plid.is_some() {
        args.push(Sample::Str("parent"));
    }
    match ElidMode::of(f) {
        ElidMode::Required { multiple: false } => args.push(Sample::Str("id")),
        ElidMode::Required { multiple: true } => args.push(Sample::Strs(&["id1", "id2"])),
        _ => {}
    }
    for fl in plan.fields.iter().filter(|fl| fl.p.required) {
        args.push(sample(fl.p, &fl.ty, plan, false));
    }
    args
}

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

/// A value of `ty` that the validator accepts for `p`.
fn sample(p: &Param, ty: &ValueType, plan: &plan::FuncPlan, item: bool) -> Sample {
    match ty {
        ValueType::Text => Sample::Str(text_sample(p, if item { p.item.unwrap_or(ParamType::Text) } else { p.ty })),
        ValueType::Secret => Sample::Str("secret-1"),
        ValueType::Int => {
            let lo = p.min.unwrap_or(i64::MIN);
            let hi = p.max.unwrap_or(i64::MAX);
            Sample::Int(1.clamp(lo, hi.max(lo)))
        }
        ValueType::Limit(_) => Sample::Unlimited,
        ValueType::Float => Sample::Float,
        ValueType::Bool => Sample::Bool,
        ValueType::Ipv4 => Sample::Ipv4,
        ValueType::Ipv6 => Sample::Ipv6,
        ValueType::Ip => Sample::Ip,
        ValueType::Enum(n) | ValueType::DataEnum(n) => {
            let e = plan.enums.iter().find(|e| &e.name == n).expect("planned enum");
            let (_, v, fields) = &e.variants[0];
            Sample::Variant {
                ty: n.clone(),
                variant: v.clone(),
                fields: fields.iter().map(|f| f.ident.clone()).collect(),
            }
        }
        ValueType::Switch(n) => Sample::Default(n.clone()),
        ValueType::List(inner, _) => Sample::List(Box::new(sample(p, inner, plan, true))),
    }
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

/// A reply field before its enum (if any) is named: `values` non-empty for `ReplyType::Enum`.
struct Pending<'a> {
    field: ReplyField,
    values: &'a [EnumValue],
}

/// The reply type of a result field.
fn result_type(x: &panelkit_spec::Field) -> ReplyType {
    match x.ty {
        FieldType::Text => ReplyType::Text,
        FieldType::Int => ReplyType::Int,
        FieldType::Float => ReplyType::Float,
        FieldType::Flag => ReplyType::Flag,
        FieldType::UsedLimit => ReplyType::UsedLimit,
        FieldType::Enum if !x.values.is_empty() => ReplyType::Enum(String::new()),
        FieldType::Enum => ReplyType::Text,
        FieldType::List => ReplyType::List(None),
    }
}

/// The reply type of a parameter as a form shows it.
fn param_reply_type(p: &Param) -> ReplyType {
    match p.ty {
        ParamType::Password => ReplyType::Secret,
        ParamType::Int => ReplyType::Int,
        ParamType::Float => ReplyType::Float,
        ParamType::Flag => ReplyType::Flag,
        ParamType::Enum if !p.values.is_empty() => ReplyType::Enum(String::new()),
        ParamType::List => ReplyType::List(p.separator.as_deref().filter(|s| !s.trim().is_empty()).map(str::to_owned)),
        _ => ReplyType::Text,
    }
}

fn result_fields<'a>(f: &'a Function, scope: &mut Scope) -> Vec<Pending<'a>> {
    f.result
        .fields
        .iter()
        .map(|x| {
            let extra = match x.ty {
                FieldType::UsedLimit => "; `used` / `limit` attributes",
                _ if x.inferred => "; type inferred",
                _ => "",
            };
            let key = f.result.key.as_deref() == Some(x.name.as_str());
            let extra = if key { "; the element's id, its `elid` elsewhere" } else { extra };
            let ident = scope.unique(&x.rust_name.clone().unwrap_or_else(|| names::snake(&x.name)));
            let doc = label_doc(&x.name, &ident, &x.label, extra);
            Pending {
                field: ReplyField { wire: x.name.to_string(), ident, ty: result_type(x), doc },
                values: &x.values,
            }
        })
        .collect()
}

/// Names the enums of `fields` (after the struct, in field order) and builds the struct.
fn reply_struct(name: &str, doc: Vec<String>, fields: Vec<Pending>, source: Source, types: &mut Scope) -> ReplyStruct {
    let mut enums = Vec::new();
    let mut out: Vec<ReplyField> = Vec::new();
    for Pending { mut field, values } in fields {
        // Each wire name is read once: a second field of the name (an unlinted spec; a form
        // parameter called `elid`, which the form's own `elid` reads) would hold the same
        // child, and the decoders' field cursor (`rt::Fields`) asks each name once.
        let taken = |w: &str| out.iter().any(|o| o.wire == w) || (matches!(source, Source::Form) && w == "elid");
        if taken(&field.wire) {
            continue;
        }
        if let ReplyType::Enum(_) = field.ty {
            let enum_name = types.unique(&format!("{name}{}", names::camel(&field.ident)));
            let mut vs = Scope::default();
            vs.reserve(&["Unknown"]);
            let variants = values
                .iter()
                .map(|v| {
                    (v.value.to_string(), vs.unique(&names::camel(&v.value)), value_doc(&v.value, docs::text(&v.label)))
                })
                .collect();
            enums.push(ReplyEnum {
                // The `Unknown` variant's own doc says what it keeps.
                doc: format!("Values of `{}` in [`{name}`].", docs::esc(&field.wire)),
                name: enum_name.clone(),
                variants,
            });
            field.ty = ReplyType::Enum(enum_name);
        }
        out.push(field);
    }
    ReplyStruct { name: name.to_owned(), doc, fields: out, source, enums }
}

/// `<Name>Elem` of a list function.
fn elem(f: &Function, name: &str, types: &mut Scope) -> ReplyStruct {
    let mut scope = Scope::default();
    let fields = result_fields(f, &mut scope);
    let doc = vec![format!("One element of the `{}` list.", docs::esc(&f.name))];
    reply_struct(name, doc, fields, Source::Elem, types)
}

/// `<Name>Form` of a form function: its parameters plus extra result fields.
fn form(f: &Function, name: &str, types: &mut Scope) -> ReplyStruct {
    let mut scope = Scope::default();
    scope.reserve(&["elid"]);
    let mut fields: Vec<Pending> = f
        .params
        .iter()
        .map(|p| {
            let ident = scope.unique(&p.rust_name.clone().unwrap_or_else(|| names::snake(&p.name)));
            // The setter of the same parameter explains its type, bounds and sentinel.
            let doc = label_doc(&p.name, &ident, &p.label, "");
            Pending {
                field: ReplyField { wire: p.name.to_string(), ident, ty: param_reply_type(p), doc },
                values: &p.values,
            }
        })
        .collect();
    fields
        .extend(result_fields(f, &mut scope).into_iter().filter(|x| !f.params.iter().any(|p| p.name == x.field.wire)));
    let doc = vec![
        format!("The object's parameters as the `{}` form shows them.", docs::esc(&f.name)),
        String::new(),
        "Fields the binding does not know are ignored.".to_owned(),
    ];
    reply_struct(name, doc, fields, Source::Form, types)
}

/// A BrainyCP payload: its output type and the struct to emit, if any.
fn payload(f: &Function, stem: &str, types: &mut Scope) -> (Output, Option<ReplyStruct>) {
    let has_fields = !f.result.fields.is_empty();
    match f.result.payload {
        Some(Payload::Text) => (Output::Text, None),
        Some(Payload::Number) => (Output::Number, None),
        Some(Payload::List) if has_fields => {
            let name = types.unique(&format!("{stem}Item"));
            let mut scope = Scope::default();
            let fields = result_fields(f, &mut scope);
            let doc = vec![format!("One item of the `{}` payload.", docs::esc(&f.name))];
            (Output::Items(name.clone()), Some(reply_struct(&name, doc, fields, Source::Json, types)))
        }
        Some(Payload::List) => (Output::JsonList, None),
        Some(Payload::Object) if has_fields => {
            let name = types.unique(&format!("{stem}Data"));
            let mut scope = Scope::default();
            let fields = result_fields(f, &mut scope);
            let doc = vec![format!("The `{}` payload.", docs::esc(&f.name))];
            (Output::Data(name.clone()), Some(reply_struct(&name, doc, fields, Source::Json, types)))
        }
        _ => (Output::Json, None),
    }
}

/// A BrainyCP per-function error enum; unknown codes are kept.
fn error_ir(f: &Function, name: &str) -> ErrorIr {
    let mut vs = Scope::default();
    vs.reserve(&["Unknown"]);
    let mut seen: Vec<i64> = Vec::new();
    let cases = f
        .errors
        .iter()
        .filter(|e: &&ErrorCase| {
            e.code != 0 && !seen.contains(&e.code) && {
                seen.push(e.code);
                true
            }
        })
        .map(|e| {
            let msg = docs::text(&e.message).map(|m| format!(": {m}")).unwrap_or_default();
            (e.code, vs.unique(&names::camel(&e.name)), format!("Code {}{msg}", e.code))
        })
        .collect();
    ErrorIr {
        name: name.to_owned(),
        doc: format!("Errors `{}` documents; other codes are kept in `Unknown`.", docs::esc(&f.name)),
        cases,
    }
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
    fn decisions_are_data_before_anything_is_printed() {
        let p = panel(&format!(
            "{HEAD}[[functions]]\nname = \"db\"\nkind = \"list\"\n\
             result = {{ kind = \"list\", fields = [{{ name = \"name\", type = \"text\" }}] }}\n\
             [[functions]]\nname = \"db.edit\"\nkind = \"form\"\n\
             params = [{{ name = \"name\", type = \"text\", required = true }}, {{ name = \"size\", type = \"int\", min = 1 }}]\n\
             [[functions]]\nname = \"admin\"\nkind = \"list\"\ntyped = false\n"
        ));
        let ir = super::panel(&p, &Options::regen()).unwrap();
        assert_eq!((ir.module.as_str(), ir.marker.as_str()), ("p", "P"));
        let groups: Vec<(&str, Option<&str>, &Placement)> =
            ir.groups.iter().map(|g| (g.module.as_str(), g.feature.as_deref(), &g.placement)).collect();
        assert_eq!(
            groups,
            [
                ("admin", Some("p-admin"), &Placement::File("p/admin.rs".into())),
                ("db", Some("p-db"), &Placement::File("p/db.rs".into()))
            ]
        );
        let db = &ir.groups[1];
        let requests: Vec<(&str, &Output)> = db
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Request(r) => Some((r.name.as_str(), &r.output)),
                _ => None,
            })
            .collect();
        assert_eq!(requests, [("Db", &Output::Elems("DbElem".into())), ("DbEdit", &Output::Done)]);
        let Some(Item::Request(edit)) = db.items.last() else { panic!("the request comes last") };
        assert_eq!(edit.required.iter().map(|f| (f.ident.as_str(), f.slot)).collect::<Vec<_>>(), [("name", 0)]);
        assert_eq!(edit.setters.iter().map(|f| (f.ident.as_str(), f.slot)).collect::<Vec<_>>(), [("size", 1)]);
        assert_eq!(edit.setters[0].doc, ["`size`: integer >= 1."]);
        assert_eq!(edit.elid, ElidMode::Optional { multiple: false });
        let smoke: Vec<(&str, &[Sample])> = ir.smoke.iter().map(|c| (c.ty.as_str(), c.args.as_slice())).collect();
        assert_eq!(
            smoke,
            [
                ("Admin", &[][..]),
                ("Db", &[][..]),
                ("DbEditGet", &[Sample::Str("id")][..]),
                ("DbEdit", &[Sample::Str("x")][..])
            ]
        );
        assert_eq!(ir.typed_refs.iter().map(|r| r.info.as_str()).collect::<Vec<_>>(), ["DB", "DB_EDIT"]);
        assert_eq!(ir.catalog.len(), 1);
        assert!(ir.catalog[0].bare);
        let features: Vec<&str> = ir.cargo_features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(features, ["p", "p-admin", "p-db"]);
    }

    #[test]
    fn a_reply_struct_reads_each_wire_name_once() {
        // Not linted (toml straight into the model): a form parameter named `elid` and a
        // list's result field given twice.
        let p = panel(&format!(
            "{HEAD}[[functions]]\nname = \"db\"\nkind = \"list\"\n\
             result = {{ kind = \"list\", fields = [{{ name = \"name\", type = \"text\" }}, {{ name = \"name\", type = \"text\" }}] }}\n\
             [[functions]]\nname = \"db.edit\"\nkind = \"form\"\n\
             params = [{{ name = \"elid\", type = \"text\" }}, {{ name = \"size\", type = \"int\" }}]\n"
        ));
        let ir = super::panel(&p, &Options::regen()).unwrap();
        let wires: Vec<(&str, Vec<&str>)> = ir.groups[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Reply(r) => Some((r.name.as_str(), r.fields.iter().map(|f| f.wire.as_str()).collect())),
                _ => None,
            })
            .collect();
        // The form's own `elid` (printed apart from the fields) reads the form's `elid`.
        assert_eq!(wires, [("DbElem", vec!["name"]), ("DbEditForm", vec!["size"])]);
    }
}
