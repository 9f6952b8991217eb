//! `PanelError` construction from arbitrary trees and template filling with
//! arbitrary params: bounded output, never a panic. Input: a template, then
//! `name=value` params, separated by NUL bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_runtime::panel_error::{ErrorParam, MAX_FILLED_BYTES, fill_template};
use panelkit_runtime::{Node, PanelError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let template = parts.next().unwrap_or_default();
    let params: Vec<ErrorParam> = parts
        .map(|p| {
            let (name, value) = p.split_once('=').unwrap_or((p, ""));
            ErrorParam { name: name.to_owned(), value: value.to_owned(), label: None }
        })
        .collect();
    let filled = fill_template(template, &params);
    assert!(filled.len() <= MAX_FILLED_BYTES + 3);
    // The same as an error document.
    let mut err = Node::new("error");
    err.attrs.push(("type".into(), "value".into()));
    let mut msg = Node::new("msg");
    msg.text = template.to_owned();
    err.children.push(msg);
    for p in &params {
        let mut n = Node::new("param");
        n.attrs.push(("name".into(), p.name.clone()));
        n.text = p.value.clone();
        err.children.push(n);
    }
    let mut doc = Node::new("doc");
    doc.children.push(err);
    let e = PanelError::from_doc(&doc).expect("an error document");
    let _ = e.to_string();
});
