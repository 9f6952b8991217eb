// A BrainyCP request cannot be sent through an ISPmanager 4 client. The stand-in client has
// the real clients' bound (`ForPanel`); `panelkit_tests`' doctests hold the real ones to it.
use panelkit_brainycp::brainycp::certs_control::Delcerts;
use panelkit_ispsystem::ispmgr4::Ispmgr4;
use panelkit_tests::Client;

fn main() {
    let client = Client::<Ispmgr4>::new();
    let _ = client.send(Delcerts::new("example.com"));
}
