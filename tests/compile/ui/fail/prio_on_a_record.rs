// `A` enables no parameters: its variant has no `prio` field.
use panelkit_tests::mini::{DomainSublistEdit, DomainSublistEditSdtype};

fn main() {
    let _record = DomainSublistEdit::new("example.com", "www").sdtype(DomainSublistEditSdtype::A { prio: Some(10) });
}
