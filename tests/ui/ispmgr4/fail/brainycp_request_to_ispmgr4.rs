// A BrainyCP request cannot be sent through an ISPmanager 4 client.
use panelkit_brainycp::brainycp::Delcerts;
use panelkit_ispsystem::ispmgr4::Ispmgr4;
use panelkit_tests::Client;

fn main() {
    let _ = Client::<Ispmgr4>::new().send(Delcerts::new("old-key"));
}
