// ISPmanager 4: "При выбранном значении A запрещается использовать параметры: 'prio','wght','port'".
use panelkit_ispsystem::ispmgr4::{DomainSublistEdit, DomainSublistEditSdtype};

fn main() {
    let _record = DomainSublistEdit::new("example.com").sdtype(DomainSublistEditSdtype::A { prio: Some(10) });
}
