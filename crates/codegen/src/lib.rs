//! Spec in, Rust out: typed request builders, reply types and static tables for the runtime.
