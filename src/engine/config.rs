//! What a server is started with, and the checks that turn a user's options object into it.

use std::time::Duration;

use pact_models::PactSpecification;
use serde_json::{Map, Value};

use super::error::{EngineError, EngineResult};
use super::logs::LogLevel;

pub const DEFAULT_HOST: &str = "127.0.0.1";
pub const DEFAULT_REQUEST_LOG_LIMIT: usize = 1_000;
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client has to complete its TLS handshake before the connection is closed.
pub const DEFAULT_TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `shutdown()` lets open connections finish before it closes them. Well under the
/// one second that `shutdown()` promises, so that a loaded machine still keeps the promise.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(250);
/// How long a plugin may take to start, or to answer one call, before it counts as hung.
pub const DEFAULT_PLUGIN_TIMEOUT: Duration = Duration::from_secs(10);

const KNOWN_OPTIONS: &[&str] = &[
    "host",
    "port",
    "tls",
    "cors",
    "specification",
    "id",
    "requestLogLimit",
    "maxBodySize",
    "logLevel",
    "report",
    "transport",
    "pluginTimeout",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsSetting {
    Off,
    /// Generate a certificate for the loopback names, signed by the process CA.
    Generated,
    /// The user's PEM certificate chain and private key.
    Pem {
        cert: String,
        key: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsSetting,
    pub cors: bool,
    /// The version pact files are written at; `None` keeps the loaded pact's own version.
    pub specification: Option<PactSpecification>,
    pub id: Option<String>,
    /// How many of the most recent requests `requests()` keeps.
    pub request_log_limit: usize,
    /// Largest request body accepted; larger ones are answered with 413.
    pub max_body_size: usize,
    /// How long a client may stay silent: before its first bytes, before a complete HTTP/1 head,
    /// and (twice over: ping interval, then ping timeout) on an idle HTTP/2 connection.
    pub header_read_timeout: Duration,
    pub tls_handshake_timeout: Duration,
    /// The level of the lines `logs()` keeps.
    pub log_level: LogLevel,
    /// Serve the live report page at /__pact/ (for requests the pact does not match).
    pub report: bool,
    /// A transport a plugin provides (e.g. "grpc"); `None` is this engine's own HTTP.
    pub transport: Option<String>,
    pub plugin_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: DEFAULT_HOST.to_string(),
            port: 0,
            tls: TlsSetting::Off,
            cors: false,
            specification: None,
            id: None,
            request_log_limit: DEFAULT_REQUEST_LOG_LIMIT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            tls_handshake_timeout: DEFAULT_TLS_HANDSHAKE_TIMEOUT,
            log_level: LogLevel::Warn,
            report: false,
            transport: None,
            plugin_timeout: DEFAULT_PLUGIN_TIMEOUT,
        }
    }
}

impl ServerConfig {
    /// Reads the options object of `MockServer.create`. `null` or an absent key means the default.
    pub fn from_options(options: &Value) -> EngineResult<Self> {
        let map = match options {
            Value::Null => return Ok(ServerConfig::default()),
            Value::Object(map) => map,
            other => {
                return Err(EngineError::invalid_option(format!(
                    "options must be an object, got {}",
                    describe(other)
                )))
            }
        };
        if let Some(unknown) = map.keys().find(|key| !KNOWN_OPTIONS.contains(&key.as_str())) {
            return Err(EngineError::invalid_option(format!(
                "unknown option `{unknown}`; the options are: {}",
                KNOWN_OPTIONS.join(", ")
            )));
        }
        let mut config = ServerConfig::default();
        if let Some(host) = present(map, "host") {
            config.host = non_empty_string("host", host)?;
        }
        if let Some(port) = present(map, "port") {
            config.port = port_number(port)?;
        }
        if let Some(tls) = present(map, "tls") {
            config.tls = tls_setting(tls)?;
        }
        if let Some(cors) = present(map, "cors") {
            config.cors = boolean("cors", cors)?;
        }
        if let Some(spec) = present(map, "specification") {
            config.specification = Some(specification(spec)?);
        }
        if let Some(id) = present(map, "id") {
            config.id = Some(non_empty_string("id", id)?);
        }
        if let Some(limit) = present(map, "requestLogLimit") {
            config.request_log_limit = whole_number("requestLogLimit", limit, 0, u32::MAX as u64)? as usize;
        }
        if let Some(size) = present(map, "maxBodySize") {
            config.max_body_size = whole_number("maxBodySize", size, 1, u32::MAX as u64)? as usize;
        }
        if let Some(level) = present(map, "logLevel") {
            config.log_level = log_level(level)?;
        }
        if let Some(report) = present(map, "report") {
            config.report = boolean("report", report)?;
        }
        if let Some(transport) = present(map, "transport") {
            let transport = non_empty_string("transport", transport)?;
            config.transport = Some(transport).filter(|name| !super::plugins::is_own_transport(name));
        }
        if let Some(timeout) = present(map, "pluginTimeout") {
            config.plugin_timeout = Duration::from_millis(whole_number("pluginTimeout", timeout, 1, 3_600_000)?);
        }
        if config.transport.is_some() && (config.tls != TlsSetting::Off || config.cors || config.report) {
            return Err(EngineError::invalid_option(
                "`tls`, `cors` and `report` are options of the HTTP transport; a plugin's transport (option `transport`) \
                 takes none of them",
            ));
        }
        Ok(config)
    }

