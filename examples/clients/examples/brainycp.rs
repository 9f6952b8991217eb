//! BrainyCP example: create a certificate request, list certificates, delete it, count the mail queue.
//!
//! `cargo run -p panelkit-examples-clients --example brainycp` runs against an in-process
//! fake panel. Set `PANELKIT_URL` (`https://host:8002`), `PANELKIT_USER`, `PANELKIT_PASSWORD`
//! (and `PANELKIT_PIN_SHA256=<sha-256 hex>` or `PANELKIT_INSECURE=1` for a self-signed
//! certificate) to run it against a real panel.

use panelkit_examples_clients::{Target, brainycp_flow, start_fake};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Target::from_env()? {
        Some(target) => {
            brainycp_flow(&target).await?;
        }
        None => {
            let fake = start_fake("brainycp").await?;
            println!("fake BrainyCP at {}", fake.url());
            brainycp_flow(&Target::fake(&fake, "root", "secret")).await?;
        }
    }
    Ok(())
}
