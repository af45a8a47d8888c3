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
mod logs;
mod metrics;
mod pact;
mod plugins;
mod record;
mod registry;
mod report;
mod report_page;
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
use std::time::Duration;

use tokio::sync::{watch, Mutex};
use tokio::task::JoinHandle;
use tracing::warn;

pub use config::{ServerConfig, TlsSetting};
pub use error::{EngineError, EngineResult, ErrorCode};
pub use logs::{LogLevel, LogLine};
pub use metrics::MetricsSnapshot;
pub use pact::load::PactSource;
pub use pact::write::WriteMode;
pub use registry::{find_by_id, find_by_port, Owner};
pub use results::{MatchResult, MismatchItem, ReceivedRequest, RequestOutcome, RequestSummary};

use plugins::{PluginsInUse, TransportServer};
use runtime::{on_engine, wait_on_engine};
use service::ServerState;

/// What `verify()` reports: the text, and the results it was made from.
#[derive(Debug)]
pub struct VerificationFailure {
    pub report: String,
    pub mismatches: Vec<MatchResult>,
}

/// Asks a plugin to turn its own description of some contents (what pact-js's
/// `withPluginContents` passes) into pact JSON: per part a body, matching rules, generators and
/// the plugin's configuration. The plugin is started for the call if no server uses it.
pub async fn configure_plugin_contents(
    name: String,
    version: Option<String>,
    content_type: String,
    config: serde_json::Value,
    within: Duration,
) -> EngineResult<serde_json::Value> {
    on_engine("configuring plugin contents", async move {
        let need = plugins::PluginNeed { name, version };
        plugins::configure_contents(&need, &content_type, &config, within).await
    })
    .await?
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
    owner: Option<Arc<Owner>>,
    /// The plugins this server uses, given up when it stops (the last user stops a plugin).
    plugins: std::sync::Mutex<Option<PluginsInUse>>,
    /// Set when a plugin runs this server's mock server (option `transport`).
    transport: Option<PluginTransport>,
}

struct PluginTransport {
    server: TransportServer,
    /// What the plugin's mock server reported when it was shut down.
    final_problems: std::sync::Mutex<Option<Vec<MatchResult>>>,
}

/// Loads the pact, binds, and starts serving.
pub async fn start(source: PactSource, config: ServerConfig) -> EngineResult<MockServer> {
    on_engine("starting a mock server", start_on_engine(source, config, None)).await?
}

/// [`start`], for an owner whose end ([`end_owner`]) shuts the server down.
pub async fn start_owned(source: PactSource, config: ServerConfig, owner: Arc<Owner>) -> EngineResult<MockServer> {
    on_engine("starting a mock server", start_on_engine(source, config, Some(owner))).await?
}

/// Ends the owner: shuts its servers down, waiting at most `within` for their ports to refuse
/// connections; servers it starts from now on are stopped as soon as they are bound. Blocks the
/// calling thread, for callers that are themselves being torn down and cannot await.
pub fn end_owner(owner: &Arc<Owner>, within: Duration) {
    let servers = registry::end_owner(owner);
    if servers.is_empty() {
        return;
    }
    let stopping = async move {
        futures::future::join_all(servers.iter().map(MockServer::stop_serving)).await;
    };
    if wait_on_engine(within, stopping).is_none() {
        tracing::warn!("the servers of an ended JavaScript environment took longer than {within:?} to stop");
    }
}

async fn start_on_engine(
    source: PactSource,
    config: ServerConfig,
    owner: Option<Arc<Owner>>,
) -> EngineResult<MockServer> {
    let id = config.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    registry::check_id_free(&id)?;
    let pact = pact::cache::load(source).await?;
    // Only a pact that names plugins reaches the plugin driver.
    let plugins_in_use = plugins::load(&pact.plugin_needs, config.plugin_timeout).await?;
    if let Some(transport) = &config.transport {
        let running = plugins_in_use.as_ref().map_or(&[][..], PluginsInUse::plugins);
        let server = plugins::start_transport(
            transport,
            running,
            &pact.source,
            &config.host,
            config.port,
            config.plugin_timeout,
        )
        .await?;
        return register_transport(id, pact, config, owner, plugins_in_use, server).await;
    }
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
    let running = plugins_in_use
        .as_ref()
        .map_or_else(Vec::new, |in_use| in_use.plugins().to_vec());
    let state = Arc::new(ServerState::new(pact, config, &url, port, running));
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
            owner,
            plugins: std::sync::Mutex::new(plugins_in_use),
            transport: None,
        }),
    };
    register(server).await
}

