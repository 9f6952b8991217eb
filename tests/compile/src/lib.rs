//! Holds no code: its tests (`tests/ui.rs`) compile the cases under `ui/` with trybuild.
