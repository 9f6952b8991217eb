//! Any bytes through the metadata XML harvester: a document or a positioned
//! error, never a panic; a harvest of what parsed never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_harvest::{Harvest, parse_metadata};

fuzz_target!(|data: &[u8]| {
    match parse_metadata(data, "fuzz.xml") {
        Ok(doc) => {
            let mut h = Harvest::new();
            h.add_metadata(doc);
            let _ = h.finish();
        }
        Err(e) => assert!(e.line >= 1 && e.column >= 1),
    }
});
