//! Pact files: loading them (and sharing what was loaded), and writing them at the right
//! version, merged, under a lock, atomically.

pub mod cache;
pub mod file_lock;
pub mod load;
pub mod matchers;
pub mod matchers_xml;
pub mod merge;
pub mod version;
pub mod write;
