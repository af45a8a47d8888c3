//! The mock server engine: plain Rust, no Node in it.
//!
//! A request travels socket → transport (listener, tls, first_bytes, lenient_head) → service →
//! request → choose → record → respond → socket.
//! An API call travels through [`start`] and the [`MockServer`] handle to the server's record
//! (record, results, report) or to `pact` (load, cache, write, merge, version, file_lock).

pub mod config;
pub mod error;
pub mod results;

mod choose;
mod cors;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod pact;
mod record;
mod registry;
mod report;
mod request;
mod respond;
mod runtime;
mod service;
mod transport;

#[cfg(test)]
mod matcher_json_tests;
#[cfg(test)]
mod matching_tests;
#[cfg(test)]
mod robust_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod transport_tests;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{watch, Mutex};
use tokio::task::JoinHandle;

pub use config::{ServerConfig, TlsSetting};
pub use error::{EngineError, EngineResult, ErrorCode};
pub use pact::load::PactSource;
pub use pact::write::WriteMode;
pub use registry::{find_by_id, find_by_port};
pub use results::{MatchResult, MismatchItem, ReceivedRequest, RequestOutcome, RequestSummary};

use record::Recorder;
use respond::GeneratorContext;
use runtime::on_engine;
use service::ServerState;

/// What `verify()` reports: the text, and the results it was made from.
#[derive(Debug)]
pub struct VerificationFailure {
    pub report: String,
    pub mismatches: Vec<MatchResult>,
}

/// Runs a task on the engine runtime without waiting for it.
pub fn spawn<F>(task: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    runtime::runtime().spawn(task);
}

/// A running (or shut down) mock server. Cheap to clone; every clone is the same server.
#[derive(Clone)]
pub struct MockServer {
    inner: Arc<Running>,
}

struct Running {
    id: String,
    host: String,
    port: u16,
    url: String,
    ca_certificate: Option<String>,
    state: Arc<ServerState>,
    stop: watch::Sender<bool>,
    accept_loops: Mutex<Vec<JoinHandle<()>>>,
}

/// Loads the pact, binds, and starts serving.
pub async fn start(source: PactSource, config: ServerConfig) -> EngineResult<MockServer> {
    on_engine("starting a mock server", start_on_engine(source, config)).await?
}

async fn start_on_engine(source: PactSource, config: ServerConfig) -> EngineResult<MockServer> {
    let id = config.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    registry::check_id_free(&id)?;
    let pact = pact::cache::load(source).await?;
    // Checked before binding, so that a bad certificate leaves no port taken.
    let tls = transport::tls::server_tls(&config.tls, &config.host)?;
    let listeners = transport::listener::bind(&config.host, config.port).await?;
    let port = listeners[0]
        .local_addr()
        .map_err(|err| EngineError::internal(format!("the bound address is unknown: {err}")))?
        .port();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{}:{port}", url_host(&config.host));
    let (acceptor, ca_certificate) = match tls {
        Some(tls) => (Some(tls.acceptor), tls.ca_certificate),
        None => (None, None),
    };
    let state = Arc::new(ServerState {
        recorder: Recorder::new(pact.interactions.len(), config.request_log_limit),
        generator_context: GeneratorContext::new(&url, port),
        pact,
        config,
    });
    let (stop, stopped) = watch::channel(false);
    let accept_loops = transport::listener::serve(listeners, state.clone(), acceptor, stopped);
    let server = MockServer {
        inner: Arc::new(Running {
            id,
            host: state.config.host.clone(),
            port,
            url,
            ca_certificate,
            state,
            stop,
            accept_loops: Mutex::new(accept_loops),
        }),
    };
    if let Err(err) = registry::register(server.clone()) {
        server.stop_serving().await;
        return Err(err);
    }
    Ok(server)
}

/// The host part of a url a client can connect to: a wildcard address names a loopback one.
fn url_host(host: &str) -> String {
    match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        Ok(ip) if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        Ok(ip) if ip.is_unspecified() => "[::1]".to_string(),
        Ok(IpAddr::V6(ip)) => format!("[{ip}]"),
        Ok(IpAddr::V4(ip)) => ip.to_string(),
        Err(_) => host.to_string(),
    }
}

impl MockServer {
    pub fn id(&self) -> &str {
        &self.inner.id
    }

    pub fn host(&self) -> &str {
        &self.inner.host
    }

    pub fn port(&self) -> u16 {
        self.inner.port
    }

    pub fn url(&self) -> &str {
        &self.inner.url
    }

    pub fn ca_certificate(&self) -> Option<&str> {
        self.inner.ca_certificate.as_deref()
    }

    /// True when every interaction was received and nothing unexpected or mismatched arrived.
    pub fn matched(&self) -> bool {
        self.inner.state.recorder.matched()
    }

    pub fn mismatches(&self) -> Vec<MatchResult> {
        let state = &self.inner.state;
        state.recorder.mismatches(&state.pact.interactions)
    }

    /// Everything that went wrong, with a report for a person to read; `Ok` when matched.
    pub fn verify(&self) -> Result<(), VerificationFailure> {
        let state = &self.inner.state;
        let mismatches = self.mismatches();
        let pact_name = format!(
            "{} -> {}",
            state.pact.pact.consumer().name,
            state.pact.pact.provider().name
        );
        match report::failure_report(&pact_name, &mismatches, &state.pact.interactions) {
            None => Ok(()),
            Some(report) => Err(VerificationFailure { report, mismatches }),
        }
    }

    /// The most recent requests (up to the `requestLogLimit` option), oldest first.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        let state = &self.inner.state;
        state.recorder.requests(&state.pact.interactions)
    }

    /// Every request received so far, including those the request log no longer keeps.
    pub fn request_count(&self) -> u64 {
        self.inner.state.recorder.request_count()
    }

    /// Writes the pact into `dir` (default: the current directory) and returns the file's path.
    pub async fn write_pact(&self, dir: Option<PathBuf>, mode: WriteMode) -> EngineResult<PathBuf> {
        let dir = dir.unwrap_or_else(|| PathBuf::from("."));
        let state = self.inner.state.clone();
        let write = async move {
            tokio::task::spawn_blocking(move || {
                let specification = state.config.specification.unwrap_or_else(|| state.pact.specification());
                pact::write::write_pact(&state.pact, &dir, specification, mode)
            })
            .await
            .map_err(|err| EngineError::internal(format!("writing the pact stopped: {err}")))?
        };
        on_engine("writing a pact", write).await?
    }

    /// Stops serving. When it returns the port refuses connections. Safe to call again.
    pub async fn shutdown(&self) -> EngineResult<()> {
        let server = self.clone();
        on_engine(
            "shutting down a mock server",
            async move { server.stop_serving().await },
        )
        .await?;
        registry::unregister(self.id());
        Ok(())
    }

    async fn stop_serving(&self) {
        self.inner.stop.send_replace(true);
        // Holding the lock while waiting makes a second caller wait for the first to finish.
        let mut accept_loops = self.inner.accept_loops.lock().await;
        for accept_loop in accept_loops.drain(..) {
            let _ = accept_loop.await;
        }
    }
}
