//! TLS options against the fake panel over HTTPS with a self-signed certificate, on loopback.

mod common;

use common::*;
use panelkit_runtime::{CertPin, Error, IspClient, TransportKind};

#[tokio::test]
async fn verification_rejects_a_self_signed_certificate_by_default() {
    let tls = start_tls_panel().await;
    let c = IspClient::<TestIsp>::builder(format!("https://localhost:{}", tls.addr().port()))
        .authinfo("admin", PASSWORD)
        .build()
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportKind::Tls, "{err}");
    assert!(tls.requests().is_empty());
}

#[tokio::test]
async fn accept_invalid_certs_is_an_explicit_opt_in() {
    let tls = start_tls_panel().await;
    let c = IspClient::<TestIsp>::builder(format!("https://127.0.0.1:{}", tls.addr().port()))
        .authinfo("admin", PASSWORD)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
    assert_eq!(tls.funcs(), ["user"]);
}

#[tokio::test]
async fn a_private_root_is_trusted_when_added() {
    let tls = start_tls_panel().await;
    let c = IspClient::<TestIsp>::builder(format!("https://localhost:{}", tls.addr().port()))
        .authinfo("admin", PASSWORD)
        .add_root_certificate_der(tls.certificate_der().unwrap().to_vec())
        .build()
        .unwrap();
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
}

#[tokio::test]
async fn pinning_accepts_the_right_certificate_by_der_and_fingerprint() {
    let tls = start_tls_panel().await;
    let der = tls.certificate_der().unwrap().to_vec();
    let url = format!("https://127.0.0.1:{}", tls.addr().port());
    let by_der = IspClient::<TestIsp>::builder(url.clone())
        .authinfo("admin", PASSWORD)
        .pin_certificate(CertPin::der(der.clone()))
        .build()
        .unwrap();
    assert_eq!(by_der.call(&UserList).await.unwrap().len(), 2);

    let hex: Vec<String> = CertPin::der(der).fingerprint().iter().map(|b| format!("{b:02X}")).collect();
    assert_eq!(Some(hex.join(":")), tls.fingerprint(), "the pin's fingerprint is the served certificate's");
    let by_fp = IspClient::<TestIsp>::builder(url)
        .authinfo("admin", PASSWORD)
        .pin_certificate(CertPin::sha256_hex(&hex.join(":")).unwrap())
        .build()
        .unwrap();
    assert_eq!(by_fp.call(&UserList).await.unwrap().len(), 2);
}

#[tokio::test]
async fn pinning_rejects_another_certificate() {
    let tls = start_tls_panel().await;
    // Another fake panel's certificate: valid for the same names, but not this one.
    let other = start_tls_panel().await.certificate_der().unwrap().to_vec();
    let c = IspClient::<TestIsp>::builder(format!("https://127.0.0.1:{}", tls.addr().port()))
        .authinfo("admin", PASSWORD)
        .pin_certificate(CertPin::der(other))
        .build()
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportKind::Tls, "{err}");
    assert!(t.message.contains("does not match the pinned"), "{err}");
    assert!(tls.requests().is_empty());
}

#[test]
fn bad_fingerprints_are_config_errors() {
    assert!(matches!(CertPin::sha256_hex("abcd"), Err(Error::Config(_))));
    assert!(matches!(CertPin::sha256_hex(&"zz".repeat(32)), Err(Error::Config(_))));
    assert!(CertPin::sha256_hex(&"0a".repeat(32)).is_ok());
}

#[tokio::test]
async fn connect_timeout_covers_a_silent_tls_handshake() {
    // The kernel completes TCP, but the peer never answers the ClientHello.
    let addr = start_silent().await;
    let c = IspClient::<TestIsp>::builder(format!("https://{addr}"))
        .connect_timeout(std::time::Duration::from_millis(300))
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}
