//! Overlays over a harvest: the overlay wins and the report says where.

use panelkit_harvest::{Harvest, Overlay, load_overlay, merge_overlay, parse_catalog, parse_overlay};
use panelkit_spec::{Condition, FunctionKind, ParamType};

fn harvested() -> Vec<panelkit_spec::Function> {
    let cat = parse_catalog(
        "thing                                        Things. Function type: list\n\
         thing.edit                                   Thing. Function type: form\n\
         thing.secret                                 Description is not available\n",
        "cat.txt",
    );
    let doc = panelkit_harvest::parse_metadata(
        br#"<mgrdata><metadata name="thing.edit" type="form"><form>
            <field name="size"><input type="text" name="size" check="int" checkargs="1,10"/></field>
            <field name="mode"><select name="mode"><val key="a">A</val><val key="b">B</val>
                <if value="a" hide="size"/><if value="b" hide="size"/></select></field>
        </form></metadata></mgrdata>"#,
        "m.xml",
    )
    .unwrap();
    let mut h = Harvest::new();
    h.add_catalog(&cat, "en");
    h.add_metadata(doc);
    h.finish().0
}

const OVERLAY: &str = r#"
[panel]
id = "t"

[[function]]
name = "thing.edit"
params = [
    { name = "size", max = 20 },
    { name = "mode", values = [{ value = "b", label = { en = "Bee" } }, { value = "c" }] },
    { name = "color", type = "text" },
]
rules = [
    { param = "mode", when = { equals = "c" }, forbids = ["size"] },
    { param = "mode", when = { equals = "b" }, readonly = ["size"] },
]

[[function]]
name = "thing.secret"
kind = "action"
typed = true

[[function]]
name = "thing.extra"
kind = "group"
"#;

#[test]
fn overlay_wins_and_reports() {
    let mut fs = harvested();
    let ov = parse_overlay(OVERLAY, "ov.toml").unwrap();
    let rep = merge_overlay(&mut fs, &ov).unwrap();
    let edit = fs.iter().find(|f| f.name == "thing.edit").unwrap();
    let size = edit.param("size").unwrap();
    assert_eq!((size.ty, size.min, size.max), (ParamType::Int, Some(1), Some(20)), "key-wise merge");
    assert_eq!(size.check.as_deref(), Some("int"), "harvested keys the overlay does not name stay");
    let mode = edit.param("mode").unwrap();
    let vals: Vec<(&str, Option<&str>)> =
        mode.values.iter().map(|v| (v.value.as_str(), v.label.en.as_deref())).collect();
    assert_eq!(vals, [("a", None), ("b", Some("Bee")), ("c", None)]);
    assert_eq!(edit.params.len(), 3);
    // Rules merge by `param` + `when`: `b` amended, `c` added, `a` kept.
    let whens: Vec<&Condition> = edit.rules.iter().map(|r| &r.when).collect();
    assert_eq!(whens, [&Condition::Equals("a".into()), &Condition::Equals("b".into()), &Condition::Equals("c".into())]);
    assert_eq!((edit.rules[1].forbids.len(), edit.rules[1].readonly.len()), (1, 1));
    let secret = fs.iter().find(|f| f.name == "thing.secret").unwrap();
    assert_eq!((secret.kind, secret.typed), (FunctionKind::Action, true));
    assert_eq!(fs.last().unwrap().name, "thing.extra");

    assert_eq!(
        rep.overridden,
        [
            "thing.edit.params[size].max: 10 -> 20",
            "thing.secret.kind: \"unknown\" -> \"action\"",
            "thing.secret.typed: false -> true",
        ]
    );
    assert_eq!(
        rep.added,
        [
            "thing.edit.params[mode].values[b].label.en",
            "thing.edit.params[mode].values[c]",
            "thing.edit.params[color]",
            "thing.edit.rules[mode when {\"equals\":\"c\"}]",
            "thing.edit.rules[mode when {\"equals\":\"b\"}].readonly",
            "function `thing.extra`",
        ]
    );
    let text = rep.to_string();
    assert!(text.contains("overlay adds function `thing.extra` (not in the harvest)"), "{text}");
    assert!(text.contains("overlay overrides thing.secret.kind"), "{text}");
}

#[test]
fn overlay_errors_name_file_and_function() {
    let mut fs = harvested();
    let e = parse_overlay("[[function]]\nkind = \"list\"\n", "a.toml").unwrap_err();
    assert!(e.to_string().starts_with("a.toml: ") && e.message.contains("without a string `name`"), "{e}");
    let e = parse_overlay("oops = 1\n", "b.toml").unwrap_err();
    assert!(e.message.contains("`oops`"), "{e}");
    let e = parse_overlay("[[function]\n", "c.toml").unwrap_err();
    assert!(e.message.contains("line 1"), "{e}");
    let bad = parse_overlay(
        "[[function]]\nname = \"thing.edit\"\nparams = [{ name = \"size\", type = \"huge\" }]\n",
        "d.toml",
    )
    .unwrap();
    let e = merge_overlay(&mut fs, &bad).unwrap_err();
    assert!(e.to_string().starts_with("d.toml: function `thing.edit`: "), "{e}");
    assert!(e.message.contains("huge"), "{e}");
    let incomplete = parse_overlay("[[function]]\nname = \"new.one\"\n", "e.toml").unwrap();
    let e = merge_overlay(&mut fs, &incomplete).unwrap_err();
    assert!(e.message.contains("kind"), "{e}");
    let twice = parse_overlay("[[function]]\nname = \"thing\"\n[[function]]\nname = \"thing\"\n", "f.toml").unwrap();
    assert!(merge_overlay(&mut fs, &twice).unwrap_err().message.contains("twice"));
}

#[test]
fn overlay_folder_and_panel_header() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), OVERLAY).unwrap();
    std::fs::write(dir.path().join("b.toml"), "[[function]]\nname = \"thing\"\ntyped = true\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let ov: Overlay = load_overlay(dir.path()).unwrap();
    assert_eq!(ov.functions.len(), 4);
    let base = serde_json::json!({"family": "ispmanager", "version": "6", "protocol": "ispsystem", "endpoint": "/x", "id": "base"});
    let panel = ov.panel_header(base.as_object().unwrap().clone()).unwrap();
    assert_eq!(panel.id, "t", "the overlay's [panel] wins");
    let e = ov.panel_header(serde_json::Map::new()).unwrap_err();
    assert!(e.message.contains("panel header"), "{e}");
    std::fs::write(dir.path().join("c.toml"), "[panel]\nid = \"again\"\n").unwrap();
    assert!(load_overlay(dir.path()).unwrap_err().message.contains("second [panel]"));
}
