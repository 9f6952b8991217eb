//! ISPmanager 4 example: log in, create a DNS zone with an MX record, list it, delete it.
//!
//! `cargo run -p panelkit-examples-clients --example ispmanager` runs against an in-process
//! fake panel. Set `PANELKIT_URL` (`https://host:1500`), `PANELKIT_USER`, `PANELKIT_PASSWORD`
//! (and `PANELKIT_PIN_SHA256=<sha-256 hex>` or `PANELKIT_INSECURE=1` for a self-signed
//! certificate) to run it against a real panel.

use panelkit_examples_clients::{Target, ispmanager_flow, start_fake};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Target::from_env()? {
        Some(target) => {
            ispmanager_flow(&target).await?;
        }
        None => {
            let fake = start_fake("ispmgr4").await?;
            println!("fake ISPmanager 4 at {}", fake.url());
            ispmanager_flow(&Target::fake(&fake, "root", "secret")).await?;
        }
    }
    Ok(())
}
