//! Hand-written overlays over a harvest.
//!
//! An overlay is a folder of TOML files in the spec function format
//! (`[[function]]` tables, `name` required, every other key optional) plus at
//! most one `[panel]` table for the panel header. Only the keys an overlay
//! writes take effect: objects merge key by key, lists of named things merge
//! by their identity (`params` and result `fields` by `name`, enum `values` by
//! `value`, `rules` by `param` + `when`), any other list (`levels`, `toolbar`,
//! ...) is replaced whole. The overlay wins and
//! the [`MergeReport`] says where.

use std::fmt;
use std::path::Path;

use panelkit_spec::{Function, Panel};
use serde_json::{Map, Value};

/// An overlay file or merge that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct OverlayError {
    /// The overlay file (or folder).
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// Parsed overlay files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    /// Keys of the `[panel]` table, with the file that gave them.
    pub panel: Option<(String, Map<String, Value>)>,
    /// `(file, function table)` in file order.
    pub functions: Vec<(String, Map<String, Value>)>,
}

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Harvested values the overlay replaced: `func: path: old -> new`.
    pub overridden: Vec<String>,
    /// Things the overlay names that the harvest lacks: functions, parameters, keys.
    pub added: Vec<String>,
    /// Overlay values equal to the harvested ones (candidates for pruning).
    pub unchanged: usize,
}

impl fmt::Display for MergeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for o in &self.overridden {
            writeln!(f, "overlay overrides {o}")?;
        }
        for a in &self.added {
            writeln!(f, "overlay adds {a} (not in the harvest)")?;
        }
        if self.unchanged > 0 {
            writeln!(f, "overlay repeats {} harvested value(s) unchanged", self.unchanged)?;
        }
        Ok(())
    }
}

/// Parses one overlay file.
pub fn parse_overlay(text: &str, file: &str) -> Result<Overlay, OverlayError> {
    let err = |message: String| OverlayError { file: file.to_string(), message };
    let table: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    let mut ov = Overlay::default();
    for (k, v) in table {
        let v = serde_json::to_value(&v).map_err(|e| err(e.to_string()))?;
        match (k.as_str(), v) {
            ("panel", Value::Object(m)) => ov.panel = Some((file.to_string(), m)),
            ("function", Value::Array(items)) => {
                for it in items {
                    match it {
                        Value::Object(m) if m.get("name").is_some_and(Value::is_string) => {
                            ov.functions.push((file.to_string(), m))
                        }
                        _ => return Err(err("a [[function]] without a string `name`".into())),
                    }
                }
            }
            (other, _) => {
                return Err(err(format!("unexpected top-level key `{other}` (expected [panel] or [[function]])")));
            }
        }
    }
    Ok(ov)
}

/// Reads a panel header (a `panel.toml`) as loose keys, `functions` dropped,
/// for [`Overlay::panel_header`]: it may be incomplete until the overlay fills it.
pub fn parse_header(text: &str, file: &str) -> Result<Map<String, Value>, OverlayError> {
    let err = |message: String| OverlayError { file: file.to_string(), message };
    let table: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    let mut m = match serde_json::to_value(table).map_err(|e| err(e.to_string()))? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    m.remove("functions");
    Ok(m)
}

/// Loads every `*.toml` in `dir` (sorted by name) as one overlay.
pub fn load_overlay(dir: &Path) -> Result<Overlay, OverlayError> {
    let derr = |e: std::io::Error| OverlayError { file: dir.display().to_string(), message: e.to_string() };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(derr)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut all = Overlay::default();
    for f in files {
        let name = f.display().to_string();
        let text =
            std::fs::read_to_string(&f).map_err(|e| OverlayError { file: name.clone(), message: e.to_string() })?;
        let ov = parse_overlay(&text, &name)?;
        if let Some(p) = ov.panel {
            if let Some((first, _)) = &all.panel {
                return Err(OverlayError { file: name, message: format!("a second [panel] table (first in {first})") });
            }
            all.panel = Some(p);
        }
        all.functions.extend(ov.functions);
    }
    Ok(all)
}

