//! Streamed list decode (`FromDoc::streamed`, `decode_reply`, `parse_reply_into`) gives what the
//! tree path (`parse_reply` then `FromDoc::from_doc`) gives, and the field cursor what `Node::field` gives.

use panelkit_runtime::reply::{parse_json, parse_xml, write_json};
use panelkit_runtime::{
    DecodeError, Error, FromDoc, FromElem, Node, ParseLimits, ReplyError, UsedLimit, decode_reply, decode_reply_with,
};

/// The whole element, to compare streamed nodes (recycled from a pool) with tree nodes.
#[derive(Debug, Clone, PartialEq)]
struct Whole(Node);

impl FromElem for Whole {
    fn from_elem(elem: &Node) -> Result<Self, DecodeError> {
        Ok(Whole(elem.clone()))
    }
}

/// A typed row, decoded through the field cursor.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    name: Option<String>,
    size: Option<i64>,
    on: bool,
    disk: Option<UsedLimit>,
    note: Option<String>,
}

impl FromElem for Row {
    fn from_elem(e: &Node) -> Result<Self, DecodeError> {
        let mut f = e.fields();
        Ok(Row {
            name: f.field("name")?,
            size: f.field("size")?,
            on: f.field("on")?,
            disk: f.field("disk")?,
            note: f.field("note")?,
        })
    }
}

/// Elements of different shapes one after another, so pooled nodes are reused for other shapes.
const MIXED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<doc>
  <tparams><out>xml</out></tparams>
  <elem><name>a</name><size>10</size><on/><disk used="1" limit="5"/><note>  padded &amp; more  </note></elem>
  <elem/>
  <elem x="1" y="&lt;2&gt;"><name>b<![CDATA[ & c]]></name><deep><deeper k="v">t</deeper></deep><elem>inner</elem></elem>
  <other>kept</other>
  <elem><note>&#233;t&#xE9;</note><name>last</name><size> 7 </size><on>off</on></elem>
  <elem><name>ünïcödé</name><disk used="2.5"/></elem>
</doc>
"#;

fn tree<T: FromDoc>(body: &str) -> T {
    let doc = parse_xml(body.as_bytes()).expect("parses");
    T::from_doc(&doc).expect("decodes")
}

#[test]
fn streamed_xml_gives_the_tree_decode() {
    let streamed: Vec<Whole> = decode_reply(MIXED.as_bytes()).expect("decodes");
    assert_eq!(streamed, tree::<Vec<Whole>>(MIXED));
    assert_eq!(streamed.len(), 5);
    // The nested `elem` inside an element stays a child of it.
    assert_eq!(streamed[2].0.child_text("elem"), Some("inner"));
    let rows: Vec<Row> = decode_reply(MIXED.as_bytes()).expect("decodes");
    assert_eq!(rows, tree::<Vec<Row>>(MIXED));
    assert_eq!(rows[0].note.as_deref(), Some("padded & more"));
    assert_eq!(rows[3].note.as_deref(), Some("été"));
    assert_eq!(rows[3].size, Some(7));
    assert!(!rows[3].on);
    assert_eq!(rows[4].disk, Some(UsedLimit { used: Some(2.5), limit: None }));
}

#[test]
fn streamed_json_gives_the_tree_decode() {
    let json = write_json(&parse_xml(MIXED.as_bytes()).expect("parses"));
    let streamed: Vec<Whole> = decode_reply(json.as_bytes()).expect("decodes");
    let doc = parse_json(json.as_bytes()).expect("parses");
    assert_eq!(streamed, Vec::<Whole>::from_doc(&doc).expect("decodes"));
    let rows: Vec<Row> = decode_reply(json.as_bytes()).expect("decodes");
    assert_eq!(rows, Vec::<Row>::from_doc(&doc).expect("decodes"));
}

