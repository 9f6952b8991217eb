// A BrainyCP request cannot go through a client of an ISPsystem panel.
use panelkit_tests::{Client, mini, minibrainy};

fn main() {
    let client = Client::<mini::Mini>::new();
    let _ = client.send(minibrainy::Delcerts::new("old-key"));
}
