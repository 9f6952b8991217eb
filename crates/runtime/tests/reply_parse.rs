//! Reply parsing: XML and `$`-keyed JSON into one tree, error replies, broken bodies, real captures.

mod common;

use panelkit_runtime::reply::{parse_json, parse_xml, write_json, write_xml};
use panelkit_runtime::{ErrorKind, PanelError, ReplyError, Syntax, parse_reply};

#[test]
fn xml_entities_cdata_attributes_and_text() {
    let doc = parse_xml(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<doc lang="en">
  <elem><dbkey>MySQL-&gt;bt</dbkey><note><![CDATA[a <b> & c]]></note><x a="1 &amp; 2" b='&#x41;'/><y>&#1055;&quot;</y></elem>
</doc>"#,
    )
    .unwrap();
    assert_eq!(doc.name, "doc");
    assert_eq!(doc.attr("lang"), Some("en"));
    let e = doc.child("elem").unwrap();
    assert_eq!(e.child_text("dbkey"), Some("MySQL->bt"));
    assert_eq!(e.child_text("note"), Some("a <b> & c"));
    assert_eq!(e.child("x").unwrap().attrs, [("a".into(), "1 & 2".into()), ("b".into(), "A".into())]);
    assert_eq!(e.child_text("y"), Some("П\""));
}

