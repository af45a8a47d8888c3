//! Per-server counts of what arrived and how it ended. Updated by the recorder, so a count is
//! exact once the request's response is on its way.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

/// What `metrics()` returns. `requests` counts every request; CORS preflights the server answered
/// and internal errors are in `requests` only (an internal error is also in `mismatches()`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsSnapshot {
    pub requests: u64,
    pub requests_by_path: BTreeMap<String, u64>,
    pub matched: u64,
    pub mismatched: u64,
    pub not_found: u64,
    pub rejected: u64,
}

/// How a request ended, as far as the counts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Matched,
    Mismatched,
    NotFound,
    Rejected,
    /// A CORS preflight or an internal error: counted in `requests` only.
    Other,
}

#[derive(Default)]
pub struct Metrics {
    requests: AtomicU64,
    matched: AtomicU64,
    mismatched: AtomicU64,
    not_found: AtomicU64,
    rejected: AtomicU64,
    by_path: Mutex<BTreeMap<String, u64>>,
}

impl Metrics {
    pub fn count(&self, path: &str, outcome: Counted) {
        {
            let mut by_path = self.by_path.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // get_mut first: a path seen before costs no allocation.
            match by_path.get_mut(path) {
                Some(count) => *count += 1,
                None => {
                    by_path.insert(path.to_string(), 1);
                }
            }
        }
        let counter = match outcome {
            Counted::Matched => Some(&self.matched),
            Counted::Mismatched => Some(&self.mismatched),
            Counted::NotFound => Some(&self.not_found),
            Counted::Rejected => Some(&self.rejected),
            Counted::Other => None,
        };
        if let Some(counter) = counter {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> MetricsSnapshot {
        let by_path = self.by_path.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        MetricsSnapshot {
            requests: self.requests.load(Ordering::Relaxed),
            requests_by_path: by_path.clone(),
            matched: self.matched.load(Ordering::Relaxed),
            mismatched: self.mismatched.load(Ordering::Relaxed),
            not_found: self.not_found.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn counts_each_outcome_and_each_path() {
        let metrics = Metrics::default();
        metrics.count("/users/1", Counted::Matched);
        metrics.count("/users/1", Counted::Matched);
        metrics.count("/users/2", Counted::Mismatched);
        metrics.count("/nope", Counted::NotFound);
        metrics.count("/big", Counted::Rejected);
        metrics.count("/users/1", Counted::Other);
        let snapshot = metrics.snapshot();
        assert_eq!(
            serde_json::to_value(&snapshot).unwrap(),
            json!({
                "requests": 6,
                "requestsByPath": {"/big": 1, "/nope": 1, "/users/1": 3, "/users/2": 1},
                "matched": 2, "mismatched": 1, "notFound": 1, "rejected": 1
            })
        );
    }
}
