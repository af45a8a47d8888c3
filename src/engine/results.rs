//! What `mismatches()` reports: the reference mock server's envelope, plus the fields api.md
//! marks as ours. Plain serde types, so the binding only has to hand them to JavaScript.

use std::collections::BTreeMap;

use base64::Engine as _;
use bytes::Bytes;
use pact_matching::Mismatch;
use pact_models::v4::http_parts::HttpRequest;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum MatchResult {
    RequestMismatch {
        method: String,
        path: String,
        mismatches: Vec<MismatchItem>,
        interaction: String,
        /// Where the interaction is among the served ones, for reports that show its body.
        #[serde(skip)]
        interaction_index: usize,
        request: RequestSummary,
    },
    RequestNotFound {
        method: String,
        path: String,
        request: RequestSummary,
    },
    MissingRequest {
        method: String,
        path: String,
        request: RequestSummary,
        interaction: String,
    },
    /// Answering the request failed inside the server (a panic), so it got a 500 the pact does
    /// not describe. Never the request's fault; `error` says what failed.
    InternalError {
        method: String,
        path: String,
        request: RequestSummary,
        error: String,
    },
    /// A problem that a plugin's mock server (a transport such as gRPC) reported.
    TransportMismatch {
        transport: String,
        plugin: String,
        /// What the plugin names the request or interaction by (for gRPC: service/method).
        path: String,
        error: String,
        mismatches: Vec<MismatchItem>,
    },
}

impl MatchResult {
    pub fn request_mismatch(
        interaction: &str,
        interaction_index: usize,
        request: &HttpRequest,
        mismatches: Vec<Mismatch>,
    ) -> Self {
        MatchResult::RequestMismatch {
            method: request.method.clone(),
            path: request.path.clone(),
            mismatches: ordered_items(mismatches),
            interaction: interaction.to_string(),
            interaction_index,
            request: RequestSummary::of(request),
        }
    }

    pub fn request_not_found(request: &HttpRequest) -> Self {
        MatchResult::RequestNotFound {
            method: request.method.clone(),
            path: request.path.clone(),
            request: RequestSummary::of(request),
        }
    }

    pub fn missing_request(interaction: &str, expected: &HttpRequest) -> Self {
        MatchResult::MissingRequest {
            method: expected.method.clone(),
            path: expected.path.clone(),
            request: RequestSummary::of(expected),
            interaction: interaction.to_string(),
        }
    }

    pub fn internal_error(request: &HttpRequest, error: String) -> Self {
        MatchResult::InternalError {
            method: request.method.clone(),
            path: request.path.clone(),
            request: RequestSummary::of(request),
            error,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            MatchResult::RequestMismatch { .. } => "request-mismatch",
            MatchResult::RequestNotFound { .. } => "request-not-found",
            MatchResult::MissingRequest { .. } => "missing-request",
            MatchResult::InternalError { .. } => "internal-error",
            MatchResult::TransportMismatch { .. } => "transport-mismatch",
        }
    }

    /// The body differences of a request-mismatch as a plugin's, when `plugin` compared the body.
    pub fn with_body_compared_by(mut self, plugin: &str) -> Self {
        if let MatchResult::RequestMismatch { mismatches, .. } = &mut self {
            for item in mismatches.iter_mut() {
                if let MismatchItem::BodyMismatch {
                    path,
                    expected,
                    actual,
                    mismatch,
                } = item
                {
                    *item = MismatchItem::PluginMismatch {
                        plugin: plugin.to_string(),
                        path: std::mem::take(path),
                        expected: expected.take(),
                        actual: actual.take(),
                        mismatch: std::mem::take(mismatch),
                    };
                }
            }
        }
        self
    }
}

/// One difference inside a request-mismatch, in pact_matching's own words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum MismatchItem {
    MethodMismatch {
        expected: String,
        actual: String,
        mismatch: String,
    },
    PathMismatch {
        expected: String,
        actual: String,
        mismatch: String,
    },
    QueryMismatch {
        parameter: String,
        expected: String,
        actual: String,
        mismatch: String,
    },
    HeaderMismatch {
        key: String,
        expected: String,
        actual: String,
        mismatch: String,
    },
    BodyTypeMismatch {
        expected: String,
        actual: String,
        mismatch: String,
        #[serde(rename = "expectedBody")]
        expected_body: Option<String>,
        #[serde(rename = "actualBody")]
        actual_body: Option<String>,
    },
    BodyMismatch {
        path: String,
        expected: Option<String>,
        actual: Option<String>,
        mismatch: String,
    },
    /// A difference a plugin found (in a body of its content type, or over its transport).
    PluginMismatch {
        plugin: String,
        path: String,
        expected: Option<String>,
        actual: Option<String>,
        mismatch: String,
    },
}

