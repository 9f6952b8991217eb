//! ISPmanager 6 example: the ACME DNS-01 challenge (a TXT record under `_acme-challenge`,
//! found and deleted by its record key) in an IDN zone.
//!
//! `cargo run -p panelkit-examples-clients --example acme` runs against an in-process fake
//! panel; set `PANELKIT_URL`, `PANELKIT_USER`, `PANELKIT_PASSWORD` (and `PANELKIT_PIN_SHA256`
//! or `PANELKIT_INSECURE=1`) to run it against a real ISPmanager 6.

use panelkit_examples_clients::{Target, acme_flow, start_fake};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Target::from_env()? {
        Some(target) => {
            acme_flow(&target).await?;
        }
        None => {
            let fake = start_fake("ispmgr6").await?;
            println!("fake ISPmanager 6 at {}", fake.url());
            acme_flow(&Target::fake(&fake, "root", "secret")).await?;
        }
    }
    Ok(())
}
