//! The metadata harvester on the project's own fixtures.

mod common;

use panelkit_harvest::{Harvest, parse_metadata};
use panelkit_spec::{Condition, FieldType, FunctionKind, Panel, ParamType, RemoveIf, ResultKind, Rule};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(common::own(name)).unwrap()
}

fn rule(param: &str, when: Condition, forbids: &[&str], readonly: &[&str]) -> Rule {
    Rule {
        param: param.into(),
        when,
        enables: vec![],
        forbids: forbids.iter().map(|s| (*s).into()).collect(),
        readonly: readonly.iter().map(|s| (*s).into()).collect(),
    }
}

#[test]
fn plugin_file_every_construct() {
    let doc = parse_metadata(&read("plugin_form.xml"), "plugin_form.xml").unwrap();
    assert_eq!(doc.root, "mgrdata");
    assert_eq!(doc.handler_funcs, ["widget.edit", "widget.purge"]);
    assert_eq!(doc.events.len(), 2);
    assert_eq!((doc.events[0].function.as_str(), doc.events[0].after), ("user.delete", true));
    assert_eq!((doc.events[1].function.as_str(), doc.events[1].after), ("user.edit", false));

    // Unknown elements and attributes: warned with position, parsing went on.
    let w: Vec<(usize, usize, &str)> = doc.warnings.iter().map(|w| (w.line, w.column, w.message.as_str())).collect();
    assert_eq!(
        w,
        [
            (11, 3, "unknown element <sparkle> in <mgrdata> skipped"),
            (18, 9, "unknown attribute `fullwith` on <field> ignored"),
            (60, 11, "unknown element <sparkle> in <field> skipped"),
            (61, 11, "unknown attribute `sparkle` on <input> ignored"),
        ]
    );

    assert_eq!(doc.functions.len(), 2);
    let f = &doc.functions[0];
    assert_eq!((f.name.as_str(), f.kind, f.result.kind), ("widget.edit", FunctionKind::Form, ResultKind::Form));
    let names: Vec<&str> = f.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "name", "port", "addr", "mode", "enabled", "reason", "comment", "secret", "password", "glitter", "speed",
            "turbo", "safety", "tuning", "since", "site"
        ]
    );
    let p = |n: &str| f.param(n).unwrap();
    assert!(p("name").required);
    assert_eq!(
        (p("port").ty, p("port").min, p("port").max, p("port").required),
        (ParamType::Int, Some(1), Some(65535), true)
    );
    assert_eq!(p("port").check.as_deref(), Some("int"));
    assert_eq!(p("port").checkargs.as_deref(), Some("1,65535"));
    assert_eq!(p("addr").ty, ParamType::Ip);
    assert_eq!(p("mode").ty, ParamType::Enum);
    let vals: Vec<&str> = p("mode").values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(vals, ["fast", "safe", "custom"]);
    assert_eq!(p("enabled").ty, ParamType::Flag);
    assert_eq!(p("reason").ty, ParamType::Text);
    assert_eq!(p("secret").ty, ParamType::Password, "private=yes");
    assert_eq!(p("password").ty, ParamType::Password);
    assert_eq!((p("speed").ty, p("speed").min, p("speed").max), (ParamType::Int, Some(1), Some(10)));
    assert_eq!(p("turbo").ty, ParamType::Flag);
    assert!(p("safety").readonly);
    assert_eq!(p("safety").remove_if, Some(RemoveIf::Edit), "field overrides page");
    assert_eq!(p("speed").remove_if, Some(RemoveIf::New), "inherited from the page");
    assert_eq!(p("speed").feature.as_deref(), Some("widgets"));
    assert_eq!(p("speed").page.as_deref(), Some("advanced"));
    assert_eq!(p("name").page.as_deref(), Some("main"));
    assert_eq!(p("tuning").ty, ParamType::Float);
    assert_eq!(p("since").ty, ParamType::Date);
    assert_eq!(p("site").ty, ParamType::Url);

    // Rules as written (targets resolved later).
    assert_eq!(
        f.rules,
        [
            rule("mode", Condition::Equals("fast".into()), &["safety"], &[]),
            rule("mode", Condition::Equals("safe".into()), &["turbo"], &["speed"]),
            rule("mode", Condition::NotIn(vec!["fast".into(), "safe".into()]), &["tuning"], &[]),
            rule("enabled", Condition::On, &["reason"], &[]),
            rule("enabled", Condition::Off, &["advanced"], &[]),
            rule("comment", Condition::Empty, &["note", "secret"], &[]),
        ]
    );

    let l = &doc.functions[1];
    assert_eq!((l.name.as_str(), l.kind, l.result.kind), ("widget", FunctionKind::List, ResultKind::List));
    assert_eq!(l.result.key.as_deref(), Some("name"));
    assert_eq!(l.toolbar, ["widget.edit", "widget.purge"]);
    let fields: Vec<(&str, FieldType)> = l.result.fields.iter().map(|x| (x.name.as_str(), x.ty)).collect();
    assert_eq!(
        fields,
        [
            ("name", FieldType::Text),
            ("port", FieldType::Text),
            ("active", FieldType::Flag),
            ("broken", FieldType::Flag),
            ("enabled", FieldType::Flag)
        ]
    );

    // Messages per language; whitespace collapsed, entities and inline markup read.
    assert_eq!(doc.messages.len(), 3);
    assert_eq!((doc.messages[0].lang.as_str(), doc.messages[0].function.as_str()), ("en", "widget.edit"));
    let msg = |n: &str| doc.messages[0].msgs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    assert_eq!(msg("hint_name"), Some("The widget's unique name"));
    assert_eq!(msg("note"), Some("Read this first & then that"));
}

