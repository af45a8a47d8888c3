//! Which interaction answers a request.
//!
//! A fully matching interaction wins, the first in pact order. Only when none matches does the
//! best partial match decide what is reported: among the interactions whose method and path
//! match, the highest pact_matching score (the first on a tie). Picking by score alone, as the
//! reference server does, can reject a request that another interaction matches completely.

use pact_matching::{match_method, match_request, Mismatch, RequestMatchResult};
use pact_models::matchingrules::Category;
use pact_models::v4::http_parts::HttpRequest;
use tracing::warn;

use std::sync::Arc;
use std::time::Duration;

use super::pact::load::{BoxedPact, ServedInteraction};
use super::plugins::{match_request_with, RunningPlugin};

#[derive(Debug, PartialEq)]
pub enum Choice {
    Matched(usize),
    /// The closest interaction with the same method and path, and how the request differs from it.
    Mismatched {
        index: usize,
        mismatches: Vec<Mismatch>,
    },
    /// No interaction has this method and path.
    NotFound,
    /// A plugin comparing a body failed (crashed, hung): the server's failure, not the request's.
    Failed(String),
}

/// `plugins`: the server's plugins and how long each may take, when it has any.
pub async fn choose(
    pact: &BoxedPact,
    interactions: &[ServedInteraction],
    request: &HttpRequest,
    plugins: Option<(&[Arc<RunningPlugin>], Duration)>,
) -> Choice {
    let mut best: Option<(usize, RequestMatchResult)> = None;
    for (index, candidate) in interactions.iter().enumerate() {
        if !may_match_method_and_path(&candidate.request, request) {
            continue;
        }
        let by_plugin = match plugins {
            Some((plugins, within)) => match_request_with(plugins, pact, candidate, request, within).await,
            None => None,
        };
        let result = match by_plugin {
            Some(Ok(result)) => result,
            Some(Err(error)) => return Choice::Failed(error),
            None => match match_request(candidate.request.clone(), request.clone(), pact, &candidate.interaction).await
            {
                Ok(result) => result,
                Err(err) => {
                    warn!(interaction = %candidate.description, "matching failed: {err}");
                    continue;
                }
            },
        };
        if result.all_matched() {
            return Choice::Matched(index);
        }
        if result.method_or_path_mismatch() {
            continue;
        }
        if best.as_ref().is_none_or(|(_, leader)| result.score() > leader.score()) {
            best = Some((index, result));
        }
    }
    match best {
        Some((index, result)) => Choice::Mismatched {
            index,
            mismatches: result.mismatches(),
        },
        None => Choice::NotFound,
    }
}

/// A cheap first look that skips most interactions without a full match. Without a path
/// matching rule pact_matching compares paths for equality, so unequal paths cannot match.
/// It runs for every interaction on every request, so it allocates nothing.
fn may_match_method_and_path(expected: &HttpRequest, actual: &HttpRequest) -> bool {
    if !same_method(&expected.method, &actual.method) {
        return false;
    }
    // `rules.get` rather than `rules_for_category("path")`, which parses the name and clones
    // the category's rules.
    let path_has_rules = expected
        .matching_rules
        .rules
        .get(&Category::PATH)
        .is_some_and(|rules| rules.is_not_empty());
    path_has_rules || expected.path == actual.path
}

