//! One request: read → convert → choose → record → respond. Every request is recorded before
//! its response is sent, so `matched()` and `mismatches()` can be read synchronously.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use futures::FutureExt;
use http::{Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use pact_models::query_strings::parse_query_string;
use pact_models::v4::http_parts::HttpRequest;
use serde_json::json;

use super::choose::{choose, Choice};
use super::config::ServerConfig;
use super::cors::CorsRequest;
use super::error::panic_message;
use super::logs::{LogLevel, ServerLog};
use super::pact::load::LoadedPact;
use super::plugins::{self, RunningPlugin};
use super::record::Recorder;
use super::report::one_line;
use super::report_page::{self, ReportPageAnswer};
use super::request::to_pact_request;
use super::respond::{interaction_response, json_answer, mismatch_response, Answer, GeneratorContext};
use super::results::MatchResult;

/// Everything a running server's requests share.
pub struct ServerState {
    /// Shared with the other servers of the same pact text (pact::cache).
    pub pact: Arc<LoadedPact>,
    pub recorder: Recorder,
    pub config: ServerConfig,
    pub generator_context: GeneratorContext,
    pub log: ServerLog,
    /// The plugins that compare and generate bodies of their content types (none: no plugin).
    pub plugins: Vec<Arc<RunningPlugin>>,
}

impl ServerState {
    pub fn new(
        pact: Arc<LoadedPact>,
        config: ServerConfig,
        url: &str,
        port: u16,
        plugins: Vec<Arc<RunningPlugin>>,
    ) -> Self {
        ServerState {
            plugins,
            recorder: Recorder::new(pact.interactions.len(), config.request_log_limit),
            generator_context: GeneratorContext::new(url, port),
            log: ServerLog::new(config.log_level),
            pact,
            config,
        }
    }
}

pub async fn handle(state: Arc<ServerState>, request: Request<Incoming>) -> Result<Answer, Infallible> {
    // Kept to record a request whose answer panics; both clones are cheap (an enum, shared bytes).
    let (method, uri) = (request.method().clone(), request.uri().clone());
    let answer = std::panic::AssertUnwindSafe(answer(&state, request))
        .catch_unwind()
        .await;
    let answer = answer.unwrap_or_else(|payload| answer_panic(&state, &method, &uri, &panic_message(&payload)));
    if answer.extensions().get::<ReportPageAnswer>().is_some() {
        return Ok(answer);
    }
    Ok(log_answer(&state.log, &method, &uri, answer).await)
}

/// "answered" at info; at debug the whole response, whose body is already in memory.
async fn log_answer(log: &ServerLog, method: &Method, uri: &Uri, answer: Answer) -> Answer {
    log.log(LogLevel::Info, || {
        format!("answered {} to {method} {}", answer.status().as_u16(), uri.path())
    });
    if !log.enabled(LogLevel::Debug) {
        return answer;
    }
    let (parts, body) = answer.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(never) => match never {},
    };
    log.log(LogLevel::Debug, || {
        let headers: Vec<String> = parts
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
            .collect();
        format!(
            "response to {method} {}: {} [{}] {}",
            uri.path(),
            parts.status.as_u16(),
            headers.join(", "),
            String::from_utf8_lossy(&bytes)
        )
    });
    Answer::from_parts(parts, http_body_util::Full::new(bytes))
}

/// A panic while answering is a 500 and a recorded problem, so that `matched()` is false and
/// `mismatches()` says what failed; the request's headers and body are gone with the panic.
fn answer_panic(state: &ServerState, method: &Method, uri: &Uri, message: &str) -> Answer {
    let request = HttpRequest {
        method: method.as_str().to_string(),
        path: uri.path().to_string(),
        query: uri.query().and_then(parse_query_string),
        ..HttpRequest::default()
    };
    let error = format!(
        "{message} (a panic inside pact-mock-server; when the matched interaction's response has generators, check \
         them: a MockServerURL regex needs a capture group, RandomInt needs min <= max; otherwise please report it)"
    );
    answer_internal_error(state, request, error)
}

async fn answer(state: &ServerState, request: Request<Incoming>) -> Answer {
    if !state.config.cors {
        return answer_from_pact(state, request, None).await;
    }
    let cors = CorsRequest::of(request.method(), request.headers());
    let mut answer = answer_from_pact(state, request, Some(&cors)).await;
    cors.allow(&mut answer);
    answer
}