#[test]
fn a_long_streamed_list_matches_the_tree() {
    let mut body = String::from("<doc>");
    for i in 0..500 {
        body.push_str(&format!("<elem><name>n{i}</name>"));
        if i % 3 == 0 {
            body.push_str(&format!("<size>{i}</size><disk used=\"{i}\" limit=\"{}\"/>", i * 2));
        }
        if i % 5 == 0 {
            body.push_str("<on/><extra a=\"1\" b=\"2\" c=\"3\"><x/><y>deep</y></extra>");
        }
        body.push_str(&format!("<note>{}</note></elem>", "x".repeat(i % 40)));
    }
    body.push_str("</doc>");
    let streamed: Vec<Whole> = decode_reply(body.as_bytes()).expect("decodes");
    assert_eq!(streamed, tree::<Vec<Whole>>(&body));
    let rows: Vec<Row> = decode_reply(body.as_bytes()).expect("decodes");
    assert_eq!(rows, tree::<Vec<Row>>(&body));
}

#[test]
fn an_error_inside_a_streamed_elem_names_the_field_and_the_position() {
    let body = "<doc>\n<elem><size>1</size></elem>\n<elem><size>2</size></elem>\n  <elem><disk used=\"lots\"/></elem>\n<elem><size>x</size></elem>\n</doc>";
    let err = decode_reply::<Vec<Row>>(body.as_bytes()).expect_err("bad number");
    let Error::Decode(e) = err else { panic!("expected a decode error, got {err:?}") };
    assert!(e.at.starts_with("elem[2].disk@used"), "{e:?}");
    assert!(e.at.contains("line 4, column 3"), "{e:?}");
    assert_eq!(e.message, "`lots` is not a number");
    // The tree path names the same element and field (without a position).
    let doc = parse_xml(body.as_bytes()).expect("parses");
    let tree_err = Vec::<Row>::from_doc(&doc).expect_err("bad number");
    assert_eq!(tree_err.at, "elem[2].disk@used");
    assert_eq!(tree_err.message, e.message);
}

#[test]
fn broken_bodies_fail_the_streamed_decode_as_they_fail_parsing() {
    for body in [
        "<doc><elem><name>a</name></elem><elem><name>b</nam></elem></doc>",
        "<doc><elem><name>a</name></elem><elem><name>b",
        "<doc><elem><name>a</name></elem><elem a=\"1\" a=\"2\"/></doc>",
        "<doc><elem><name>&bogus;</name></elem></doc>",
        "<doc><elem>\u{0}</elem></doc></doc>",
    ] {
        let want = parse_xml(body.as_bytes()).expect_err(body);
        match decode_reply::<Vec<Row>>(body.as_bytes()) {
            Err(Error::Reply(got)) => assert_eq!(got, want, "{body}"),
            other => panic!("{body}: expected {want:?}, got {other:?}"),
        }
    }
    let bad_utf8 = b"<doc><elem><name>\xff</name></elem></doc>";
    let want = parse_xml(bad_utf8).expect_err("not UTF-8");
    assert!(matches!(decode_reply::<Vec<Row>>(bad_utf8), Err(Error::Reply(got)) if got == want));
}

#[test]
fn streamed_decode_keeps_the_depth_limit() {
    let limits = ParseLimits { max_depth: 4, ..ParseLimits::default() };
    let ok = "<doc><elem><a><b>x</b></a></elem></doc>";
    assert_eq!(decode_reply_with::<Vec<Whole>>(ok.as_bytes(), &limits).expect("within the limit").len(), 1);
    let deep = "<doc><elem><a><b><c>x</c></b></a></elem></doc>";
    let err = decode_reply_with::<Vec<Whole>>(deep.as_bytes(), &limits).expect_err("too deep");
    assert!(matches!(err, Error::Reply(ReplyError::Limit { .. })), "{err:?}");
}

