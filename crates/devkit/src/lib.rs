//! Workspace glue: what this repository does with the generator, kept out of
//! `panelkit-codegen`, whose public API is what a downstream `build.rs` needs.
//!
//! - [`regen`]: which `spec/` folder goes to which bindings crate, the files
//!   `cargo xtask regen` owns, and the staleness and orphan checks.
//! - [`synth`]: synthetic specs of any size for the benchmarks.
//!
//! A library rather than part of `xtask` so the optimized benches
//! (`cargo bench -p panelkit-codegen`) time the same code `cargo xtask regen` runs.

pub mod regen;
pub mod synth;
