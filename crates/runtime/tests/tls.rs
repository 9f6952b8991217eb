//! TLS options against a self-signed HTTPS panel on loopback.

mod common;

use common::*;
use panelkit_runtime::{CertPin, Error, IspClient, TransportKind};

#[tokio::test]
async fn verification_rejects_a_self_signed_certificate_by_default() {
    let tls = start_tls_panel().await;
    let c = IspClient::<TestIsp>::builder(format!("https://localhost:{}", tls.addr.port()))
        .authinfo("admin", PASSWORD)
        .build()
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportKind::Tls, "{err}");
    assert!(tls.state.lock().unwrap().requests.is_empty());
}

#[tokio::test]
async fn accept_invalid_certs_is_an_explicit_opt_in() {
    let tls = start_tls_panel().await;
    let c = IspClient::<TestIsp>::builder(format!("https://127.0.0.1:{}", tls.addr.port()))
        .authinfo("admin", PASSWORD)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_private_root_is_trusted_when_added() {
    let tls = start_tls_panel().await;
    let c = IspClient::<TestIsp>::builder(format!("https://localhost:{}", tls.addr.port()))
        .authinfo("admin", PASSWORD)
        .add_root_certificate_der(tls.cert_der.clone())
        .build()
        .unwrap();
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
}

#[tokio::test]
async fn pinning_accepts_the_right_certificate_by_der_and_fingerprint() {
    let tls = start_tls_panel().await;
    let url = format!("https://127.0.0.1:{}", tls.addr.port());
    let by_der = IspClient::<TestIsp>::builder(url.clone())
        .authinfo("admin", PASSWORD)
        .pin_certificate(CertPin::der(tls.cert_der.clone()))
        .build()
        .unwrap();
    assert_eq!(by_der.call(&UserList).await.unwrap().len(), 2);

    let hex: Vec<String> =
        CertPin::der(tls.cert_der.clone()).fingerprint().iter().map(|b| format!("{b:02X}")).collect();
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
    let (other, _) = self_signed();
    let c = IspClient::<TestIsp>::builder(format!("https://127.0.0.1:{}", tls.addr.port()))
        .authinfo("admin", PASSWORD)
        .pin_certificate(CertPin::der(other))
        .build()
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportKind::Tls, "{err}");
    assert!(t.message.contains("does not match the pinned"), "{err}");
    assert!(tls.state.lock().unwrap().requests.is_empty());
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    let c = IspClient::<TestIsp>::builder(format!("https://{addr}"))
        .connect_timeout(std::time::Duration::from_millis(300))
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}
