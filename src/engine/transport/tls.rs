//! The certificate a TLS server presents: either the user's PEM chain and key, or one generated
//! at start for the loopback names and signed by a CA that this process generates once.

use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::crypto::CryptoProvider;
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use rustls_pki_types::pem::{PemObject, SectionKind};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;
use tracing::debug;

use crate::engine::config::TlsSetting;
use crate::engine::error::{EngineError, EngineResult, ErrorCode};

/// ALPN: HTTP/2 preferred, HTTP/1.1 for clients that do not speak it.
const ALPN_PROTOCOLS: [&[u8]; 2] = [b"h2", b"http/1.1"];
/// Every generated certificate covers these, whatever the server is bound to.
const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];
/// Below the 398 days that browsers and Apple's TLS stack accept for a server certificate.
const SERVER_CERTIFICATE_DAYS: i64 = 397;
const CA_DAYS: i64 = 3650;

/// How a server does TLS.
pub struct ServerTls {
    pub acceptor: TlsAcceptor,
    /// PEM of the CA that signed a generated certificate; `None` for the user's own.
    pub ca_certificate: Option<String>,
}

/// The TLS of a server that will bind `host`; `None` when TLS is off.
pub fn server_tls(setting: &TlsSetting, host: &str) -> EngineResult<Option<ServerTls>> {
    match setting {
        TlsSetting::Off => Ok(None),
        TlsSetting::Generated => generated(host).map(Some),
        TlsSetting::Pem { cert, key } => users_own(cert, key).map(Some),
    }
}

fn generated(host: &str) -> EngineResult<ServerTls> {
    let ca = process_ca()?;
    let (certificate, key) = ca
        .issue(host)
        .map_err(|err| EngineError::internal(format!("generating the server certificate failed: {err}")))?;
    let config = server_config(vec![certificate], key)
        .map_err(|err| EngineError::internal(format!("the generated certificate was refused: {}", err.message)))?;
    Ok(ServerTls {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_certificate: Some(ca.pem.clone()),
    })
}

fn users_own(cert: &str, key: &str) -> EngineResult<ServerTls> {
    let chain = certificate_chain(cert)?;
    let key = private_key(key)?;
    let config = server_config(chain, key)?;
    Ok(ServerTls {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_certificate: None,
    })
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A rustls config for the chain (the server's certificate first) and its key, with each way it
/// can be unusable explained.
fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> EngineResult<rustls::ServerConfig> {
    let provider = provider();
    let signing_key = provider.key_provider.load_private_key(key).map_err(|err| {
        tls_config(format!(
            "tls.key cannot be used ({err}): use an RSA key of 2048 bits or more, an ECDSA P-256 or P-384 key, or an Ed25519 key"
        ))
    })?;
    let certified = CertifiedKey::new(chain, signing_key);
    check_key_belongs_to_certificate(&certified)?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| EngineError::internal(format!("the TLS versions are not available: {err}")))?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
    config.alpn_protocols = ALPN_PROTOCOLS.iter().map(|protocol| protocol.to_vec()).collect();
    Ok(config)
}

fn check_key_belongs_to_certificate(certified: &CertifiedKey) -> EngineResult<()> {
    match certified.keys_match() {
        // A key that cannot tell its public half is checked by the first handshake instead.
        Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => Ok(()),
        Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) => {
            let later = certified.cert.iter().skip(1).position(|certificate| {
                CertifiedKey::new(vec![certificate.clone()], certified.key.clone())
                    .keys_match()
                    .is_ok()
            });
            Err(tls_config(match later {
                Some(index) => format!(
                    "tls.key belongs to certificate {} of tls.cert, not the first: put the server's own certificate first, then its intermediates",
                    index + 2
                ),
                None => "tls.key is not the key of the first certificate in tls.cert: pass the key the certificate was issued for".to_string(),
            }))
        }
        Err(err) => Err(tls_config(format!(
            "the first certificate in tls.cert cannot be read ({err}): pass the PEM of an X.509 certificate"
        ))),
    }
}

fn tls_config(message: impl Into<String>) -> EngineError {
    EngineError::new(ErrorCode::TlsConfig, message)
}

