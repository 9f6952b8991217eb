//! The fake panel (`panelkit-fake`) serving the runtime's test panel [`super::TestIsp`]
//! from `tests/specs/testisp`, on 127.0.0.1 port 0, with every request recorded.

use panelkit_fake::{Account, Builder, FakeHandle, FakePanel, Level};

use super::PASSWORD;

/// The spec of [`super::TestIsp`].
pub fn spec() -> panelkit_spec::Panel {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/testisp");
    panelkit_spec::load_panel(&dir).unwrap_or_else(|e| panic!("tests/specs/testisp: {e}"))
}

/// A builder for the test panel: admin `admin` / [`PASSWORD`], requests recorded, and two
/// records in the `user` list: `alice` (active, disk 3 of 10) and `bob & co` (inactive, 0 of 10).
pub fn builder() -> Builder {
    builder_for(spec())
}

/// [`builder`] for another spec (the test panel changed by the caller).
pub fn builder_for(spec: panelkit_spec::Panel) -> Builder {
    let state = serde_json::json!({ "objects": { "user": [
        { "name": "alice", "active": "on", "disklimit": "10", "diskused": "3" },
        { "name": "bob & co", "active": "off", "disklimit": "10" },
    ] } });
    FakePanel::builder(spec)
        .user(Account::new("admin", PASSWORD, Level::Admin))
        .record_requests(true)
        .state_json(state)
        .expect("test state")
}

/// The test panel over HTTP; the client's base URL is [`FakeHandle::base_url`].
pub async fn start_panel() -> FakeHandle {
    builder().start().await.expect("fake panel starts")
}

/// The test panel over HTTPS with a fresh self-signed certificate
/// ([`FakeHandle::certificate_der`]).
pub async fn start_tls_panel() -> FakeHandle {
    builder().tls(true).start().await.expect("fake panel starts")
}
