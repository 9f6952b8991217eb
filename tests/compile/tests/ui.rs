//! Compile-fail and compile-pass tests of generated request types (trybuild).
//! The cases use the generator's golden panels (`panelkit_tests::mini`, `minibrainy`),
//! whose `domain.sublist.edit` has the select rules of ISPmanager 4 (A / MX / SRV).
//! Regenerate snapshots with `TRYBUILD=overwrite cargo test -p panelkit-compile-tests --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
    // The same mistakes against the shipped ISPmanager 4 bindings (seed 001), once its spec
    // is in the workspace (`regen --check` keeps the bindings in step with `spec/`).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if root.join("spec/ispmgr4").is_dir() && root.join("spec/brainycp").is_dir() {
        t.compile_fail("ui/ispmgr4/fail/*.rs");
        t.pass("ui/ispmgr4/pass/*.rs");
    } else {
        eprintln!("note: spec/ispmgr4 or spec/brainycp absent: skipping their UI cases");
    }
    // ISPmanager 6: what its typed bindings say from the clients' evidence.
    if root.join("spec/ispmgr6").is_dir() {
        t.compile_fail("ui/ispmgr6/fail/*.rs");
        t.pass("ui/ispmgr6/pass/*.rs");
    }
}
