//! The specs the CLI knows: the shipped ones (embedded at build time) or a user's `--spec-dir`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use panelkit_runtime::{FuncInfo, Params, Violations};
use panelkit_spec::{Function, Panel};

/// A shipped spec: id, `panel.toml` text, and its `(file name, text)` function files.
type Shipped = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/specs.rs"));
}

/// Ids of the embedded specs.
pub fn shipped_ids() -> Vec<&'static str> {
    embedded::SPECS.iter().map(|(id, _, _)| *id).collect()
}

/// Whether `id` is a shipped panel (one with generated bindings).
pub fn is_shipped(id: &str) -> bool {
    embedded::SPECS.iter().any(|(i, _, _)| *i == id)
}

/// Loads panel `id`: from `spec_dir/<id>` (or `spec_dir` itself when it holds `panel.toml`) when given, else embedded.
pub fn load(id: &str, spec_dir: Option<&Path>) -> Result<Panel, String> {
    if let Some(dir) = spec_dir {
        let dir = if dir.join("panel.toml").is_file() { dir.to_path_buf() } else { dir.join(id) };
        let p = panelkit_spec::load_panel(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if p.id != id {
            return Err(format!("{}: panel id is `{}`, not `{id}`", dir.display(), p.id));
        }
        return Ok(p);
    }
    let Some((_, panel, files)) = embedded::SPECS.iter().find(|(i, _, _)| *i == id) else {
        return Err(format!("no panel `{id}`; shipped: {}", shipped_ids().join(", ")));
    };
    panelkit_spec::load_panel_from_strs(panel, files).map_err(|e| format!("shipped spec `{id}`: {e}"))
}

/// A function of the panel by wire name.
pub fn function<'a>(panel: &'a Panel, name: &str) -> Result<&'a Function, String> {
    panel.functions.iter().find(|f| f.name == name).ok_or_else(|| {
        format!("`{}` has no function `{name}`; `panelkit functions --panel {}` lists them", panel.id, panel.id)
    })
}

/// Validates `params` against the spec function, as the bindings and the fake panel do.
pub fn validate(f: &Function, params: &Params) -> Result<(), Violations> {
    panelkit_runtime::validate(info(f), params, None)
}

/// Whether the spec types `name` as a secret, or its name says it is one.
pub fn is_secret(f: Option<&Function>, name: &str) -> bool {
    panelkit_harvest::log::is_secret_name(name)
        || f.and_then(|f| f.params.iter().find(|p| p.name == name))
            .is_some_and(|p| p.ty == panelkit_spec::ParamType::Password)
}

/// The validation table of `f`, built once per function name: `from-log` on `tail -f`
/// sees the same functions again and again, and tables are leaked (`&'static`).
fn info(f: &Function) -> &'static FuncInfo {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static FuncInfo>>> = OnceLock::new();
    let mut c = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    c.entry(f.name.clone()).or_insert_with(|| panelkit_runtime::from_spec::func_info(f))
}
