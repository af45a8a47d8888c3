//! One request: read → convert → choose → record → respond. Every request is recorded before
//! its response is sent, so `matched()` and `mismatches()` can be read synchronously.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use futures::FutureExt;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use pact_models::v4::http_parts::HttpRequest;
use serde_json::json;
use tracing::{debug, error};

use super::choose::{choose, Choice};
use super::config::ServerConfig;
use super::error::panic_message;
use super::pact_load::LoadedPact;
use super::record::Recorder;
use super::request::to_pact_request;
use super::respond::{interaction_response, json_answer, mismatch_response, Answer, GeneratorContext};
use super::results::MatchResult;

/// Everything a running server's requests share.
pub struct ServerState {
    /// Shared with the other servers of the same pact text (pact_cache).
    pub pact: Arc<LoadedPact>,
    pub recorder: Recorder,
    pub config: ServerConfig,
    pub generator_context: GeneratorContext,
}

pub async fn handle(state: Arc<ServerState>, request: Request<Incoming>) -> Result<Answer, Infallible> {
    let answer = std::panic::AssertUnwindSafe(answer(&state, request))
        .catch_unwind()
        .await;
    Ok(answer.unwrap_or_else(|payload| {
        let message = panic_message(&payload);
        error!("panic while answering a request: {message}");
        json_answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            &json!({ "error": format!("pact-mock-server failed while answering this request (a bug, please report it): {message}") }),
        )
    }))
}

async fn answer(state: &ServerState, request: Request<Incoming>) -> Answer {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, state.config.max_body_size).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            let request = to_pact_request(&parts, Bytes::new());
            return refuse_body(state, request, err);
        }
    };
    let request = to_pact_request(&parts, body);
    debug!(method = %request.method, path = %request.path, "request received");
    let interactions = &state.pact.interactions;
    match choose(&state.pact.pact, interactions, &request).await {
        Choice::Matched(index) => {
            state.recorder.record_match(index, request);
            interaction_response(&interactions[index].response, &state.generator_context).await
        }
        Choice::Mismatched { index, mismatches } => {
            let result = MatchResult::request_mismatch(&interactions[index].description, index, &request, mismatches);
            let answer = mismatch_response(&result);
            state.recorder.record_problem(result, request);
            answer
        }
        Choice::NotFound => {
            let result = MatchResult::request_not_found(&request);
            let answer = mismatch_response(&result);
            state.recorder.record_problem(result, request);
            answer
        }
    }
}

fn refuse_body(state: &ServerState, request: HttpRequest, err: Box<dyn std::error::Error + Send + Sync>) -> Answer {
    let (status, reason) = if err.is::<http_body_util::LengthLimitError>() {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request body is larger than the limit of {} bytes (option maxBodySize)",
                state.config.max_body_size
            ),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            format!("the request body could not be read: {err}"),
        )
    };
    let answer = json_answer(status, None, &json!({ "error": reason }));
    state.recorder.record_rejected(request, status.as_u16(), reason);
    answer
}
