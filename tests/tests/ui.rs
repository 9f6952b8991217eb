//! Compile-fail and compile-pass tests of generated request types (trybuild).
//! The cases use the generator's golden panels (`panelkit_tests::mini`, `minibrainy`),
//! whose `domain.sublist.edit` has the select rules of ISPmanager 4 (A / MX / SRV).
//! Regenerate snapshots with `TRYBUILD=overwrite cargo test -p panelkit-tests --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
