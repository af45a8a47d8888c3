//! Pacts holding pact-js matcher JSON, end to end: served, matched by their rules, written.

use serde_json::{json, Value};

use super::tests::{get, post_json, send_raw};
use super::*;

fn integer(value: i64) -> Value {
    json!({"pact:matcher:type": "integer", "value": value})
}

fn like(value: Value) -> Value {
    json!({"pact:matcher:type": "type", "value": value})
}

fn regex(pattern: &str, value: &str) -> Value {
    json!({"pact:matcher:type": "regex", "regex": pattern, "value": value})
}

fn orders_pact(spec: &str) -> Value {
    json!({
        "consumer": {"name": "shop"}, "provider": {"name": "orders"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": "create an order",
                "request": {
                    "method": "POST",
                    "path": regex("^/orders/\\d+$", "/orders/1"),
                    "query": {"dry": regex("^(true|false)$", "false")},
                    "headers": {"Content-Type": "application/json", "X-Request-Id": like(json!("r-1"))},
                    "body": {"customer": {"name": like(json!("Ann")), "age": integer(30)},
                             "lines": {"pact:matcher:type": "type", "min": 1,
                                       "value": [{"sku": regex("^[A-Z]{3}$", "ABC"), "qty": integer(1)}]}}
                },
                "response": {
                    "status": {"pact:matcher:type": "statusCode", "status": "success", "value": 201},
                    "headers": {"Content-Type": "application/json"},
                    "body": {"id": {"pact:matcher:type": "integer", "pact:generator:type": "RandomInt",
                                    "min": 1000, "max": 2000, "value": 1500},
                             "state": "open"}
                }
            }
        ],
        "metadata": {"pactSpecification": {"version": spec}}
    })
}

async fn post_raw(port: u16, path: &str, content_type: &str, body: &str) -> tests::RawResponse {
    let raw = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: {content_type}\r\nX-Request-Id: other\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    send_raw(port, raw.as_bytes()).await
}

async fn post_order(port: u16, path: &str, body: &Value) -> tests::RawResponse {
    post_raw(port, path, "application/json", &body.to_string()).await
}

