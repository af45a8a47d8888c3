//! Arbitrary bytes as an HTTP/1 request, answered against a fixed pact: conversion
//! (engine/request.rs), choice (pact_matching), record, reports and response.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use pact_mock_server_node::engine::fuzzing::FuzzServer;

fuzz_target!(|data: &[u8]| {
    static SERVER: OnceLock<Mutex<FuzzServer>> = OnceLock::new();
    let server = SERVER.get_or_init(|| Mutex::new(FuzzServer::default()));
    let _ = server
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .answer_bytes(data);
});
