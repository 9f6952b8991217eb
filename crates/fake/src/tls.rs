//! A self-signed certificate made at start, like the one a fresh panel serves on port 1500.

use std::sync::Arc;

use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sha2::{Digest, Sha256};
use tokio_rustls::TlsAcceptor;

use crate::Error;

pub(crate) struct Tls {
    pub acceptor: TlsAcceptor,
    pub fingerprint: [u8; 32],
    /// The certificate (DER).
    pub der: Vec<u8>,
}

impl Tls {
    pub fn generate() -> Result<Tls, Error> {
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()];
        let ck = rcgen::generate_simple_self_signed(names).map_err(|e| Error::Tls(e.to_string()))?;
        let der: CertificateDer<'static> = ck.cert.der().clone();
        let fingerprint: [u8; 32] = Sha256::digest(der.as_ref()).into();
        let der_bytes = der.to_vec();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.signing_key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Tls(e.to_string()))?
            .with_no_client_auth()
            .with_single_cert(vec![der], key)
            .map_err(|e| Error::Tls(e.to_string()))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls { acceptor: TlsAcceptor::from(Arc::new(config)), fingerprint, der: der_bytes })
    }
}
