//! Drives the engine alone (no Node) with the benchmark's requests, for a profiler:
//!
//!   node bench/fixtures.mjs /tmp/fixtures
//!   valgrind --tool=callgrind target/…/examples/bench-profile-requests /tmp/fixtures get 2000
//!
//! Starts a server on the bench pact, sends `count` GETs (or POSTs of the ~100 KB order) one at
//! a time over one keep-alive connection, checks every answer, and prints what the server
//! recorded; or (`create`) starts and shuts down `count` servers; or (`serve`) prints the port
//! of a server and serves until stdin closes, for an outside client such as wrk. Comparing the
//! instruction counts of two counts gives the cost of one request, or of one create + shutdown.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;

use pact_mock_server_node::engine::{self, PactSource, ServerConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, kind, count] = args.as_slice() else {
        eprintln!("usage: bench-profile-requests <fixtures dir> <get|post|create|serve> <count>");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let count: usize = count.parse().expect("a request count");
    let pact = std::fs::read_to_string(dir.join("pact.json")).expect("pact.json (node bench/fixtures.mjs DIR)");
    if kind == "serve" {
        let server = futures::executor::block_on(engine::start(PactSource::Text(pact), ServerConfig::default()))
            .expect("the server starts");
        println!("{{\"port\":{}}}", server.port());
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        eprintln!("{} requests received", server.request_count());
        futures::executor::block_on(server.shutdown()).expect("shutdown");
        return;
    }
    if kind == "create" {
        for _ in 0..count {
            let server =
                futures::executor::block_on(engine::start(PactSource::Text(pact.clone()), ServerConfig::default()))
                    .expect("the server starts");
            futures::executor::block_on(server.shutdown()).expect("shutdown");
        }
        return;
    }
    let request = match kind.as_str() {
        "get" => b"GET /users/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        "post" => {
            let body = std::fs::read(dir.join("order.json")).expect("order.json");
            let mut request = format!(
                "POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            request.extend_from_slice(&body);
            request
        }
        other => panic!("unknown request kind {other}: get or post"),
    };

    let server = futures::executor::block_on(engine::start(PactSource::Text(pact), ServerConfig::default()))
        .expect("the server starts");
    let mut connection = BufReader::new(TcpStream::connect(("127.0.0.1", server.port())).expect("connect"));
    for _ in 0..count {
        connection.get_mut().write_all(&request).expect("send");
        let status = read_response(&mut connection);
        assert!(status == 200 || status == 201, "answered {status}");
    }
    eprintln!(
        "{} requests received, {} mismatches",
        server.request_count(),
        server
            .mismatches()
            .iter()
            .filter(|result| result.kind() != "missing-request")
            .count()
    );
    futures::executor::block_on(server.shutdown()).expect("shutdown");
}

/// Reads one response and returns its status.
fn read_response(connection: &mut BufReader<TcpStream>) -> u16 {
    let mut line = String::new();
    connection.read_line(&mut line).expect("status line");
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status code");
    let mut length = 0;
    loop {
        line.clear();
        connection.read_line(&mut line).expect("header line");
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().expect("a content length");
            }
        }
    }
    let mut body = vec![0; length];
    connection.read_exact(&mut body).expect("body");
    status
}
