//! Replies written by an attacker: each gives an error (or a bounded result)
//! quickly and in bounded memory, and nothing overflows the stack.
//!
//! Memory is bounded structurally (depth limits stop the parse early, message
//! output is capped) rather than measured; tests that must not overflow run on
//! a 2 MiB thread, the size of a default spawned thread.

mod common;

use common::{TestIsp, start_raw};
use panelkit_runtime::panel_error::MAX_FILLED_BYTES;
use panelkit_runtime::reply::{DEFAULT_MAX_DEPTH, parse_json, parse_xml, parse_xml_with, write_json, write_xml};
use panelkit_runtime::{Error, IspClient, Node, PanelError, Params, ParseLimits, ReplyError, Syntax, parse_reply};

const SMALL_STACK: usize = 2 * 1024 * 1024;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(SMALL_STACK).spawn(f).unwrap().join().expect("no stack overflow")
}

fn deep_xml(levels: usize) -> Vec<u8> {
    let mut s = Vec::with_capacity(levels * 7);
    for _ in 0..levels {
        s.extend_from_slice(b"<a>");
    }
    for _ in 0..levels {
        s.extend_from_slice(b"</a>");
    }
    s
}

#[test]
fn million_levels_of_xml_are_a_located_limit_error() {
    let err = on_small_stack(|| parse_reply(&deep_xml(1_000_000), None, None).unwrap_err());
    let ReplyError::Limit { syntax: Syntax::Xml, line: 1, column, message } = &err else { panic!("{err:?}") };
    // Stopped at the first element over the limit, not at the end of the body.
    assert_eq!(*column, DEFAULT_MAX_DEPTH * 3 + 4, "{err}");
    assert!(message.contains("deeper than 256"), "{err}");
}

#[test]
fn depth_limit_is_configurable_and_exact() {
    let limits = ParseLimits { max_depth: 10, ..ParseLimits::default() };
    assert!(parse_xml_with(&deep_xml(10), &limits).is_ok());
    assert!(matches!(parse_xml_with(&deep_xml(11), &limits), Err(ReplyError::Limit { .. })));
    assert!(matches!(
        parse_xml_with(b"<a><a><a/></a></a>", &ParseLimits { max_depth: 2, ..ParseLimits::default() }),
        Err(ReplyError::Limit { .. })
    ));
    assert_eq!(parse_xml(&deep_xml(DEFAULT_MAX_DEPTH)).unwrap().depth(), DEFAULT_MAX_DEPTH - 1);
}

#[test]
fn million_levels_of_json_are_a_limit_error() {
    let err = on_small_stack(|| {
        let mut body = vec![b'['; 1_000_000];
        body.extend(std::iter::repeat_n(b']', 1_000_000));
        parse_reply(&body, None, None).unwrap_err()
    });
    assert!(matches!(err, ReplyError::Limit { syntax: Syntax::Json, line: 1, .. }), "{err:?}");
    let err = on_small_stack(|| {
        let body = "{\"a\":".repeat(1_000_000) + "1" + &"}".repeat(1_000_000);
        parse_reply(body.as_bytes(), None, None).unwrap_err()
    });
    assert!(matches!(err, ReplyError::Limit { syntax: Syntax::Json, .. }), "{err:?}");
    // Unterminated as well: said before any of it is parsed.
    let err = on_small_stack(|| {
        let body = "{\"a\":".repeat(1_000_000);
        parse_reply(body.as_bytes(), None, None).unwrap_err()
    });
    assert!(matches!(err, ReplyError::Truncated { syntax: Some(Syntax::Json), .. }), "{err:?}");
}

#[test]
fn a_body_cut_off_is_said_before_a_tree_is_built() {
    let mut body = b"<doc>".to_vec();
    for i in 0..1000 {
        body.extend_from_slice(format!("<elem><name>u{i}</name></elem>").as_bytes());
    }
    body.extend_from_slice(b"<elem><na");
    let err = parse_reply(&body, None, None).unwrap_err();
    let ReplyError::Truncated { syntax: Some(Syntax::Xml), received, message } = &err else { panic!("{err:?}") };
    assert_eq!(*received, body.len());
    assert!(message.contains("without a closing `>`"), "{message}");
    let err = parse_reply(b"{\"doc\": {\"elem\": [{\"name\": \"a\"}, {\"na", None, None).unwrap_err();
    assert!(matches!(&err, ReplyError::Truncated { syntax: Some(Syntax::Json), .. }), "{err:?}");
    // Trailing blanks are not a cut.
    assert!(parse_reply(b"<doc><ok/></doc>\n\n  ", None, None).is_ok());
    assert!(parse_reply(b"{\"doc\":{\"ok\":{}}}\r\n", None, None).is_ok());
}

