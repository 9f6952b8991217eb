//! Both example flows against the fake panel, outcomes checked.

use panelkit_examples_clients::{Target, acme_flow, brainycp_flow, ispmanager_flow, start_fake};

#[tokio::test]
async fn ispmanager_flow_against_the_fake() {
    let fake = start_fake("ispmgr4").await.unwrap();
    let out = ispmanager_flow(&Target::fake(&fake, "root", "secret")).await.unwrap();
    assert_eq!(out[0], "logged in as root (level Some(7))");
    assert!(out.iter().any(|l| l.starts_with("record ") && l.contains("MX")), "{out:?}");
    assert_eq!(out.last().unwrap(), "deleted zone panelkit-example.test; 0 zone(s) left");
    assert!(fake.state()["objects"]["domain"].as_array().is_none_or(|d| d.is_empty()));
    assert_eq!(fake.session_count(), 0, "logged out");
}

#[tokio::test]
async fn brainycp_flow_against_the_fake() {
    let fake = start_fake("brainycp").await.unwrap();
    let out = brainycp_flow(&Target::fake(&fake, "root", "secret")).await.unwrap();
    assert!(out.contains(&"certificate panelkit-example.test is gone".to_owned()), "{out:?}");
    assert_eq!(out.last().unwrap(), "mail queue: 0 message(s)");
    assert_eq!(fake.state()["brainy"]["certs"]["root"], serde_json::json!([]));
}

#[tokio::test]
async fn acme_flow_against_the_fake() {
    let fake = start_fake("ispmgr6").await.unwrap();
    let out = acme_flow(&Target::fake(&fake, "root", "secret")).await.unwrap();
    assert_eq!(
        out,
        [
            "created zone пример-panelkit.рф (the panel lists it as xn---panelkit-f0h6a0cxbod.xn--p1ai)",
            "TXT record listed",
            "TXT record deleted; 0 record(s) left",
            "deleted zone xn---panelkit-f0h6a0cxbod.xn--p1ai",
        ]
    );
    assert!(fake.state()["objects"]["domain"].as_array().is_none_or(|d| d.is_empty()));
}
