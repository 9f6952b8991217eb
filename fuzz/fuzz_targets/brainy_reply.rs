//! Any bytes as a BrainyCP `api.php` reply: an envelope or a typed reply error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panelkit_runtime::brainy::BrainyReply;

fuzz_target!(|data: &[u8]| {
    if let Ok(reply) = BrainyReply::parse(data, Some(200), Some("application/json")) {
        let _ = format!("{reply:?}");
    }
});
