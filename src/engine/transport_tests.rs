//! HTTPS, CORS, the hosts a server binds and its bounded shutdown, end to end over real sockets.

use std::net::{Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::tests::{get, send_raw};
use super::*;

fn users_pact() -> Value {
    json!({
        "consumer": {"name": "web"},
        "provider": {"name": "users"},
        "interactions": [
            {"description": "get user 1", "request": {"method": "GET", "path": "/users/1"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                          "body": {"id": 1, "link": "http://example.com/users/1"},
                          "generators": {"body": {"$.link": {"type": "MockServerURL",
                              "example": "http://example.com/users/1", "regex": ".*(/users/\\d+)$"}}}}},
            {"description": "open to all", "request": {"method": "GET", "path": "/public"},
             "response": {"status": 200, "headers": {"Access-Control-Allow-Origin": "*"}}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

async fn start_with(config: ServerConfig) -> MockServer {
    start(PactSource::Json(users_pact()), config).await.unwrap()
}

fn tls_on() -> ServerConfig {
    ServerConfig {
        tls: TlsSetting::Generated,
        ..ServerConfig::default()
    }
}

/// Whether this machine can bind ::1; tests of IPv6 say so when they cannot run.
fn ipv6_available() -> bool {
    std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

async fn connect_refused(address: SocketAddr) -> bool {
    TcpStream::connect(address).await.is_err()
}

struct HttpsAnswer {
    version: http::Version,
    status: u16,
    body: Value,
}

/// GET over TLS, verifying the server's certificate against `ca_pem` for `name`.
async fn https_get(port: u16, name: &str, ca_pem: &str, alpn: &[u8], path: &str) -> HttpsAnswer {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca_pem.as_bytes()).unwrap())
        .unwrap();
    let mut client = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    client.alpn_protocols = vec![alpn.to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
    let address = match name {
        "::1" => SocketAddr::from((Ipv6Addr::LOCALHOST, port)),
        _ => SocketAddr::from(([127, 0, 0, 1], port)),
    };
    let tcp = TcpStream::connect(address).await.unwrap();
    let tls = connector
        .connect(ServerName::try_from(name.to_string()).unwrap(), tcp)
        .await
        .unwrap_or_else(|err| panic!("TLS handshake with {name}: {err}"));
    let io = hyper_util::rt::TokioIo::new(tls);
    let authority = if name.contains(':') {
        format!("[{name}]")
    } else {
        name.to_string()
    };
    let request = http::Request::get(format!("https://{authority}:{port}{path}"))
        .body(Empty::<bytes::Bytes>::new())
        .unwrap();
    let response = if alpn == b"h2" {
        let (mut sender, connection) = hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
            .await
            .unwrap();
        tokio::spawn(connection);
        sender.send_request(request).await.unwrap()
    } else {
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await.unwrap();
        tokio::spawn(connection);
        sender.send_request(request).await.unwrap()
    };
    let version = response.version();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    HttpsAnswer {
        version,
        status,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

#[tokio::test]
async fn tls_serves_https_that_the_process_ca_verifies_over_h2_and_http1() {
    let server = start_with(tls_on()).await;
    let port = server.port();
    assert_eq!(server.url(), format!("https://127.0.0.1:{port}"));
    let ca = server
        .ca_certificate()
        .expect("a generated certificate comes with its CA")
        .to_string();

    let h2 = https_get(port, "127.0.0.1", &ca, b"h2", "/users/1").await;
    assert_eq!((h2.version, h2.status), (http::Version::HTTP_2, 200));
    // The MockServerURL generator names the real, https, url.
    assert_eq!(h2.body["link"], format!("https://127.0.0.1:{port}/users/1"));

    let http1 = https_get(port, "localhost", &ca, b"http/1.1", "/users/1").await;
    assert_eq!((http1.version, http1.status), (http::Version::HTTP_11, 200));
    assert!(server
        .mismatches()
        .iter()
        .all(|result| result.kind() == "missing-request"));

    // A plain-text request to the TLS port is not served.
    let mut plain = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    plain
        .write_all(b"GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), plain.read_to_end(&mut received)).await;
    assert!(
        !received.starts_with(b"HTTP/1.1 200"),
        "plain HTTP was served over the TLS port"
    );
    assert_eq!(server.request_count(), 2);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_unusable_certificate_is_refused_before_any_port_is_taken() {
    let config = ServerConfig {
        tls: TlsSetting::Pem {
            cert: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into(),
            key: "not a key".into(),
        },
        ..ServerConfig::default()
    };
    let err = start(PactSource::Json(users_pact()), config).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::TlsConfig, "{err}");
}

#[tokio::test]
async fn a_client_that_never_says_hello_delays_no_one() {
    // The default handshake timeout (10 s) is far longer than the wait below: a server that
    // handshakes on its accept loop would serve nobody else until the silent client timed out.
    let server = start_with(tls_on()).await;
    let ca = server.ca_certificate().unwrap().to_string();
    let _silent = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    let served = tokio::time::timeout(
        Duration::from_secs(3),
        https_get(server.port(), "127.0.0.1", &ca, b"http/1.1", "/users/1"),
    )
    .await
    .expect("a silent client held up another client's handshake");
    assert_eq!(served.status, 200);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_client_that_never_says_hello_is_dropped_after_the_handshake_timeout() {
    let server = start_with(ServerConfig {
        tls_handshake_timeout: Duration::from_millis(300),
        ..tls_on()
    })
    .await;
    let mut silent = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    let mut buffer = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(5), silent.read(&mut buffer))
        .await
        .expect("the silent client was never dropped");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn shutdown_is_bounded_while_clients_stall_and_then_the_port_refuses() {
    let plain = start_with(ServerConfig::default()).await;
    let secure = start_with(tls_on()).await;
    let mut stallers = Vec::new();
    for (port, bytes) in [
        // Half a request head.
        (plain.port(), &b"GET /users/1 HTTP/1.1\r\nHost: loc"[..]),
        // A whole head and a tenth of the body it announces.
        (
            plain.port(),
            &b"POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"[..],
        ),
        // A TLS client that never sends its hello.
        (secure.port(), &b""[..]),
        // Half a ClientHello.
        (secure.port(), &[0x16, 0x03, 0x01, 0x02, 0x00, 0x01][..]),
    ] {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        stream.write_all(bytes).await.unwrap();
        stallers.push(stream);
    }
    // Let the server take the stalled bytes in before it is asked to stop.
    tokio::time::sleep(Duration::from_millis(100)).await;

    for server in [&plain, &secure] {
        let began = Instant::now();
        server.shutdown().await.unwrap();
        let took = began.elapsed();
        assert!(took < Duration::from_secs(1), "shutdown took {took:?}");
        assert!(
            connect_refused(SocketAddr::from(([127, 0, 0, 1], server.port()))).await,
            "the port still accepts"
        );
    }
    // The stalled clients were hung up on, not left waiting.
    for mut stream in stallers {
        let mut rest = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut rest)).await;
        assert!(read.is_ok(), "a stalled client is still connected");
    }
}

#[tokio::test]
async fn localhost_serves_both_loopbacks_on_one_port() {
    let server = start_with(ServerConfig {
        host: "localhost".into(),
        ..ServerConfig::default()
    })
    .await;
    let port = server.port();
    assert_eq!(server.url(), format!("http://localhost:{port}"));
    assert_eq!(get(port, "/users/1", &[]).await.status, 200);
    if ipv6_available() {
        let mut v6 = TcpStream::connect((Ipv6Addr::LOCALHOST, port)).await.unwrap();
        v6.write_all(b"GET /users/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut received = Vec::new();
        v6.read_to_end(&mut received).await.unwrap();
        assert!(
            received.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&received)
        );
    } else {
        eprintln!("skipped the ::1 half of this test: IPv6 is not available on this machine");
    }
    server.shutdown().await.unwrap();
    assert!(connect_refused(SocketAddr::from(([127, 0, 0, 1], port))).await);
    if ipv6_available() {
        assert!(connect_refused(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await);
    }
}

#[tokio::test]
async fn ipv6_loopback_and_wildcards_give_connectable_urls() {
    let mut hosts = vec![("0.0.0.0", "127.0.0.1")];
    if ipv6_available() {
        hosts.extend([("::1", "[::1]"), ("[::1]", "[::1]"), ("::", "[::1]")]);
    } else {
        eprintln!("skipped ::1 and ::: IPv6 is not available on this machine");
    }
    for (host, url_host) in hosts {
        let server = start_with(ServerConfig {
            host: host.into(),
            ..tls_on()
        })
        .await;
        let port = server.port();
        assert_eq!(server.url(), format!("https://{url_host}:{port}"), "{host}");
        let name = url_host.trim_start_matches('[').trim_end_matches(']');
        let answer = https_get(port, name, server.ca_certificate().unwrap(), b"h2", "/users/1").await;
        assert_eq!(answer.status, 200, "{host}");
        assert_eq!(answer.body["link"], format!("https://{url_host}:{port}/users/1"));
        server.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn addresses_that_cannot_be_bound_or_are_taken_say_so() {
    for host in ["192.0.2.1", "no-such-host.invalid"] {
        let err = start(
            PactSource::Json(users_pact()),
            ServerConfig {
                host: host.into(),
                ..ServerConfig::default()
            },
        )
        .await
        .err()
        .unwrap();
        assert_eq!(err.code, ErrorCode::AddressInvalid, "{host}: {err}");
        assert!(err.message.contains(host), "{err}");
    }
    if ipv6_available() {
        // localhost needs the port on both loopbacks: taken on ::1 alone is taken.
        let taken = std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = start(
            PactSource::Json(users_pact()),
            ServerConfig {
                host: "localhost".into(),
                port,
                ..ServerConfig::default()
            },
        )
        .await
        .err()
        .unwrap();
        assert_eq!(err.code, ErrorCode::AddressInUse, "{err}");
        assert!(
            !connect_refused(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await,
            "the test's own listener is gone"
        );
        // Nothing was left bound on 127.0.0.1 by the failed start.
        assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
    } else {
        eprintln!("skipped the localhost-port-taken-on-::1 case: IPv6 is not available on this machine");
    }
}

fn preflight(path: &str) -> String {
    format!(
        "OPTIONS {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nOrigin: http://app.test\r\n\
         Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type, x-trace\r\n\r\n"
    )
}

#[tokio::test]
async fn cors_answers_unmatched_preflights_and_marks_every_answer() {
    let server = start_with(ServerConfig {
        cors: true,
        ..ServerConfig::default()
    })
    .await;
    let port = server.port();
    let answer = send_raw(port, preflight("/users/1").as_bytes()).await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.header("access-control-allow-origin"), Some("http://app.test"));
    assert!(answer.header("access-control-allow-methods").unwrap().contains("PUT"));
    assert_eq!(
        answer.header("access-control-allow-headers"),
        Some("content-type, x-trace")
    );
    assert_eq!(answer.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(server.mismatches().len(), 2, "only the two missing requests");
    let logged = serde_json::to_value(server.requests()).unwrap();
    assert_eq!(logged[0]["outcome"], json!({"type": "cors-preflight"}));

    let matched = get(port, "/users/1", &[("Origin", "http://app.test")]).await;
    assert_eq!(matched.status, 200);
    assert_eq!(matched.header("access-control-allow-origin"), Some("http://app.test"));
    assert_eq!(matched.header("access-control-allow-credentials"), Some("true"));

    // The pact's own header is kept, and not doubled.
    let declared = get(port, "/public", &[("Origin", "http://app.test")]).await;
    let copies: Vec<_> = declared
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("access-control-allow-origin"))
        .collect();
    assert_eq!(copies, [&("access-control-allow-origin".to_string(), "*".to_string())]);
    // The preflight was no mismatch: everything the pact has arrived, and nothing else.
    assert!(server.matched(), "{:?}", server.mismatches());

    // A mismatch still reaches the page, with its explanation.
    let unexpected = get(port, "/nope", &[("Origin", "http://app.test")]).await;
    assert_eq!(unexpected.status, 500);
    assert_eq!(
        unexpected.header("access-control-allow-origin"),
        Some("http://app.test")
    );
    assert!(!server.matched());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn without_cors_a_preflight_is_an_unexpected_request_and_nothing_is_added() {
    let server = start_with(ServerConfig::default()).await;
    let port = server.port();
    let answer = send_raw(port, preflight("/users/1").as_bytes()).await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.header("x-pact"), Some("Unexpected-Request"));
    let matched = get(port, "/users/1", &[("Origin", "http://app.test")]).await;
    assert_eq!(matched.status, 200);
    assert!(matched
        .headers
        .iter()
        .all(|(name, _)| !name.to_ascii_lowercase().starts_with("access-control-")));
    let kinds: Vec<_> = server.mismatches().iter().map(|result| result.kind()).collect();
    assert_eq!(kinds, ["request-not-found", "missing-request"]);
    server.shutdown().await.unwrap();
}
