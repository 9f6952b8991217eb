//! Any text through the `mgrctl -i` catalog parser: never a panic, and every
//! entry stays consistent with its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_harvest::{Harvest, parse_catalog};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let cat = parse_catalog(text, "fuzz");
    assert!(cat.entries.len() <= text.lines().count());
    for e in &cat.entries {
        assert!(!e.name.is_empty() && !e.name.contains(char::is_whitespace));
        if let Some(t) = &e.catalog_type {
            assert!(e.text.ends_with(t.as_str()));
        }
        let _ = e.to_function("en");
    }
    let mut h = Harvest::new();
    h.add_catalog(&cat, "ru");
    let _ = h.finish();
});
