// A BrainyCP request cannot be sent through the ISPmanager 4 client.
use panelkit_brainycp::brainycp::certs_control::Delcerts;
use panelkit_ispsystem::ispmgr4::Ispmgr4;
use panelkit_runtime::IspClient;

fn send(client: &IspClient<Ispmgr4>, request: &Delcerts) {
    let _reply = client.call(request);
}

fn main() {
    let _ = send;
}
