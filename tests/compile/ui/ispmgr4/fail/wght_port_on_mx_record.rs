// ISPmanager 4: MX enables 'prio' and forbids 'wght', 'port'.
use panelkit_ispsystem::ispmgr4::{DomainSublistEdit, DomainSublistEditSdtype};

fn main() {
    let _record = DomainSublistEdit::new("example.com").sdtype(DomainSublistEditSdtype::Mx {
        prio: Some(10),
        wght: Some(5),
        port: Some(25),
    });
}
