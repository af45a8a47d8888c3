//! The plugin boundary: which Pact plugins a pact needs, starting and sharing their processes,
//! the bodies of their content types, and transports whose mock server a plugin runs.
//!
//! With the `plugins` feature this module speaks the plugin protocol itself (`proto.rs`,
//! `grpc.rs`); without it, a pact that needs a plugin is refused with `ERR_PLUGIN`. A pact that
//! needs none never gets here past [`needed_by`]: no process, no thread, no lock.

mod needs;

#[cfg(feature = "plugins")]
mod content;
#[cfg(feature = "plugins")]
mod grpc;
#[cfg(feature = "plugins")]
mod process;
#[cfg(feature = "plugins")]
mod proto;
#[cfg(feature = "plugins")]
mod transport;

#[cfg(not(feature = "plugins"))]
mod disabled;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

pub use needs::{needed_by, PluginNeed};

#[cfg(feature = "plugins")]
pub use content::{content_plugin, generate_response_body, match_request_with};
#[cfg(feature = "plugins")]
pub use process::RunningPlugin;
#[cfg(feature = "plugins")]
pub use transport::{start_transport, TransportServer};

#[cfg(feature = "plugins")]
use content::configure_contents as ask_to_configure;
#[cfg(not(feature = "plugins"))]
use disabled::configure_contents as ask_to_configure;
#[cfg(not(feature = "plugins"))]
pub use disabled::{
    acquire, content_plugin, generate_response_body, match_request_with, release, start_transport, RunningPlugin,
    TransportServer,
};
#[cfg(feature = "plugins")]
use process::{acquire, release};

use super::error::{EngineError, EngineResult, ErrorCode};

/// The plugins one server uses; dropping it gives up the server's use of them.
pub struct PluginsInUse {
    plugins: Vec<Arc<RunningPlugin>>,
}

impl PluginsInUse {
    pub fn plugins(&self) -> &[Arc<RunningPlugin>] {
        &self.plugins
    }
}

impl Drop for PluginsInUse {
    fn drop(&mut self) {
        for plugin in &self.plugins {
            release(plugin);
        }
    }
}

/// Starts (or shares) every plugin of `needs`; `None` when there are none.
pub async fn load(needs: &[PluginNeed], within: Duration) -> EngineResult<Option<PluginsInUse>> {
    if needs.is_empty() {
        return Ok(None);
    }
    let mut in_use = PluginsInUse {
        plugins: Vec::with_capacity(needs.len()),
    };
    for need in needs {
        // On an error `in_use` is dropped, giving up the plugins already started.
        in_use.plugins.push(acquire(need, within).await?);
    }
    Ok(Some(in_use))
}

/// What a plugin makes of its own description of some contents (pact-js's `withPluginContents`):
/// the body, matching rules, generators and plugin configuration of each part, as pact JSON.
pub async fn configure_contents(
    need: &PluginNeed,
    content_type: &str,
    config: &Value,
    within: Duration,
) -> EngineResult<Value> {
    let in_use = load(std::slice::from_ref(need), within)
        .await?
        .expect("one need loads one plugin");
    ask_to_configure(&in_use.plugins[0], content_type, config, within)
        .await
        .map_err(|reason| {
            plugin_error(format!(
                "the plugin {need} refused the contents for {content_type}: {reason}"
            ))
        })
}

pub(crate) fn plugin_error(message: String) -> EngineError {
    EngineError::new(ErrorCode::Plugin, message)
}

/// Where plugins are looked for: `$PACT_PLUGIN_DIR`, else `~/.pact/plugins` (as pact-plugin-driver does).
pub fn plugin_dir() -> PathBuf {
    match std::env::var_os("PACT_PLUGIN_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => home_dir().join(".pact").join("plugins"),
    }
}

fn home_dir() -> PathBuf {
    let home = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(home)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The transports this engine serves itself; any other `transport` option names a plugin's.
pub fn is_own_transport(name: &str) -> bool {
    matches!(name, "http" | "https")
}
