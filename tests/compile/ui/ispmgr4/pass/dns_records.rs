// The valid counterparts: A without priority, MX with prio, SRV with prio, wght and port.
use panelkit_ispsystem::ispmgr4::{DomainSublistEdit, DomainSublistEditSdtype, Ispmgr4};
use panelkit_tests::Client;

fn main() {
    let client = Client::<Ispmgr4>::new();
    let a = DomainSublistEdit::new("example.com").name("www").sdtype(DomainSublistEditSdtype::A).addr("192.0.2.1");
    let mx = DomainSublistEdit::new("example.com")
        .name("example.com.")
        .sdtype(DomainSublistEditSdtype::Mx { prio: Some(10) })
        .addr("mail.example.com.");
    let srv = DomainSublistEdit::new("example.com")
        .name("_sip._tcp")
        .sdtype(DomainSublistEditSdtype::Srv { prio: Some(10), wght: Some(5), port: Some(5060) })
        .addr("sip.example.com.");
    for r in [a, mx, srv] {
        client.send(r).unwrap();
    }
}
