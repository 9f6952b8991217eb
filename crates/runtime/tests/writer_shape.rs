//! The writer sends what real panels send: a real ISPmanager 6 `sjson` capture, read and
//! written again, has the capture's shape (one-element `elem` lists stay arrays, empty
//! elements `{}`, attributes `$name`, text `$`).

mod common;

use panelkit_runtime::reply::{parse_json, parse_xml, write_json, write_xml};
use serde_json::Value;

/// `messages` is the one part ISPmanager writes in its own form (`"msg": {"name": "text"}`
/// for `<msg name="name">text</msg>`); the reader keeps its data, the writer writes the
/// element form. Everything else must match.
fn without_messages(mut v: Value) -> Value {
    if let Some(doc) = v.get_mut("doc").and_then(Value::as_object_mut) {
        doc.remove("messages");
    }
    v
}

/// The path of the first place two JSON values differ, with both sides there.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => first_difference(p, q, &format!("{at}/{k}")),
                (p, q) => Some(format!("{at}/{k}: written {p:?}, capture {q:?}")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}/{i}")))
        }
        _ if a == b => None,
        _ => Some(format!("{at}: written {}, capture {}", short(a), short(b))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 160 { format!("{}…", &s[..s.floor_char_boundary(160)]) } else { s }
}

#[test]
fn a_real_sjson_capture_is_written_back_in_its_own_shape() {
    let Some(dir) = common::shared_dir("fixtures/responses") else { return };
    let mut seen = 0;
    for name in ["webdomain_list.json", "user.suspend_ok.json", "session.newkey_error_auth_badpassword.json"] {
        let Some(path) = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().is_some_and(|f| f.to_string_lossy().ends_with(name)))
        else {
            panic!("{name} is not among {}", dir.display());
        };
        let bytes = std::fs::read(&path).unwrap();
        let capture: Value = serde_json::from_slice(&bytes).unwrap();
        let written: Value = serde_json::from_str(&write_json(&parse_json(&bytes).unwrap())).unwrap();
        if let Some(at) = first_difference(&without_messages(written), &without_messages(capture), "") {
            panic!("{}: the written JSON differs from the capture at {at}", path.display());
        }
        seen += 1;
    }
    assert_eq!(seen, 3);
}

#[test]
fn a_real_xml_capture_round_trips() {
    let Some(dir) = common::shared_dir("fixtures/responses") else { return };
    let path = dir.join("regru__API-ISPManager__db_list.xml");
    let bytes = std::fs::read(&path).unwrap();
    let doc = parse_xml(&bytes).unwrap();
    assert_eq!(doc.children_named("elem").count(), 3);
    assert_eq!(parse_xml(write_xml(&doc).as_bytes()).unwrap(), doc);
    // Its JSON form lists `elem` as an array, as ISPmanager 6's does.
    let v: Value = serde_json::from_str(&write_json(&doc)).unwrap();
    assert_eq!(v["doc"]["elem"][0]["dbkey"]["$"], "MySQL->bt");
}
