//! Workspace-level tests of the generated bindings. The library part compiles the
//! generator's golden files (`crates/codegen/tests/golden/expected`), so a golden file
//! that stops compiling fails `cargo test --workspace`.

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