/// Every PEM block of `text`, with what it is.
fn pem_blocks(text: &str, option: &str) -> EngineResult<Vec<(SectionKind, Vec<u8>)>> {
    if !text.contains("-----BEGIN ") {
        return Err(tls_config(format!(
            "{option} holds no PEM block (-----BEGIN …-----): pass the PEM text itself, e.g. fs.readFileSync(path, 'utf8'), not a file name"
        )));
    }
    <(SectionKind, Vec<u8>)>::pem_slice_iter(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| tls_config(format!("{option} is not valid PEM: {err}")))
}

fn is_private_key(kind: &SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::PrivateKey | SectionKind::RsaPrivateKey | SectionKind::EcPrivateKey
    )
}

fn certificate_chain(text: &str) -> EngineResult<Vec<CertificateDer<'static>>> {
    let blocks = pem_blocks(text, "tls.cert")?;
    let chain: Vec<CertificateDer<'static>> = blocks
        .iter()
        .filter(|(kind, _)| *kind == SectionKind::Certificate)
        .map(|(_, der)| CertificateDer::from(der.clone()))
        .collect();
    if !chain.is_empty() {
        return Ok(chain);
    }
    if blocks.iter().any(|(kind, _)| is_private_key(kind)) || text.contains("PRIVATE KEY-----") {
        return Err(tls_config(
            "tls.cert holds a private key, not a certificate: are `cert` and `key` swapped?",
        ));
    }
    Err(tls_config(
        "tls.cert holds no certificate (a -----BEGIN CERTIFICATE----- block)",
    ))
}

fn private_key(text: &str) -> EngineResult<PrivateKeyDer<'static>> {
    // Encrypted keys are skipped by the PEM reader: say why instead of "no key".
    if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(tls_config(
            "tls.key is encrypted with a passphrase: decrypt it first (openssl pkey -in key.pem -out plain-key.pem)",
        ));
    }
    let blocks = pem_blocks(text, "tls.key")?;
    let key = blocks.into_iter().find_map(|(kind, der)| {
        PrivateKeyDer::from_pem(kind, der).map(Ok).or_else(|| {
            (kind == SectionKind::Certificate).then(|| {
                Err(tls_config(
                    "tls.key holds a certificate, not a private key: are `cert` and `key` swapped?",
                ))
            })
        })
    });
    key.unwrap_or_else(|| {
        Err(tls_config(
            "tls.key holds no private key (a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)",
        ))
    })
}

/// The certificate authority of this process, generated on first use. Its certificate is what
/// `caCertificate` returns, for a client to trust.
struct ProcessCa {
    certificate: rcgen::Certificate,
    key: KeyPair,
    pem: String,
}

fn process_ca() -> EngineResult<&'static ProcessCa> {
    static PROCESS_CA: OnceLock<ProcessCa> = OnceLock::new();
    if let Some(ca) = PROCESS_CA.get() {
        return Ok(ca);
    }
    // Two servers starting at once may both generate one; the first stored is the only one used.
    let ca = ProcessCa::generate()
        .map_err(|err| EngineError::internal(format!("generating the certificate authority failed: {err}")))?;
    Ok(PROCESS_CA.get_or_init(|| ca))
}

/// rcgen's PEM ends its lines as the platform does (CRLF on Windows): `caCertificate` is the
/// same text everywhere.
fn with_lf_line_ends(pem: &str) -> String {
    pem.replace("\r\n", "\n")
}

impl ProcessCa {
    fn generate() -> Result<Self, rcgen::Error> {
        let mut params = CertificateParams::default();
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(
            DnType::CommonName,
            format!("pact-mock-server CA (process {})", std::process::id()),
        );
        params
            .distinguished_name
            .push(DnType::OrganizationName, "pact-mock-server");
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        set_validity(&mut params, CA_DAYS);
        let key = KeyPair::generate()?;
        let certificate = params.self_signed(&key)?;
        let pem = with_lf_line_ends(&certificate.pem());
        Ok(ProcessCa { certificate, key, pem })
    }

    /// A certificate for the loopback names (and `host`, when it names one machine), with its key.
    fn issue(&self, host: &str) -> Result<(CertificateDer<'static>, PrivateKeyDer<'static>), rcgen::Error> {
        let mut params = CertificateParams::default();
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(DnType::CommonName, "localhost");
        params.subject_alt_names = subject_alt_names(host);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        set_validity(&mut params, SERVER_CERTIFICATE_DAYS);
        let key = KeyPair::generate()?;
        let certificate = params.signed_by(&key, &self.certificate, &self.key)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        Ok((certificate.der().clone(), key))
    }
}