impl MismatchItem {
    /// Where the item sorts inside a request-mismatch: method, path, query, headers, body.
    fn rank(&self) -> (u8, &str) {
        match self {
            MismatchItem::MethodMismatch { .. } => (0, ""),
            MismatchItem::PathMismatch { .. } => (1, ""),
            MismatchItem::QueryMismatch { parameter, .. } => (2, parameter),
            MismatchItem::HeaderMismatch { key, .. } => (3, key),
            MismatchItem::BodyTypeMismatch { .. } => (4, ""),
            MismatchItem::BodyMismatch { path, .. } | MismatchItem::PluginMismatch { path, .. } => (5, path),
        }
    }

    pub fn mismatch(&self) -> &str {
        match self {
            MismatchItem::MethodMismatch { mismatch, .. }
            | MismatchItem::PathMismatch { mismatch, .. }
            | MismatchItem::QueryMismatch { mismatch, .. }
            | MismatchItem::HeaderMismatch { mismatch, .. }
            | MismatchItem::BodyTypeMismatch { mismatch, .. }
            | MismatchItem::BodyMismatch { mismatch, .. }
            | MismatchItem::PluginMismatch { mismatch, .. } => mismatch,
        }
    }
}

/// pact_matching reports query, header and body results from hash maps; sorting by part and key
/// (stable, so items under one key keep pact_matching's order) makes every run report the same.
fn ordered_items(mismatches: Vec<Mismatch>) -> Vec<MismatchItem> {
    let mut items: Vec<MismatchItem> = mismatches.into_iter().filter_map(item_of).collect();
    items.sort_by(|a, b| a.rank().cmp(&b.rank()));
    items
}

fn item_of(mismatch: Mismatch) -> Option<MismatchItem> {
    let description = mismatch.description();
    Some(match mismatch {
        // pact_matching leaves the text of a method mismatch empty; its description fills it in.
        Mismatch::MethodMismatch { expected, actual, .. } => MismatchItem::MethodMismatch {
            expected,
            actual,
            mismatch: description,
        },
        Mismatch::PathMismatch {
            expected,
            actual,
            mismatch,
        } => MismatchItem::PathMismatch {
            expected,
            actual,
            mismatch,
        },
        Mismatch::QueryMismatch {
            parameter,
            expected,
            actual,
            mismatch,
        } => MismatchItem::QueryMismatch {
            parameter,
            expected,
            actual,
            mismatch,
        },
        Mismatch::HeaderMismatch {
            key,
            expected,
            actual,
            mismatch,
        } => MismatchItem::HeaderMismatch {
            key,
            expected,
            actual,
            mismatch,
        },
        Mismatch::BodyTypeMismatch {
            expected,
            actual,
            mismatch,
            expected_body,
            actual_body,
        } => MismatchItem::BodyTypeMismatch {
            expected,
            actual,
            mismatch,
            expected_body: expected_body.as_ref().map(lossy_text),
            actual_body: actual_body.as_ref().map(lossy_text),
        },
        Mismatch::BodyMismatch {
            path,
            expected,
            actual,
            mismatch,
        } => MismatchItem::BodyMismatch {
            path,
            expected: expected.as_ref().map(lossy_text),
            actual: actual.as_ref().map(lossy_text),
            mismatch,
        },
        // Requests have no status and no metadata.
        Mismatch::StatusMismatch { .. } | Mismatch::MetadataMismatch { .. } => return None,
    })
}

