//! The Node.js binding: converts arguments, results and errors, and decides nothing about Pact.

mod convert;
mod environment;
mod extras;
mod legacy;
mod mock_server;
mod plugins;

/// Logs go through `tracing` and are off unless PACT_MOCK_SERVER_LOG names a level or filter
/// (e.g. `debug` or `pact_matching=trace`); they are written to stderr, never stdout.
#[napi_derive::module_init]
fn init() {
    if let Ok(filter) = std::env::var("PACT_MOCK_SERVER_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(std::io::stderr)
            .try_init();
    }
}