fn set_validity(params: &mut CertificateParams, days: i64) {
    let now = time::OffsetDateTime::now_utc();
    // A day back, so that a client whose clock is a little behind still accepts it.
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(days);
}

fn subject_alt_names(host: &str) -> Vec<SanType> {
    let mut names: Vec<String> = LOOPBACK_NAMES.iter().map(|name| name.to_string()).collect();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let specific = match bare.parse::<IpAddr>() {
        Ok(ip) => !ip.is_unspecified() && !ip.is_loopback(),
        Err(_) => !bare.eq_ignore_ascii_case("localhost"),
    };
    if specific {
        names.push(bare.to_string());
    }
    names
        .into_iter()
        .filter_map(|name| match name.parse::<IpAddr>() {
            Ok(ip) => Some(SanType::IpAddress(ip)),
            Err(_) => match name.clone().try_into() {
                Ok(dns) => Some(SanType::DnsName(dns)),
                Err(err) => {
                    debug!("{name:?} is left out of the certificate: {err}");
                    None
                }
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: &str = include_str!("../../../__test__/fixtures/tls/ca.pem");
    const RSA_CHAIN: &str = include_str!("../../../__test__/fixtures/tls/rsa-chain.pem");
    const RSA_PKCS1: &str = include_str!("../../../__test__/fixtures/tls/rsa-pkcs1.key");
    const RSA_PKCS8: &str = include_str!("../../../__test__/fixtures/tls/rsa-pkcs8.key");
    const EC_CHAIN: &str = include_str!("../../../__test__/fixtures/tls/ec-chain.pem");
    const EC_SEC1: &str = include_str!("../../../__test__/fixtures/tls/ec-sec1.key");
    const EC_PKCS8: &str = include_str!("../../../__test__/fixtures/tls/ec-pkcs8.key");
    const EC_ENCRYPTED: &str = include_str!("../../../__test__/fixtures/tls/ec-encrypted.key");

    fn pem(cert: &str, key: &str) -> TlsSetting {
        TlsSetting::Pem {
            cert: cert.to_string(),
            key: key.to_string(),
        }
    }

    fn config_error(cert: &str, key: &str) -> EngineError {
        match server_tls(&pem(cert, key), "127.0.0.1") {
            Ok(_) => panic!("the TLS setting was accepted"),
            Err(err) => err,
        }
    }

    #[test]
    fn off_means_no_tls() {
        assert!(server_tls(&TlsSetting::Off, "127.0.0.1").unwrap().is_none());
    }

    #[test]
    fn accepts_pkcs1_sec1_and_pkcs8_keys() {
        for (cert, key) in [
            (RSA_CHAIN, RSA_PKCS1),
            (RSA_CHAIN, RSA_PKCS8),
            (EC_CHAIN, EC_SEC1),
            (EC_CHAIN, EC_PKCS8),
        ] {
            let tls = server_tls(&pem(cert, key), "127.0.0.1").unwrap().unwrap();
            assert!(tls.ca_certificate.is_none(), "the user's own CA is theirs to hand out");
            let config = tls.acceptor.config();
            assert_eq!(config.alpn_protocols, [b"h2".to_vec(), b"http/1.1".to_vec()]);
        }
    }

    #[test]
    fn the_ca_certificate_has_lf_line_ends_on_every_platform() {
        assert_eq!(
            with_lf_line_ends("-----BEGIN X-----\r\nAAAA\r\n-----END X-----\r\n"),
            "-----BEGIN X-----\nAAAA\n-----END X-----\n"
        );
        let ca = ProcessCa::generate().unwrap();
        assert!(ca.pem.starts_with("-----BEGIN CERTIFICATE-----\n"), "{}", ca.pem);
        assert!(!ca.pem.contains('\r'));
    }

    #[test]
    fn unusable_pems_are_tls_config_errors_that_say_what_is_wrong() {
        let half_a_key = &EC_SEC1[..EC_SEC1.len() / 2];
        let second_certificate_first = {
            let blocks: Vec<&str> = RSA_CHAIN.split_inclusive("-----END CERTIFICATE-----\n").collect();
            format!("{}{}", blocks[1], blocks[0])
        };
        for (cert, key, expected) in [
            ("./cert.pem", EC_SEC1, "not a file name"),
            (EC_CHAIN, "./key.pem", "tls.key holds no PEM block"),
            (EC_SEC1, EC_CHAIN, "tls.cert holds a private key, not a certificate"),
            (EC_CHAIN, EC_CHAIN, "tls.key holds a certificate, not a private key"),
            (
                CA.replace("CERTIFICATE", "X509 CRL").as_str(),
                EC_SEC1,
                "tls.cert holds no certificate",
            ),
            (EC_CHAIN, EC_ENCRYPTED, "encrypted with a passphrase"),
            (EC_CHAIN, half_a_key, "tls.key is not valid PEM"),
            (EC_CHAIN, RSA_PKCS1, "tls.key is not the key of the first certificate"),
            (
                second_certificate_first.as_str(),
                RSA_PKCS1,
                "tls.key belongs to certificate 2 of tls.cert",
            ),
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                EC_SEC1,
                "the first certificate in tls.cert cannot be read",
            ),
            (
                EC_CHAIN,
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "tls.key cannot be used",
            ),
        ] {
            let err = config_error(cert, key);
            assert_eq!(err.code, ErrorCode::TlsConfig, "{err}");
            assert!(
                err.message.contains(expected),
                "expected {expected:?} in: {}",
                err.message
            );
        }
    }

    /// A TLS handshake over an in-memory pipe: the protocol the client negotiated, or why not.
    async fn handshake(
        server: &ServerTls,
        ca_pem: &str,
        name: &str,
        alpn: &[&[u8]],
    ) -> Result<Option<Vec<u8>>, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_slice(ca_pem.as_bytes()).unwrap())
            .unwrap();
        let mut client = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        client.alpn_protocols = alpn.iter().map(|protocol| protocol.to_vec()).collect();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
        let (client_end, server_end) = tokio::io::duplex(64 * 1024);
        let acceptor = server.acceptor.clone();
        let accepting = tokio::spawn(async move { acceptor.accept(server_end).await.map(|_| ()) });
        let name = rustls_pki_types::ServerName::try_from(name.to_string()).unwrap();
        let connected = connector.connect(name, client_end).await;
        let protocol = connected
            .map(|stream| stream.get_ref().1.alpn_protocol().map(<[u8]>::to_vec))
            .map_err(|err| err.to_string());
        let _ = accepting.await;
        protocol
    }

    #[tokio::test]
    async fn the_process_ca_is_generated_once_and_signs_a_certificate_for_every_loopback_name() {
        let first = server_tls(&TlsSetting::Generated, "127.0.0.1").unwrap().unwrap();
        let second = server_tls(&TlsSetting::Generated, "localhost").unwrap().unwrap();
        let ca = first.ca_certificate.clone().unwrap();
        assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"), "{ca}");
        assert_eq!(second.ca_certificate.as_deref(), Some(ca.as_str()));

        for name in ["localhost", "127.0.0.1", "::1"] {
            let protocol = handshake(&first, &ca, name, &[b"h2", b"http/1.1"]).await;
            assert_eq!(protocol, Ok(Some(b"h2".to_vec())), "{name}");
        }
        let protocol = handshake(&second, &ca, "localhost", &[b"http/1.1"]).await;
        assert_eq!(protocol, Ok(Some(b"http/1.1".to_vec())));
        let elsewhere = handshake(&first, &ca, "example.com", &[]).await.unwrap_err();
        assert!(elsewhere.contains("not valid for name"), "{elsewhere}");
        let other_ca = handshake(&first, CA, "localhost", &[]).await.unwrap_err();
        assert!(other_ca.contains("UnknownIssuer"), "{other_ca}");
    }

    #[tokio::test]
    async fn the_users_certificate_is_served_with_its_chain() {
        let tls = server_tls(&pem(RSA_CHAIN, RSA_PKCS1), "127.0.0.1").unwrap().unwrap();
        assert_eq!(handshake(&tls, CA, "localhost", &[]).await, Ok(None));
    }

    #[test]
    fn a_specific_host_is_added_to_the_loopback_names() {
        let names = |host| subject_alt_names(host).len();
        assert_eq!(names("127.0.0.1"), 3);
        assert_eq!(names("0.0.0.0"), 3);
        assert_eq!(names("::"), 3);
        assert_eq!(names("localhost"), 3);
        assert_eq!(names("192.0.2.10"), 4);
        assert_eq!(names("mock.test"), 4);
    }
}
