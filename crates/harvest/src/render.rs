//! Spec files from a panel: `panel.toml` plus function files grouped by the
//! first segment of the function name.

use std::collections::BTreeMap;

use panelkit_spec::{Function, Panel};
use serde::Serialize;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

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
    out.insert("panel.toml".to_string(), format!("{header}\n{}", compact(&toml::to_string(&head)?)));
    let mut groups: BTreeMap<String, Vec<&Function>> = BTreeMap::new();
    for f in &panel.functions {
        groups.entry(function_file_name(&f.name)).or_default().push(f);
    }
    for (file, fs) in groups {
        out.insert(file, format!("{header}\n{}", compact(&toml::to_string(&FunctionFile { function: &fs })?)));
    }
    Ok(out)
}

/// Rewrites serializer output for reviewers: small tables (`title`, `label`,
/// `elid`, `when`, ...) inline, lists of small tables (`values`, `rules`,
/// `fields`) as one inline table per line. Same data, far fewer lines.
fn compact(text: &str) -> String {
    let Ok(mut doc) = text.parse::<DocumentMut>() else { return text.to_string() };
    compact_table(doc.as_table_mut());
    if let Some(aot) = doc.get_mut("function").and_then(Item::as_array_of_tables_mut) {
        for t in aot.iter_mut() {
            compact_table(t);
            if let Some(params) = t.get_mut("params").and_then(Item::as_array_of_tables_mut) {
                for p in params.iter_mut() {
                    compact_table(p);
                }
            }
        }
    }
    doc.to_string()
}

fn compact_table(t: &mut Table) {
    // Re-inserting every key in order keeps the order and gives `key = value` spacing.
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    for k in keys {
        let Some(mut item) = t.remove(&k) else { continue };
        match &mut item {
            // `result` defaults to `kind = "unknown"`: say nothing then.
            Item::Table(sub)
                if k == "result" && sub.len() == 1 && sub.get("kind").and_then(Item::as_str) == Some("unknown") =>
            {
                continue;
            }
            // A result with element fields stays a table so the fields list reads well.
            Item::Table(sub) if k == "result" && sub.contains_key("fields") => {
                sub.set_implicit(false);
                compact_table(sub);
            }
            Item::Table(sub) => {
                let inline = std::mem::take(sub).into_inline_table();
                item = Item::Value(Value::InlineTable(inline));
            }
            Item::ArrayOfTables(aot) if k != "params" && k != "function" => {
                let mut arr = std::mem::take(aot).into_array();
                if k == "rules" {
                    for v in arr.iter_mut() {
                        if let Some(it) = v.as_inline_table_mut() {
                            it.sort_values_by(|a, _, b, _| rule_key_rank(a.get()).cmp(&rule_key_rank(b.get())));
                        }
                    }
                }
                item = Item::Value(Value::Array(one_per_line(arr)));
            }
            _ => {}
        }
        t.insert(&k, item);
    }
}

/// `param`, `when`, then what the rule does.
fn rule_key_rank(k: &str) -> u8 {
    match k {
        "param" => 0,
        "when" => 1,
        "enables" => 2,
        "forbids" => 3,
        _ => 4,
    }
}

fn one_per_line(mut arr: Array) -> Array {
    for v in arr.iter_mut() {
        v.decor_mut().set_prefix("\n    ");
        v.decor_mut().set_suffix("");
    }
    arr.set_trailing("\n");
    arr.set_trailing_comma(true);
    arr
}
