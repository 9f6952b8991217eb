//! Workspace-level tests of the generated bindings. The library part compiles the
//! generator's golden files (`crates/codegen/tests/golden/expected`), so a golden file
//! that stops compiling fails `cargo test --workspace`.
//!
//! # The real clients refuse another panel's request
//!
//! The trybuild cases (`tests/compile`) send requests through the stand-in [`Client`], whose
//! bound is the clients' own (`ForPanel`, with its message), so their build needs no HTTP
//! stack. These doctests hold the real clients to the same bound: an ISPmanager 4 request
//! goes through the ISPmanager 4 client,
//!
//! ```no_run
//! use panelkit_ispsystem::ispmgr4::{Email, Ispmgr4};
//!
//! async fn send(client: &panelkit_runtime::IspClient<Ispmgr4>) {
//!     let _reply = client.call(&Email::new()).await;
//! }
//! fn send_blocking(client: &panelkit_runtime::blocking::IspClient<Ispmgr4>) {
//!     let _reply = client.call(&Email::new());
//! }
//! ```
//!
//! a BrainyCP request does not (async client),
//!
//! ```compile_fail,E0277
//! use panelkit_brainycp::brainycp::certs_control::Delcerts;
//! use panelkit_ispsystem::ispmgr4::Ispmgr4;
//!
//! async fn send(client: &panelkit_runtime::IspClient<Ispmgr4>, request: &Delcerts) {
//!     let _reply = client.call(request).await;
//! }
//! ```
//!
//! nor through the blocking one.
//!
//! ```compile_fail,E0277
//! use panelkit_brainycp::brainycp::certs_control::Delcerts;
//! use panelkit_ispsystem::ispmgr4::Ispmgr4;
//!
//! fn send(client: &panelkit_runtime::blocking::IspClient<Ispmgr4>, request: &Delcerts) {
//!     let _reply = client.call(request);
//! }
//! ```

pub mod rules;

use std::marker::PhantomData;

use panelkit_runtime::{ForPanel, PanelDef, Params, Request};

/// A client-shaped stand-in typed by panel, as the runtime's clients are: it accepts
/// only requests of its panel (the compile-fail tests send another panel's request).
pub struct Client<P>(PhantomData<P>);

impl<P: PanelDef> Default for Client<P> {
    fn default() -> Self {
        Client(PhantomData)
    }
}

impl<P: PanelDef> Client<P> {
    /// A client of panel `P`.
    pub fn new() -> Self {
        Self::default()
    }

    /// "Sends" a request: validates and encodes it.
    pub fn send<R: Request + ForPanel<P>>(&self, request: R) -> Result<Params, panelkit_runtime::Violations> {
        request.validate()?;
        Ok(request.to_params())
    }
}

/// Golden output for `crates/codegen/tests/golden/spec/mini` (an ISPsystem-style panel).
pub mod mini {
    include!("../../crates/codegen/tests/golden/expected/mini.rs");
}

/// Golden output for `crates/codegen/tests/golden/spec/minibrainy` (a BrainyCP-style panel).
pub mod minibrainy {
    include!("../../crates/codegen/tests/golden/expected/minibrainy.rs");
}

/// Golden output for `crates/codegen/tests/golden/spec/miniplug`: functions a plugin adds to
/// `mini`, generated with `Options::marker_path` so they are requests of [`mini::Mini`].
pub mod miniplug {
    include!("../../crates/codegen/tests/golden/expected/miniplug.rs");
}

#[cfg(test)]
mod miniplug_smoke {
    include!("../../crates/codegen/tests/golden/expected/miniplug_smoke.rs");
}

#[cfg(test)]
mod mini_smoke {
    include!("../../crates/codegen/tests/golden/expected/mini_smoke.rs");
}

#[cfg(test)]
mod minibrainy_smoke {
    include!("../../crates/codegen/tests/golden/expected/minibrainy_smoke.rs");
}
