//! What the server received. `matched()` and `mismatches()` read only this.
//!
//! A matched request costs a counter increment and a slot in the bounded request log; only what a
//! report needs (the problems, and the most recent requests) is kept.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use pact_models::v4::http_parts::HttpRequest;

use super::metrics::{Counted, Metrics, MetricsSnapshot};
use super::pact::load::ServedInteraction;
use super::results::{MatchResult, ReceivedRequest, RequestOutcome, RequestSummary};

/// How one request ended, as the request log tells it.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Matched the interaction at this index.
    Matched(usize),
    /// Reported as this problem (a request-mismatch or a request-not-found).
    Problem(usize),
    /// Refused before matching, e.g. a body over the size limit.
    Rejected { status: u16, reason: String },
    /// An unmatched CORS preflight, answered by the `cors` option.
    CorsPreflight,
    /// Reported as this problem, an internal error.
    Failed(usize),
}

struct LoggedRequest {
    sequence: u64,
    request: HttpRequest,
    outcome: Outcome,
}

pub struct Recorder {
    matched_counts: Vec<AtomicU64>,
    problems: Mutex<Vec<MatchResult>>,
    log: Mutex<RequestLog>,
    metrics: Metrics,
}

struct RequestLog {
    limit: usize,
    entries: VecDeque<LoggedRequest>,
    received: u64,
}

impl Recorder {
    pub fn new(interaction_count: usize, log_limit: usize) -> Self {
        Recorder {
            matched_counts: (0..interaction_count).map(|_| AtomicU64::new(0)).collect(),
            problems: Mutex::new(Vec::new()),
            log: Mutex::new(RequestLog {
                limit: log_limit,
                entries: VecDeque::new(),
                received: 0,
            }),
            metrics: Metrics::default(),
        }
    }

    pub fn record_match(&self, index: usize, request: HttpRequest) {
        self.matched_counts[index].fetch_add(1, Ordering::Relaxed);
        self.log(request, Outcome::Matched(index), Counted::Matched);
    }

    pub fn record_problem(&self, problem: MatchResult, request: HttpRequest) {
        let counted = match problem {
            MatchResult::RequestMismatch { .. } => Counted::Mismatched,
            _ => Counted::NotFound,
        };
        let index = {
            let mut problems = lock(&self.problems);
            problems.push(problem);
            problems.len() - 1
        };
        self.log(request, Outcome::Problem(index), counted);
    }

    /// A request refused before matching still counts against `matched()`.
    pub fn record_rejected(&self, request: HttpRequest, status: u16, reason: String) {
        lock(&self.problems).push(MatchResult::request_not_found(&request));
        self.log(request, Outcome::Rejected { status, reason }, Counted::Rejected);
    }

    /// Answering failed inside the server: a problem for `matched()`, never silently a 500.
    pub fn record_internal_error(&self, request: HttpRequest, error: String) {
        let index = {
            let mut problems = lock(&self.problems);
            problems.push(MatchResult::internal_error(&request, error));
            problems.len() - 1
        };
        self.log(request, Outcome::Failed(index), Counted::Other);
    }

    /// Answered for the browser, not a problem of the pact.
    pub fn record_cors_preflight(&self, request: HttpRequest) {
        self.log(request, Outcome::CorsPreflight, Counted::Other);
    }

    fn log(&self, request: HttpRequest, outcome: Outcome, counted: Counted) {
        self.metrics.count(&request.path, counted);
        let mut log = lock(&self.log);
        log.received += 1;
        let sequence = log.received;
        if log.limit == 0 {
            return;
        }
        if log.entries.len() == log.limit {
            log.entries.pop_front();
        }
        log.entries.push_back(LoggedRequest {
            sequence,
            request,
            outcome,
        });
    }

    pub fn matched_count(&self, index: usize) -> u64 {
        self.matched_counts[index].load(Ordering::Relaxed)
    }

    pub fn matched(&self) -> bool {
        lock(&self.problems).is_empty()
            && self
                .matched_counts
                .iter()
                .all(|count| count.load(Ordering::Relaxed) > 0)
    }

    /// Problems in arrival order, then the interactions never received, in pact order.
    pub fn mismatches(&self, interactions: &[ServedInteraction]) -> Vec<MatchResult> {
        let mut results = lock(&self.problems).clone();
        results.extend(
            interactions
                .iter()
                .enumerate()
                .filter(|(index, _)| self.matched_count(*index) == 0)
                .map(|(_, interaction)| MatchResult::missing_request(&interaction.description, &interaction.request)),
        );
        results
    }

