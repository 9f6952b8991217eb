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
//! Generation is a pipeline: the spec is walked once into a plain-data IR (every name,
//! Rust type, doc line, reply shape, table and feature decided there), and emitters print
//! the IR through `syn` and `prettyplease` without looking back at the spec.
//!
//! One file per panel holds: the panel marker type (or a `use` of an existing one),
//! `FEATURES`, `TYPED` (the typed functions' tables), `CATALOG` (the untyped functions'
//! tables), `functions()` (both), and a module per function group (first segment of the
//! wire name; BrainyCP: the module constant), each re-exported at the panel level. With
//! [`Options::split_groups`] (regen) each group module is its own file `<panel>/<group>.rs`.
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
mod file;
mod ir;
mod names;
mod plan;
mod reply;
mod request;
mod smoke;
mod table;

use std::fmt;
use std::path::PathBuf;

use panelkit_spec::Panel;

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
    /// The Rust path of the module holding the panel module, as a user of the bindings
    /// writes it (`panelkit_ispsystem`). When set, every typed request's docs end with a
    /// short `# Example` that builds a valid request and validates it (compiled and run
    /// by rustdoc); without it (a build script's `include!`, whose path is unknown) none.
    pub examples: Option<String>,
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
            examples: None,
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

/// Generates the bindings of one panel.
pub fn generate_panel(panel: &Panel, opts: &Options) -> Result<GeneratedFiles, Error> {
    let ir = ir::panel(panel, opts)?;
    files(&ir)
}

/// [`generate_panel`] and [`generate_smoke_test`] from one IR: the smoke test reads the
/// panel module at `{crate_path}::{module}` (`panelkit_ispsystem::ispmgr4`).
pub fn generate_panel_and_smoke_test(
    panel: &Panel,
    opts: &Options,
    crate_path: &str,
    rules: Option<&str>,
) -> Result<(GeneratedFiles, String), Error> {
    let ir = ir::panel(panel, opts)?;
    let path = format!("{crate_path}::{}", ir.module);
    Ok((files(&ir)?, smoke_text(&ir, &path, rules)?))
}

/// Generates a test file that, for every function of `panel`, builds a minimal valid
/// request, checks `validate()` passes and encodes it. `path` is the Rust path of the
/// panel module as the test sees it (`panelkit_ispsystem::ispmgr4`). With `rules`
/// (a path to `fn(&[&'static FuncInfo]) -> (Vec<String>, usize)` returning failures and
/// the number of checks), a second test drives every rule of the tables into a violation.
pub fn generate_smoke_test(panel: &Panel, path: &str, rules: Option<&str>, opts: &Options) -> Result<String, Error> {
    smoke_text(&ir::panel(panel, opts)?, path, rules)
}

fn files(ir: &ir::PanelIr) -> Result<GeneratedFiles, Error> {
    Ok(GeneratedFiles {
        id: ir.id.clone(),
        module: ir.module.clone(),
        files: file::files(ir)?,
        features: ir.cargo_features.clone(),
        cfg: ir.cfg.clone(),
    })
}

fn smoke_text(ir: &ir::PanelIr, path: &str, rules: Option<&str>) -> Result<String, Error> {
    let mut out = format!("{}\n\n", ir.header);
    file::print_part(&ir.id, &mut out, file::Part::Items(smoke::file(ir, path, rules)?))?;
    Ok(out)
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
