// The record type is `DomainSublistEditSdtype`, not a string.
use panelkit_ispsystem::ispmgr4::DomainSublistEdit;

fn main() {
    let _record = DomainSublistEdit::new("example.com").sdtype("MX");
}