    /// The options of the legacy `createMockServer(pactJson, port, options)`: the port argument wins.
    pub fn from_legacy(port: Option<&Value>, options: &Value) -> EngineResult<Self> {
        let mut config = ServerConfig::from_options(options)?;
        if let Some(port) = port.filter(|port| !port.is_null()) {
            config.port = port_number(port)?;
        }
        Ok(config)
    }
}

fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|value| !value.is_null())
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

fn non_empty_string(name: &str, value: &Value) -> EngineResult<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        other => Err(EngineError::invalid_option(format!(
            "option `{name}` must be a non-empty string, got {}",
            describe(other)
        ))),
    }
}

fn boolean(name: &str, value: &Value) -> EngineResult<bool> {
    value.as_bool().ok_or_else(|| {
        EngineError::invalid_option(format!(
            "option `{name}` must be true or false, got {}",
            describe(value)
        ))
    })
}

fn whole_number(name: &str, value: &Value, min: u64, max: u64) -> EngineResult<u64> {
    match value.as_u64().or_else(|| {
        // JavaScript numbers arrive as floats; 8080.0 is a fine port, 80.5 is not.
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
            .map(|f| f as u64)
    }) {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(EngineError::invalid_option(format!(
            "option `{name}` must be a whole number from {min} to {max}, got {}",
            describe(value)
        ))),
    }
}

/// A port given on its own, as the legacy functions take it.
pub fn port_argument(value: &Value) -> EngineResult<u16> {
    port_number(value)
}

fn port_number(value: &Value) -> EngineResult<u16> {
    whole_number("port", value, 0, u16::MAX as u64)
        .map(|port| port as u16)
        .map_err(|err| EngineError::invalid_option(format!("{} (0 lets the system pick a free port)", err.message)))
}

fn tls_setting(value: &Value) -> EngineResult<TlsSetting> {
    match value {
        Value::Bool(false) => Ok(TlsSetting::Off),
        Value::Bool(true) => Ok(TlsSetting::Generated),
        Value::Object(map) => {
            let pem = |key: &str| match map.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                other => Err(EngineError::invalid_option(format!(
                    "option `tls.{key}` must be a PEM string, got {}",
                    other.map(describe).unwrap_or_else(|| "nothing".to_string())
                ))),
            };
            if let Some(unknown) = map.keys().find(|key| *key != "cert" && *key != "key") {
                return Err(EngineError::invalid_option(format!(
                    "unknown option `tls.{unknown}`; `tls` takes `cert` and `key`"
                )));
            }
            Ok(TlsSetting::Pem {
                cert: pem("cert")?,
                key: pem("key")?,
            })
        }
        other => Err(EngineError::invalid_option(format!(
            "option `tls` must be true, false or {{ cert, key }} with PEM strings, got {}",
            describe(other)
        ))),
    }
}

