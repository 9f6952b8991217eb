//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the project's own fixtures.
pub fn own(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `../shared/fixtures/<rel>` next to the workspace, or `None` (with a note) when absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/fixtures").join(rel);
    if p.exists() {
        Some(p)
    } else if std::env::var_os("CI").is_some() {
        panic!("{} is absent, and under CI the real fixtures must be there", p.display());
    } else {
        eprintln!("note: {} is absent; test skipped", p.display());
        None
    }
}
