//! pact-mock-server: a Pact mock server engine, and its Node.js binding.

pub mod engine;

#[cfg(feature = "node")]
mod node;

/// pact_matching allocates for every value it compares, so the allocator is a large part of the
/// cost of a request: with mimalloc a matched request takes about a third fewer instructions than
/// with glibc's malloc (bench/RESULTS.md). Only the addon's own allocations go through it.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