fn lossy_text(bytes: &Bytes) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One entry of `requests()`: a request as received, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceivedRequest {
    /// Arrival number, from 1; entries older than the log limit are gone, their numbers too.
    pub seq: u64,
    #[serde(flatten)]
    pub request: RequestSummary,
    pub outcome: RequestOutcome,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RequestOutcome {
    Matched {
        interaction: String,
    },
    Mismatched {
        interaction: String,
        mismatches: Vec<MismatchItem>,
    },
    NotFound,
    Rejected {
        status: u16,
        reason: String,
    },
    /// An unmatched CORS preflight that the `cors` option answered with 204.
    CorsPreflight,
    /// Answering failed inside the server (a panic): answered 500 and reported by `mismatches()`.
    InternalError {
        error: String,
    },
}

/// A request as a report shows it: api.md's `Request`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestSummary {
    pub method: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<BTreeMap<String, Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl RequestSummary {
    pub fn of(request: &HttpRequest) -> Self {
        RequestSummary {
            method: request.method.clone(),
            path: request.path.clone(),
            query: request.query.as_ref().map(|query| {
                query
                    .iter()
                    .map(|(key, values)| {
                        let values = values.iter().map(|value| value.clone().unwrap_or_default()).collect();
                        (key.clone(), values)
                    })
                    .collect()
            }),
            headers: request.headers.as_ref().map(|headers| {
                headers
                    .iter()
                    .map(|(name, values)| (name.clone(), values.join(", ")))
                    .collect()
            }),
            body: body_summary(request),
        }
    }
}

/// Parsed JSON for JSON bodies, text for text, base64 for anything that is not text.
fn body_summary(request: &HttpRequest) -> Option<Value> {
    let bytes = request.body.value().filter(|bytes| !bytes.is_empty())?;
    let content_type = request.content_type();
    if content_type.as_ref().is_some_and(|ct| ct.is_json()) {
        if let Ok(json) = serde_json::from_slice(&bytes) {
            return Some(json);
        }
    }
    let binary = content_type.as_ref().is_some_and(|ct| ct.is_binary());
    match std::str::from_utf8(&bytes) {
        Ok(text) if !binary => Some(Value::String(text.to_string())),
        _ => Some(Value::String(base64::engine::general_purpose::STANDARD.encode(&bytes))),
    }
}

#[cfg(test)]
mod tests {
    use maplit::hashmap;
    use pact_models::bodies::OptionalBody;
    use pact_models::content_types::ContentType;
    use serde_json::json;

    use super::*;

    #[test]
    fn items_sort_method_path_query_headers_body() {
        let items = ordered_items(vec![
            Mismatch::BodyMismatch {
                path: "$.a".into(),
                expected: Some(Bytes::from_static(b"1")),
                actual: Some(Bytes::from_static(b"2")),
                mismatch: "body".into(),
            },
            Mismatch::HeaderMismatch {
                key: "x-b".into(),
                expected: "1".into(),
                actual: "2".into(),
                mismatch: "b".into(),
            },
            Mismatch::HeaderMismatch {
                key: "x-a".into(),
                expected: "1".into(),
                actual: "2".into(),
                mismatch: "a".into(),
            },
            Mismatch::QueryMismatch {
                parameter: "q".into(),
                expected: "1".into(),
                actual: "2".into(),
                mismatch: "q".into(),
            },
            Mismatch::MethodMismatch {
                expected: "GET".into(),
                actual: "POST".into(),
                mismatch: String::new(),
            },
        ]);
        let kinds: Vec<&str> = items.iter().map(|item| item.mismatch()).collect();
        assert_eq!(kinds, vec!["expected GET but was POST", "q", "a", "b", "body"]);
    }

    #[test]
    fn serialises_in_the_reference_shape() {
        let request = HttpRequest {
            method: "POST".into(),
            path: "/users".into(),
            query: Some(hashmap! {"page".to_string() => vec![Some("1".to_string()), None]}),
            headers: Some(hashmap! {"accept".to_string() => vec!["a".to_string(), "b".to_string()]}),
            body: OptionalBody::Present(
                Bytes::from_static(b"{\"id\":1}"),
                Some(ContentType::parse("application/json").unwrap()),
                None,
            ),
            ..HttpRequest::default()
        };
        let result = MatchResult::request_mismatch(
            "create a user",
            0,
            &request,
            vec![Mismatch::BodyTypeMismatch {
                expected: "text/plain".into(),
                actual: "application/json".into(),
                mismatch: "wrong type".into(),
                expected_body: None,
                actual_body: Some(Bytes::from_static(b"{}")),
            }],
        );
        assert_eq!(
            serde_json::to_value(&result).unwrap(),
            json!({
                "type": "request-mismatch", "method": "POST", "path": "/users",
                "interaction": "create a user",
                "mismatches": [{"type": "BodyTypeMismatch", "expected": "text/plain", "actual": "application/json",
                                "mismatch": "wrong type", "expectedBody": null, "actualBody": "{}"}],
                "request": {"method": "POST", "path": "/users", "query": {"page": ["1", ""]},
                            "headers": {"accept": "a, b"}, "body": {"id": 1}}
            })
        );
    }

    #[test]
    fn binary_bodies_are_base64_and_text_stays_text() {
        let mut request = HttpRequest {
            body: OptionalBody::Present(
                Bytes::from_static(b"\x00\x01\xff"),
                Some(ContentType::parse("application/octet-stream").unwrap()),
                None,
            ),
            ..HttpRequest::default()
        };
        assert_eq!(RequestSummary::of(&request).body, Some(json!("AAH/")));
        request.body = OptionalBody::Present(
            Bytes::from_static(b"hello"),
            Some(ContentType::parse("text/plain").unwrap()),
            None,
        );
        assert_eq!(RequestSummary::of(&request).body, Some(json!("hello")));
    }
}