#[test]
fn harvest_resolves_rules_labels_and_features() {
    let doc = parse_metadata(&read("plugin_form.xml"), "plugin_form.xml").unwrap();
    let mut h = Harvest::new();
    h.add_metadata(doc);
    assert_eq!(h.events().len(), 2);
    let mut panel: Panel = serde_json::from_value(serde_json::json!({
        "id": "t", "family": "ispmanager", "version": "6", "protocol": "ispsystem", "endpoint": "/ispmgr"
    }))
    .unwrap();
    let warnings = h.finish_panel(&mut panel);
    let names: Vec<&str> = panel.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["widget.edit", "widget", "widget.purge"]);
    assert!(!panel.function("widget.purge").unwrap().typed, "handler-only function stays untyped");
    assert_eq!(panel.features.len(), 1);
    assert_eq!(panel.features[0].name, "widgets");

    let f = panel.function("widget.edit").unwrap();
    assert!(f.typed);
    assert_eq!(f.title.en.as_deref(), Some("Widget"));
    assert_eq!(f.title.ru.as_deref(), Some("Виджет"));
    assert_eq!(f.param("name").unwrap().label.en.as_deref(), Some("Name"));
    assert_eq!(f.param("name").unwrap().label.ru.as_deref(), Some("Имя"));
    assert_eq!(f.param("name").unwrap().hint.en.as_deref(), Some("The widget's unique name"));
    assert_eq!(f.param("mode").unwrap().values[0].label.en.as_deref(), Some("Fast mode"));
    // A page name expands to the page's parameters; display-only `note` is dropped.
    let off = f.rules.iter().find(|r| r.param == "enabled" && r.when == Condition::Off).unwrap();
    assert_eq!(off.forbids, ["speed", "turbo", "safety", "tuning", "since", "site"]);
    let empty = f.rules.iter().find(|r| r.param == "comment").unwrap();
    assert_eq!(empty.forbids, ["secret"]);
    // `secret` was required, but a rule can hide it.
    assert!(!f.param("secret").unwrap().required);
    assert!(warnings.iter().any(|w| w.message.contains("`secret` is required")));
    assert!(warnings.iter().any(|w| w.message.contains("names `note`")));
    let l = panel.function("widget").unwrap();
    assert_eq!(l.title.en.as_deref(), Some("Widgets"));
    assert_eq!(l.result.fields[1].label.en.as_deref(), Some("Port"));
}

#[test]
fn devel_reply_slist_and_messages() {
    let doc = parse_metadata(&read("devel_reply.xml"), "devel_reply.xml").unwrap();
    assert_eq!(doc.root, "doc");
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].message.contains("nowhere"));
    let f = &doc.functions[0];
    assert_eq!(f.name, "thing.edit");
    let kind = f.param("kind").unwrap();
    assert_eq!(kind.ty, ParamType::Enum);
    assert_eq!(kind.values.len(), 2);
    assert_eq!(kind.values[1].value, "b");
    assert_eq!(kind.values[1].label.en.as_deref(), Some("Beta"));
    let size = f.param("size").unwrap();
    assert_eq!((size.ty, size.min, size.max), (ParamType::Int, Some(0), None));
    let tags = f.param("tags").unwrap();
    assert_eq!((tags.ty, tags.values.len()), (ParamType::List, 2));
    assert_eq!(f.rules, [rule("kind", Condition::Equals("b".into()), &["size"], &[])]);
    assert_eq!(doc.messages.len(), 1);
    assert_eq!(doc.messages[0].lang, "en");
    let mut h = Harvest::new();
    h.add_metadata(doc);
    let (fs, _) = h.finish();
    assert_eq!(fs[0].title.en.as_deref(), Some("Thing"));
    assert_eq!(fs[0].param("size").unwrap().hint.en.as_deref(), Some("Size in MiB"));
}

