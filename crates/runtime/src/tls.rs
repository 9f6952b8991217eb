//! rustls client configuration (ring provider): platform roots by default, an
//! explicit opt-in for any certificate, or one pinned certificate.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// One server certificate to trust, whoever signed it (panels on port 1500 often
/// run a self-signed one). Host name and validity dates are not checked: the pin is the trust decision.
#[derive(Clone, PartialEq, Eq)]
pub enum CertPin {
    /// The certificate itself, DER-encoded.
    Der(Vec<u8>),
    /// SHA-256 of the DER certificate.
    Sha256([u8; 32]),
}

impl std::fmt::Debug for CertPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CertPin(sha256 {})", hex(&self.fingerprint()))
    }
}

impl CertPin {
    /// Pins a DER certificate.
    pub fn der(der: impl Into<Vec<u8>>) -> CertPin {
        CertPin::Der(der.into())
    }

    /// Pins a fingerprint given as hex, with or without `:` separators
    /// (as `openssl x509 -fingerprint -sha256` prints it).
    pub fn sha256_hex(fingerprint: &str) -> Result<CertPin, Error> {
        let digits: String = fingerprint.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
        let bad = || Error::Config(format!("`{fingerprint}` is not a SHA-256 fingerprint (64 hex digits)"));
        if digits.len() != 64 || !digits.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&digits[i * 2..i * 2 + 2], 16).map_err(|_| bad())?;
        }
        Ok(CertPin::Sha256(out))
    }

    /// The SHA-256 fingerprint of the pinned certificate.
    pub fn fingerprint(&self) -> [u8; 32] {
        match self {
            CertPin::Der(der) => Sha256::digest(der).into(),
            CertPin::Sha256(fp) => *fp,
        }
    }

    fn matches(&self, der: &[u8]) -> bool {
        let got: [u8; 32] = Sha256::digest(der).into();
        got == self.fingerprint()
    }
}

/// How the server certificate is checked.
#[derive(Debug, Clone, Default)]
pub(crate) enum TlsMode {
    /// Platform roots plus any extra roots given.
    #[default]
    Verify,
    /// Any certificate (still a real handshake with signature checks).
    AcceptInvalid,
    /// Exactly this certificate.
    Pin(CertPin),
}

pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

pub(crate) fn client_config(mode: &TlsMode, extra_roots: &[Vec<u8>]) -> Result<rustls::ClientConfig, Error> {
    let provider = provider();
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS: {e}")))?;
    let verifier: Arc<dyn ServerCertVerifier> = match mode {
        TlsMode::Verify => {
            let roots = extra_roots.iter().map(|d| CertificateDer::from(d.clone()));
            Arc::new(
                rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())
                    .map_err(|e| Error::Config(format!("TLS roots: {e}")))?,
            )
        }
        TlsMode::AcceptInvalid => Arc::new(AnyCert { provider: provider.clone(), pin: None }),
        TlsMode::Pin(pin) => Arc::new(AnyCert { provider: provider.clone(), pin: Some(pin.clone()) }),
    };
    let mut config = builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Accepts any certificate, or only the pinned one; handshake signatures are
/// still verified so the peer must hold the certificate's key.
#[derive(Debug)]
struct AnyCert {
    provider: Arc<CryptoProvider>,
    pin: Option<CertPin>,
}

impl ServerCertVerifier for AnyCert {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match &self.pin {
            Some(pin) if !pin.matches(end_entity) => Err(rustls::Error::General(format!(
                "server certificate sha256 {} does not match the pinned {}",
                hex(&Sha256::digest(end_entity.as_ref())),
                hex(&pin.fingerprint())
            ))),
            _ => Ok(ServerCertVerified::assertion()),
        }
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

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
