//! Spec files from a panel: `panel.toml` plus function files grouped by the
//! first segment of the function name.

use std::collections::BTreeMap;

use panelkit_spec::{Function, Panel};
use serde::Serialize;

#[derive(Serialize)]
struct FunctionFile<'a> {
    function: &'a [&'a Function],
}

/// The file a function goes to: `user.edit` → `user.toml`. Characters that do
/// not belong in a file name become `_`; `panel` (whose file would collide with
/// `panel.toml`) goes to `panel_functions.toml`.
pub fn function_file_name(func: &str) -> String {
    let seg = func.split('.').next().unwrap_or_default();
    let mut s: String =
        seg.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if s.is_empty() {
        s.push('_');
    }
    if s == "panel" {
        s.push_str("_functions");
    }
    format!("{s}.toml")
}

/// Renders `panel` as spec files: file name → content. `note` goes into the
/// header comment of every file (say how to regenerate).
pub fn render_spec_files(panel: &Panel, note: &str) -> Result<BTreeMap<String, String>, toml::ser::Error> {
    let header: String = note.lines().map(|l| format!("# {l}\n")).collect();
    let mut out = BTreeMap::new();
    let head = Panel { functions: Vec::new(), ..panel.clone() };
    out.insert("panel.toml".to_string(), format!("{header}\n{}", toml::to_string(&head)?));
    let mut groups: BTreeMap<String, Vec<&Function>> = BTreeMap::new();
    for f in &panel.functions {
        groups.entry(function_file_name(&f.name)).or_default().push(f);
    }
    for (file, fs) in groups {
        out.insert(file, format!("{header}\n{}", toml::to_string(&FunctionFile { function: &fs })?));
    }
    Ok(out)
}
