//! A build without the `plugins` feature: the same functions, refusing any pact that needs one.

use std::sync::Arc;
use std::time::Duration;

use pact_matching::RequestMatchResult;
use pact_models::v4::http_parts::{HttpRequest, HttpResponse};

use super::{plugin_dir, plugin_error, PluginNeed};
use crate::engine::error::EngineResult;
use crate::engine::pact::load::{BoxedPact, ServedInteraction};
use crate::engine::results::MatchResult;

/// Never made: nothing starts a plugin in this build.
pub enum RunningPlugin {}

pub async fn acquire(need: &PluginNeed, _within: Duration) -> EngineResult<Arc<RunningPlugin>> {
    Err(plugin_error(format!(
        "the pact needs the plugin {need} (plugins are looked for in {}), but this build of pact-mock-server has no \
         plugin support (cargo feature `plugins`)",
        plugin_dir().display()
    )))
}

pub fn release(plugin: &RunningPlugin) {
    match *plugin {}
}

pub fn content_plugin(_plugins: &[Arc<RunningPlugin>], _request: &HttpRequest) -> Option<String> {
    None
}

pub async fn match_request_with(
    _plugins: &[Arc<RunningPlugin>],
    _pact: &BoxedPact,
    _candidate: &ServedInteraction,
    _request: &HttpRequest,
    _within: Duration,
) -> Option<Result<RequestMatchResult, String>> {
    None
}

pub async fn generate_response_body(
    _plugins: &[Arc<RunningPlugin>],
    _pact: &BoxedPact,
    _interaction: &ServedInteraction,
    _within: Duration,
) -> Option<Result<HttpResponse, String>> {
    None
}

pub async fn configure_contents(
    plugin: &RunningPlugin,
    _content_type: &str,
    _config: &serde_json::Value,
    _within: Duration,
) -> Result<serde_json::Value, String> {
    match *plugin {}
}

pub enum TransportServer {}

impl TransportServer {
    pub fn url(&self) -> &str {
        match *self {}
    }

    pub fn port(&self) -> u16 {
        match *self {}
    }

    pub async fn problems(&self, _within: Duration) -> EngineResult<Vec<MatchResult>> {
        match *self {}
    }

    pub async fn shutdown(&self, _within: Duration) -> EngineResult<Vec<MatchResult>> {
        match *self {}
    }

    pub fn failure(&self, _error: String) -> MatchResult {
        match *self {}
    }
}

pub async fn start_transport(
    transport: &str,
    _plugins: &[Arc<RunningPlugin>],
    _pact_json: &str,
    _host: &str,
    _port: u16,
    _within: Duration,
) -> EngineResult<TransportServer> {
    Err(plugin_error(format!(
        "the transport '{transport}' is a plugin's, but this build of pact-mock-server has no plugin support (cargo \
         feature `plugins`)"
    )))
}