#[test]
fn json_depth_limit_is_configurable() {
    let limits = ParseLimits { max_depth: 3, ..ParseLimits::default() };
    assert!(panelkit_runtime::reply::parse_json_with(br#"{"doc":{"a":{}}}"#, &limits).is_ok());
    let err = panelkit_runtime::reply::parse_json_with(br#"{"doc":{"a":{"b":{}}}}"#, &limits).unwrap_err();
    let ReplyError::Limit { column, .. } = err else { panic!("{err:?}") };
    assert_eq!(column, 19);
}

/// A chain of `levels` nodes built by hand: no parser limit protects it.
fn deep_node(levels: usize) -> Node {
    let mut n = Node::new("leaf");
    n.text = "x".into();
    for _ in 1..levels {
        let mut parent = Node::new("a");
        parent.children.push(n);
        n = parent;
    }
    n
}

/// Counts what `Debug` writes without keeping it.
struct Count(usize);
impl std::fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

#[test]
fn deep_nodes_clone_compare_print_write_and_drop_on_a_small_stack() {
    const LEVELS: usize = 100_000;
    on_small_stack(|| {
        use std::fmt::Write as _;
        let a = deep_node(LEVELS);
        let b = a.clone();
        assert!(a == b);
        assert_eq!(b.depth(), LEVELS - 1);
        let mut c = deep_node(LEVELS);
        c.children[0].children[0].name = "b".into();
        assert!(a != c);
        let mut n = Count(0);
        write!(n, "{a:?}").unwrap();
        assert!(n.0 > LEVELS * 40, "{}", n.0);
        let mut n = Count(0);
        write!(n, "{a:#?}").unwrap();
        assert!(n.0 > LEVELS * 40);
        let xml = write_xml(&a);
        assert!(xml.ends_with("</a>"));
        let json = write_json(&a);
        assert!(json.ends_with("}}}"));
        drop((a, b, c));
    });
}

#[test]
fn debug_matches_the_derived_shape() {
    let mut doc = Node::new("doc");
    doc.attrs.push(("lang".into(), "en".into()));
    let mut e = Node::new("elem");
    e.text = "t".into();
    doc.children.push(e.clone());
    doc.children.push(Node::new("ok"));
    assert_eq!(
        format!("{doc:?}"),
        "Node { name: \"doc\", attrs: [(\"lang\", \"en\")], text: \"\", children: [Node { name: \"elem\", attrs: [], \
         text: \"t\", children: [] }, Node { name: \"ok\", attrs: [], text: \"\", children: [] }] }"
    );
    assert_eq!(
        format!("{e:#?}"),
        "Node {\n    name: \"elem\",\n    attrs: [],\n    text: \"t\",\n    children: [],\n}"
    );
}

/// Nine params, each value naming the next one ten times: expanded repeatedly,
/// the message would reach 10^9 copies.
fn template_bomb() -> String {
    let mut s = String::from("<doc><error type=\"value\"><msg>");
    s.push_str(&"__p0__".repeat(10));
    s.push_str("</msg>");
    for i in 0..9 {
        s.push_str(&format!("<param name=\"p{i}\">{}</param>", format!("__p{}__", i + 1).repeat(10)));
    }
    s.push_str("<param name=\"p9\">boom</param></error></doc>");
    s
}

#[test]
fn template_bomb_is_filled_once_and_capped() {
    let body = template_bomb();
    assert!(body.len() < 1024);
    let doc = parse_reply(body.as_bytes(), None, None).unwrap();
    let err = PanelError::from_doc(&doc).unwrap();
    // Substituted text is not expanded again: p0's value is written verbatim.
    assert_eq!(err.msg, "__p1__".repeat(100));
}

#[test]
fn filled_text_is_capped() {
    let mut s = String::from("<doc><error type=\"value\"><msg>");
    s.push_str(&"__v__".repeat(1000));
    s.push_str("</msg><param name=\"v\">");
    s.push_str(&"x".repeat(1000));
    s.push_str("</param></error></doc>");
    let err = PanelError::from_doc(&parse_reply(s.as_bytes(), None, None).unwrap()).unwrap();
    assert!(err.msg.len() <= MAX_FILLED_BYTES + '…'.len_utf8(), "{}", err.msg.len());
    assert!(err.msg.ends_with('…'));
    assert!(err.msg.starts_with("xxx"));
}

#[test]
fn hundred_thousand_attributes_are_a_limit_error() {
    let mut s = String::from("<doc><e");
    for i in 0..100_000 {
        s.push_str(&format!(" a{i}=\"v\""));
    }
    s.push_str("/></doc>");
    let err = parse_xml(s.as_bytes()).unwrap_err();
    assert!(matches!(&err, ReplyError::Limit { message, .. } if message.contains("attributes")), "{err:?}");
    // Raised, the same element parses in linear time.
    let limits = ParseLimits { max_attrs: 200_000, ..ParseLimits::default() };
    let doc = parse_xml_with(s.as_bytes(), &limits).unwrap();
    assert_eq!(doc.children[0].attrs.len(), 100_000);
    // A repeated attribute is still refused, with the duplicate named.
    let dup = s.replace("a99999=", "a7=");
    let err = parse_xml_with(dup.as_bytes(), &limits).unwrap_err();
    assert!(matches!(&err, ReplyError::Malformed { message, .. } if message.contains("`a7`")), "{err:?}");
    assert!(matches!(parse_xml(b"<doc a=\"1\" a=\"2\"/>"), Err(ReplyError::Malformed { .. })));
}

#[test]
fn hundred_thousand_error_params_and_a_megabyte_message() {
    let mut s = String::from("<doc><error type=\"value\"><msg>");
    for i in 0..20_000 {
        s.push_str(&format!("__p{i}__ "));
    }
    s.push_str(&"m".repeat(1_000_000));
    s.push_str("</msg>");
    for i in 0..100_000 {
        s.push_str(&format!("<param name=\"p{i}\">v{i}</param>"));
    }
    s.push_str("</error></doc>");
    let doc = parse_reply(s.as_bytes(), None, None).unwrap();
    let err = PanelError::from_doc(&doc).unwrap();
    assert_eq!(err.params.len(), 100_000);
    assert!(err.msg.starts_with("v0 v1 v2 "), "{}", &err.msg[..40]);
    assert!(err.msg.len() <= MAX_FILLED_BYTES + 3);
}

#[test]
fn json_with_a_byte_order_mark_is_accepted_like_xml() {
    let doc = parse_reply(b"\xEF\xBB\xBF{\"doc\":{\"ok\":{}}}", None, None).unwrap();
    assert!(doc.child("ok").is_some());
    let doc = parse_json(b"\xEF\xBB\xBF  [{\"name\":\"a\"}]").unwrap();
    assert_eq!(doc.children[0].child_text("name"), Some("a"));
}

#[test]
fn an_array_of_documents_is_an_error_not_a_success() {
    let body = br#"{"doc":[{"error":{"$type":"access","msg":"denied"}},{"ok":{}}]}"#;
    let err = parse_reply(body, None, None).unwrap_err();
    assert!(matches!(&err, ReplyError::Malformed { syntax: Syntax::Json, message, .. } if message.contains("array")));
    // Error and success in one document: the error wins.
    let doc = parse_reply(br#"{"doc":{"ok":{},"error":{"$type":"access"}}}"#, None, None).unwrap();
    assert_eq!(PanelError::from_doc(&doc).unwrap().kind, panelkit_runtime::ErrorKind::Access);
    let doc = parse_reply(b"<doc><ok/><error type=\"access\"/></doc>", None, None).unwrap();
    assert!(PanelError::from_doc(&doc).is_some());
}

#[test]
fn an_expired_parse_budget_stops_parsing() {
    let mut s = String::from("<doc>");
    for i in 0..20_000 {
        s.push_str(&format!("<elem><name>u{i}</name></elem>"));
    }
    s.push_str("</doc>");
    let past = ParseLimits::until(std::time::Instant::now());
    let err = parse_xml_with(s.as_bytes(), &past).unwrap_err();
    assert!(matches!(&err, ReplyError::Limit { message, .. } if message.contains("deadline")), "{err:?}");
    let json = write_json(&parse_xml(s.as_bytes()).unwrap());
    let err = panelkit_runtime::reply::parse_json_with(json.as_bytes(), &past).unwrap_err();
    assert!(matches!(&err, ReplyError::Limit { message, .. } if message.contains("deadline")), "{err:?}");
}

fn respond(body: &[u8]) -> &'static [u8] {
    let mut r =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    r.extend_from_slice(body);
    Box::leak(r.into_boxed_slice())
}

#[tokio::test]
async fn deep_reply_inside_a_spawned_task_is_an_error() {
    let addr = start_raw(respond(&deep_xml(1_000_000))).await;
    let c = IspClient::<TestIsp>::builder(format!("http://{addr}")).build().unwrap();
    let err = tokio::spawn(async move { c.call_raw("user", Params::new()).await }).await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Reply(ReplyError::Limit { .. })), "{err:?}");
}

#[tokio::test]
async fn client_depth_limit_is_configurable() {
    let addr = start_raw(respond(b"<doc><a><b><c/></b></a></doc>")).await;
    let c = IspClient::<TestIsp>::builder(format!("http://{addr}")).max_reply_depth(3).build().unwrap();
    let err = c.call_raw("user", Params::new()).await.unwrap_err();
    assert!(matches!(err, Error::Reply(ReplyError::Limit { .. })), "{err:?}");
}

#[tokio::test]
async fn template_bomb_through_the_client() {
    let addr = start_raw(respond(template_bomb().as_bytes())).await;
    let c = IspClient::<TestIsp>::builder(format!("http://{addr}")).build().unwrap();
    let err = c.call_raw("user", Params::new()).await.unwrap_err();
    let Error::Panel(p) = &err else { panic!("{err:?}") };
    assert_eq!(p.msg.len(), 600);
}
