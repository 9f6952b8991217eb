//! Generated bindings for BrainyCP.
