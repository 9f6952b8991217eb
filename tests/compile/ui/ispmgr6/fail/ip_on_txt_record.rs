// Each record type carries exactly its fields: a TXT record has a `value`, no `ip`.
use panelkit_ispsystem::ispmgr6::{DomainRecordEdit, DomainRecordEditRtype};

fn main() {
    let _record = DomainRecordEdit::new(
        "example.org",
        "_acme-challenge.example.org.",
        DomainRecordEditRtype::Txt { value: Some("token".into()), ip: None },
    );
}
