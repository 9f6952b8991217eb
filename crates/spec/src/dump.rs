//! The JSON dump of a loaded panel (`cargo xtask spec dump`, `harvest --json`) and
//! its JSON Schema (`docs/spec-dump.schema.json`).
//!
//! The dump is the model's own serde JSON with one adjustment: `functions`, and
//! each function's `params`, `rules` and `result`, are always present (as `[]`
//! when empty), so tools never have to guess whether a key was left out. The
//! model itself skips empty lists so spec files stay short.

use serde_json::{Map, Value};

use crate::model::Panel;

/// Keys always present in a dumped function.
pub const FUNCTION_KEYS: &[&str] = &["params", "rules", "result"];

/// Keys always present in a dumped parameter.
pub const PARAM_KEYS: &[&str] = &["required"];

/// The dump of one panel as a JSON value.
pub fn to_value(panel: &Panel) -> Value {
    let mut v = serde_json::to_value(panel).unwrap_or(Value::Null);
    if let Value::Object(p) = &mut v {
        let functions = p.entry("functions").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(fs) = functions {
            for f in fs.iter_mut().filter_map(Value::as_object_mut) {
                fill(f);
            }
        }
    }
    v
}

/// The dump of one panel as pretty JSON.
pub fn to_string_pretty(panel: &Panel) -> String {
    serde_json::to_string_pretty(&to_value(panel)).unwrap_or_default()
}

fn fill(f: &mut Map<String, Value>) {
    for key in ["params", "rules"] {
        f.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    }
    f.entry("result").or_insert_with(|| serde_json::json!({ "kind": "unknown" }));
    if let Some(Value::Array(params)) = f.get_mut("params") {
        for p in params.iter_mut().filter_map(Value::as_object_mut) {
            p.entry("required").or_insert(Value::Bool(false));
        }
    }
}

/// The JSON Schema (draft 2020-12) of [`to_value`]'s output, as checked in at
/// `docs/spec-dump.schema.json`.
#[cfg(feature = "schema")]
pub fn schema() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Panel>();
    let mut v = schema.to_value();
    if let Value::Object(root) = &mut v {
        root.insert("title".into(), "panelkit spec dump".into());
        root.insert(
            "description".into(),
            "One panel as printed by `cargo xtask spec dump <ID>` (and `cargo xtask harvest --json`). \
             Generated from crates/spec/src/model.rs by `cargo xtask spec schema`."
                .into(),
        );
        require(root, "functions");
        if let Some(Value::Object(f)) = root.get_mut("$defs").and_then(|d| d.get_mut("Function")) {
            for key in FUNCTION_KEYS {
                require(f, key);
            }
        }
        if let Some(Value::Object(p)) = root.get_mut("$defs").and_then(|d| d.get_mut("Param")) {
            for key in PARAM_KEYS {
                require(p, key);
            }
        }
    }
    v
}

#[cfg(feature = "schema")]
fn require(obj: &mut Map<String, Value>, key: &str) {
    if let Value::Array(req) = obj.entry("required").or_insert_with(|| Value::Array(Vec::new()))
        && !req.iter().any(|r| r == key)
    {
        req.push(key.into());
    }
}

/// The schema as pretty JSON with a final newline, as the checked-in file holds it.
#[cfg(feature = "schema")]
pub fn schema_string() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn empty_lists_are_present_in_the_dump() {
        let p: Panel = toml::from_str(
            "id='x'\nfamily='brainycp'\nversion='1'\nprotocol='brainycp'\nendpoint='/api/api.php'\n\
             [[functions]]\nname='a'\nkind='action'\n",
        )
        .unwrap();
        let v = to_value(&p);
        let f = &v["functions"][0];
        assert_eq!(f["params"], serde_json::json!([]));
        assert_eq!(f["rules"], serde_json::json!([]));
        assert_eq!(f["result"]["kind"], "unknown");
        let mut p2 = p.clone();
        p2.functions[0].params.push(Param::new("n", ParamType::Text));
        assert_eq!(to_value(&p2)["functions"][0]["params"][0]["required"], false);
        let empty = Panel { functions: vec![], ..p };
        assert_eq!(to_value(&empty)["functions"], serde_json::json!([]));
    }
}
