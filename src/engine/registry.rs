//! Every running server of the process, found by id or by port.

use std::sync::{Mutex, MutexGuard};

use super::error::{EngineError, EngineResult, ErrorCode};
use super::MockServer;

static SERVERS: Mutex<Vec<MockServer>> = Mutex::new(Vec::new());

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

pub fn register(server: MockServer) -> EngineResult<()> {
    let mut servers = servers();
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

pub fn find_by_id(id: &str) -> Option<MockServer> {
    servers().iter().find(|server| server.id() == id).cloned()
}

pub fn find_by_port(port: u16) -> Option<MockServer> {
    servers().iter().find(|server| server.port() == port).cloned()
}
