//! The engine's own tokio runtime. Its threads are not libuv handles, so they never keep a
//! Node process alive; every public async call of the engine runs its work here.

use std::future::Future;
use std::sync::OnceLock;

use futures::FutureExt;
use tokio::runtime::Runtime;

use super::error::{EngineError, EngineResult};

const THREAD_NAME: &str = "pact-mock-server";

pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        log_panics_of_engine_threads();
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name(THREAD_NAME)
            .enable_all()
            .build()
            .expect("the pact-mock-server runtime could not start")
    })
}

/// Every panic on the engine's threads is caught (a request's becomes a 500, a call's a rejected
/// promise), so printing it to stderr would only alarm: it goes to the `tracing` log instead.
/// Panics on other threads of the process still reach the hook that was there before.
fn log_panics_of_engine_threads() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(THREAD_NAME) {
            tracing::error!("caught panic: {info}");
        } else {
            previous(info);
        }
    }));
}

/// Runs `work` on the engine runtime, whatever runtime (or none) the caller is on; a panic in it
/// comes back as an internal error instead of unwinding into the caller.
pub async fn on_engine<F>(doing: &'static str, work: F) -> EngineResult<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let task = runtime().spawn(std::panic::AssertUnwindSafe(work).catch_unwind());
    match task.await {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(payload)) => Err(EngineError::from_panic(doing, payload)),
        Err(err) => Err(EngineError::internal(format!("the task {doing} stopped: {err}"))),
    }
}

/// Runs `work` on the engine runtime and blocks the calling thread until it ends, at most
/// `within`; for the few synchronous calls that need the engine's async work.
pub fn wait_on_engine<F>(within: std::time::Duration, work: F) -> Option<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (done, answer) = std::sync::mpsc::channel();
    runtime().spawn(async move {
        let _ = done.send(work.await);
    });
    answer.recv_timeout(within).ok()
}
