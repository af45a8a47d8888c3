//! pact-mock-server: a Pact mock server engine, and its Node.js binding.

pub mod engine;

#[cfg(feature = "node")]
mod node;