/// The pact's answer; with `cors` on, an unmatched preflight is answered as one instead.
async fn answer_from_pact(state: &ServerState, request: Request<Incoming>, cors: Option<&CorsRequest>) -> Answer {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, state.config.max_body_size).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            let request = to_pact_request(&parts, Bytes::new());
            return refuse_body(state, request, err);
        }
    };
    answer_request(state, to_pact_request(&parts, body), cors).await
}

/// Everything after reading: choose, record, respond. Recorded before the answer is returned.
pub async fn answer_request(state: &ServerState, request: HttpRequest, cors: Option<&CorsRequest>) -> Answer {
    let interactions = &state.pact.interactions;
    let plugins_of = (!state.plugins.is_empty()).then(|| (&state.plugins[..], state.config.plugin_timeout));
    let choice = choose(&state.pact.pact, interactions, &request, plugins_of).await;
    // The pact answers first; only a request it does not match may be for the report page.
    if state.config.report && report_page::is_page_path(&request.path) && !matches!(choice, Choice::Matched(_)) {
        return report_page::answer(state, &request);
    }
    state.log.log(LogLevel::Info, || {
        format!("request received: {} {}", request.method, request.path)
    });
    state.log.log(LogLevel::Debug, || {
        let summary = super::results::RequestSummary::of(&request);
        format!(
            "request: {}",
            serde_json::to_string(&summary).unwrap_or_else(|err| err.to_string())
        )
    });
    if let Some(preflight) = cors.filter(|cors| cors.is_preflight()) {
        // A pact may describe the preflight itself; only one it does not describe is ours to answer.
        if !matches!(choice, Choice::Matched(_)) {
            state.log.log(LogLevel::Info, || {
                format!("answered the CORS preflight {} (option cors)", request.path)
            });
            state.recorder.record_cors_preflight(request);
            return preflight.preflight_answer();
        }
    }
    match choice {
        Choice::Matched(index) => {
            // Generated before recording, so that a generator's panic is recorded once, as itself.
            let answer = if state.plugins.is_empty() {
                interaction_response(&interactions[index].response, &state.generator_context).await
            } else {
                let generated = plugins::generate_response_body(
                    &state.plugins,
                    &state.pact.pact,
                    &interactions[index],
                    state.config.plugin_timeout,
                )
                .await;
                match generated {
                    None => interaction_response(&interactions[index].response, &state.generator_context).await,
                    Some(Ok(response)) => interaction_response(&response, &state.generator_context).await,
                    Some(Err(error)) => return answer_internal_error(state, request, error),
                }
            };
            state.log.log(LogLevel::Info, || {
                format!("matched interaction '{}'", interactions[index].description)
            });
            state.recorder.record_match(index, request);
            answer
        }
        Choice::Mismatched { index, mismatches } => {
            let mut result =
                MatchResult::request_mismatch(&interactions[index].description, index, &request, mismatches);
            if let Some(plugin) = plugins::content_plugin(&state.plugins, &interactions[index].request) {
                result = result.with_body_compared_by(&plugin);
            }
            let answer = mismatch_response(&result);
            state.log.log(LogLevel::Warn, || one_line(&result));
            state.recorder.record_problem(result, request);
            answer
        }
        Choice::Failed(error) => answer_internal_error(state, request, error),
        Choice::NotFound => {
            let result = MatchResult::request_not_found(&request);
            let answer = mismatch_response(&result);
            state.log.log(LogLevel::Warn, || one_line(&result));
            state.recorder.record_problem(result, request);
            answer
        }
    }
}

/// A failure of the server's own (a plugin's crash or silence): a 500 recorded as internal-error.
fn answer_internal_error(state: &ServerState, request: HttpRequest, error: String) -> Answer {
    state.log.log(LogLevel::Error, || {
        format!("answering {} {} failed: {error}", request.method, request.path)
    });
    let answer = mismatch_response(&MatchResult::internal_error(&request, error.clone()));
    state.recorder.record_internal_error(request, error);
    answer
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
    state.log.log(LogLevel::Warn, || {
        format!("refused {} {}: {reason}", request.method, request.path)
    });
    state.recorder.record_rejected(request, status.as_u16(), reason);
    answer
}
