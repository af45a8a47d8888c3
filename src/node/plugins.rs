//! `configurePluginContents`: the DSL's way to a plugin's ConfigureInteraction.

use napi::bindgen_prelude::{Object, Unknown};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

use super::convert::{invalid, optional_json, promise};
use crate::engine::{self, config::DEFAULT_PLUGIN_TIMEOUT, ErrorCode};

/// What a plugin makes of its own description of some contents (the `contents` that pact-js's
/// `withPluginContents` takes), as pact JSON; used by the DSL's `usingPlugin` interactions.
#[napi(
    ts_args_type = "plugin: { name: string; version?: string }, contentType: string, contents: string | Record<string, unknown>",
    ts_return_type = "Promise<PluginContents>"
)]
pub fn configure_plugin_contents<'env>(
    env: &'env Env,
    plugin: Unknown,
    content_type: Unknown,
    contents: Unknown,
) -> napi::Result<Object<'env>> {
    let work = (|| {
        let plugin = optional_json(env, Some(plugin), "plugin")?;
        let name = plugin["name"]
            .as_str()
            .filter(|name| !name.is_empty())
            .ok_or_else(|| invalid(ErrorCode::InvalidOption, "plugin.name must be a non-empty string"))?
            .to_string();
        let version = plugin["version"].as_str().map(str::to_string);
        let content_type = match optional_json(env, Some(content_type), "contentType")? {
            Value::String(text) if !text.trim().is_empty() => text,
            _ => {
                return Err(invalid(
                    ErrorCode::InvalidOption,
                    "contentType must be a non-empty string",
                ))
            }
        };
        // pact-js passes the contents as JSON text; an object is taken as it is.
        let config = match optional_json(env, Some(contents), "contents")? {
            Value::String(text) => serde_json::from_str(&text).map_err(|err| {
                invalid(
                    ErrorCode::InvalidOption,
                    format!("contents must be JSON text or an object: {err}"),
                )
            })?,
            Value::Object(map) => Value::Object(map),
            _ => {
                return Err(invalid(
                    ErrorCode::InvalidOption,
                    "contents must be JSON text or an object",
                ))
            }
        };
        Ok(engine::configure_plugin_contents(
            name,
            version,
            content_type,
            config,
            DEFAULT_PLUGIN_TIMEOUT,
        ))
    })();
    promise(env, work, |_, value: Value| Ok(value))
}
