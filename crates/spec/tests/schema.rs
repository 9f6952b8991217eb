//! `docs/spec-dump.schema.json` is the schema of today's model, and dumps fit it.

use std::path::Path;

#[test]
fn checked_in_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec-dump.schema.json");
    let want = panelkit_spec::dump::schema_string();
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale or missing: run `cargo xtask spec schema --write` and commit it",
        path.display()
    );
}

#[test]
fn schema_requires_the_keys_tools_rely_on() {
    let s = panelkit_spec::dump::schema();
    let req = &s["$defs"]["Function"]["required"];
    for key in ["name", "kind", "params", "rules", "result"] {
        assert!(req.as_array().unwrap().iter().any(|k| k == key), "{key} not required: {req}");
    }
    let param_req = &s["$defs"]["Param"]["required"];
    for key in ["name", "type", "required"] {
        assert!(param_req.as_array().unwrap().iter().any(|k| k == key), "{key}: {param_req}");
    }
}