/// pact_matching's `match_method` compares the lower-cased methods, building two new strings.
/// For ASCII (every method hyper accepts) comparing without case is the same test, allocation
/// free; anything else is left to `match_method` itself.
fn same_method(expected: &str, actual: &str) -> bool {
    if expected.is_ascii() && actual.is_ascii() {
        expected.eq_ignore_ascii_case(actual)
    } else {
        match_method(expected, actual).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::engine::pact::load::{load_pact, LoadedPact, PactSource};
    use crate::engine::request::to_pact_request;

    fn pact(interactions: serde_json::Value) -> LoadedPact {
        load_pact(PactSource::Json(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": interactions,
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        })))
        .unwrap()
    }

    fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &'static str) -> HttpRequest {
        let mut builder = http::Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let (parts, ()) = builder.body(()).unwrap().into_parts();
        to_pact_request(&parts, bytes::Bytes::from_static(body.as_bytes()))
    }

    async fn choice(loaded: &LoadedPact, request: &HttpRequest) -> Choice {
        choose(&loaded.pact, &loaded.interactions, request, None).await
    }

    #[tokio::test]
    async fn a_full_match_wins_over_a_higher_scoring_partial_match() {
        // The first interaction scores higher on this request (two matching headers against one
        // wrong one), so choosing by score alone would answer 500. The second matches fully.
        let loaded = pact(json!([
            {"description": "filtered", "request": {"method": "GET", "path": "/users",
              "headers": {"X-A": "1", "X-B": "2", "X-C": "3"}}, "response": {"status": 200}},
            {"description": "all", "request": {"method": "GET", "path": "/users"}, "response": {"status": 200}}
        ]));
        let request = request("GET", "/users", &[("X-A", "1"), ("X-B", "2"), ("X-C", "4")], "");
        let first = match_request(
            loaded.interactions[0].request.clone(),
            request.clone(),
            &loaded.pact,
            &loaded.interactions[0].interaction,
        )
        .await
        .unwrap();
        let second = match_request(
            loaded.interactions[1].request.clone(),
            request.clone(),
            &loaded.pact,
            &loaded.interactions[1].interaction,
        )
        .await
        .unwrap();
        assert!(
            first.score() > second.score(),
            "the test needs the partial match to score higher"
        );
        assert!(second.all_matched());
        assert_eq!(choice(&loaded, &request).await, Choice::Matched(1));
    }

    #[tokio::test]
    async fn the_first_full_match_in_pact_order_wins() {
        let loaded = pact(json!([
            {"description": "one", "request": {"method": "GET", "path": "/x"}, "response": {"status": 200}},
            {"description": "two", "request": {"method": "GET", "path": "/x"}, "response": {"status": 201}}
        ]));
        assert_eq!(
            choice(&loaded, &request("GET", "/x", &[], "")).await,
            Choice::Matched(0)
        );
    }

    #[tokio::test]
    async fn the_best_partial_match_is_reported_when_nothing_matches() {
        let loaded = pact(json!([
            {"description": "with id header", "request": {"method": "POST", "path": "/x",
              "headers": {"Content-Type": "application/json", "X-Id": "7"}, "body": {"a": 1, "b": 3}}, "response": {"status": 200}},
            {"description": "plain", "request": {"method": "POST", "path": "/x", "headers": {"Content-Type": "application/json"},
              "body": {"a": 1, "b": 2}}, "response": {"status": 200}}
        ]));
        // Differs from "plain" in one body value, from "with id header" also in a missing header.
        let request = request(
            "POST",
            "/x",
            &[("Content-Type", "application/json")],
            r#"{"a":1,"b":9}"#,
        );
        match choice(&loaded, &request).await {
            Choice::Mismatched { index, mismatches } => {
                assert_eq!(index, 1, "\"plain\" has fewer differences");
                assert_eq!(mismatches.len(), 1, "{mismatches:?}");
            }
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_different_method_or_path_is_not_found() {
        let loaded = pact(json!([
            {"description": "one", "request": {"method": "GET", "path": "/x"}, "response": {"status": 200}}
        ]));
        assert_eq!(choice(&loaded, &request("POST", "/x", &[], "")).await, Choice::NotFound);
        assert_eq!(choice(&loaded, &request("GET", "/y", &[], "")).await, Choice::NotFound);
    }

    #[tokio::test]
    async fn methods_match_without_regard_to_case() {
        let loaded = pact(json!([
            {"description": "lower", "request": {"method": "get", "path": "/x"}, "response": {"status": 200}}
        ]));
        assert_eq!(
            choice(&loaded, &request("GET", "/x", &[], "")).await,
            Choice::Matched(0)
        );
        assert_eq!(
            choice(&loaded, &request("gEt", "/x", &[], "")).await,
            Choice::Matched(0)
        );
    }

    #[test]
    fn the_quick_method_test_agrees_with_pact_matching() {
        let pairs = [
            ("GET", "GET"),
            ("get", "GET"),
            ("GET", "POST"),
            ("GET", "GETS"),
            ("PÖST", "pöst"),
            ("PÖST", "POST"),
            // The Kelvin sign lower-cases to an ASCII 'k'.
            ("\u{212A}EY", "key"),
        ];
        for (expected, actual) in pairs {
            assert_eq!(
                same_method(expected, actual),
                match_method(expected, actual).is_ok(),
                "{expected:?} vs {actual:?}"
            );
        }
    }

    #[tokio::test]
    async fn path_matching_rules_are_honoured() {
        let loaded = pact(json!([
            {"description": "user", "request": {"method": "GET", "path": "/users/1",
              "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "^/users/\\d+$"}]}}},
             "response": {"status": 200}}
        ]));
        assert_eq!(
            choice(&loaded, &request("GET", "/users/42", &[], "")).await,
            Choice::Matched(0)
        );
        assert_eq!(
            choice(&loaded, &request("GET", "/users/x", &[], "")).await,
            Choice::NotFound
        );
    }
}
