//! Any bytes as the fake panel's request parameters (query string or form body):
//! pairs within every limit, or a refusal naming why, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_fake::request::{MAX_NAME_BYTES, MAX_PARAMS, MAX_VALUE_BYTES, parse_form};
use panelkit_runtime::reply::is_xml_name;

fuzz_target!(|data: &[u8]| {
    let xml_names = data.first().is_some_and(|b| b & 1 == 1);
    match parse_form(data, xml_names) {
        Ok(pairs) => {
            assert!(pairs.len() <= MAX_PARAMS);
            for (k, v) in &pairs {
                assert!(k.len() <= MAX_NAME_BYTES && v.len() <= MAX_VALUE_BYTES);
                assert!(!k.contains('\0') && !v.contains('\0'));
                assert!(!xml_names || is_xml_name(k), "{k:?}");
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