    /// The request log, oldest first.
    pub fn requests(&self, interactions: &[ServedInteraction]) -> Vec<ReceivedRequest> {
        let log = lock(&self.log);
        let problems = lock(&self.problems);
        log.entries
            .iter()
            .map(|entry| ReceivedRequest {
                seq: entry.sequence,
                request: RequestSummary::of(&entry.request),
                outcome: match &entry.outcome {
                    Outcome::Matched(index) => RequestOutcome::Matched {
                        interaction: interactions[*index].description.clone(),
                    },
                    Outcome::Problem(index) => match problems.get(*index) {
                        Some(MatchResult::RequestMismatch {
                            interaction,
                            mismatches,
                            ..
                        }) => RequestOutcome::Mismatched {
                            interaction: interaction.clone(),
                            mismatches: mismatches.clone(),
                        },
                        _ => RequestOutcome::NotFound,
                    },
                    Outcome::Rejected { status, reason } => RequestOutcome::Rejected {
                        status: *status,
                        reason: reason.clone(),
                    },
                    Outcome::CorsPreflight => RequestOutcome::CorsPreflight,
                    Outcome::Failed(index) => RequestOutcome::InternalError {
                        error: match problems.get(*index) {
                            Some(MatchResult::InternalError { error, .. }) => error.clone(),
                            _ => String::new(),
                        },
                    },
                },
            })
            .collect()
    }

    /// Every request received, including those the log no longer keeps.
    pub fn request_count(&self) -> u64 {
        lock(&self.log).received
    }

    pub fn metrics(&self) -> MetricsSnapshot {
        self.metrics.snapshot()
    }
}

/// The recorder's data stays consistent even if a thread panicked while holding a lock: every
/// update is a single push or increment. So a poisoned lock is used as it is.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::engine::pact::load::{load_pact, PactSource};

    #[test]
    fn matched_needs_every_interaction_and_no_problem() {
        let loaded = load_pact(PactSource::Json(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [
                {"description": "one", "request": {"method": "GET", "path": "/1"}, "response": {"status": 200}},
                {"description": "two", "request": {"method": "GET", "path": "/2"}, "response": {"status": 200}}
            ]
        })))
        .unwrap();
        let recorder = Recorder::new(2, 10);
        assert!(!recorder.matched());
        let missing = recorder.mismatches(&loaded.interactions);
        assert_eq!(
            missing.iter().map(MatchResult::kind).collect::<Vec<_>>(),
            ["missing-request"; 2]
        );

        recorder.record_match(0, loaded.interactions[0].request.clone());
        recorder.record_match(1, loaded.interactions[1].request.clone());
        recorder.record_match(1, loaded.interactions[1].request.clone());
        assert!(recorder.matched());
        assert_eq!(recorder.matched_count(1), 2);
        assert!(recorder.mismatches(&loaded.interactions).is_empty());

        let stray = HttpRequest {
            path: "/3".into(),
            ..HttpRequest::default()
        };
        recorder.record_problem(MatchResult::request_not_found(&stray), stray);
        assert!(!recorder.matched());
        assert_eq!(recorder.mismatches(&loaded.interactions)[0].kind(), "request-not-found");
        let metrics = recorder.metrics();
        assert_eq!((metrics.requests, metrics.matched, metrics.not_found), (4, 3, 1));
        assert_eq!(metrics.requests_by_path["/2"], 2);
    }

    #[test]
    fn the_log_keeps_the_most_recent_and_counts_all() {
        let recorder = Recorder::new(1, 3);
        for n in 0..5 {
            let request = HttpRequest {
                path: format!("/{n}"),
                ..HttpRequest::default()
            };
            recorder.record_match(0, request);
        }
        let interactions = load_pact(PactSource::Json(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [{"description": "any", "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}]
        })))
        .unwrap()
        .interactions;
        let kept = recorder.requests(&interactions);
        let paths: Vec<&str> = kept.iter().map(|entry| entry.request.path.as_str()).collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        assert_eq!(kept.iter().map(|entry| entry.seq).collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(recorder.request_count(), 5);
    }
}
