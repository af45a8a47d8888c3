//! Faults, limits and bad input, end to end over raw sockets: each is answered or recorded, and
//! the server goes on serving.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::runtime::on_engine;
use super::tests::{get, send_raw};
use super::*;

fn pact_with_generators(generators: Value) -> Value {
    json!({
        "consumer": {"name": "web"}, "provider": {"name": "users"},
        "interactions": [
            {"description": "a generated user", "request": {"method": "GET", "path": "/generated", "query": "x=1"},
             "response": {"status": 200, "body": {"id": 1, "link": "http://example.com/users/1"},
                          "generators": {"body": generators}}},
            {"description": "a plain user", "request": {"method": "GET", "path": "/plain"},
             "response": {"status": 200, "body": {"id": 2}}},
            {"description": "an upload", "request": {"method": "POST", "path": "/upload"},
             "response": {"status": 201}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

async fn start_pact(pact: Value, config: ServerConfig) -> MockServer {
    start(PactSource::Json(pact), config).await.unwrap()
}

/// Generators that make pact_models panic while the response is generated: real inputs, no
/// test hook. Each panic is a 500 and an internal error; the server goes on serving.
#[tokio::test]
async fn a_panic_while_answering_is_a_recorded_500_and_serving_goes_on() {
    for (generators, panic_text) in [
        (
            json!({"$.id": {"type": "RandomInt", "min": 10, "max": 1}}),
            "empty range",
        ),
        (
            json!({"$.link": {"type": "MockServerURL", "example": "http://example.com/users/1", "regex": ".*/users/\\d+$"}}),
            "unwrap",
        ),
    ] {
        let server = start_pact(pact_with_generators(generators), ServerConfig::default()).await;
        let failed = get(server.port(), "/generated?x=1", &[]).await;
        assert_eq!(failed.status, 500);
        assert_eq!(failed.header("X-Pact"), Some("Internal-Error"));
        let body = failed.json();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .starts_with("Internal-Error: answering GET /generated failed: "),
            "{body}"
        );
        assert!(body["error"].as_str().unwrap().contains(panic_text), "{body}");

        assert_eq!(get(server.port(), "/plain", &[]).await.status, 200, "serving goes on");
        assert_eq!(server.request_count(), 2, "the failed request is counted once");
        assert!(!server.matched());
        let mismatches = serde_json::to_value(server.mismatches()).unwrap();
        assert_eq!(mismatches[0]["type"], "internal-error", "{mismatches}");
        assert_eq!(mismatches[0]["method"], "GET");
        assert_eq!(mismatches[0]["path"], "/generated");
        assert_eq!(mismatches[0]["request"]["query"], json!({"x": ["1"]}));
        assert!(mismatches[0]["error"].as_str().unwrap().contains(panic_text));
        let requests = serde_json::to_value(server.requests()).unwrap();
        assert_eq!(requests[0]["outcome"]["type"], "internal-error", "{requests}");
        assert_eq!(requests[1]["outcome"]["type"], "matched");
        let report = server.verify().unwrap_err().report;
        assert!(
            report.contains("1) Internal-Error: answering GET /generated?x=1 failed"),
            "{report}"
        );
        server.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn a_panic_in_an_api_call_is_an_internal_error() {
    let err = on_engine("testing a panic", async { panic!("deliberate") })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);
    assert!(
        err.message.contains("panic while testing a panic: deliberate"),
        "{}",
        err.message
    );
}

#[test]
fn the_release_build_unwinds() {
    // A panic is caught only where it unwinds: with panic = "abort" every contained panic
    // would end the user's whole test process.
    let manifest = include_str!("../../Cargo.toml");
    let aborting = manifest
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").replace(' ', ""))
        .any(|line| line.starts_with("panic=") && line.contains("abort"));
    assert!(!aborting, "Cargo.toml sets panic = \"abort\" in a profile");
    for config in [".cargo/config.toml", ".cargo/config"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(config);
        let text = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            !text.contains("panic=abort") && !text.contains("panic = \"abort\""),
            "{config}"
        );
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_recorded_413() {
    let config = ServerConfig {
        max_body_size: 1024,
        ..ServerConfig::default()
    };
    let server = start_pact(pact_with_generators(json!({})), config).await;
    let big = format!(
        "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2048\r\n\r\n{}",
        "x".repeat(2048)
    );
    let refused = send_raw(server.port(), big.as_bytes()).await;
    assert_eq!(refused.status, 413);
    assert!(refused.json()["error"].as_str().unwrap().contains("maxBodySize"));
    let chunked = format!(
        "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n{}\r\n0\r\n\r\n",
        "y".repeat(2048)
    );
    assert_eq!(send_raw(server.port(), chunked.as_bytes()).await.status, 413);
    let small = "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1024\r\n\r\n".to_string()
        + &"z".repeat(1024);
    assert_eq!(
        send_raw(server.port(), small.as_bytes()).await.status,
        201,
        "the limit itself is allowed"
    );
    let requests = serde_json::to_value(server.requests()).unwrap();
    assert_eq!(requests[0]["outcome"]["type"], "rejected");
    assert_eq!(requests[0]["outcome"]["status"], 413);
    assert_eq!(requests[1]["outcome"]["status"], 413);
    assert_eq!(server.request_count(), 3);
    assert!(!server.matched());
    server.shutdown().await.unwrap();
}

/// Reads until the server closes the connection; `None` when it is still open at `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    match tokio::time::timeout(within, stream.read_to_end(&mut received)).await {
        Ok(_) => Some(received),
        Err(_) => None,
    }
}

#[tokio::test]
async fn a_client_that_sends_nothing_or_too_little_is_dropped_after_the_header_timeout() {
    let config = ServerConfig {
        header_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    };
    let server = start_pact(pact_with_generators(json!({})), config).await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    let mut partial = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    partial.write_all(b"GET /plain HT").await.unwrap();
    let mut preface = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    preface.write_all(b"PRI * HTTP/2.0\r\n").await.unwrap();
    // Meanwhile others are served.
    assert_eq!(get(server.port(), "/plain", &[]).await.status, 200);
    for stream in [&mut silent, &mut partial, &mut preface] {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await.is_some(),
            "a stalled connection was never closed"
        );
    }
    assert!(started.elapsed() >= Duration::from_millis(300));
    // A keep-alive connection that answered a request and then idles is closed as well.
    let mut idle = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    idle.write_all(b"GET /plain HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let answered = closed_within(&mut idle, Duration::from_secs(10)).await.expect("closed");
    assert!(
        answered.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answered)
    );
    server.shutdown().await.unwrap();
}

/// HTTP/2 with prior knowledge: a raw client that sends the preface and then never answers the
/// server's ping is dropped; a real client, which answers pings, keeps its connection while idle.
#[tokio::test]
async fn an_http2_peer_that_stops_answering_is_dropped_and_a_live_one_is_kept() {
    // Long enough for a busy test machine to answer a ping in time.
    let timeout = Duration::from_millis(500);
    let config = ServerConfig {
        header_read_timeout: timeout,
        ..ServerConfig::default()
    };
    let server = start_pact(pact_with_generators(json!({})), config).await;
    const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    const EMPTY_SETTINGS: &[u8] = &[0, 0, 0, 4, 0, 0, 0, 0, 0];
    let mut preface_only = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    preface_only.write_all(PREFACE).await.unwrap();
    let mut with_settings = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    with_settings
        .write_all(&[PREFACE, EMPTY_SETTINGS].concat())
        .await
        .unwrap();

    let live = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), hyper_util::rt::TokioIo::new(live))
            .await
            .unwrap();
    let live_connection = tokio::spawn(connection);

    let started = Instant::now();
    for stream in [&mut preface_only, &mut with_settings] {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await.is_some(),
            "a silent HTTP/2 connection was never closed"
        );
    }
    assert!(started.elapsed() >= timeout, "closed before the ping could be answered");

    // Idle for several intervals, answering pings all along: still served on the same connection.
    tokio::time::sleep(timeout * 3).await;
    assert!(!live_connection.is_finished(), "a live HTTP/2 client was dropped");
    let request = http::Request::get(format!("http://127.0.0.1:{}/plain", server.port()))
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.status(), 200);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn many_idle_connections_do_not_stop_new_ones() {
    let server = start_pact(pact_with_generators(json!({})), ServerConfig::default()).await;
    let mut idle = Vec::new();
    for n in 0..500 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
        if n % 2 == 0 {
            stream.write_all(b"GET /plain HTTP/1.1\r\n").await.unwrap();
        }
        idle.push(stream);
    }
    for _ in 0..20 {
        let answer = tokio::time::timeout(Duration::from_secs(10), get(server.port(), "/plain", &[]))
            .await
            .expect("served while 500 connections idle");
        assert_eq!(answer.status, 200);
    }
    drop(idle);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_request_is_recorded_when_its_client_half_closes_or_resets_right_after_sending() {
    let server = start_pact(pact_with_generators(json!({})), ServerConfig::default()).await;
    let request = b"GET /plain HTTP/1.1\r\nHost: x\r\n\r\n";
    for _ in 0..50 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
        stream.write_all(request).await.unwrap();
        stream.shutdown().await.unwrap();
        let answer = closed_within(&mut stream, Duration::from_secs(10))
            .await
            .expect("closed");
        assert!(answer.starts_with(b"HTTP/1.1 200"), "a half-closed client is answered");
    }
    for _ in 0..50 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
        stream.write_all(request).await.unwrap();
        stream.set_zero_linger().unwrap();
        drop(stream);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.request_count() < 100 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.request_count(), 100, "every request that arrived is recorded");
    server.shutdown().await.unwrap();
}