#[test]
fn malformed_xml_names_line_and_column() {
    let cases = [
        ("malformed_mismatch.xml", 5, 5, "expected `</form>`"),
        ("malformed_encoding.xml", 4, 19, "encoding `UTF8`"),
        ("malformed_attr.xml", 4, 44, "value must be in quotes"),
    ];
    for (file, line, column, what) in cases {
        let e = parse_metadata(&read(file), file).unwrap_err();
        assert_eq!((e.file.as_str(), e.line, e.column), (file, line, column), "{e}");
        assert!(e.message.contains(what), "{e}");
        assert!(e.to_string().starts_with(&format!("{file}:{line}:{column}: ")));
    }
    let bad: &[(&[u8], usize, usize, &str)] = &[
        (b"", 1, 1, "no root element"),
        (b"<a x=\"1\" x=\"2\"/>", 1, 10, "given twice"),
        (b"<a><b>&foo;</b></a>", 1, 7, "undefined entity"),
        (b"<a>&#0;</a>", 1, 4, "character reference"),
        (b"<a/><b/>", 1, 5, "after the root"),
        (b"text<a/>", 1, 1, "outside the root"),
        (b"<a>\n\xff</a>", 2, 1, "invalid UTF-8"),
        (b"<a>\n<b>", 2, 4, "<a> opened at line 1, column 1 is not closed"),
        (b"<a>\n</b>", 2, 1, "expected `</a>`"),
        (b"<a x=\"1", 1, 1, "not closed"),
    ];
    for (input, line, column, what) in bad {
        let e = parse_metadata(input, "t.xml").unwrap_err();
        assert_eq!((e.line, e.column), (*line, *column), "{e}");
        assert!(e.message.contains(what), "{e}");
    }
}

#[test]
fn truncated_input_is_an_error_never_a_panic() {
    for file in ["plugin_form.xml", "devel_reply.xml"] {
        let full = read(file);
        assert!(parse_metadata(&full, file).is_ok());
        // Every cut inside the root element leaves it unclosed.
        let root_end = full.windows(2).rposition(|w| w == b"</").unwrap();
        let root_start = full.windows(2).position(|w| w[0] == b'<' && w[1].is_ascii_alphabetic()).unwrap();
        for cut in root_start + 1..root_end {
            assert!(parse_metadata(&full[..cut], file).is_err(), "{file} cut at {cut} parsed");
        }
    }
}

#[test]
fn plain_ascii_with_odd_encoding_label_is_read() {
    let doc = parse_metadata(b"<?xml version=\"1.0\" encoding=\"UTF8\"?><mgrdata/>", "a.xml").unwrap();
    assert_eq!(doc.warnings.len(), 1);
    assert!(doc.warnings[0].message.contains("plain ASCII"));
}

#[test]
fn a_tag_with_too_many_attributes_is_refused_by_name() {
    // 100,000 distinct attributes: the check for repeated names would be quadratic without a bound.
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"1\"")).collect();
    let xml = format!("<mgrdata><metadata name=\"f\" type=\"form\"><form><field{attrs}/></form></metadata></mgrdata>");
    let e = parse_metadata(xml.as_bytes(), "wide.xml").unwrap_err();
    assert!(e.to_string().contains("more than 1024 attributes in <field>"), "{e}");
    assert!(e.to_string().contains("wide.xml"), "{e}");
}

#[test]
fn deep_nesting_is_read_without_recursion() {
    // Deep enough to overflow a test thread's stack if reading recursed per level.
    let depth = 100_000;
    // Text inside inline markup goes to the element holding it, found once per element:
    // as deep, and still linear.
    let inline_depth = depth;
    let mut xml = String::from("<mgrdata><lang name=\"en\"><messages name=\"f\"><msg name=\"m\">a");
    xml.push_str(&"<b>".repeat(inline_depth));
    xml.push_str("&amp;b");
    xml.push_str(&"</b>".repeat(inline_depth));
    xml.push_str("</msg></messages></lang><metadata name=\"f\" type=\"form\"><form><desc>");
    xml.push_str(&"<x y=\"1\">".repeat(depth));
    xml.push_str(&"</x>".repeat(depth));
    xml.push_str("</desc></form></metadata></mgrdata>");
    let doc = parse_metadata(xml.as_bytes(), "deep.xml").unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    // Inline markup separates words; the entity and the text after it join the last one.
    assert_eq!(doc.messages[0].msgs, [("m".into(), "a &b".into())]);
    assert_eq!(doc.functions[0].kind, FunctionKind::Form);
}
