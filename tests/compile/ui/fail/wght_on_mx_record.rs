// `MX` enables `prio` and forbids `wght` and `port`: its variant has no `wght` field.
use panelkit_tests::mini::{DomainSublistEdit, DomainSublistEditSdtype};

fn main() {
    let _record = DomainSublistEdit::new("example.com", "mail")
        .sdtype(DomainSublistEditSdtype::Mx { prio: Some(10), wght: Some(5) });
}
