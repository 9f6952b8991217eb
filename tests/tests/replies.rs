//! Generated reply types decode panel replies, keep unknown enum values and error codes,
//! ignore unknown fields, and say where a reply is malformed.

use panelkit_runtime::{FromCode, FromDoc, FromPayload, Node};
use panelkit_tests::{mini, minibrainy};

fn node(name: &str, text: &str) -> Node {
    let mut n = Node::new(name);
    n.text = text.into();
    n
}

#[test]
fn list_elements_decode_with_used_limit_and_unknown_fields() {
    let mut elem = Node::new("elem");
    elem.children.push(node("name", "example.com"));
    elem.children.push(node("type", "forward"));
    elem.children.push(node("records", "12"));
    elem.children.push(node("brand_new_field", "ignored"));
    elem.children.push(node("disabled", ""));
    let mut disk = Node::new("disk");
    disk.attrs = vec![("used".into(), "39.5".into()), ("limit".into(), "50".into())];
    elem.children.push(disk);
    let mut doc = Node::new("doc");
    doc.children.push(elem);
    let list = Vec::<mini::DomainElem>::from_doc(&doc).unwrap();
    let e = &list[0];
    assert_eq!(e.name.as_deref(), Some("example.com"));
    assert_eq!(e.type_, Some(mini::DomainElemType::Unknown("forward".into())));
    assert_eq!(e.records, Some(12));
    assert!(e.disabled);
    assert_eq!(e.disk.unwrap().used, Some(39.5));
    assert_eq!(e.disk.unwrap().limit, Some(50.0));
}

#[test]
fn malformed_numbers_are_reported_with_their_place() {
    let mut elem = Node::new("elem");
    elem.children.push(node("records", "many"));
    let mut doc = Node::new("doc");
    doc.children.push(Node::new("elem"));
    doc.children.push(elem);
    let err = Vec::<mini::DomainElem>::from_doc(&doc).unwrap_err();
    assert_eq!(err.at, "elem[1].records");
    assert!(err.message.contains("`many` is not an integer"), "{err}");
}

#[test]
fn forms_decode_typed_fields_and_keep_secrets_out_of_debug() {
    let mut doc = Node::new("doc");
    for (k, v) in [
        ("elid", "example.com"),
        ("name", "example.com"),
        ("ssl", "on"),
        ("maillimit", "10000"),
        ("type", "slave"),
        ("passwd", "hunter2"),
        ("serial", "2026112401"),
    ] {
        doc.children.push(node(k, v));
    }
    let form = mini::DomainEditForm::from_doc(&doc).unwrap();
    assert_eq!(form.elid.as_deref(), Some("example.com"));
    assert!(form.ssl);
    assert!(!form.reversezone);
    assert_eq!(form.maillimit, Some(10000));
    assert_eq!(form.type_, Some(mini::DomainEditFormType::Slave));
    assert_eq!(form.serial, Some(2026112401));
    assert!(!format!("{form:?}").contains("hunter2"));
}

#[test]
fn brainycp_payloads_and_error_codes() {
    let data = serde_json::json!([{"name": "site.crt", "size": "2048", "mail": 1, "extra": true}]);
    let items = Vec::<minibrainy::ListcertsItem>::from_payload(&data).unwrap();
    assert_eq!(items[0].name.as_deref(), Some("site.crt"));
    assert_eq!(items[0].size, Some(2048));
    assert!(items[0].mail);
    let err = Vec::<minibrainy::ListcertsItem>::from_payload(&serde_json::json!([{"size": "big"}])).unwrap_err();
    assert_eq!(err.at, "[0].size");

    let e = minibrainy::DelcertsError::from_code(1, "in use".into());
    assert_eq!(e, minibrainy::DelcertsError::InUse { message: "in use".into() });
    let u = minibrainy::DelcertsError::from_code(400, "module not available".into());
    assert_eq!(u.code(), 400);
    assert_eq!(u.to_string(), "error 400: module not available");
    assert_eq!(minibrainy::ListcertsError::from_code(1001, "x".into()).code(), 1001);
}
