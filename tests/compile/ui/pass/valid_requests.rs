// The valid counterparts of the compile-fail cases.
use panelkit_runtime::Request;
use panelkit_runtime::{Limit, Switch};
use panelkit_tests::mini::{self, DomainSublistEdit, DomainSublistEditSdtype};
use panelkit_tests::{Client, minibrainy};

fn main() {
    let a = DomainSublistEdit::new("example.com", "www").sdtype(DomainSublistEditSdtype::A).addr("192.0.2.1");
    let mx = DomainSublistEdit::new("example.com", "mail").sdtype(DomainSublistEditSdtype::Mx { prio: Some(10) });
    let srv = DomainSublistEdit::new("example.com", "_sip._tcp").sdtype(DomainSublistEditSdtype::Srv {
        prio: Some(10),
        wght: Some(5),
        port: Some(5060),
    });
    let client = Client::<mini::Mini>::new();
    for r in [a, mx, srv] {
        client.send(r).unwrap();
    }
    let domain = mini::DomainEdit::new("example.com", std::net::Ipv4Addr::new(192, 0, 2, 1))
        .ssl(mini::DomainEditSsl { sslport: Some(443), cert: None })
        .maillimit(Limit::Unlimited);
    client.send(domain).unwrap();
    let no_ssl = mini::DomainEdit::new("example.com", std::net::Ipv4Addr::LOCALHOST).ssl(Switch::Off);
    assert_eq!(no_ssl.to_params().get("ssl"), Some("off"));
    Client::<minibrainy::Minibrainy>::new().send(minibrainy::Delcerts::new("old-key")).unwrap();
}

// A plugin's functions, generated against `mini`'s marker, go through `mini`'s client.
#[allow(dead_code)]
fn plugin() {
    use panelkit_tests::miniplug::{SeoSettings, SeoSettingsMode};
    let client = Client::<mini::Mini>::new();
    client.send(SeoSettings::new(SeoSettingsMode::Full { depth: Some(3), sitemap: None })).unwrap();
}