#[tokio::test]
async fn requests_that_keep_the_rules_match_whatever_their_values() {
    let server = start(PactSource::Json(orders_pact("3.0.0")), ServerConfig::default())
        .await
        .unwrap();
    let other_values = json!({"customer": {"name": "Bob", "age": 41},
                              "lines": [{"sku": "XYZ", "qty": 3}, {"sku": "QRS", "qty": 9}]});
    let answer = post_order(server.port(), "/orders/77?dry=true", &other_values).await;
    assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
    let id = answer.json()["id"].as_i64().unwrap();
    assert!((1000..=2000).contains(&id), "the generator made the id: {id}");
    assert_eq!(answer.json()["state"], "open");
    assert!(server.matched(), "{:?}", server.mismatches());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn requests_that_break_a_rule_are_mismatches_naming_it() {
    let server = start(
        PactSource::Text(orders_pact("4.0").to_string()),
        ServerConfig::default(),
    )
    .await
    .unwrap();
    let broken = json!({"customer": {"name": "Bob", "age": 41.5}, "lines": [{"sku": "xy", "qty": 1}]});
    let answer = post_order(server.port(), "/orders/2?dry=false", &broken).await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.header("x-pact"), Some("Request-Mismatch"));
    let results = serde_json::to_value(server.mismatches()).unwrap();
    let paths: Vec<&str> = results[0]["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|mismatch| mismatch["path"].as_str())
        .collect();
    assert!(paths.contains(&"$.customer.age"), "{results:#}");
    assert!(paths.contains(&"$.lines[0].sku"), "{results:#}");

    // The path's regex is a rule too: a path outside it matches nothing.
    let valid = json!({"customer": {"name": "A", "age": 1}, "lines": [{"sku": "ABC", "qty": 1}]});
    let answer = post_order(server.port(), "/orders/abc?dry=false", &valid).await;
    assert_eq!(answer.status, 500);
    assert!(!server.matched());
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_written_pact_holds_examples_rules_and_generators_at_each_version() {
    for (spec, written_at) in [("3.0.0", "3.0.0"), ("4.0", "4.0"), ("3.0.0", "4.0")] {
        let dir = tempfile::tempdir().unwrap();
        let config = ServerConfig {
            specification: (spec != written_at).then_some(pact_models::PactSpecification::V4),
            ..ServerConfig::default()
        };
        let server = start(PactSource::Json(orders_pact(spec)), config).await.unwrap();
        let path = server
            .write_pact(Some(dir.path().to_path_buf()), WriteMode::Overwrite)
            .await
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("pact:matcher:type"), "{text}");
        let written: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written["metadata"]["pactSpecification"]["version"], written_at);
        let interaction = &written["interactions"][0];
        let request = &interaction["request"];
        assert_eq!(request["path"], "/orders/1");
        // A V4 body as given stays as given; converted from V3 pact_models writes it in base64.
        let body = match request["body"].get("content") {
            Some(Value::String(encoded)) => {
                use base64::Engine;
                let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
                &serde_json::from_slice::<Value>(&bytes).unwrap()
            }
            Some(content) => content,
            None => &request["body"],
        };
        assert_eq!(body["lines"], json!([{"sku": "ABC", "qty": 1}]), "{written:#}");
        let rules = &request["matchingRules"];
        assert_eq!(
            rules["body"]["$.lines[*].qty"]["matchers"][0]["match"], "integer",
            "{written:#}"
        );
        assert_eq!(rules["body"]["$.lines"]["matchers"][0]["min"], 1);
        assert_eq!(rules["path"]["matchers"][0]["match"], "regex");
        assert_eq!(rules["query"]["dry"]["matchers"][0]["match"], "regex");
        assert_eq!(rules["header"]["X-Request-Id"]["matchers"][0]["match"], "type");
        let response = &interaction["response"];
        assert_eq!(response["status"], 201);
        // Keyed by the root, as pact_ffi writes them, at every version and through conversions.
        let status = &response["matchingRules"]["status"]["$"];
        assert_eq!(
            status["matchers"][0]["status"], "success",
            "{spec} at {written_at}: {response:#}"
        );
        assert_eq!(response["generators"]["body"]["$.id"]["type"], "RandomInt");
        server.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn a_v2_pact_is_written_with_v2_rules() {
    let pact = json!({
        "consumer": {"name": "shop"}, "provider": {"name": "users"},
        "interactions": [{"description": "find users",
            "request": {"method": "GET", "path": "/users", "query": {"q": like(json!("ann"))}},
            "response": {"status": 200, "body": {"users": {"pact:matcher:type": "type", "min": 1,
                                                         "value": [{"name": like(json!("Ann"))}]}}}}],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    });
    let server = start(PactSource::Json(pact), ServerConfig::default()).await.unwrap();
    let answer = get(server.port(), "/users?q=bob", &[]).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert_eq!(answer.json(), json!({"users": [{"name": "Ann"}]}));
    let dir = tempfile::tempdir().unwrap();
    let path = server
        .write_pact(Some(dir.path().to_path_buf()), WriteMode::Overwrite)
        .await
        .unwrap();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let interaction = &written["interactions"][0];
    assert_eq!(
        interaction["request"]["matchingRules"],
        json!({"$.query.q": {"match": "type"}})
    );
    assert_eq!(
        interaction["response"]["matchingRules"],
        json!({"$.body.users": {"match": "type", "min": 1}, "$.body.users[*].name": {"match": "type"}})
    );
    server.shutdown().await.unwrap();

    let refused = json!({
        "consumer": {"name": "shop"}, "provider": {"name": "users"},
        "interactions": [{"description": "a user", "request": {"method": "GET", "path": "/u"},
                          "response": {"status": 200, "body": {"id": integer(1)}}}],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    });
    let err = start(PactSource::Json(refused), ServerConfig::default())
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::PactInvalid);
    assert!(
        err.message
            .contains("the rule 'integer' at $.body.id cannot be written in a V2 pact"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn xml_and_form_bodies_match_by_their_rules() {
    let alligator = json!({"name": "alligator", "attributes": {"id": integer(1)},
                           "children": [{"content": "Mary", "matcher": like(json!("Mary"))}]});
    let pact = json!({
        "consumer": {"name": "zoo"}, "provider": {"name": "animals"},
        "interactions": [
            {"description": "add animals",
             "request": {"method": "POST", "path": "/animals", "headers": {"Content-Type": "application/xml"},
                         "body": {"root": {"name": "animals", "children": [
                             {"pact:matcher:type": "type", "value": alligator, "examples": 1}]}}},
             "response": {"status": 204}},
            {"description": "log in",
             "request": {"method": "POST", "path": "/login",
                         "headers": {"Content-Type": "application/x-www-form-urlencoded"},
                         "body": {"user": like(json!("ann")), "pin": regex("^\\d{4}$", "1234")}},
             "response": {"status": 200}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let server = start(PactSource::Json(pact), ServerConfig::default()).await.unwrap();
    let port = server.port();
    let xml = "<?xml version=\"1.0\"?><animals><alligator id=\"7\">Bob</alligator><alligator id=\"8\">Sue</alligator></animals>";
    let answer = post_raw(port, "/animals", "application/xml", xml).await;
    assert_eq!(answer.status, 204, "{}", String::from_utf8_lossy(&answer.body));
    let answer = post_raw(port, "/login", "application/x-www-form-urlencoded", "user=bob&pin=9876").await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert!(server.matched(), "{:?}", server.mismatches());

    let broken_xml = "<animals><alligator id=\"seven\">Bob</alligator></animals>";
    assert_eq!(
        post_raw(port, "/animals", "application/xml", broken_xml).await.status,
        500
    );
    assert_eq!(
        post_raw(port, "/login", "application/x-www-form-urlencoded", "user=bob&pin=12")
            .await
            .status,
        500
    );
    let results = serde_json::to_value(server.mismatches()).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 2, "{results:#}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_json_request_body_post_helper_still_matches_plain_pacts() {
    // The fast path: a pact without matcher JSON is served as before.
    let pact = json!({
        "consumer": {"name": "a"}, "provider": {"name": "b"},
        "interactions": [{"description": "echo", "request": {"method": "POST", "path": "/e", "body": {"x": 1}},
                          "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let server = start(PactSource::Text(pact.to_string()), ServerConfig::default())
        .await
        .unwrap();
    assert_eq!(post_json(server.port(), "/e", &json!({"x": 1})).await.status, 200);
    assert_eq!(post_json(server.port(), "/e", &json!({"x": 2})).await.status, 500);
    server.shutdown().await.unwrap();
}
