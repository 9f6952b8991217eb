//! Workspace-level tests of the generated bindings. The library part compiles the
//! generator's golden files (`crates/codegen/tests/golden/expected`), so a golden file
//! that stops compiling fails `cargo test --workspace`.

/// Golden output for `crates/codegen/tests/golden/spec/mini` (an ISPsystem-style panel).
pub mod mini {
    include!("../../crates/codegen/tests/golden/expected/mini.rs");
}

/// Golden output for `crates/codegen/tests/golden/spec/minibrainy` (a BrainyCP-style panel).
pub mod minibrainy {
    include!("../../crates/codegen/tests/golden/expected/minibrainy.rs");
}

#[cfg(test)]
mod mini_smoke {
    include!("../../crates/codegen/tests/golden/expected/mini_smoke.rs");
}

#[cfg(test)]
mod minibrainy_smoke {
    include!("../../crates/codegen/tests/golden/expected/minibrainy_smoke.rs");
}
