// Every client that creates an ISPmanager 6 user sends `name` and `passwd`: `new` takes both.
use panelkit_ispsystem::ispmgr6::UserAddFinish;

fn main() {
    let _user = UserAddFinish::new("alice");
}
