//! The `MockServer` class of api.md.

use std::path::PathBuf;

use napi::bindgen_prelude::{Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::convert::{optional_json, optional_string, pact_source, promise, to_js};
use super::environment::owner_of;
use super::extras::{call_run, mismatch_error};
use crate::engine::{self, ServerConfig, WriteMode};

/// A running Pact mock server. Create one with `MockServer.create(pact, options)`.
#[napi]
pub struct MockServer {
    server: engine::MockServer,
}

impl MockServer {
    pub fn wrap(server: engine::MockServer) -> Self {
        MockServer { server }
    }
}

#[napi]
impl MockServer {
    /// Loads a pact (JSON text or a plain object; spec V1, V1.1, V2, V3 or V4) and starts serving it.
    #[napi(
        ts_args_type = "pact: string | object, options?: MockServerOptions | undefined | null",
        ts_return_type = "Promise<MockServer>"
    )]
    pub fn create<'env>(env: &'env Env, pact: Unknown, options: Option<Unknown>) -> napi::Result<Object<'env>> {
        let owner = owner_of(env)?;
        let start = pact_source(env, pact).and_then(|source| {
            let config = ServerConfig::from_options(&optional_json(env, options, "options")?)?;
            Ok(engine::start_owned(source, config, owner))
        });
        promise(env, start, |_, server| Ok(MockServer::wrap(server)))
    }

    /// Creates a server, runs `test` with it, verifies, writes the pact (merging) into
    /// `options.dir` only when the test passed and everything matched, and always shuts down.
    /// A failing test's error is rethrown with the server's `mismatches` attached.
    #[napi(
        ts_generic_types = "T",
        ts_args_type = "pact: string | object, options: RunOptions | undefined | null, test: (server: MockServer) => Promise<T> | T",
        ts_return_type = "Promise<T>"
    )]
    pub fn run<'env>(env: &'env Env, pact: Unknown, options: Unknown, test: Unknown) -> napi::Result<Unknown<'env>> {
        call_run(env, pact, options, test)
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.server.id().to_string()
    }

    #[napi(getter)]
    pub fn host(&self) -> String {
        self.server.host().to_string()
    }

    #[napi(getter)]
    pub fn port(&self) -> u32 {
        u32::from(self.server.port())
    }

    /// e.g. "http://127.0.0.1:54321"; "https://…" with TLS; IPv6 hosts in brackets.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.server.url().to_string()
    }

    /// PEM of the CA that signed this server's certificate (TLS only), else null.
    #[napi(getter, ts_return_type = "string | null")]
    pub fn ca_certificate(&self) -> Option<String> {
        self.server.ca_certificate().map(str::to_string)
    }

    /// True when every interaction was received and nothing unexpected or mismatched arrived.
    #[napi(catch_unwind)]
    pub fn matched(&self) -> bool {
        self.server.matched()
    }

    /// Everything that went wrong so far, as plain objects. [] when matched.
    #[napi(catch_unwind, ts_return_type = "MatchResult[]")]
    pub fn mismatches<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        to_js(env, &self.server.mismatches())
    }

    /// Throws a `PactMismatchError` listing every problem when anything was missing, unexpected
    /// or mismatched; returns quietly when everything matched.
    #[napi(catch_unwind)]
    pub fn verify(&self, env: &Env) -> napi::Result<()> {
        match self.server.verify() {
            Ok(()) => Ok(()),
            Err(failure) => Err(mismatch_error(env, failure.report, to_js(env, &failure.mismatches)?)?),
        }
    }

    /// The most recent requests received (up to the `requestLogLimit` option, default 1000),
    /// oldest first, each with what became of it.
    #[napi(catch_unwind, ts_return_type = "ReceivedRequest[]")]
    pub fn requests<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        to_js(env, &self.server.requests())
    }

    /// Every request received so far, including those `requests()` no longer keeps.
    #[napi(getter)]
    pub fn request_count(&self) -> f64 {
        self.server.request_count() as f64
    }

    /// Counts of the requests received so far and how they ended; exact once a response is sent.
    #[napi(catch_unwind, ts_return_type = "Metrics")]
    pub fn metrics<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        to_js(env, &self.server.metrics())
    }

    /// This server's own log lines at its `logLevel` (default 'warn'), oldest first, from a
    /// bounded buffer (the latest 2000 lines).
    #[napi(catch_unwind, ts_return_type = "LogLine[]")]
    pub fn logs<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        to_js(env, &self.server.logs())
    }

    /// The live report page, e.g. "http://127.0.0.1:54321/__pact/", with the `report` option; else null.
    #[napi(getter, ts_return_type = "string | null")]
    pub fn report_url(&self) -> Option<String> {
        self.server.report_url()
    }

    /// Writes the pact file <consumer>-<provider>.json into dir (default: the current directory)
    /// and resolves to its path. Merges into an existing file unless `overwrite` is true.
    #[napi(
        ts_args_type = "dir?: string | undefined | null, options?: WritePactOptions | undefined | null",
        ts_return_type = "Promise<string>"
    )]
    pub fn write_pact<'env>(
        &self,
        env: &'env Env,
        dir: Option<Unknown>,
        options: Option<Unknown>,
    ) -> napi::Result<Object<'env>> {
        let server = self.server.clone();
        let write = optional_string(env, dir, "dir").and_then(|dir| {
            let mode = WriteMode::from_options(&optional_json(env, options, "writePact options")?)?;
            Ok(async move { server.write_pact(dir.map(PathBuf::from), mode).await })
        });
        promise(env, write, |_, path| Ok(path.to_string_lossy().into_owned()))
    }

    /// Stops serving. Safe to call more than once. When it resolves, the port refuses connections.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn shutdown<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let server = self.server.clone();
        promise(env, Ok(async move { server.shutdown().await }), |_, ()| Ok(()))
    }

    /// The same as `shutdown()`, so `await using server = await MockServer.create(pact)` stops
    /// the server when the scope ends.
    #[napi(well_known_symbol = "asyncDispose", ts_return_type = "Promise<void>")]
    pub fn async_dispose<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        self.shutdown(env)
    }
}
