//! Reply documents for people (tables, `key = value`) and machines (JSON).

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use panelkit_runtime::Node;
use panelkit_spec::{Function, ResultKind};
use serde_json::{Map, Value};

/// Elements of a reply that are the panel's UI metadata, not data.
const META: &[&str] =
    &["tparams", "metadata", "messages", "toolbar", "page", "p_num", "p_elems", "p_cnt", "p_sort", "p_order"];

fn rows(doc: &Node) -> Vec<&Node> {
    doc.children_named("elem").collect()
}

fn is_list(doc: &Node, f: Option<&Function>) -> bool {
    f.is_some_and(|f| f.result.kind == ResultKind::List) || doc.child("elem").is_some()
}

/// Column names: the spec's fields first, then what the reply holds besides.
fn columns(doc: &Node, f: Option<&Function>) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    let spec: Vec<String> = f.map(|f| f.result.fields.iter().map(|x| x.name.to_string()).collect()).unwrap_or_default();
    for e in rows(doc) {
        for c in &e.children {
            if !cols.contains(&c.name) {
                cols.push(c.name.clone());
            }
        }
    }
    let mut out: Vec<String> = spec.iter().filter(|n| cols.contains(n)).cloned().collect();
    let rest: Vec<String> = cols.into_iter().filter(|c| !out.contains(c)).collect();
    out.extend(rest);
    out
}

fn fields(doc: &Node) -> impl Iterator<Item = &Node> {
    doc.children.iter().filter(|c| !META.contains(&c.name.as_str()) && c.children.is_empty() && c.name != "ok")
}

/// The reply for a person.
pub fn text(doc: &Node, f: Option<&Function>) -> String {
    if is_list(doc, f) {
        let cols = columns(doc, f);
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header(&cols);
        for e in rows(doc) {
            t.add_row(cols.iter().map(|c| e.child_text(c).unwrap_or("").to_owned()));
        }
        return t.to_string();
    }
    let mut out = String::new();
    for c in fields(doc) {
        out.push_str(&format!("{} = {}\n", c.name, c.text));
    }
    if out.is_empty() {
        out.push_str("ok\n");
    }
    out.trim_end().to_owned()
}

/// The reply for a machine: a list as an array of objects, anything else as one object.
pub fn json(doc: &Node, f: Option<&Function>) -> Value {
    if is_list(doc, f) {
        let cols = columns(doc, f);
        let items = rows(doc)
            .into_iter()
            .map(|e| {
                let m: Map<String, Value> = cols
                    .iter()
                    .filter_map(|c| e.child_text(c).map(|v| (c.clone(), Value::String(v.to_owned()))))
                    .collect();
                Value::Object(m)
            })
            .collect();
        return Value::Array(items);
    }
    let mut m: Map<String, Value> = fields(doc).map(|c| (c.name.clone(), Value::String(c.text.clone()))).collect();
    if m.is_empty() {
        m.insert("ok".into(), Value::Bool(true));
    }
    Value::Object(m)
}
