//! What goes back on the wire: the matched interaction's response with its generators applied,
//! or the 500 that explains a mismatch.

use std::collections::HashMap;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{Response, StatusCode};
use http_body_util::Full;
use pact_matching::generate_response;
use pact_models::generators::GeneratorTestMode;
use pact_models::v4::http_parts::HttpResponse;
use serde::Serialize;
use serde_json::{json, Value};
use tracing::warn;

use super::report;
use super::results::MatchResult;

pub type Answer = Response<Full<Bytes>>;

/// What generators may read: the MockServerURL generator takes this server's real url.
pub struct GeneratorContext {
    values: Value,
}

impl GeneratorContext {
    pub fn new(url: &str, port: u16) -> Self {
        GeneratorContext {
            values: json!({ "url": url, "port": port }),
        }
    }
}

pub async fn interaction_response(response: &HttpResponse, context: &GeneratorContext) -> Answer {
    if response.generators.categories.is_empty() {
        return to_answer(response);
    }
    let generator_context = HashMap::from([("mockServer", context.values.clone())]);
    let generated = generate_response(response, &GeneratorTestMode::Consumer, &generator_context).await;
    to_answer(&generated)
}

fn to_answer(response: &HttpResponse) -> Answer {
    let status = StatusCode::from_u16(response.status).unwrap_or_else(|_| {
        warn!(
            status = response.status,
            "the pact's response status is not a valid HTTP status; answering 500"
        );
        StatusCode::INTERNAL_SERVER_ERROR
    });
    let mut answer = Response::builder().status(status);
    let headers = answer.headers_mut().expect("a fresh builder has headers");
    for (name, values) in response.headers.iter().flatten() {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            warn!(header = %name, "skipping a response header whose name is not valid HTTP");
            continue;
        };
        for value in values {
            match HeaderValue::from_str(value) {
                Ok(value) => {
                    headers.append(name.clone(), value);
                }
                Err(_) => warn!(header = %name, "skipping a response header value that is not valid HTTP"),
            }
        }
    }
    let body = response.body.value().unwrap_or_default();
    if !body.is_empty() && !headers.contains_key(CONTENT_TYPE) {
        if let Some(content_type) = response.content_type() {
            if let Ok(value) = HeaderValue::from_str(&content_type.to_string()) {
                headers.insert(CONTENT_TYPE, value);
            }
        }
    }
    answer.body(Full::new(body)).expect("status and headers were validated")
}

/// The 500 for a request that matched nothing (or whose answer failed): `X-Pact` says which kind,
/// the JSON body says why.
pub fn mismatch_response(result: &MatchResult) -> Answer {
    let kind = match result {
        MatchResult::RequestMismatch { .. } => "Request-Mismatch",
        MatchResult::InternalError { .. } => "Internal-Error",
        _ => "Unexpected-Request",
    };
    let body = MismatchBody {
        error: report::one_line(result),
        mismatches: [result],
    };
    json_answer(StatusCode::INTERNAL_SERVER_ERROR, Some(kind), &body)
}

/// A struct rather than `json!` so that the fields keep this order on the wire.
#[derive(Serialize)]
struct MismatchBody<'a> {
    error: String,
    mismatches: [&'a MatchResult; 1],
}

pub fn json_answer(status: StatusCode, x_pact: Option<&'static str>, body: &impl Serialize) -> Answer {
    let mut answer = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/json; charset=utf-8");
    if let Some(kind) = x_pact {
        answer = answer.header("X-Pact", kind);
    }
    answer
        .body(Full::new(Bytes::from(
            serde_json::to_vec(body).expect("report types always serialise"),
        )))
        .expect("static headers are valid")
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;
    use serde_json::json;

    use super::*;
    use crate::engine::pact::load::{load_pact, PactSource};

    async fn body_text(answer: Answer) -> String {
        let bytes = answer.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn applies_generators_in_consumer_mode_with_the_server_url() {
        let loaded = load_pact(PactSource::Json(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [{"description": "one", "request": {"method": "GET", "path": "/"},
              "response": {"status": 200, "body": {"id": 1, "link": "http://example.com/users/1"},
                "generators": {"body": {
                  "$.id": {"type": "RandomInt", "min": 100, "max": 200},
                  "$.link": {"type": "MockServerURL", "example": "http://example.com/users/1", "regex": ".*(/users/\\d+)$"}
                }}}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        })))
        .unwrap();
        let context = GeneratorContext::new("http://127.0.0.1:1234", 1234);
        let answer = interaction_response(&loaded.interactions[0].response, &context).await;
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers()[CONTENT_TYPE], "application/json");
        let body: Value = serde_json::from_str(&body_text(answer).await).unwrap();
        let id = body["id"].as_i64().unwrap();
        assert!((100..=200).contains(&id), "{body}");
        assert_eq!(body["link"], "http://127.0.0.1:1234/users/1");
    }

    #[tokio::test]
    async fn keeps_repeated_headers_and_status() {
        let loaded = load_pact(PactSource::Json(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [{"description": "one", "request": {"method": "GET", "path": "/"},
              "response": {"status": 201, "headers": {"Set-Cookie": ["a=1", "b=2"], "Content-Type": "text/plain"},
                           "body": "created"}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        })))
        .unwrap();
        let answer = interaction_response(&loaded.interactions[0].response, &GeneratorContext::new("u", 1)).await;
        assert_eq!(answer.status(), 201);
        let cookies: Vec<_> = answer.headers().get_all("set-cookie").iter().collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(body_text(answer).await, "created");
    }
}
