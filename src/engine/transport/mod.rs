//! Bytes to HTTP and back: binding and accepting, TLS, the deadline for a connection's first
//! bytes, and the repair of request heads hyper would refuse.

pub mod first_bytes;
pub mod lenient_head;
pub mod listener;
pub mod tls;
