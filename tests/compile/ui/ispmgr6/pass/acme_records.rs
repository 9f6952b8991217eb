// The ACME DNS-01 requests, typed; an A record with an IPv6 address and a TXT record
// without a value compile (the wire field `ip` is shared) and fail `validate()` instead.
use panelkit_ispsystem::ispmgr6::{DomainRecordDelete, DomainRecordEdit, DomainRecordEditRtype, UserAddFinish};
use panelkit_runtime::{RecordKey, Request};

fn main() {
    let add = DomainRecordEdit::new(
        "example.org",
        "_acme-challenge.example.org.",
        DomainRecordEditRtype::Txt { value: Some("token".into()) },
    );
    assert!(add.validate().is_ok());
    let key = RecordKey::new("_acme-challenge.example.org.", "txt", "token").to_string();
    let delete = DomainRecordDelete::new("example.org", [key.clone()]).elname(key);
    assert!(delete.validate().is_ok());
    let a6 = DomainRecordEdit::new("example.org", "www", DomainRecordEditRtype::A { ip: Some("2001:db8::1".parse().unwrap()) });
    assert!(a6.validate().is_err());
    let txt = DomainRecordEdit::new("example.org", "x", DomainRecordEditRtype::Txt { value: None });
    assert!(txt.validate().is_err());
    assert!(UserAddFinish::new("alice", "Xk9#mQ2vL7pR").validate().is_ok());
}
