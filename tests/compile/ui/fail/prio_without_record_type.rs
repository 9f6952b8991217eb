// `prio` is not a parameter of its own: it only exists inside the `MX` and `SRV` variants.
use panelkit_tests::mini::DomainSublistEdit;

fn main() {
    let _record = DomainSublistEdit::new("example.com", "www").prio(10);
}
