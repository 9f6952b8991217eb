//! Every panel folder shipped under the repository's `spec/` loads without a
//! single diagnostic, warnings included.

use std::path::Path;

#[test]
fn every_shipped_spec_loads_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    if !root.is_dir() {
        eprintln!("note: no spec/ folder yet; nothing to load");
        return;
    }
    let (panels, diags) = panelkit_spec::check_dir(&root);
    assert!(diags.is_empty(), "spec/ has problems:\n{diags}");
    for p in &panels {
        eprintln!("{}: {} functions", p.id, p.functions.len());
    }
}