#[test]
fn an_error_reply_is_a_panel_error_when_streamed() {
    let body = r#"<doc><error type="access" object="user"><msg>Access denied</msg></error></doc>"#;
    match decode_reply::<Vec<Row>>(body.as_bytes()) {
        Err(Error::Panel(p)) => assert!(p.to_string().contains("Access denied"), "{p}"),
        other => panic!("expected a panel error, got {other:?}"),
    }
}

#[test]
fn the_field_cursor_finds_what_node_field_finds() {
    let e = Node::new("elem")
        .with_child(Node::with_text("size", "1"))
        .with_child(Node::with_text("name", "first"))
        .with_child(Node::with_text("junk", "?"))
        .with_child(Node::with_text("size", "2"))
        .with_child(Node::with_text("name", "second"))
        .with_child(Node::new("on"));
    let tree = Row {
        name: e.field("name").unwrap(),
        size: e.field("size").unwrap(),
        on: e.field("on").unwrap(),
        disk: e.field("disk").unwrap(),
        note: e.field("note").unwrap(),
    };
    assert_eq!(Row::from_elem(&e).unwrap(), tree);
    assert_eq!(tree.name.as_deref(), Some("first"));
    assert_eq!(tree.size, Some(1));
    // In order, with gaps and unknown fields between.
    let e = Node::new("elem")
        .with_child(Node::with_text("name", "n"))
        .with_child(Node::with_text("extra", "?"))
        .with_child(Node::with_text("size", "3"))
        .with_child(Node::with_text("note", "t"))
        .with_child(Node::with_text("name", "again"));
    let row = Row::from_elem(&e).unwrap();
    assert_eq!((row.name.as_deref(), row.size, row.on, row.note.as_deref()), (Some("n"), Some(3), false, Some("t")));
}

#[test]
fn a_small_first_elem_does_not_leave_a_large_reservation() {
    // The first element guesses how many follow (rest of the body / its size): here far too many.
    let mut body = String::from("<doc><elem/>");
    for i in 0..20 {
        body.push_str(&format!("<elem><note>{}</note></elem>", "y".repeat(5_000 + i)));
    }
    body.push_str("</doc>");
    let rows: Vec<Row> = decode_reply(body.as_bytes()).expect("decodes");
    assert_eq!(rows, tree::<Vec<Row>>(&body));
    assert_eq!(rows.len(), 21);
    assert!(rows.capacity() <= rows.len() + rows.len() / 4, "capacity {} for {} rows", rows.capacity(), rows.len());
}

#[test]
fn faults_in_nested_empty_elements_are_still_reported() {
    // Empty elements inside a root element are filled in place in their parent: same checks.
    let dup = "<doc>\n<elem><name>a</name><disk used=\"1\" used=\"2\"/></elem></doc>";
    for got in [
        parse_xml(dup.as_bytes()).expect_err("dup"),
        match decode_reply::<Vec<Row>>(dup.as_bytes()) {
            Err(Error::Reply(e)) => e,
            other => panic!("expected a reply error, got {other:?}"),
        },
    ] {
        match got {
            ReplyError::Malformed { line, message, .. } => {
                assert_eq!(line, 2);
                assert!(message.contains("attribute `used` repeated in <disk>"), "{message}");
            }
            other => panic!("expected malformed, got {other:?}"),
        }
    }
    let limits = ParseLimits { max_attrs: 1, ..ParseLimits::default() };
    let many = "<doc><elem><disk used=\"1\" limit=\"2\"/></elem></doc>";
    let err = decode_reply_with::<Vec<Row>>(many.as_bytes(), &limits).expect_err("too many attributes");
    assert!(matches!(&err, Error::Reply(ReplyError::Limit { message, .. }) if message.contains("<disk>")), "{err:?}");
    let limits = ParseLimits { max_depth: 2, ..ParseLimits::default() };
    let deep = "<doc><elem><on/></elem></doc>";
    let err = decode_reply_with::<Vec<Row>>(deep.as_bytes(), &limits).expect_err("too deep");
    assert!(matches!(err, Error::Reply(ReplyError::Limit { .. })), "{err:?}");
}
