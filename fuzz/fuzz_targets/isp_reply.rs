//! Any bytes as an ISPsystem reply (XML or JSON, sniffed as the client does):
//! a tree or a typed error, never a panic; the tree survives every operation
//! the runtime offers on it, and an error document always yields a bounded message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_runtime::panel_error::MAX_FILLED_BYTES;
use panelkit_runtime::reply::{write_json, write_xml};
use panelkit_runtime::{PanelError, parse_reply};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = parse_reply(data, Some(200), Some("text/xml")) else { return };
    let copy = doc.clone();
    assert!(copy == doc);
    let _ = format!("{doc:?}");
    let _ = write_xml(&doc);
    let _ = write_json(&doc);
    if let Some(err) = PanelError::from_doc(&doc) {
        assert!(err.msg.len() <= MAX_FILLED_BYTES.max(data.len()) + 4);
        let _ = err.to_string();
    }
});
