// The record type is an enum, not a string.
use panelkit_tests::mini::DomainSublistEdit;

fn main() {
    let _record = DomainSublistEdit::new("example.com", "mail").sdtype("MX");
}
