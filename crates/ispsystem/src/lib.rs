//! Generated bindings for ISPsystem panels.