impl Overlay {
    /// The panel header: `base` keys with the overlay's `[panel]` keys laid over.
    pub fn panel_header(&self, base: Map<String, Value>) -> Result<Panel, OverlayError> {
        let mut v = Value::Object(base);
        let mut file = "panel header".to_string();
        if let Some((f, m)) = &self.panel {
            file = f.clone();
            merge_value(&mut v, &Value::Object(m.clone()), "panel", &mut MergeReport::default());
        }
        serde_json::from_value(v).map_err(|e| OverlayError { file, message: format!("panel header: {e}") })
    }
}

/// Lays `overlay` over `functions`: the overlay wins. Functions the harvest
/// lacks are appended (they must then be complete, `kind` included).
pub fn merge_overlay(functions: &mut Vec<Function>, overlay: &Overlay) -> Result<MergeReport, OverlayError> {
    let mut report = MergeReport::default();
    let mut seen = std::collections::HashSet::new();
    for (file, over) in &overlay.functions {
        let name = over.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let err =
            |message: String| OverlayError { file: file.clone(), message: format!("function `{name}`: {message}") };
        if !seen.insert(name.clone()) {
            return Err(err("named twice in the overlay".into()));
        }
        let mut over = Value::Object(over.clone());
        strip_evidence(&mut over);
        match functions.iter().position(|f| f.name == name) {
            Some(i) => {
                let mut base = serde_json::to_value(&functions[i]).map_err(|e| err(e.to_string()))?;
                merge_value(&mut base, &over, &name, &mut report);
                functions[i] = serde_json::from_value(base).map_err(|e| err(e.to_string()))?;
            }
            None => {
                let f: Function = serde_json::from_value(over).map_err(|e| err(e.to_string()))?;
                report.added.push(format!("function `{name}`"));
                functions.push(f);
            }
        }
    }
    Ok(report)
}

/// Drops the overlay's per-parameter `sources` (the evidence a reviewer checks the
/// overlay against); the spec model has no place for it, the overlay keeps it.
fn strip_evidence(function: &mut Value) {
    if let Some(Value::Array(params)) = function.get_mut("params") {
        for p in params.iter_mut().filter_map(Value::as_object_mut) {
            p.remove("sources");
        }
    }
}

/// What identifies an element of a list: `name` (params, fields), `value`
/// (enum values), or `param` + `when` (rules).
fn key_of(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    if let Some(k) = o.get("name").or_else(|| o.get("value")).and_then(Value::as_str) {
        return Some(k.to_string());
    }
    let param = o.get("param")?.as_str()?;
    let when = o.get("when")?;
    Some(format!("{param} when {}", when.as_str().map_or_else(|| when.to_string(), String::from)))
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s }
}

fn merge_value(base: &mut Value, over: &Value, path: &str, rep: &mut MergeReport) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                let p = format!("{path}.{k}");
                match b.get_mut(k) {
                    Some(bv) => merge_value(bv, v, &p, rep),
                    None => {
                        rep.added.push(p);
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(o))
            if !b.is_empty() && b.iter().chain(o.iter()).all(|x| key_of(x).is_some()) =>
        {
            for item in o {
                let k = key_of(item).unwrap_or_default();
                let p = format!("{path}[{k}]");
                match b.iter_mut().find(|x| key_of(x).as_deref() == Some(k.as_str())) {
                    Some(bv) => merge_value(bv, item, &p, rep),
                    None => {
                        rep.added.push(p);
                        b.push(item.clone());
                    }
                }
            }
        }
        (b, o) => {
            if *b == *o {
                rep.unchanged += 1;
            } else if b.as_array().is_some_and(Vec::is_empty) {
                let n = o.as_array().map_or(0, Vec::len);
                rep.added.push(format!("{path} ({n} item(s))"));
                *b = o.clone();
            } else {
                rep.overridden.push(format!("{path}: {} -> {}", short(b), short(o)));
                *b = o.clone();
            }
        }
    }
}
