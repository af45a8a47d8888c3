//! The six functions of the original library, by port, over the same servers as `MockServer`.

use std::path::PathBuf;

use napi::bindgen_prelude::{Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::convert::{coded_error, optional_json, optional_string, pact_source, promise, to_js};
use super::environment::owner_of;
use crate::engine::config::port_argument;
use crate::engine::{self, EngineError, EngineResult, ErrorCode, ServerConfig, WriteMode};

fn port_of(env: &Env, port: Unknown) -> EngineResult<u16> {
    port_argument(&optional_json(env, Some(port), "port")?)
}

fn server_on(env: &Env, port: Unknown) -> napi::Result<Option<engine::MockServer>> {
    let port = port_of(env, port).map_err(|err| coded_error(env, err))?;
    Ok(engine::find_by_port(port))
}

/// Starts a mock server for the pact and resolves to its port (0 or absent: the system picks one).
#[napi(
    ts_args_type = "pactJson: string, port?: number | undefined | null, options?: MockServerOptions | undefined | null",
    ts_return_type = "Promise<number>"
)]
pub fn create_mock_server<'env>(
    env: &'env Env,
    pact_json: Unknown,
    port: Option<Unknown>,
    options: Option<Unknown>,
) -> napi::Result<Object<'env>> {
    let owner = owner_of(env)?;
    let start = pact_source(env, pact_json).and_then(|source| {
        let port = optional_json(env, port, "port")?;
        let config = ServerConfig::from_legacy(Some(&port), &optional_json(env, options, "options")?)?;
        Ok(engine::start_owned(source, config, owner))
    });
    promise(env, start, |_, server| Ok(u32::from(server.port())))
}

/// True when the server on this port received everything and nothing else; false for an unknown port.
#[napi(catch_unwind, ts_args_type = "port: number")]
pub fn mock_server_matched(env: &Env, port: Unknown) -> napi::Result<bool> {
    Ok(server_on(env, port)?.is_some_and(|server| server.matched()))
}

/// The mismatches of the server on this port; [] for an unknown port.
#[napi(catch_unwind, ts_args_type = "port: number", ts_return_type = "MatchResult[]")]
pub fn mock_server_mismatches<'env>(env: &'env Env, port: Unknown) -> napi::Result<Unknown<'env>> {
    let mismatches = server_on(env, port)?
        .map(|server| server.mismatches())
        .unwrap_or_default();
    to_js(env, &mismatches)
}

/// Writes the pact of the server on this port into dir (default: the current directory).
#[napi(
    ts_args_type = "port: number, dir?: string | undefined | null, overwrite?: boolean | undefined | null",
    ts_return_type = "Promise<void>"
)]
pub fn write_pact_file<'env>(
    env: &'env Env,
    port: Unknown,
    dir: Option<Unknown>,
    overwrite: Option<Unknown>,
) -> napi::Result<Object<'env>> {
    let request = port_of(env, port).and_then(|port| {
        let server = engine::find_by_port(port).ok_or_else(|| {
            EngineError::new(
                ErrorCode::InvalidOption,
                format!("no mock server is running on port {port}: was it shut down already?"),
            )
        })?;
        let dir = optional_string(env, dir, "dir")?.map(PathBuf::from);
        let mode = WriteMode::from_overwrite(&optional_json(env, overwrite, "overwrite")?)?;
        Ok(async move { server.write_pact(dir, mode).await })
    });
    promise(env, request, |_, _| Ok(()))
}

/// Shuts down the server on this port; resolves to false for an unknown port.
#[napi(ts_args_type = "port: number", ts_return_type = "Promise<boolean>")]
pub fn shutdown_mock_server<'env>(env: &'env Env, port: Unknown) -> napi::Result<Object<'env>> {
    let shutdown = port_of(env, port).map(|port| async move {
        match engine::find_by_port(port) {
            Some(server) => server.shutdown().await.map(|()| true),
            None => Ok(false),
        }
    });
    promise(env, shutdown, |_, found| Ok(found))
}

/// The same as `shutdownMockServer`.
#[napi(ts_args_type = "port: number", ts_return_type = "Promise<boolean>")]
pub fn cleanup_mock_server<'env>(env: &'env Env, port: Unknown) -> napi::Result<Object<'env>> {
    shutdown_mock_server(env, port)
}