fn log_level(value: &Value) -> EngineResult<LogLevel> {
    value.as_str().and_then(LogLevel::parse).ok_or_else(|| {
        EngineError::invalid_option(format!(
            "option `logLevel` must be one of {}, got {}",
            LogLevel::NAMES,
            describe(value)
        ))
    })
}

fn specification(value: &Value) -> EngineResult<PactSpecification> {
    match value.as_str() {
        Some("V1") => Ok(PactSpecification::V1),
        Some("V1_1") => Ok(PactSpecification::V1_1),
        Some("V2") => Ok(PactSpecification::V2),
        Some("V3") => Ok(PactSpecification::V3),
        Some("V4") => Ok(PactSpecification::V4),
        _ => Err(EngineError::invalid_option(format!(
            "option `specification` must be one of 'V1', 'V1_1', 'V2', 'V3', 'V4', got {}",
            describe(value)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::engine::error::ErrorCode;

    #[test]
    fn absent_options_give_the_defaults() {
        assert_eq!(
            ServerConfig::from_options(&Value::Null).unwrap(),
            ServerConfig::default()
        );
        assert_eq!(ServerConfig::from_options(&json!({})).unwrap(), ServerConfig::default());
        assert_eq!(
            ServerConfig::from_options(&json!({"port": null, "host": null})).unwrap(),
            ServerConfig::default()
        );
    }

    #[test]
    fn every_option_is_read() {
        let config = ServerConfig::from_options(&json!({
            "host": "::1", "port": 8080.0, "tls": true, "cors": true, "specification": "V2",
            "id": "users", "requestLogLimit": 5, "maxBodySize": 1024, "logLevel": "debug", "report": true,
            "pluginTimeout": 250
        }))
        .unwrap();
        assert_eq!(config.host, "::1");
        assert_eq!(config.port, 8080);
        assert_eq!(config.tls, TlsSetting::Generated);
        assert!(config.cors);
        assert_eq!(config.specification, Some(PactSpecification::V2));
        assert_eq!(config.id.as_deref(), Some("users"));
        assert_eq!(config.request_log_limit, 5);
        assert_eq!(config.max_body_size, 1024);
        assert_eq!(config.log_level, LogLevel::Debug);
        assert!(config.report);
        assert_eq!(config.plugin_timeout, Duration::from_millis(250));
        let config = ServerConfig::from_options(&json!({"transport": "grpc"})).unwrap();
        assert_eq!(config.transport.as_deref(), Some("grpc"));
        let config = ServerConfig::from_options(&json!({"transport": "http"})).unwrap();
        assert_eq!(config.transport, None, "http is this engine's own");
    }

    #[test]
    fn wrong_types_and_values_are_invalid_options_that_name_the_option() {
        for (options, named) in [
            (json!("fast"), "options must be an object"),
            (json!({"port": "8080"}), "`port`"),
            (json!({"port": 70000}), "`port`"),
            (json!({"port": -1}), "`port`"),
            (json!({"port": 80.5}), "`port`"),
            (json!({"host": ""}), "`host`"),
            (json!({"host": 1}), "`host`"),
            (json!({"cors": "yes"}), "`cors`"),
            (json!({"tls": "yes"}), "`tls`"),
            (json!({"tls": {"cert": "x"}}), "`tls.key`"),
            (json!({"specification": "V5"}), "`specification`"),
            (json!({"prot": 1}), "unknown option `prot`"),
            (json!({"logLevel": "verbose"}), "`logLevel`"),
            (json!({"report": 1}), "`report`"),
            (json!({"transport": ""}), "`transport`"),
            (json!({"pluginTimeout": 0}), "`pluginTimeout`"),
            (json!({"transport": "grpc", "tls": true}), "`tls`"),
        ] {
            let err = ServerConfig::from_options(&options).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidOption, "{options}");
            assert!(err.message.contains(named), "{options}: {}", err.message);
        }
    }

    #[test]
    fn the_legacy_port_argument_wins_over_options() {
        let config = ServerConfig::from_legacy(Some(&json!(1234)), &json!({"port": 99})).unwrap();
        assert_eq!(config.port, 1234);
        let config = ServerConfig::from_legacy(None, &json!({"port": 99})).unwrap();
        assert_eq!(config.port, 99);
    }
}