/// A server whose mock server a plugin runs: no listener of ours, the same handle.
async fn register_transport(
    id: String,
    pact: Arc<pact::load::LoadedPact>,
    config: ServerConfig,
    owner: Option<Arc<Owner>>,
    plugins_in_use: Option<PluginsInUse>,
    transport: TransportServer,
) -> EngineResult<MockServer> {
    let (url, port) = (transport.url().to_string(), transport.port());
    let state = Arc::new(ServerState::new(pact, config, &url, port, Vec::new()));
    let server = MockServer {
        inner: Arc::new(Running {
            id,
            host: state.config.host.clone(),
            port,
            url,
            ca_certificate: None,
            state,
            stop: watch::channel(false).0,
            accept_loops: Mutex::new(Vec::new()),
            owner,
            plugins: std::sync::Mutex::new(plugins_in_use),
            transport: Some(PluginTransport {
                server: transport,
                final_problems: std::sync::Mutex::new(None),
            }),
        }),
    };
    register(server).await
}

/// A server the registry refuses (its id is taken meanwhile) is stopped again.
async fn register(server: MockServer) -> EngineResult<MockServer> {
    if let Err(err) = registry::register(server.clone()) {
        server.stop_serving().await;
        return Err(err);
    }
    Ok(server)
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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

    pub(crate) fn owner(&self) -> Option<&Arc<Owner>> {
        self.inner.owner.as_ref()
    }

    /// True when every interaction was received and nothing unexpected or mismatched arrived.
    pub fn matched(&self) -> bool {
        match &self.inner.transport {
            None => self.inner.state.recorder.matched(),
            Some(_) => self.mismatches().is_empty(),
        }
    }

    pub fn mismatches(&self) -> Vec<MatchResult> {
        let state = &self.inner.state;
        match &self.inner.transport {
            None => state.recorder.mismatches(&state.pact.interactions),
            Some(transport) => self.transport_problems(transport),
        }
    }

    /// Asks the plugin (blocking the caller, at most `pluginTimeout`); after shutdown, what it
    /// said then. A plugin that cannot say is itself a problem, so `matched()` is false.
    fn transport_problems(&self, transport: &PluginTransport) -> Vec<MatchResult> {
        if let Some(problems) = lock(&transport.final_problems).as_ref() {
            return problems.clone();
        }
        let within = self.inner.state.config.plugin_timeout;
        let server = self.clone();
        let asked = wait_on_engine(within + Duration::from_secs(1), async move {
            let transport = server.inner.transport.as_ref().expect("a transport server");
            transport.server.problems(within).await
        });
        match asked {
            Some(Ok(problems)) => problems,
            Some(Err(err)) => vec![transport.server.failure(err.message)],
            None => vec![transport.server.failure(format!(
                "the plugin did not report its results within {} ms",
                within.as_millis()
            ))],
        }
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

    /// Counts of the requests received and how they ended.
    pub fn metrics(&self) -> MetricsSnapshot {
        self.inner.state.recorder.metrics()
    }

    /// This server's log lines at its `logLevel`, oldest first.
    pub fn logs(&self) -> Vec<LogLine> {
        self.inner.state.log.lines()
    }

    /// The live report page's address when the `report` option is on.
    pub fn report_url(&self) -> Option<String> {
        self.inner
            .state
            .config
            .report
            .then(|| format!("{}{}", self.inner.url, report_page::PAGE_PATH))
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
        if let Some(transport) = &self.inner.transport {
            if lock(&transport.final_problems).is_none() {
                let problems = match transport.server.shutdown(self.inner.state.config.plugin_timeout).await {
                    Ok(problems) => problems,
                    Err(err) => {
                        warn!("{}", err.message);
                        vec![transport.server.failure(err.message)]
                    }
                };
                *lock(&transport.final_problems) = Some(problems);
            }
        }
        // Dropped outside the lock: the last user of a plugin stops its process here.
        let plugins = lock(&self.inner.plugins).take();
        drop(plugins);
    }
}
