//! Any bytes as the reply to a generated list (`user`, ISPmanager 4) and a
//! generated form (`domain.edit`): typed values or a located `DecodeError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_ispsystem::ispmgr4::{DomainEditForm, UserElem};
use panelkit_runtime::{FromDoc, parse_reply};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = parse_reply(data, None, None) else { return };
    if let Err(e) = Vec::<UserElem>::from_doc(&doc) {
        assert!(!e.at.is_empty() || !e.message.is_empty());
    }
    let _ = DomainEditForm::from_doc(&doc).map(|f| format!("{f:?}"));
});
