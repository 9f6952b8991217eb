//! The logic of the example programs (`examples/ispmanager.rs`, `examples/brainycp.rs`),
//! kept in a library so a test can run each flow against the fake panel.
//!
//! Each program starts the fake panel in-process by default. To talk to a real panel
//! instead, set:
//!
//! - `PANELKIT_URL`: the panel's address (`https://host:1500` for ISPmanager 4,
//!   `https://host:8002` for BrainyCP), without path or credentials;
//! - `PANELKIT_USER` and `PANELKIT_PASSWORD`: the credentials;
//! - for a self-signed HTTPS certificate, either `PANELKIT_PIN_SHA256` (the certificate's
//!   SHA-256 fingerprint, hex with or without `:`) or `PANELKIT_INSECURE=1` (accept any
//!   certificate; for testing only).
//!
//! Against a real panel the flows create and then delete a test object (`panelkit-example.test`).

use std::path::Path;

use panelkit_brainycp::brainycp::{Brainycp, certs_control as certs, mailserver as mail};
use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use panelkit_ispsystem::ispmgr4::{self, Ispmgr4};
use panelkit_ispsystem::ispmgr6::{self, Ispmgr6};
use panelkit_runtime::{BrainyClient, CertPin, Error, IspClient, PanelDef, RecordKey, Secret};

/// Where the flow connects to.
pub struct Target {
    /// The panel's base URL.
    pub url: String,
    /// User name.
    pub user: String,
    /// Password.
    pub password: Secret,
    /// A pinned certificate.
    pub pin: Option<CertPin>,
    /// Accept any certificate.
    pub insecure: bool,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target").field("url", &self.url).field("user", &self.user).finish_non_exhaustive()
    }
}

impl Target {
    /// The real panel named by `PANELKIT_URL`, `PANELKIT_USER`, `PANELKIT_PASSWORD`
    /// (and `PANELKIT_PIN_SHA256` / `PANELKIT_INSECURE`); `None` when any of the first three is unset.
    pub fn from_env() -> Result<Option<Target>, Error> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let (Some(url), Some(user), Some(password)) =
            (var("PANELKIT_URL"), var("PANELKIT_USER"), var("PANELKIT_PASSWORD"))
        else {
            return Ok(None);
        };
        let pin = var("PANELKIT_PIN_SHA256").map(|p| CertPin::sha256_hex(&p)).transpose()?;
        let insecure = var("PANELKIT_INSECURE").is_some_and(|v| v == "1");
        Ok(Some(Target { url, user, password: Secret::new(password), pin, insecure }))
    }

    /// The in-process fake panel's address and its admin.
    pub fn fake(handle: &FakeHandle, user: &str, password: &str) -> Target {
        Target {
            url: handle.base_url(),
            user: user.to_owned(),
            password: Secret::new(password),
            pin: handle.fingerprint_sha256().map(CertPin::Sha256),
            insecure: false,
        }
    }
}

/// Starts the fake panel serving `spec/<id>` of this workspace, with admin `root` / `secret`.
pub async fn start_fake(id: &str) -> Result<FakeHandle, Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec").join(id);
    let panel = panelkit_spec::load_panel(&dir)?;
    Ok(FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await?)
}

/// A session-login client of panel `P` for the target, its certificate pinned or (on request) unchecked.
fn isp_client<P: PanelDef>(t: &Target) -> Result<IspClient<P>, Error> {
    let mut b = IspClient::<P>::builder(&t.url).session(t.user.clone(), t.password.clone());
    if let Some(pin) = &t.pin {
        b = b.pin_certificate(pin.clone());
    }
    b.danger_accept_invalid_certs(t.insecure && t.pin.is_none()).build()
}

