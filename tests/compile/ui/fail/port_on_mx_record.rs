// `MX` forbids `port`.
use panelkit_tests::mini::{DomainSublistEdit, DomainSublistEditSdtype};

fn main() {
    let _record =
        DomainSublistEdit::new("example.com", "mail").sdtype(DomainSublistEditSdtype::Mx { prio: None, port: Some(25) });
}
