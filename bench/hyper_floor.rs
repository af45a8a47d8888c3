//! The benchmark's floor: the least a hyper server can do for the bench pact's two measured
//! requests. It answers the same canned responses as the mock servers, with the same runtime
//! shape (a multi-thread tokio runtime of 2 to 4 workers) and the same connection setup (hyper-util
//! auto builder, TCP_NODELAY), but matches nothing, records nothing and generates nothing.
//!
//! Modes (one JSON line on stdout each, for bench/run.mjs):
//!   serve <responses.json>   binds 127.0.0.1:0, prints {"port"}, serves until stdin closes
//!   create-shutdown <n>      binds, serves and shuts down n times, prints {"ms": [...]}
//!   idle <n>                 prints {"rssBefore", "rssAfter"} around binding n idle servers,
//!                            then waits until stdin closes

use std::convert::Infallible;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// One canned answer, as bench/run.mjs writes it from the pact.
#[derive(Deserialize, Default)]
struct Canned {
    status: u16,
    #[serde(rename = "contentType")]
    content_type: String,
    body: String,
}

#[derive(Deserialize, Default)]
struct Responses {
    get: Canned,
    #[serde(rename = "getPath")]
    get_path: String,
    post: Canned,
    #[serde(rename = "postPath")]
    post_path: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match args.first().map(String::as_str) {
        Some("serve") => {
            let text = std::fs::read_to_string(args.get(1).expect("serve <responses.json>")).expect("responses file");
            let responses: Responses = serde_json::from_str(&text).expect("responses JSON");
            runtime.block_on(serve(Arc::new(responses)));
        }
        Some("create-shutdown") => {
            let count: usize = args.get(1).and_then(|n| n.parse().ok()).expect("create-shutdown <n>");
            runtime.block_on(create_shutdown(count));
        }
        Some("idle") => {
            let count: usize = args.get(1).and_then(|n| n.parse().ok()).expect("idle <n>");
            runtime.block_on(idle(count));
        }
        _ => {
            eprintln!("usage: bench-hyper-floor serve <responses.json> | create-shutdown <n> | idle <n>");
            std::process::exit(2);
        }
    }
}

struct Server {
    port: u16,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

async fn start(responses: Arc<Responses>) -> Server {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("local address").port();
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let builder = auto::Builder::new(TokioExecutor::new());
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let _ = stream.set_nodelay(true);
                    let responses = responses.clone();
                    let service = service_fn(move |request| answer(responses.clone(), request));
                    let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                    tokio::spawn(async move {
                        let _ = connection.await;
                    });
                }
                _ = stopped.wait_for(|stop| *stop) => break,
            }
        }
    });
    Server { port, stop, task }
}

impl Server {
    async fn shutdown(self) {
        self.stop.send_replace(true);
        let _ = self.task.await;
    }
}

async fn answer(responses: Arc<Responses>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    // Read the whole body, as a mock server must before it can match it.
    let _ = body.collect().await;
    let canned = match (&parts.method, parts.uri.path()) {
        (&Method::GET, path) if path == responses.get_path => &responses.get,
        (&Method::POST, path) if path == responses.post_path => &responses.post,
        _ => {
            return Ok(Response::builder()
                .status(StatusCode::NOT_FOUND)
                .body(Full::new(Bytes::new()))
                .expect("a valid response"))
        }
    };
    Ok(Response::builder()
        .status(canned.status)
        .header("content-type", canned.content_type.as_str())
        .body(Full::new(Bytes::from(canned.body.clone())))
        .expect("a valid canned response"))
}

/// Blocks (off the runtime's workers) until stdin reaches its end: the parent closed it.
async fn until_stdin_closes() {
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
    })
    .await;
}

async fn serve(responses: Arc<Responses>) {
    let server = start(responses).await;
    println!("{{\"port\":{}}}", server.port);
    until_stdin_closes().await;
    server.shutdown().await;
}

async fn create_shutdown(count: usize) {
    let responses = Arc::new(Responses::default());
    let mut ms = Vec::with_capacity(count);
    for _ in 0..count {
        let began = Instant::now();
        start(responses.clone()).await.shutdown().await;
        ms.push(began.elapsed().as_secs_f64() * 1000.0);
    }
    println!("{}", serde_json::json!({ "ms": ms }));
}

async fn idle(count: usize) {
    let responses = Arc::new(Responses::default());
    start(responses.clone()).await.shutdown().await;
    let rss_before = rss_bytes();
    let mut servers = Vec::with_capacity(count);
    for _ in 0..count {
        servers.push(start(responses.clone()).await);
    }
    let rss_after = rss_bytes();
    println!(
        "{}",
        serde_json::json!({ "rssBefore": rss_before, "rssAfter": rss_after })
    );
    until_stdin_closes().await;
    for server in servers {
        server.shutdown().await;
    }
}

fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}
