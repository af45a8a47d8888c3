//! A transport a plugin provides (gRPC, ...): the plugin runs the mock server; this engine starts
//! it, asks for its results and shuts it down.

use std::sync::Arc;
use std::time::Duration;

use super::plugin_error;
use super::process::RunningPlugin;
use super::proto::{
    MockServerResult, MockServerResults, ServerKeyRequest, StartMockServerRequest, StartMockServerResponse, TRANSPORT,
};
use crate::engine::error::EngineResult;
use crate::engine::results::{MatchResult, MismatchItem};

/// A plugin's mock server for one pact.
pub struct TransportServer {
    transport: String,
    plugin: String,
    url: String,
    port: u16,
    key: String,
    running: Arc<RunningPlugin>,
}

pub async fn start_transport(
    transport: &str,
    plugins: &[Arc<RunningPlugin>],
    pact_json: &str,
    host: &str,
    port: u16,
    within: Duration,
) -> EngineResult<TransportServer> {
    let running = plugins
        .iter()
        .find(|plugin| {
            plugin
                .catalogue
                .iter()
                .any(|entry| entry.r#type == TRANSPORT && entry.key == transport)
        })
        .ok_or_else(|| {
            plugin_error(format!(
                "no plugin the pact names provides the transport '{transport}' (the pact's plugins: {}): name the \
                 plugin in the pact's metadata.plugins (DSL: usingPlugin), or leave the transport option out for HTTP",
                if plugins.is_empty() {
                    "none".to_string()
                } else {
                    plugins
                        .iter()
                        .map(|plugin| plugin.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ))
        })?
        .clone();
    let request = StartMockServerRequest {
        host_interface: host.to_string(),
        port: u32::from(port),
        tls: false,
        pact: pact_json.to_string(),
        test_context: None,
    };
    let answer: StartMockServerResponse = running
        .channel
        .call("StartMockServer", &request, within)
        .await
        .map_err(|reason| start_failed(&running.name, transport, reason))?;
    let details = match (answer.error, answer.details) {
        (Some(error), _) if !error.is_empty() => return Err(start_failed(&running.name, transport, error)),
        (_, Some(details)) => details,
        _ => return Err(start_failed(&running.name, transport, "it gave no address".into())),
    };
    let port = u16::try_from(details.port).unwrap_or(0);
    let url = if details.address.is_empty() {
        format!("{transport}://{host}:{port}")
    } else {
        details.address
    };
    Ok(TransportServer {
        transport: transport.to_string(),
        plugin: running.name.clone(),
        url,
        port,
        key: details.key,
        running,
    })
}

fn start_failed(plugin: &str, transport: &str, reason: String) -> crate::engine::error::EngineError {
    plugin_error(format!(
        "the plugin '{plugin}' could not start its '{transport}' mock server: {reason}"
    ))
}

impl TransportServer {
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The mock server's problems so far; empty when everything matched.
    pub async fn problems(&self, within: Duration) -> EngineResult<Vec<MatchResult>> {
        self.ask("GetMockServerResults", within).await
    }

    /// Stops the plugin's mock server; its last problems come back.
    pub async fn shutdown(&self, within: Duration) -> EngineResult<Vec<MatchResult>> {
        self.ask("ShutdownMockServer", within).await
    }

    async fn ask(&self, method: &str, within: Duration) -> EngineResult<Vec<MatchResult>> {
        let request = ServerKeyRequest {
            server_key: self.key.clone(),
        };
        let answer: MockServerResults =
            self.running
                .channel
                .call(method, &request, within)
                .await
                .map_err(|reason| {
                    plugin_error(format!(
                        "the plugin '{}' did not answer for its '{}' mock server: {reason}",
                        self.plugin, self.transport
                    ))
                })?;
        let mut problems: Vec<MatchResult> = answer
            .results
            .into_iter()
            .map(|result| self.problem_of(result))
            .collect();
        if !answer.ok && problems.is_empty() {
            problems.push(self.failure("the plugin reports that not everything matched, without saying what".into()));
        }
        Ok(problems)
    }

    /// A problem of the plugin itself (it did not answer, or failed), as one of its results.
    pub fn failure(&self, error: String) -> MatchResult {
        MatchResult::TransportMismatch {
            transport: self.transport.clone(),
            plugin: self.plugin.clone(),
            path: String::new(),
            error,
            mismatches: Vec::new(),
        }
    }

    fn problem_of(&self, result: MockServerResult) -> MatchResult {
        let text = |bytes: Option<Vec<u8>>| {
            bytes
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .filter(|text| !text.is_empty())
        };
        MatchResult::TransportMismatch {
            transport: self.transport.clone(),
            plugin: self.plugin.clone(),
            path: result.path,
            error: result.error,
            mismatches: result
                .mismatches
                .into_iter()
                .map(|mismatch| MismatchItem::PluginMismatch {
                    plugin: self.plugin.clone(),
                    path: mismatch.path,
                    expected: text(mismatch.expected),
                    actual: text(mismatch.actual),
                    mismatch: mismatch.mismatch,
                })
                .collect(),
        }
    }
}