#[test]
fn json_dollar_keys_single_child_as_object_or_array_and_empty() {
    let one = parse_json(
        br#"{"doc":{"elem":{"name":{"$":"a.com"},"database":{"$orig":"db_not_assigned","$":"Not used"},"ssl":{}}}}"#,
    )
    .unwrap();
    let many = parse_json(br#"{"doc":{"elem":[{"name":{"$":"a.com"}},{"name":{"$":"b.com"}}]}}"#).unwrap();
    assert_eq!(one.children_named("elem").count(), 1);
    let e = one.child("elem").unwrap();
    assert_eq!(e.child("database").unwrap().attr("orig"), Some("db_not_assigned"));
    assert_eq!(e.child_text("database"), Some("Not used"));
    assert!(e.child("ssl").unwrap().text.is_empty());
    assert_eq!(
        many.children_named("elem").map(|e| e.child_text("name").unwrap()).collect::<Vec<_>>(),
        ["a.com", "b.com"]
    );
}

#[test]
fn json_data_flat_form() {
    let doc = parse_json(br#"{"ok":"","name":"x","n":5,"on":true,"elem":[{"name":"a"},{"name":"b"}]}"#).unwrap();
    assert!(doc.child("ok").is_some());
    assert_eq!(
        (doc.child_text("name"), doc.child_text("n"), doc.child_text("on")),
        (Some("x"), Some("5"), Some("true"))
    );
    assert_eq!(doc.children_named("elem").count(), 2);
    let arr = parse_json(br#"[{"name":"a"},{"name":"b"}]"#).unwrap();
    assert_eq!(arr.children_named("elem").count(), 2);
}

#[test]
fn xml_and_json_give_the_same_tree() {
    let xml = br#"<doc><elem><name>a</name><disk used="1" limit="2"/></elem><elem><name>b</name></elem><ok>restart</ok></doc>"#;
    let a = parse_xml(xml).unwrap();
    let b = parse_json(write_json(&a).as_bytes()).unwrap();
    assert_eq!(a, b);
    assert_eq!(parse_xml(write_xml(&a).as_bytes()).unwrap(), a);
}

#[test]
fn error_replies_all_forms() {
    let ru = parse_xml(
        r#"<doc><error type="exists" object="user" lang="ru"><param name="object" type="msg" msg="Пользователь">user</param><param name="value">ben</param><stack><action level="30" user="jen">admin.edit</action></stack><group>__object__ со значением '__value__' уже существует</group><msg>Пользователь со значением 'ben' уже существует</msg></error></doc>"#.as_bytes(),
    )
    .unwrap();
    let e = PanelError::from_doc(&ru).unwrap();
    assert_eq!(e.kind, ErrorKind::Exists);
    assert_eq!((e.object.as_deref(), e.value.as_deref(), e.lang.as_deref()), (Some("user"), Some("ben"), Some("ru")));
    assert_eq!(e.group.as_deref(), Some("Пользователь со значением 'ben' уже существует"));
    assert_eq!(e.params.len(), 2);

    let json = parse_json(br#"{"doc":{"error":{"$type":"myplugin_fail","$object":"x","$code":"9","detail":{"$":"bad __value__"},"param":{"$name":"value","$":"v"}}}}"#).unwrap();
    let e = PanelError::from_doc(&json).unwrap();
    assert_eq!(e.kind, ErrorKind::Other("myplugin_fail".into()));
    assert_eq!((e.code, e.detail.as_deref(), e.msg.as_str()), (Some(9), Some("bad v"), "bad v"));

    for (code, kind) in [
        (1, ErrorKind::System),
        (3, ErrorKind::Missed),
        (4, ErrorKind::Value),
        (5, ErrorKind::Limit),
        (6, ErrorKind::Access),
        (7, ErrorKind::License),
        (8, ErrorKind::Message),
    ] {
        let d = parse_xml(format!(r#"<doc><error code="{code}" obj="o" val="v"/></doc>"#).as_bytes()).unwrap();
        let e = PanelError::from_doc(&d).unwrap();
        assert_eq!((e.kind, e.code), (kind, Some(code)));
        assert!(!e.msg.is_empty());
    }
    assert_eq!(
        PanelError::from_doc(&parse_json(br#"{"doc":{"authfail":{}}}"#).unwrap()).unwrap().kind,
        ErrorKind::Auth
    );
    assert!(PanelError::from_doc(&parse_xml(b"<doc><ok/></doc>").unwrap()).is_none());
}

#[test]
fn malformed_replies_name_line_and_column() {
    let err = parse_xml(b"<doc>\n  <elem><name>a</nam></elem>\n</doc>").unwrap_err();
    let ReplyError::Malformed { syntax: Syntax::Xml, line, column, .. } = err else { panic!("{err:?}") };
    assert_eq!((line, column), (2, 16));
    let err = parse_json(b"{\"doc\":\n {\"a\": nope}}").unwrap_err();
    assert!(matches!(err, ReplyError::Malformed { syntax: Syntax::Json, line: 2, .. }), "{err:?}");
    assert!(matches!(parse_xml(b"<doc></doc><doc/>"), Err(ReplyError::Malformed { .. })));
    assert!(matches!(parse_xml(b"<doc>&bogus;</doc>"), Err(ReplyError::Malformed { .. })));
}

#[test]
fn truncated_replies_are_distinct() {
    for body in [&b"<doc><elem><name>a</name>"[..], b"<doc><elem a=\"1", b"<doc><![CDATA[abc", b"<?xml version"] {
        assert!(matches!(parse_xml(body), Err(ReplyError::Truncated { syntax: Some(Syntax::Xml), .. })), "{body:?}");
    }
    assert!(matches!(
        parse_json(br#"{"doc":{"elem":[{"#),
        Err(ReplyError::Truncated { syntax: Some(Syntax::Json), .. })
    ));
}

#[test]
fn neither_xml_nor_json() {
    let login = b"<!DOCTYPE html>\n<html>\n<head><title>Login</title></head><body>".repeat(10);
    let err = parse_reply(&login, Some(200), Some("text/html")).unwrap_err();
    let ReplyError::Unrecognized { snippet, .. } = &err else { panic!("{err:?}") };
    assert!(snippet.chars().count() <= 121 && snippet.starts_with("<!DOCTYPE html> <html> <head>"), "{snippet}");
    assert!(matches!(
        parse_reply(b"Internal Server Error", Some(500), None),
        Err(ReplyError::Unrecognized { status: Some(500), .. })
    ));
    assert!(matches!(parse_reply(b"  \n", None, None), Err(ReplyError::Empty { .. })));
    assert!(parse_reply(b"\xEF\xBB\xBF<doc/>", None, None).is_ok());
}

#[test]
fn real_captures_decode() {
    let Some(dir) = common::shared_dir("fixtures/responses") else {
        eprintln!("note: ../shared/fixtures/responses not present; skipping");
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let body = std::fs::read(&path).unwrap();
        let doc = parse_reply(&body, None, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(doc.name, "doc");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let err = PanelError::from_doc(&doc);
        if name.contains("error") {
            let e = err.unwrap_or_else(|| panic!("{name}: no error found"));
            assert_eq!(e.kind, ErrorKind::Auth, "{name}");
            assert_eq!(e.object.as_deref(), Some("badpassword"));
            assert_eq!(e.msg.trim(), "Invalid username or password");
        } else {
            assert!(err.is_none(), "{name}");
            if name.contains("_ok") {
                assert!(doc.child("ok").is_some(), "{name}");
            } else {
                assert!(doc.children_named("elem").count() >= 1, "{name}");
                assert!(
                    doc.children_named("elem").all(|e| e.child("name").is_some_and(|n| !n.text.is_empty())),
                    "{name}"
                );
            }
        }
        n += 1;
    }
    eprintln!("decoded {n} real replies");
}

/// Found by fuzzing (`isp_json`): serde_json puts an error on a line break at column 0;
/// positions are 1-based everywhere.
#[test]
fn a_raw_line_break_in_a_json_string_is_located_at_a_real_column() {
    let body = b"{\"\n\ndoc\": {\"ok\": {}}}";
    let err = panelkit_runtime::reply::parse_json(body).unwrap_err();
    let ReplyError::Malformed { line, column, .. } = err else { panic!("{err:?}") };
    assert_eq!(line, 2, "the first line break is the fault");
    assert!(column >= 1, "column {column}");
}

/// Found by fuzzing (`isp_json`): a repeated `$attr` key made a node with the attribute twice,
/// which no XML can carry. Refused like XML's repeated attribute; repeated children stay.
#[test]
fn a_repeated_attribute_key_in_json_is_malformed_like_in_xml() {
    let body = br#"{"doc":{"error":{"$type":"value","$type":"access"}}}"#;
    let err = panelkit_runtime::reply::parse_json(body).unwrap_err();
    let ReplyError::Malformed { line: 1, column, message, .. } = &err else { panic!("{err:?}") };
    assert!(message.contains("`$type` repeated"), "{message}");
    assert!(*column > 1);
    let text_twice = br#"{"doc":{"msg":{"$":"a","$":"b"}}}"#;
    assert!(panelkit_runtime::reply::parse_json(text_twice).is_err(), "the second text would replace the first");
    let doc = panelkit_runtime::reply::parse_json(br#"{"doc":{"elem":{"name":"a"},"elem":{"name":"b"}}}"#).unwrap();
    assert_eq!(doc.children_named("elem").count(), 2);
}
