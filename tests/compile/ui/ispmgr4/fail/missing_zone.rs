// A DNS record of ISPmanager 4 belongs to a zone (`plid`): `new` cannot be called without it.
use panelkit_ispsystem::ispmgr4::DomainSublistEdit;

fn main() {
    let _record = DomainSublistEdit::new();
}
