//! The live report page at /__pact/: one HTML file with its CSS and JS inline (no external
//! assets), and the JSON it polls. Served only with the `report` option, and only for requests
//! the pact does not match; its own requests are neither recorded nor logged.

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{Response, StatusCode};
use http_body_util::Full;
use pact_models::v4::http_parts::HttpRequest;
use serde::Serialize;
use serde_json::{json, Value};

use super::metrics::MetricsSnapshot;
use super::report::{one_line, problem_report};
use super::respond::{json_answer, Answer};
use super::results::{MatchResult, ReceivedRequest};
use super::service::ServerState;

pub const PAGE_PATH: &str = "/__pact/";
const DATA_PATH: &str = "/__pact/data";
const PAGE: &str = include_str!("page.html");

/// Marks an answer as the page's own, so that the service does not log it.
#[derive(Clone, Copy)]
pub struct ReportPageAnswer;

pub fn is_page_path(path: &str) -> bool {
    path == "/__pact" || path.starts_with(PAGE_PATH)
}

pub fn answer(state: &ServerState, request: &HttpRequest) -> Answer {
    let mut answer = match (request.method.to_ascii_uppercase().as_str(), request.path.as_str()) {
        ("GET" | "HEAD", "/__pact" | PAGE_PATH) => page(),
        ("GET", DATA_PATH) => {
            let known = request
                .query
                .as_ref()
                .and_then(|query| query.get("since"))
                .and_then(|values| values.first().cloned().flatten())
                .and_then(|since| since.parse::<u64>().ok());
            json_answer(StatusCode::OK, None, &data(state, known))
        }
        _ => json_answer(
            StatusCode::NOT_FOUND,
            None,
            &json!({ "error": format!("the report page is at {PAGE_PATH}; its data at {DATA_PATH}") }),
        ),
    };
    answer
        .headers_mut()
        .insert(CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    answer.extensions_mut().insert(ReportPageAnswer);
    answer
}

fn page() -> Answer {
    Response::builder()
        .status(StatusCode::OK)
        .header(CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Full::new(Bytes::from_static(PAGE.as_bytes())))
        .expect("static headers are valid")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageData {
    consumer: String,
    provider: String,
    request_count: u64,
    matched: bool,
    metrics: MetricsSnapshot,
    interactions: Vec<InteractionRow>,
    requests: Vec<ReceivedRequest>,
    problems: Vec<ProblemRow>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InteractionRow {
    description: String,
    method: String,
    path: String,
    status: u16,
    matched_count: u64,
}

#[derive(Serialize)]
struct ProblemRow {
    summary: String,
    /// The problem as `verify()` prints it, JSON diff included.
    report: String,
    result: MatchResult,
}

/// Everything the page shows; only `{ unchanged, requestCount }` when the caller already has it.
fn data(state: &ServerState, known_request_count: Option<u64>) -> Value {
    let recorder = &state.recorder;
    let request_count = recorder.request_count();
    if known_request_count == Some(request_count) {
        return json!({ "unchanged": true, "requestCount": request_count });
    }
    let interactions = &state.pact.interactions;
    let data = PageData {
        consumer: state.pact.pact.consumer().name,
        provider: state.pact.pact.provider().name,
        request_count,
        matched: recorder.matched(),
        metrics: recorder.metrics(),
        interactions: interactions
            .iter()
            .enumerate()
            .map(|(index, interaction)| InteractionRow {
                description: interaction.description.clone(),
                method: interaction.request.method.clone(),
                path: interaction.request.path.clone(),
                status: interaction.response.status,
                matched_count: recorder.matched_count(index),
            })
            .collect(),
        requests: recorder.requests(interactions),
        problems: recorder
            .mismatches(interactions)
            .into_iter()
            .map(|result| ProblemRow {
                summary: one_line(&result),
                report: problem_report(&result, interactions),
                result,
            })
            .collect(),
    };
    serde_json::to_value(data).expect("page data always serialises")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use http_body_util::BodyExt;

    use super::*;
    use crate::engine::config::ServerConfig;
    use crate::engine::pact::load::{load_pact, PactSource};
    use crate::engine::service::answer_request;

    fn state(report: bool) -> ServerState {
        let pact = load_pact(PactSource::Json(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [
                {"description": "a user", "request": {"method": "GET", "path": "/users/1"}, "response": {"status": 200}},
                {"description": "the page from the pact", "request": {"method": "GET", "path": "/__pact/own"},
                 "response": {"status": 201}}
            ]
        })))
        .unwrap();
        let config = ServerConfig {
            report,
            ..ServerConfig::default()
        };
        ServerState::new(Arc::new(pact), config, "http://127.0.0.1:1", 1, Vec::new())
    }

    fn get(path: &str) -> HttpRequest {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        HttpRequest {
            method: "GET".into(),
            path: path.into(),
            query: pact_models::query_strings::parse_query_string(query),
            ..HttpRequest::default()
        }
    }

    async fn body(answer: Answer) -> String {
        String::from_utf8(answer.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_page_and_its_data_are_served_without_being_recorded() {
        let state = state(true);
        let page = answer_request(&state, get("/__pact/"), None).await;
        assert_eq!(page.status(), 200);
        assert!(page.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        let html = body(page).await;
        assert!(html.contains("<title>"), "{html}");
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "the page loads nothing external"
        );

        answer_request(&state, get("/users/1"), None).await;
        answer_request(&state, get("/users/1?extra=1"), None).await;
        let data: Value =
            serde_json::from_str(&body(answer_request(&state, get("/__pact/data"), None).await).await).unwrap();
        assert_eq!(data["consumer"], "web");
        assert_eq!(data["requestCount"], 2);
        assert_eq!(data["interactions"][0]["matchedCount"], 1);
        assert_eq!(data["requests"].as_array().unwrap().len(), 2);
        let kinds: Vec<&str> = data["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|problem| problem["result"]["type"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["request-mismatch", "missing-request"]);
        assert!(data["problems"][0]["report"]
            .as_str()
            .unwrap()
            .starts_with("1) Request-Mismatch"));
        assert_eq!(
            state.recorder.request_count(),
            2,
            "the page's requests are not recorded"
        );

        let unchanged = body(answer_request(&state, get("/__pact/data?since=2"), None).await).await;
        let unchanged: Value = serde_json::from_str(&unchanged).unwrap();
        assert_eq!(unchanged, json!({"unchanged": true, "requestCount": 2}));
    }

    #[tokio::test]
    async fn the_pact_answers_first_and_the_page_is_off_by_default() {
        let state_on = state(true);
        let own = answer_request(&state_on, get("/__pact/own"), None).await;
        assert_eq!(own.status(), 201);
        assert_eq!(state_on.recorder.request_count(), 1);

        let state_off = state(false);
        let page = answer_request(&state_off, get("/__pact/"), None).await;
        assert_eq!(
            page.status(),
            500,
            "without the option the page is an unexpected request"
        );
        assert_eq!(state_off.recorder.request_count(), 1);
    }
}
