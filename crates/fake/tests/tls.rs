//! HTTPS with a certificate made at start: the client sees the fingerprint the handle reports.

mod common;

use std::sync::{Arc, Mutex};

use panelkit_fake::{Account, FakePanel, Level};
use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Accepts any certificate and remembers the SHA-256 of the one it saw (signatures still checked).
#[derive(Debug)]
struct Pin {
    seen: Mutex<Option<[u8; 32]>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Pin {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap() = Some(Sha256::digest(end_entity.as_ref()).into());
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[tokio::test]
async fn https_with_a_reported_fingerprint() {
    let fake = FakePanel::builder(common::spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .tls(true)
        .start()
        .await
        .unwrap();
    assert!(fake.url().starts_with("https://127.0.0.1:"), "{}", fake.url());
    let fp = fake.fingerprint().expect("fingerprint");
    assert_eq!(fp.len(), 32 * 3 - 1, "{fp}");

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let pin = Arc::new(Pin { seen: Mutex::new(None), provider: provider.clone() });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(pin.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
    let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
    tls.write_all(b"GET /manager/ispmgr?func=auth&username=root&password=secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    let _ = tls.read_to_end(&mut out).await;
    let reply = common::parse(&out);
    assert!(reply.body.contains("<auth "), "{}", reply.body);
    assert_eq!(*pin.seen.lock().unwrap(), fake.fingerprint_sha256());

    // Plain HTTP to the TLS port gets nowhere, and the server keeps serving.
    let _ = common::raw(fake.addr(), b"GET / HTTP/1.1\r\n\r\n").await;
    let tcp = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
    assert!(connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await.is_ok());
}
