//! Any bytes through the JSON reply parser alone (`out=json`/`sjson`/`JSONdata`):
//! a tree or a positioned error, never a panic. The XML writer's output of a
//! parsed tree with valid names parses back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_runtime::ReplyError;
use panelkit_runtime::reply::{is_xml_name, parse_json, parse_xml, write_json, write_xml};

fuzz_target!(|data: &[u8]| {
    match parse_json(data) {
        Ok(doc) => {
            let json = write_json(&doc);
            assert!(parse_json(json.as_bytes()).is_ok(), "{json}");
            let mut names_ok = true;
            let mut stack = vec![&doc];
            while let Some(n) = stack.pop() {
                names_ok &= is_xml_name(&n.name) && n.attrs.iter().all(|(k, _)| is_xml_name(k));
                stack.extend(&n.children);
            }
            if names_ok {
                let xml = write_xml(&doc);
                assert!(parse_xml(xml.as_bytes()).is_ok(), "{xml}");
            }
        }
        Err(ReplyError::Malformed { line, column, .. } | ReplyError::Limit { line, column, .. }) => {
            assert!(line >= 1 && column >= 1)
        }
        Err(_) => {}
    }
});