/// ISPmanager 4: log in, create a DNS zone with an MX record, list, delete. Returns what it printed.
pub async fn ispmanager_flow(t: &Target) -> Result<Vec<String>, Error> {
    let c = isp_client::<Ispmgr4>(t)?;
    let mut out = Vec::new();
    let mut say = |s: String| {
        println!("{s}");
        out.push(s);
    };
    let session = c.login().await?;
    say(format!("logged in as {} (level {:?})", t.user, session.level));
    let zone = "panelkit-example.test";
    c.call(&ispmgr4::DomainEdit::new().name(zone).ip("192.0.2.1".parse().expect("IPv4")).ns([format!("ns1.{zone}.")]))
        .await?;
    say(format!("created zone {zone}"));
    c.call(
        &ispmgr4::DomainSublistEdit::new(zone)
            .name(format!("{zone}."))
            .sdtype(ispmgr4::DomainSublistEditSdtype::Mx { prio: Some(10) })
            .addr(format!("mx.{zone}.")),
    )
    .await?;
    for r in c.call(&ispmgr4::DomainSublist::new(zone)).await? {
        say(format!("record {}", r.key.or(r.name).unwrap_or_default()));
    }
    c.call(&ispmgr4::DomainDeleteConfirm::new([zone])).await?;
    let left = c.call(&ispmgr4::Domain::new()).await?;
    say(format!("deleted zone {zone}; {} zone(s) left", left.len()));
    c.logout().await?;
    Ok(out)
}

/// ISPmanager 6, the ACME DNS-01 challenge as certbot and cert-manager hooks do it: a zone
/// (an IDN, sent as punycode), a TXT record under `_acme-challenge`, found in the zone's
/// records by its key, deleted by that key, and the zone deleted. Returns what it printed.
pub async fn acme_flow(t: &Target) -> Result<Vec<String>, Error> {
    let c = isp_client::<Ispmgr6>(t)?;
    let mut out = Vec::new();
    let mut say = |s: String| {
        println!("{s}");
        out.push(s);
    };
    let zone = "пример-panelkit.рф";
    c.call(&ispmgr6::DomainEdit::new().name(zone)).await?;
    let listed = c.call(&ispmgr6::Domain::new()).await?;
    let ascii = listed.iter().filter_map(|d| d.name.clone()).find(|n| n.starts_with("xn--")).unwrap_or_default();
    say(format!("created zone {zone} (the panel lists it as {ascii})"));
    let (name, token) = (format!("_acme-challenge.{ascii}."), "gfj9Xq-RsoN7d0Eyo1v3kGJ8ksqwUv-3dp8fGH2A6n8");
    let txt = ispmgr6::DomainRecordEditRtype::Txt { value: Some(token.into()) };
    c.call(&ispmgr6::DomainRecordEdit::new(ascii.clone(), name.clone(), txt)).await?;
    let key = RecordKey::new(name, "txt", token).to_string();
    let records = c.call(&ispmgr6::DomainRecord::new(ascii.clone())).await?;
    let found = records.iter().any(|r| r.rkey.as_deref() == Some(key.as_str()));
    say(format!("TXT record {}", if found { "listed" } else { "missing" }));
    c.call(&ispmgr6::DomainRecordDelete::new(ascii.clone(), [key.clone()]).elname(key)).await?;
    let left = c.call(&ispmgr6::DomainRecord::new(ascii.clone())).await?;
    say(format!("TXT record deleted; {} record(s) left", left.len()));
    c.call(&ispmgr6::DomainDelete::new([ascii.clone()])).await?;
    say(format!("deleted zone {ascii}"));
    Ok(out)
}

/// BrainyCP: create a certificate request, list certificates, delete it, count the mail queue.
pub async fn brainycp_flow(t: &Target) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut b = BrainyClient::<Brainycp>::builder(&t.url, t.user.clone(), t.password.clone()).language("en");
    if let Some(pin) = &t.pin {
        b = b.pin_certificate(pin.clone());
    }
    let c = b.danger_accept_invalid_certs(t.insecure && t.pin.is_none()).build()?;
    let mut out = Vec::new();
    let mut say = |s: String| {
        println!("{s}");
        out.push(s);
    };
    let domain = "panelkit-example.test";
    let name = c.call(&certs::Addcerts::new(domain, "RU", "Moscow", "Moscow", "Example", "IT")).await?;
    let name = name.as_str().unwrap_or(domain).to_owned();
    say(format!("created certificate {name}"));
    for cert in c.call(&certs::Listcerts::new()).await? {
        say(format!("certificate {cert}"));
    }
    c.call(&certs::Delcerts::new(name.clone())).await?;
    say(format!("deleted certificate {name}"));
    match c.call(&certs::Delcerts::new(name.clone())).await {
        Err(panelkit_runtime::BrainyError::Api { error: certs::DelcertsError::NotFound { .. }, .. }) => {
            say(format!("certificate {name} is gone"));
        }
        other => say(format!("deleting again: {other:?}")),
    }
    say(format!("mail queue: {} message(s)", c.call(&mail::CountMsg::new()).await?));
    Ok(out)
}
