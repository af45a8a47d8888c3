//! Every running server of the process, found by id or by port, and who owns it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::error::{EngineError, EngineResult, ErrorCode};
use super::MockServer;

static SERVERS: Mutex<Vec<MockServer>> = Mutex::new(Vec::new());

/// Whoever created servers and can go away while they run: the binding makes one per JavaScript
/// environment (the main thread, each worker), whose servers no JS can reach once it is torn down.
#[derive(Debug, Default)]
pub struct Owner {
    ended: AtomicBool,
}

impl Owner {
    pub fn new() -> Arc<Owner> {
        Arc::new(Owner::default())
    }

    pub fn has_ended(&self) -> bool {
        self.ended.load(Ordering::Acquire)
    }
}

fn servers() -> MutexGuard<'static, Vec<MockServer>> {
    SERVERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn check_id_free(id: &str) -> EngineResult<()> {
    if servers().iter().any(|server| server.id() == id) {
        return Err(EngineError::new(
            ErrorCode::InvalidOption,
            format!("a mock server with id {id:?} is already running: shut it down first, or choose another id"),
        ));
    }
    Ok(())
}

/// Refused for an owner that has ended: checked under the registry's lock, so a server that
/// finishes starting after its owner's teardown is never left running unreachable.
pub fn register(server: MockServer) -> EngineResult<()> {
    let mut servers = servers();
    if server.owner().is_some_and(|owner| owner.has_ended()) {
        return Err(EngineError::internal(
            "the JavaScript environment (worker thread) that created this server has ended",
        ));
    }
    if servers.iter().any(|running| running.id() == server.id()) {
        return Err(EngineError::new(
            ErrorCode::InvalidOption,
            format!("a mock server with id {:?} is already running", server.id()),
        ));
    }
    servers.push(server);
    Ok(())
}

pub fn unregister(id: &str) {
    servers().retain(|server| server.id() != id);
}

/// Marks the owner ended and takes its servers out of the registry; they are the caller's to stop.
pub fn end_owner(owner: &Arc<Owner>) -> Vec<MockServer> {
    let mut servers = servers();
    owner.ended.store(true, Ordering::Release);
    let (owned, others) = servers
        .drain(..)
        .partition(|server| server.owner().is_some_and(|of| Arc::ptr_eq(of, owner)));
    *servers = others;
    owned
}

pub fn find_by_id(id: &str) -> Option<MockServer> {
    servers().iter().find(|server| server.id() == id).cloned()
}

pub fn find_by_port(port: u16) -> Option<MockServer> {
    servers().iter().find(|server| server.port() == port).cloned()
}
