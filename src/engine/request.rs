//! One HTTP request as it arrived, turned into the pact_models request that matching compares.

use std::collections::HashMap;

use bytes::Bytes;
use http::request::Parts;
use http::HeaderValue;
use pact_models::bodies::OptionalBody;
use pact_models::content_types::{detect_content_type_from_bytes, ContentType};
use pact_models::headers::parse_header;
use pact_models::query_strings::parse_query_string;
use pact_models::v4::http_parts::HttpRequest;

pub fn to_pact_request(parts: &Parts, body: Bytes) -> HttpRequest {
    let headers = headers_of(parts);
    let body = if body.is_empty() {
        OptionalBody::Empty
    } else {
        let content_type = headers
            .get("content-type")
            .and_then(|values| values.first())
            .and_then(|value| ContentType::parse(value.as_str()).ok())
            .unwrap_or_else(|| detected_content_type(&body));
        OptionalBody::Present(body, Some(content_type), None)
    };
    HttpRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().and_then(parse_query_string),
        headers: (!headers.is_empty()).then_some(headers),
        body,
        ..HttpRequest::default()
    }
}

/// For a body sent without a Content-Type: binary formats by their magic bytes, then JSON, XML
/// or text by their look, and anything else as an octet stream.
fn detected_content_type(body: &[u8]) -> ContentType {
    infer::get(body)
        .and_then(|kind| ContentType::parse(kind.mime_type()).ok())
        .or_else(|| detect_content_type_from_bytes(body))
        .unwrap_or_else(|| ContentType::parse("application/octet-stream").expect("a valid content type"))
}

/// Header names lower-cased, every line of a repeated header kept in order, and list headers
/// (Accept and friends) split on commas the way pact_models splits the expected ones.
fn headers_of(parts: &Parts) -> HashMap<String, Vec<String>> {
    let mut headers: HashMap<String, Vec<String>> = HashMap::new();
    for (name, value) in &parts.headers {
        let values = parse_header(name.as_str(), &header_text(value));
        headers.entry(name.as_str().to_string()).or_default().extend(values);
    }
    headers
}

/// Header bytes as text: UTF-8 when they are, otherwise ISO-8859-1, so that no byte is refused.
pub fn header_text(value: &HeaderValue) -> String {
    match std::str::from_utf8(value.as_bytes()) {
        Ok(text) => text.to_string(),
        Err(_) => value.as_bytes().iter().map(|&byte| byte as char).collect(),
    }
}

#[cfg(test)]
mod tests {
    use http::Request;

    use super::*;

    fn convert(request: Request<()>, body: &'static [u8]) -> HttpRequest {
        let (parts, ()) = request.into_parts();
        to_pact_request(&parts, Bytes::from_static(body))
    }

    #[test]
    fn method_as_sent_and_raw_path() {
        let request = convert(Request::builder().method("get").uri("/a%20b/c").body(()).unwrap(), b"");
        assert_eq!(request.method, "get");
        assert_eq!(request.path, "/a%20b/c");
        assert_eq!(request.query, None);
        assert_eq!(request.body, OptionalBody::Empty);
    }

    #[test]
    fn query_is_decoded_with_repeated_keys_in_order() {
        let request = convert(
            Request::builder()
                .uri("/?b=2&a=x%26y&b=1&flag&sp=a%20b")
                .body(())
                .unwrap(),
            b"",
        );
        let query = request.query.unwrap();
        assert_eq!(query["b"], vec![Some("2".to_string()), Some("1".to_string())]);
        assert_eq!(query["a"], vec![Some("x&y".to_string())]);
        assert_eq!(query["flag"], vec![None]);
        assert_eq!(query["sp"], vec![Some("a b".to_string())]);
    }

    #[test]
    fn headers_are_lower_cased_with_all_values_and_only_list_headers_split() {
        let request = convert(
            Request::builder()
                .header("X-Trace", "a, b")
                .header("Accept", "text/plain, application/json")
                .header("x-repeat", "1")
                .header("X-Repeat", "2")
                .header("x-latin", HeaderValue::from_bytes(b"caf\xe9").unwrap())
                .body(())
                .unwrap(),
            b"",
        );
        let headers = request.headers.unwrap();
        assert_eq!(headers["x-trace"], vec!["a, b"]);
        assert_eq!(headers["accept"], vec!["text/plain", "application/json"]);
        assert_eq!(headers["x-repeat"], vec!["1", "2"]);
        assert_eq!(headers["x-latin"], vec!["café"]);
    }

    #[test]
    fn body_content_type_comes_from_the_header_or_the_bytes() {
        let request = convert(
            Request::builder()
                .header("Content-Type", "application/vnd.api+json")
                .body(())
                .unwrap(),
            b"{\"a\":1}",
        );
        assert!(request.content_type().unwrap().is_json());
        assert_eq!(request.body.value().unwrap(), Bytes::from_static(b"{\"a\":1}"));

        let request = convert(Request::builder().body(()).unwrap(), b"{\"a\": [1, 2]}");
        assert!(request.content_type().unwrap().is_json());

        let request = convert(Request::builder().body(()).unwrap(), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        assert_eq!(request.content_type().unwrap().base_type().to_string(), "image/png");
    }
}
