//! The engine end to end, over real sockets.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::*;

pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// Sends `raw` exactly as given on a new connection and reads the response until the server
/// closes it (requests here say `Connection: close`).
pub async fn send_raw(port: u16, raw: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    stream.write_all(raw).await.unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received))
        .await
        .expect("the server answered in time")
        .unwrap();
    parse_response(&received)
}

fn parse_response(received: &[u8]) -> RawResponse {
    let split = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&received[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    RawResponse {
        status,
        headers,
        body: received[split + 4..].to_vec(),
    }
}

pub async fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> RawResponse {
    let mut raw = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str("\r\n");
    send_raw(port, raw.as_bytes()).await
}

pub async fn post_json(port: u16, path: &str, body: &Value) -> RawResponse {
    let body = body.to_string();
    let raw = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    send_raw(port, raw.as_bytes()).await
}

fn users_pact() -> Value {
    json!({
        "consumer": {"name": "web"},
        "provider": {"name": "users"},
        "interactions": [
            {
                "description": "get user 1",
                "providerState": "user 1 exists",
                "request": {"method": "GET", "path": "/users/1"},
                "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                             "body": {"id": 1, "name": "Ann"}}
            },
            {
                "description": "create a user",
                "request": {"method": "POST", "path": "/users", "headers": {"Content-Type": "application/json"},
                            "body": {"name": "Bob", "age": 30},
                            "matchingRules": {"$.body.age": {"match": "type"}}},
                "response": {"status": 201}
            }
        ],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    })
}

async fn start_users() -> MockServer {
    start(PactSource::Json(users_pact()), ServerConfig::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn serves_matches_and_reports_every_kind_of_problem() {
    let server = start_users().await;
    assert!(server.url().starts_with("http://127.0.0.1:"));
    assert!(!server.matched(), "nothing received yet");

    let ok = get(server.port(), "/users/1", &[]).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json(), json!({"id": 1, "name": "Ann"}));

    let mismatch = post_json(server.port(), "/users", &json!({"name": "Bob", "age": "thirty"})).await;
    assert_eq!(mismatch.status, 500);
    assert_eq!(mismatch.header("x-pact"), Some("Request-Mismatch"));
    let body = mismatch.json();
    assert!(body["error"].as_str().unwrap().contains("create a user"), "{body}");
    assert_eq!(body["mismatches"][0]["type"], "request-mismatch");

    let unexpected = get(server.port(), "/nope", &[]).await;
    assert_eq!(unexpected.status, 500);
    assert_eq!(unexpected.header("x-pact"), Some("Unexpected-Request"));

    let results = serde_json::to_value(server.mismatches()).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 3, "{results:#}");
    assert_eq!(results[0]["type"], "request-mismatch");
    assert_eq!(results[0]["interaction"], "create a user");
    assert_eq!(results[0]["mismatches"][0]["type"], "BodyMismatch");
    assert_eq!(results[0]["mismatches"][0]["path"], "$.age");
    assert_eq!(results[0]["request"]["body"], json!({"name": "Bob", "age": "thirty"}));
    assert_eq!(results[1]["type"], "request-not-found");
    assert_eq!(results[1]["path"], "/nope");
    assert_eq!(results[2]["type"], "missing-request");
    assert_eq!(results[2]["interaction"], "create a user");
    assert!(!server.matched());

    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn matched_once_every_interaction_arrived() {
    let server = start_users().await;
    assert_eq!(get(server.port(), "/users/1", &[]).await.status, 200);
    assert_eq!(
        post_json(server.port(), "/users", &json!({"name": "Bob", "age": 41}))
            .await
            .status,
        201
    );
    assert!(server.matched(), "{:?}", server.mismatches());
    assert!(server.mismatches().is_empty());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn shutdown_closes_the_port_and_can_be_repeated() {
    let server = start_users().await;
    let port = server.port();
    assert_eq!(
        find_by_port(port).map(|s| s.id().to_string()),
        Some(server.id().to_string())
    );
    // An idle keep-alive connection must not hold the shutdown up.
    let idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let (first, second) = tokio::join!(server.shutdown(), server.shutdown());
    first.unwrap();
    second.unwrap();
    server.shutdown().await.unwrap();
    assert!(
        TcpStream::connect(("127.0.0.1", port)).await.is_err(),
        "the port still accepts"
    );
    assert!(find_by_port(port).is_none());
    drop(idle);
    // What was recorded outlives the server.
    assert_eq!(server.mismatches().len(), 2);
}

#[tokio::test]
async fn many_servers_run_at_once_and_are_found_by_id_and_port() {
    let mut servers = Vec::new();
    for n in 0..5 {
        let config = ServerConfig {
            id: Some(format!("many-{n}")),
            ..ServerConfig::default()
        };
        servers.push(start(PactSource::Json(users_pact()), config).await.unwrap());
    }
    for (n, server) in servers.iter().enumerate() {
        assert_eq!(find_by_id(&format!("many-{n}")).unwrap().port(), server.port());
        assert_eq!(get(server.port(), "/users/1", &[]).await.status, 200);
    }
    let duplicate = ServerConfig {
        id: Some("many-0".into()),
        ..ServerConfig::default()
    };
    let err = start(PactSource::Json(users_pact()), duplicate).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::InvalidOption);
    for server in servers {
        server.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn a_port_in_use_is_reported_as_such() {
    let server = start_users().await;
    let config = ServerConfig {
        port: server.port(),
        ..ServerConfig::default()
    };
    let err = start(PactSource::Json(users_pact()), config).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::AddressInUse, "{err}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn answers_http2_with_prior_knowledge() {
    use http_body_util::{BodyExt, Empty};
    let server = start_users().await;
    let stream = TcpStream::connect(("127.0.0.1", server.port())).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(connection);
    let request = http::Request::get(format!("{}/users/1", server.url()))
        .body(Empty::<bytes::Bytes>::new())
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.version(), http::Version::HTTP_2);
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap()["name"], "Ann");
    drop(sender);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn writes_the_pact_at_its_own_version() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_users().await;
    let path = server
        .write_pact(Some(dir.path().to_path_buf()), WriteMode::Overwrite)
        .await
        .unwrap();
    assert_eq!(path, dir.path().join("web-users.json"));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["metadata"]["pactSpecification"]["version"], "2.0.0");
    assert_eq!(written["metadata"]["pactMockServer"]["name"], "pact-mock-server");
    assert_eq!(written["interactions"].as_array().unwrap().len(), 2);
    assert_eq!(
        written["interactions"][1]["request"]["matchingRules"]["$.body.age"]["match"],
        "type"
    );
    server.shutdown().await.unwrap();
}

#[test]
fn url_hosts_are_connectable() {
    assert_eq!(url_host("127.0.0.1"), "127.0.0.1");
    assert_eq!(url_host("0.0.0.0"), "127.0.0.1");
    assert_eq!(url_host("::"), "[::1]");
    assert_eq!(url_host("::1"), "[::1]");
    assert_eq!(url_host("[::1]"), "[::1]");
    assert_eq!(url_host("localhost"), "localhost");
}

#[tokio::test]
async fn ending_an_owner_stops_its_servers_and_no_others() {
    let owner = Owner::new();
    let owned = start_owned(PactSource::Json(users_pact()), ServerConfig::default(), owner.clone())
        .await
        .unwrap();
    let other = start_owned(PactSource::Json(users_pact()), ServerConfig::default(), Owner::new())
        .await
        .unwrap();
    let unowned = start_users().await;
    // A client stalled mid-request when the owner ends does not hold the end up.
    let mut stalled = TcpStream::connect(("127.0.0.1", owned.port())).await.unwrap();
    stalled
        .write_all(b"GET /users/1 HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();

    let ending = tokio::task::spawn_blocking({
        let owner = owner.clone();
        move || {
            let started = std::time::Instant::now();
            end_owner(&owner, Duration::from_secs(1));
            started.elapsed()
        }
    });
    assert!(ending.await.unwrap() <= Duration::from_millis(1100));
    drop(stalled);

    assert!(TcpStream::connect(("127.0.0.1", owned.port())).await.is_err());
    assert!(find_by_port(owned.port()).is_none());
    for running in [&other, &unowned] {
        assert_eq!(find_by_port(running.port()).unwrap().id(), running.id());
        assert_eq!(get(running.port(), "/users/1", &[]).await.status, 200);
    }
    other.shutdown().await.unwrap();
    unowned.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_server_that_finishes_starting_after_its_owner_ended_is_stopped() {
    let owner = Owner::new();
    end_owner(&owner, Duration::from_secs(1));
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let config = ServerConfig {
        port,
        ..ServerConfig::default()
    };
    let refused = start_owned(PactSource::Json(users_pact()), config, owner).await;
    assert_eq!(refused.err().map(|err| err.code), Some(ErrorCode::Internal));
    assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
    assert!(find_by_port(port).is_none());
}
