//! What a request must look like to match, end to end over a socket: every body kind, matching
//! rules in every pact format, repeated values and header bytes that are not plain ASCII.

use base64::Engine as _;
use serde_json::{json, Value};

use super::tests::send_raw;
use super::*;

/// One interaction answering 200, at the given specification version.
fn pact_of(version: &str, request: Value) -> Value {
    let mut interaction = json!({"description": "the interaction", "request": request, "response": {"status": 200}});
    if version.starts_with('4') {
        interaction["type"] = json!("Synchronous/HTTP");
    }
    json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": version}}
    })
}

/// An HTTP/1.1 request, header values as raw bytes, with framing headers added.
fn raw(method: &str, target: &str, headers: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut raw = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n").into_bytes();
    for (name, value) in headers {
        raw.extend_from_slice(name.as_bytes());
        raw.extend_from_slice(b": ");
        raw.extend_from_slice(value);
        raw.extend_from_slice(b"\r\n");
    }
    if !body.is_empty() {
        raw.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    raw
}

/// What the server made of one request: the status, and the mismatch texts it recorded (empty
/// when it matched). A request that got no recorded verdict fails the test.
async fn outcome(pact: Value, request: Vec<u8>) -> (u16, Vec<String>) {
    let server = start(PactSource::Json(pact), ServerConfig::default()).await.unwrap();
    let response = send_raw(server.port(), &request).await;
    let results = serde_json::to_value(server.mismatches()).unwrap();
    server.shutdown().await.unwrap();
    let results = results.as_array().unwrap();
    if response.status == 200 {
        assert_eq!(results.len(), 0, "matched, yet problems were recorded: {results:#?}");
        return (200, vec![]);
    }
    let recorded = results
        .iter()
        .find(|result| result["type"] != "missing-request")
        .unwrap_or_else(|| panic!("status {} but nothing was recorded: {results:#?}", response.status));
    let texts = recorded["mismatches"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item["mismatch"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_else(|| vec![recorded["type"].as_str().unwrap().to_string()]);
    (response.status, texts)
}

async fn assert_matches(pact: Value, request: Vec<u8>) {
    let (status, mismatches) = outcome(pact, request).await;
    assert_eq!((status, mismatches), (200, vec![]));
}

/// Fails unless the request is refused with a mismatch whose text contains `text`.
async fn assert_mismatch(pact: Value, request: Vec<u8>, text: &str) {
    let (status, mismatches) = outcome(pact, request).await;
    assert_eq!(status, 500, "{mismatches:?}");
    assert!(
        mismatches.iter().any(|mismatch| mismatch.contains(text)),
        "no mismatch says {text:?}: {mismatches:#?}"
    );
}

// ---- bodies ------------------------------------------------------------------------------

#[tokio::test]
async fn json_bodies_by_content_type_plus_json_and_without_content_type() {
    let pact = |content_type: &str| {
        pact_of(
            "3.0.0",
            json!({"method": "POST", "path": "/", "headers": {"Content-Type": content_type},
                   "body": {"id": 1, "tags": ["a"]},
                   "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}}),
        )
    };
    let json = |content_type: &'static str, body: &'static str| {
        raw(
            "POST",
            "/",
            &[("Content-Type", content_type.as_bytes())],
            body.as_bytes(),
        )
    };
    assert_matches(
        pact("application/json"),
        json("application/json", r#"{"tags":["a"],"id":42}"#),
    )
    .await;
    assert_matches(
        pact("application/vnd.api+json"),
        json("application/vnd.api+json; charset=utf-8", r#"{"id":7,"tags":["a"]}"#),
    )
    .await;
    assert_mismatch(
        pact("application/json"),
        json("application/json", r#"{"id":"7","tags":["a"]}"#),
        "Expected '7' (String) to be an integer",
    )
    .await;
    // No Content-Type on either side: the bytes say JSON.
    let untyped = pact_of("2.0.0", json!({"method": "POST", "path": "/", "body": {"id": 1}}));
    assert_matches(untyped.clone(), raw("POST", "/", &[], br#"{"id": 1}"#)).await;
    assert_mismatch(
        untyped,
        raw("POST", "/", &[], br#"{"id": 2}"#),
        "Expected 2 (Integer) to be equal to 1 (Integer)",
    )
    .await;
}

#[tokio::test]
async fn xml_bodies_by_elements_attributes_and_text() {
    let pact = pact_of(
        "4.0",
        json!({"method": "POST", "path": "/", "headers": {"Content-Type": "application/xml"},
               "body": {"contentType": "application/xml", "encoded": false,
                        "content": "<?xml version=\"1.0\"?><user id=\"1\"><name>Ann</name><role>admin</role></user>"},
               "matchingRules": {"body": {
                   "$.user['@id']": {"matchers": [{"match": "integer"}]},
                   "$.user.name.#text": {"matchers": [{"match": "regex", "regex": "^[A-Z][a-z]+$"}]}}}}),
    );
    let xml = |body: &'static str| raw("POST", "/", &[("Content-Type", b"application/xml")], body.as_bytes());
    assert_matches(
        pact.clone(),
        xml("<user id=\"42\"><name>Bob</name><role>admin</role></user>"),
    )
    .await;
    assert_mismatch(
        pact.clone(),
        xml("<user id=\"x\"><name>Bob</name><role>admin</role></user>"),
        "Expected 'x' to match an integer number",
    )
    .await;
    assert_mismatch(
        pact.clone(),
        xml("<user id=\"4\"><name>bob</name><role>admin</role></user>"),
        "to match '^[A-Z][a-z]+$'",
    )
    .await;
    assert_mismatch(
        pact.clone(),
        xml("<user id=\"4\"><name>Bob</name><role>user</role></user>"),
        "Expected 'user' to be equal to 'admin'",
    )
    .await;
    assert_mismatch(
        pact,
        xml("<user id=\"4\"><name>Bob</name></user>"),
        "Expected child <role/> but was missing",
    )
    .await;
}

#[tokio::test]
async fn plain_text_bodies_by_equality_or_rule() {
    let exact = pact_of(
        "3.0.0",
        json!({"method": "POST", "path": "/", "headers": {"Content-Type": "text/plain"}, "body": "hello"}),
    );
    let text = |body: &'static str| {
        raw(
            "POST",
            "/",
            &[("Content-Type", b"text/plain; charset=utf-8")],
            body.as_bytes(),
        )
    };
    assert_matches(exact.clone(), text("hello")).await;
    assert_mismatch(
        exact,
        text("goodbye"),
        "Expected body 'hello' to match 'goodbye' using equality",
    )
    .await;
    let ruled = pact_of(
        "3.0.0",
        json!({"method": "POST", "path": "/", "headers": {"Content-Type": "text/plain"}, "body": "order 1",
               "matchingRules": {"body": {"$": {"matchers": [{"match": "regex", "regex": "^order \\d+$"}]}}}}),
    );
    assert_matches(ruled.clone(), text("order 77")).await;
    assert_mismatch(ruled, text("order x"), "to match '^order \\d+$'").await;
}

#[tokio::test]
async fn form_urlencoded_bodies_by_parameter() {
    let pact = pact_of(
        "3.0.0",
        json!({"method": "POST", "path": "/login",
               "headers": {"Content-Type": "application/x-www-form-urlencoded"},
               "body": "user=ann&age=30&tag=a&tag=b",
               "matchingRules": {"body": {"$.age": {"matchers": [{"match": "integer"}]},
                                          "$.tag": {"matchers": [{"match": "regex", "regex": "^[a-z]$"}]}}}}),
    );
    let form = |body: &'static str| {
        raw(
            "POST",
            "/login",
            &[("Content-Type", b"application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
    };
    assert_matches(pact.clone(), form("age=41&tag=x&user=ann&tag=y")).await;
    assert_mismatch(
        pact.clone(),
        form("user=ann&age=old&tag=a&tag=b"),
        "Expected 'old' to match an integer number",
    )
    .await;
    assert_mismatch(pact.clone(), form("user=ann&age=4&tag=a&tag=B"), "to match '^[a-z]$'").await;
    assert_mismatch(
        pact,
        form("user=bob&age=4&tag=a&tag=b"),
        "Expected form post parameter 'user' with value 'ann' but was 'bob'",
    )
    .await;
}

const BOUNDARY: &str = "XyZ";

fn multipart(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (headers, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";

#[tokio::test]
async fn multipart_form_data_by_field_and_file() {
    let expected = multipart(&[
        ("Content-Disposition: form-data; name=\"name\"", b"Ann"),
        (
            "Content-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png",
            PNG,
        ),
    ]);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let pact = pact_of(
        "4.0",
        json!({"method": "POST", "path": "/upload", "headers": {"Content-Type": content_type},
               "body": {"contentType": content_type, "encoded": "base64",
                        "content": base64::engine::general_purpose::STANDARD.encode(&expected)},
               "matchingRules": {"body": {
                   "$.name": {"matchers": [{"match": "regex", "regex": "^[A-Z][a-z]+$"}]},
                   "$.photo": {"matchers": [{"match": "contentType", "value": "image/png"}]}}}}),
    );
    let send = |name: &[u8], photo: &[u8]| {
        let body = multipart(&[
            ("Content-Disposition: form-data; name=\"name\"", name),
            (
                "Content-Disposition: form-data; name=\"photo\"; filename=\"b.png\"\r\nContent-Type: image/png",
                photo,
            ),
        ]);
        raw("POST", "/upload", &[("Content-Type", content_type.as_bytes())], &body)
    };
    assert_matches(pact.clone(), send(b"Bob", PNG)).await;
    assert_mismatch(pact.clone(), send(b"bob", PNG), "to match '^[A-Z][a-z]+$'").await;
    assert_mismatch(
        pact.clone(),
        send(b"Bob", JPEG),
        "Expected binary contents to have content type 'image/png' but detected contents was 'image/jpeg'",
    )
    .await;
    // Content-Transfer-Encoding: base64 is decoded before matching.
    let encoded = multipart(&[
        (
            "Content-Disposition: form-data; name=\"name\"\r\nContent-Transfer-Encoding: base64",
            b"Q2Fyb2w=",
        ),
        (
            "Content-Disposition: form-data; name=\"photo\"; filename=\"c.png\"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64",
            base64::engine::general_purpose::STANDARD.encode(PNG).as_bytes(),
        ),
    ]);
    assert_matches(
        pact,
        raw(
            "POST",
            "/upload",
            &[("Content-Type", content_type.as_bytes())],
            &encoded,
        ),
    )
    .await;
}

#[tokio::test]
async fn multipart_mixed_by_part_order() {
    let content_type = format!("multipart/mixed; boundary={BOUNDARY}");
    let expected = multipart(&[
        ("Content-Type: application/json", br#"{"id": 1}"#),
        ("Content-Type: text/plain", b"note"),
    ]);
    let pact = pact_of(
        "4.0",
        json!({"method": "POST", "path": "/batch", "headers": {"Content-Type": content_type},
               "body": {"contentType": content_type, "encoded": false,
                        "content": String::from_utf8(expected).unwrap()},
               "matchingRules": {"body": {"$.0.id": {"matchers": [{"match": "integer"}]}}}}),
    );
    let send = |first: &[u8], second: &[u8], encoding: &str| {
        let body = multipart(&[
            (&format!("Content-Type: application/json{encoding}"), first),
            ("Content-Type: text/plain", second),
        ]);
        raw("POST", "/batch", &[("Content-Type", content_type.as_bytes())], &body)
    };
    assert_matches(pact.clone(), send(br#"{"id": 99}"#, b"note", "")).await;
    assert_matches(
        pact.clone(),
        send(b"eyJpZCI6IDV9", b"note", "\r\nContent-Transfer-Encoding: base64"),
    )
    .await;
    assert_mismatch(pact.clone(), send(br#"{"id": "x"}"#, b"note", ""), "to be an integer").await;
    assert_mismatch(
        pact,
        send(br#"{"id": 1}"#, b"other", ""),
        "Expected body 'note' to match 'other' using equality",
    )
    .await;
}

#[tokio::test]
async fn binary_bodies_by_magic_bytes_for_the_content_type_matcher() {
    let pact = pact_of(
        "4.0",
        json!({"method": "PUT", "path": "/avatar", "headers": {"Content-Type": "image/png"},
               "body": {"contentType": "image/png", "encoded": "base64",
                        "content": base64::engine::general_purpose::STANDARD.encode(PNG)},
               "matchingRules": {"body": {"$": {"matchers": [{"match": "contentType", "value": "image/png"}]}}}}),
    );
    let other_png = [PNG, b"more pixels"].concat();
    assert_matches(
        pact.clone(),
        raw("PUT", "/avatar", &[("Content-Type", b"image/png")], &other_png),
    )
    .await;
    assert_mismatch(
        pact.clone(),
        raw("PUT", "/avatar", &[("Content-Type", b"image/png")], JPEG),
        "detected contents was 'image/jpeg'",
    )
    .await;
    // No Content-Type: the magic bytes say what the body is.
    let untyped = pact_of(
        "4.0",
        json!({"method": "PUT", "path": "/avatar",
               "body": {"contentType": "image/png", "encoded": "base64",
                        "content": base64::engine::general_purpose::STANDARD.encode(PNG)},
               "matchingRules": {"body": {"$": {"matchers": [{"match": "contentType", "value": "image/png"}]}}}}),
    );
    assert_matches(untyped.clone(), raw("PUT", "/avatar", &[], &other_png)).await;
    assert_mismatch(untyped, raw("PUT", "/avatar", &[], JPEG), "image/jpeg").await;
    // Without a rule, binary bodies compare byte for byte.
    let exact = pact_of(
        "4.0",
        json!({"method": "PUT", "path": "/blob", "headers": {"Content-Type": "application/octet-stream"},
               "body": {"contentType": "application/octet-stream", "encoded": "base64", "content": "AAEC"}}),
    );
    let octets = |body: &[u8]| raw("PUT", "/blob", &[("Content-Type", b"application/octet-stream")], body);
    assert_matches(exact.clone(), octets(b"\0\x01\x02")).await;
    assert_mismatch(exact, octets(b"\0\x01\x03"), "is not equal to the expected body").await;
}

// ---- matching rules in every pact format ----------------------------------------------------

/// The same expectations written as V2 flat paths (both `$.headers` and `$.header`, names in any
/// case, dotted and bracketed), V3 categories and V4 categories.
fn rules_in_every_format() -> Vec<(&'static str, Value)> {
    let request = |rules: Value| {
        json!({"method": "POST", "path": "/users/1", "query": "id=1",
               "headers": {"X-Trace": "abc", "Content-Type": "application/json"},
               "body": {"items": [{"id": 1}]}, "matchingRules": rules})
    };
    let v3_request = |rules: Value| {
        let mut request = request(rules);
        request["query"] = json!({"id": ["1"]});
        request
    };
    vec![
        (
            "2.0.0",
            request(json!({
                "$.path": {"match": "regex", "regex": "^/users/\\d+$"},
                "$.query.id": {"match": "regex", "regex": "^\\d+$"},
                "$.headers.x-trace": {"match": "regex", "regex": "^[a-z]+$"},
                "$.body.items": {"min": 1, "match": "type"},
                "$.body.items[*].id": {"match": "integer"}
            })),
        ),
        (
            "2.0.0",
            request(json!({
                "$.path": {"match": "regex", "regex": "^/users/\\d+$"},
                "$.query['id']": {"match": "regex", "regex": "^\\d+$"},
                "$.header.X-TRACE": {"match": "regex", "regex": "^[a-z]+$"},
                "$.body.items": {"min": 1, "match": "type"},
                "$.body.items[*].id": {"match": "integer"}
            })),
        ),
        (
            "2.0.0",
            request(json!({
                "$.path": {"match": "regex", "regex": "^/users/\\d+$"},
                "$.query.id": {"match": "regex", "regex": "^\\d+$"},
                "$.headers['X-Trace']": {"match": "regex", "regex": "^[a-z]+$"},
                "$.body.items": {"min": 1, "match": "type"},
                "$.body.items[*].id": {"match": "integer"}
            })),
        ),
        (
            "3.0.0",
            v3_request(json!({
                "path": {"matchers": [{"match": "regex", "regex": "^/users/\\d+$"}]},
                "query": {"id": {"matchers": [{"match": "regex", "regex": "^\\d+$"}]}},
                "header": {"x-TRACE": {"matchers": [{"match": "regex", "regex": "^[a-z]+$"}]}},
                "body": {"$.items": {"matchers": [{"match": "type", "min": 1}]},
                         "$.items[*].id": {"matchers": [{"match": "integer"}]}}
            })),
        ),
        (
            "4.0",
            v3_request(json!({
                "path": {"matchers": [{"match": "regex", "regex": "^/users/\\d+$"}], "combine": "AND"},
                "query": {"id": {"matchers": [{"match": "regex", "regex": "^\\d+$"}], "combine": "AND"}},
                "header": {"X-Trace": {"matchers": [{"match": "regex", "regex": "^[a-z]+$"}], "combine": "AND"}},
                "body": {"$.items": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
                         "$.items[*].id": {"matchers": [{"match": "integer"}], "combine": "AND"}}
            })),
        ),
    ]
}

fn users_request(path: &str, query: &str, trace: &[&str], body: &str) -> Vec<u8> {
    let mut headers: Vec<(&str, &[u8])> = vec![("Content-Type", b"application/json")];
    for value in trace {
        headers.push(("x-Trace", value.as_bytes()));
    }
    raw("POST", &format!("{path}?{query}"), &headers, body.as_bytes())
}

#[tokio::test]
async fn rules_apply_in_every_pact_format() {
    for (version, request) in rules_in_every_format() {
        let pact = pact_of(version, request.clone());
        let context = format!("{version} {}", request["matchingRules"]);
        let good = users_request("/users/42", "id=7", &["xyz"], r#"{"items":[{"id":5},{"id":6}]}"#);
        let (status, mismatches) = outcome(pact.clone(), good).await;
        assert_eq!((status, mismatches), (200, vec![]), "{context}");
        for (request, text) in [
            (
                users_request("/users/x", "id=7", &["xyz"], r#"{"items":[{"id":5}]}"#),
                // A path that does not match is a request for no interaction at all.
                "request-not-found",
            ),
            (
                users_request("/users/4", "id=x", &["xyz"], r#"{"items":[{"id":5}]}"#),
                "Expected 'x' to match '^\\d+$'",
            ),
            (
                users_request("/users/4", "id=7", &["XYZ"], r#"{"items":[{"id":5}]}"#),
                "Expected 'XYZ' to match '^[a-z]+$'",
            ),
            (
                users_request("/users/4", "id=7", &["xyz"], r#"{"items":[]}"#),
                "to have minimum size of 1",
            ),
            (
                users_request("/users/4", "id=7", &["xyz"], r#"{"items":[{"id":5},{"id":"6"}]}"#),
                "Expected '6' (String) to be an integer",
            ),
        ] {
            let (status, mismatches) = outcome(pact.clone(), request).await;
            assert_eq!(status, 500, "{context}");
            assert!(
                mismatches.iter().any(|mismatch| mismatch.contains(text)),
                "{context}: no mismatch says {text:?}: {mismatches:#?}"
            );
        }
    }
}

#[tokio::test]
async fn every_value_of_a_repeated_query_parameter_or_header_meets_the_rule() {
    for (version, request) in rules_in_every_format() {
        let pact = pact_of(version, request.clone());
        let context = format!("{version} {}", request["matchingRules"]);
        let body = r#"{"items":[{"id":5}]}"#;
        let (status, mismatches) = outcome(
            pact.clone(),
            users_request("/users/4", "id=7&id=8", &["ab", "cd"], body),
        )
        .await;
        assert_eq!((status, mismatches), (200, vec![]), "{context}");
        let (status, mismatches) = outcome(pact.clone(), users_request("/users/4", "id=7&id=x", &["ab"], body)).await;
        assert_eq!(status, 500, "{context}");
        assert!(
            mismatches.iter().any(|m| m.contains("Expected 'x' to match '^\\d+$'")),
            "{context}: {mismatches:?}"
        );
        let (status, mismatches) = outcome(pact, users_request("/users/4", "id=7", &["ab", "C D"], body)).await;
        assert_eq!(status, 500, "{context}");
        assert!(
            mismatches
                .iter()
                .any(|m| m.contains("Expected 'C D' to match '^[a-z]+$'")),
            "{context}: {mismatches:?}"
        );
    }
}

#[tokio::test]
async fn every_matcher_pact_matching_supports() {
    // (rule, value in the pact, a value that matches, one that does not, its mismatch text)
    let table = [
        (
            json!({"match": "equality"}),
            json!("a"),
            json!("a"),
            json!("b"),
            "Expected 'b' (String) to be equal to 'a' (String)",
        ),
        (
            json!({"match": "regex", "regex": "^a+$"}),
            json!("a"),
            json!("aaa"),
            json!("b"),
            "Expected 'b' to match '^a+$'",
        ),
        (
            json!({"match": "type"}),
            json!("a"),
            json!("zz"),
            json!(1),
            "Expected 1 (Integer) to be the same type as 'a' (String)",
        ),
        (
            json!({"match": "type", "min": 2}),
            json!([1, 2]),
            json!([3, 4, 5]),
            json!([3]),
            "to have minimum size of 2",
        ),
        (
            json!({"match": "type", "max": 2}),
            json!([1]),
            json!([3, 4]),
            json!([3, 4, 5]),
            "to have maximum size of 2",
        ),
        (
            json!({"match": "type", "min": 1, "max": 2}),
            json!([1]),
            json!([3]),
            json!([]),
            "to have minimum size of 1",
        ),
        (
            json!({"match": "include", "value": "ell"}),
            json!("hello"),
            json!("yellow"),
            json!("hullo"),
            "Expected 'hullo' to include 'ell'",
        ),
        (
            json!({"match": "integer"}),
            json!(1),
            json!(-40),
            json!(1.5),
            "to be an integer",
        ),
        (
            json!({"match": "decimal"}),
            json!(1.5),
            json!(2.25),
            json!(2),
            "to be a decimal number",
        ),
        (
            json!({"match": "number"}),
            json!(1),
            json!(2.5),
            json!("2"),
            "to be a number",
        ),
        (
            json!({"match": "boolean"}),
            json!(true),
            json!(false),
            json!("yes"),
            "to match a boolean",
        ),
        (
            json!({"match": "null"}),
            json!(null),
            json!(null),
            json!(0),
            "to be a null value",
        ),
        (
            json!({"match": "date", "format": "yyyy-MM-dd"}),
            json!("2024-01-31"),
            json!("1999-12-01"),
            json!("31/01/2024"),
            "to match a date pattern of 'yyyy-MM-dd'",
        ),
        (
            json!({"match": "time", "format": "HH:mm"}),
            json!("10:15"),
            json!("23:59"),
            json!("25:99"),
            "to match a time pattern of 'HH:mm'",
        ),
        (
            json!({"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}),
            json!("2024-01-31T10:15:00"),
            json!("2000-02-29T00:00:01"),
            json!("2024-01-31 10:15"),
            "to match a timestamp pattern of",
        ),
        (
            json!({"match": "semver"}),
            json!("1.2.3"),
            json!("10.0.0-rc.1"),
            json!("1.2"),
            "is not a valid semantic version",
        ),
        (
            json!({"match": "notEmpty"}),
            json!("x"),
            json!("y"),
            json!(""),
            "to not be empty",
        ),
        (
            json!({"match": "values"}),
            json!({"a": 1}),
            json!({"b": 1, "c": 1}),
            json!({"b": 2}),
            "Expected 2 (Integer) to be equal to 1 (Integer)",
        ),
        (
            json!({"match": "eachKey", "rules": [{"match": "regex", "regex": "^[a-z]+$"}]}),
            json!({"a": 1}),
            json!({"a": 1, "bc": 1}),
            json!({"a": 1, "B": 1}),
            "Expected 'B' to match '^[a-z]+$'",
        ),
        (
            json!({"match": "eachValue", "rules": [{"match": "type"}]}),
            json!({"a": "x"}),
            json!({"a": "y", "b": "z"}),
            json!({"a": "y", "b": 2}),
            "to be the same type as",
        ),
        (
            json!({"match": "arrayContains", "variants": [{"index": 0, "rules": {"$.id": {"matchers": [{"match": "integer"}]}}}]}),
            json!([{"id": 1}]),
            json!([{"x": 1}, {"id": 9}]),
            json!([{"id": "9"}]),
            "Variant at index 0",
        ),
    ];
    let mut failures = Vec::new();
    for (rule, expected, good, bad, text) in table {
        let pact = pact_of(
            "4.0",
            json!({"method": "POST", "path": "/", "headers": {"Content-Type": "application/json"},
                   "body": {"contentType": "application/json", "encoded": false, "content": {"v": expected}},
                   "matchingRules": {"body": {"$.v": {"matchers": [rule.clone()], "combine": "AND"}}}}),
        );
        let send = |value: &Value| {
            raw(
                "POST",
                "/",
                &[("Content-Type", b"application/json")],
                json!({ "v": value }).to_string().as_bytes(),
            )
        };
        let (status, mismatches) = outcome(pact.clone(), send(&good)).await;
        if (status, &mismatches) != (200, &vec![]) {
            failures.push(format!("{rule} should accept {good}: {status} {mismatches:?}"));
        }
        let (status, mismatches) = outcome(pact, send(&bad)).await;
        if status != 500 || !mismatches.iter().any(|m| m.contains(text)) {
            failures.push(format!(
                "{rule} refusing {bad}: {status}, no mismatch says {text:?}: {mismatches:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// ---- header values that are not visible ASCII -------------------------------------------------

#[tokio::test]
async fn header_values_beyond_visible_ascii_are_matched_or_reported() {
    let pact = |value: &str| {
        pact_of(
            "3.0.0",
            json!({"method": "GET", "path": "/", "headers": {"X-Note": value}}),
        )
    };
    let get = |value: &[u8]| raw("GET", "/", &[("X-Note", value)], b"");
    // UTF-8, and ISO-8859-1 for bytes that are not UTF-8.
    assert_matches(pact("café"), get("café".as_bytes())).await;
    assert_matches(pact("café"), get(b"caf\xe9")).await;
    assert_mismatch(pact("café"), get(b"cafe"), "Expected 'cafe' to be equal to 'café'").await;
    // A tab inside a value is part of it.
    assert_matches(pact("a\tb"), get(b"a\tb")).await;
    assert_mismatch(pact("a b"), get(b"a\tb"), "Mismatch with header 'X-Note'").await;
    // A value folded onto the next line (how a line break in a value travels) is unfolded.
    assert_matches(pact("a; b"), get(b"a;\r\n    b")).await;
    assert_matches(pact("a; b"), get(b"a;\n\tb")).await;
    // Control characters, which hyper alone would refuse with a bare 400, are reported.
    assert_mismatch(
        pact("x"),
        get(b"a\x01b\x7f"),
        "Expected 'a\u{2401}b\u{2421}' to be equal to 'x'",
    )
    .await;
    assert_mismatch(pact("x"), get(b"a\x00b"), "Expected 'a b' to be equal to 'x'").await;
}

#[tokio::test]
async fn a_kept_alive_connection_repairs_each_head_and_leaves_bodies_alone() {
    let pact = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [
            {"description": "upload", "request": {"method": "POST", "path": "/text",
              "headers": {"Content-Type": "text/plain"}, "body": "one\r\n two\r\n\tthree"},
             "response": {"status": 201}},
            {"description": "chunks", "request": {"method": "POST", "path": "/chunks",
              "headers": {"Content-Type": "text/plain"}, "body": "a\r\n b"},
             "response": {"status": 202}},
            {"description": "folded", "request": {"method": "GET", "path": "/folded",
              "headers": {"X-Note": "a b"}}, "response": {"status": 204}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let server = start(PactSource::Json(pact), ServerConfig::default()).await.unwrap();
    let pipelined = b"POST /text HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 17\r\n\r\none\r\n two\r\n\tthree\
POST /chunks HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n2\r\na\r\r\n3\r\n\n b\r\n0\r\n\r\n\
GET /folded HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n b\r\nConnection: close\r\n\r\n";
    let response = send_raw(server.port(), pipelined).await;
    // send_raw parses the first response; the later ones follow it on the connection.
    let later = String::from_utf8_lossy(&response.body).to_string();
    assert_eq!(response.status, 201);
    assert!(
        later.contains("HTTP/1.1 202") && later.contains("HTTP/1.1 204"),
        "{later}"
    );
    assert!(server.matched(), "{:#?}", server.mismatches());
    server.shutdown().await.unwrap();
}
