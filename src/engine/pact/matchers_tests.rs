use pact_models::path_exp::DocPath;
use serde_json::{json, Value};

use super::*;
use crate::engine::error::ErrorCode;
use crate::engine::pact::load::{load_pact, PactSource};

fn pact_at(spec: &str, request: Value, response: Value) -> Value {
    json!({
        "consumer": {"name": "web"}, "provider": {"name": "users"},
        "interactions": [{"description": "it", "request": request, "response": response}],
        "metadata": {"pactSpecification": {"version": spec}}
    })
}

/// The interaction after conversion at `spec`.
fn converted(spec: &str, request: Value, response: Value) -> Value {
    let mut pact = pact_at(spec, request, response);
    assert!(convert_matcher_json(&mut pact).unwrap(), "something was converted");
    pact["interactions"][0].clone()
}

fn conversion_error(spec: &str, request: Value, response: Value) -> String {
    let mut pact = pact_at(spec, request, response);
    let err = convert_matcher_json(&mut pact).expect_err("the conversion fails");
    assert_eq!(err.code, ErrorCode::PactInvalid);
    err.message
}

/// A response body holding `matcher` at `$.field`: its example, its rules and its generator.
fn body_field(matcher: Value) -> (Value, Value, Value) {
    let interaction = converted(
        "4.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"field": matcher}}),
    );
    let response = &interaction["response"];
    (
        response["body"]["field"].clone(),
        response["matchingRules"]["body"]["$.field"]["matchers"].clone(),
        response["generators"]["body"]["$.field"].clone(),
    )
}

#[test]
fn every_pact_js_matcher_becomes_its_rule_example_and_generator() {
    let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    for (matcher, example, rules, generator) in [
        // like, string, boolean
        (
            json!({"pact:matcher:type": "type", "value": "Ann"}),
            json!("Ann"),
            json!([{"match": "type"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "type", "value": true}),
            json!(true),
            json!([{"match": "type"}]),
            Value::Null,
        ),
        // integer, decimal, number with and without an example
        (
            json!({"pact:matcher:type": "integer", "value": 7}),
            json!(7),
            json!([{"match": "integer"}]),
            Value::Null,
        ),
        (
            json!({"pact:generator:type": "RandomInt", "pact:matcher:type": "integer", "value": 101}),
            json!(101),
            json!([{"match": "integer"}]),
            json!({"type": "RandomInt", "min": 0, "max": 10}),
        ),
        (
            json!({"pact:generator:type": "RandomDecimal", "pact:matcher:type": "decimal", "value": 12.34}),
            json!(12.34),
            json!([{"match": "decimal"}]),
            json!({"type": "RandomDecimal", "digits": 10}),
        ),
        (
            json!({"pact:matcher:type": "number", "value": 1.5}),
            json!(1.5),
            json!([{"match": "number"}]),
            Value::Null,
        ),
        // regex and the formats built on it (email, uuid with a generator, …)
        (
            json!({"pact:matcher:type": "regex", "regex": "^\\d+$", "value": "12"}),
            json!("12"),
            json!([{"match": "regex", "regex": "^\\d+$"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "regex", "regex": uuid, "pact:generator:type": "Uuid",
                   "value": "e2490de5-5bd3-43d5-b7c4-526e33f71304"}),
            json!("e2490de5-5bd3-43d5-b7c4-526e33f71304"),
            json!([{"match": "regex", "regex": uuid}]),
            json!({"type": "Uuid"}),
        ),
        // datetime / timestamp, date, time
        (
            json!({"pact:matcher:type": "timestamp", "format": "yyyy-MM-dd'T'HH:mm:ss", "value": "2024-01-02T03:04:05"}),
            json!("2024-01-02T03:04:05"),
            // pact_models (and so pact-js through pact-reference) writes a timestamp rule as `datetime`.
            json!([{"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}]),
            Value::Null,
        ),
        (
            json!({"format": "yyyy-MM-dd", "pact:generator:type": "Date", "pact:matcher:type": "date", "value": "2024-01-02"}),
            json!("2024-01-02"),
            json!([{"match": "date", "format": "yyyy-MM-dd"}]),
            json!({"type": "Date", "format": "yyyy-MM-dd"}),
        ),
        (
            json!({"pact:matcher:type": "time", "format": "HH:mm", "value": "10:30"}),
            json!("10:30"),
            json!([{"match": "time", "format": "HH:mm"}]),
            Value::Null,
        ),
        // includes, nullValue, equal, contentType
        (
            json!({"pact:matcher:type": "include", "value": "ell"}),
            json!("ell"),
            json!([{"match": "include", "value": "ell"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "null", "value": null}),
            Value::Null,
            json!([{"match": "null"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "equality", "value": {"a": 1}}),
            json!({"a": 1}),
            json!([{"match": "equality"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "contentType", "value": "image/png"}),
            json!("image/png"),
            json!([{"match": "contentType", "value": "image/png"}]),
            Value::Null,
        ),
        // V4 rules pact-js has no helper for
        (
            json!({"pact:matcher:type": "notEmpty", "value": "x"}),
            json!("x"),
            json!([{"match": "notEmpty"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "semver", "value": "1.2.3"}),
            json!("1.2.3"),
            json!([{"match": "semver"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "boolean", "value": false}),
            json!(false),
            json!([{"match": "boolean"}]),
            Value::Null,
        ),
        (
            json!({"pact:matcher:type": "type", "min": 1, "max": 3, "value": {"a": 1}}),
            json!({"a": 1}),
            json!([{"match": "type", "min": 1, "max": 3}]),
            Value::Null,
        ),
        // fromProviderState
        (
            json!({"pact:matcher:type": "type", "pact:generator:type": "ProviderState", "expression": "${id}", "value": 42}),
            json!(42),
            json!([{"match": "type"}]),
            json!({"type": "ProviderState", "expression": "${id}"}),
        ),
        // url (MockServerURL generator)
        (
            json!({"pact:matcher:type": "regex", "pact:generator:type": "MockServerURL", "regex": ".*(\\/orders\\/\\d+)$",
                   "value": "http://localhost:8080/orders/1", "example": "http://localhost:8080/orders/1"}),
            json!("http://localhost:8080/orders/1"),
            json!([{"match": "regex", "regex": ".*(\\/orders\\/\\d+)$"}]),
            json!({"type": "MockServerURL", "example": "http://localhost:8080/orders/1", "regex": ".*(\\/orders\\/\\d+)$"}),
        ),
        // a generator without a matcher
        (
            json!({"pact:generator:type": "RandomString", "size": 5, "value": "abcde"}),
            json!("abcde"),
            Value::Null,
            json!({"type": "RandomString", "size": 5}),
        ),
    ] {
        let (got_example, got_rules, got_generator) = body_field(matcher.clone());
        assert_eq!(got_example, example, "example of {matcher}");
        assert_eq!(got_rules, rules, "rules of {matcher}");
        assert_eq!(got_generator, generator, "generator of {matcher}");
    }
}

#[test]
fn each_like_rules_apply_to_every_element_and_the_examples_are_kept() {
    // eachLike({id: integer(1)}, 2) as pact-js writes it: two copies of the template.
    let element = json!({"id": {"pact:matcher:type": "integer", "value": 1}, "name": "x"});
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"items": {"pact:matcher:type": "type", "min": 2, "value": [element, element]}}}),
    );
    let response = &interaction["response"];
    assert_eq!(
        response["body"],
        json!({"items": [{"id": 1, "name": "x"}, {"id": 1, "name": "x"}]})
    );
    let body = &response["matchingRules"]["body"];
    assert_eq!(body["$.items"]["matchers"], json!([{"match": "type", "min": 2}]));
    // Met in each copy, the rule is written once per copy, as pact-reference writes it.
    assert_eq!(
        body["$.items[*].id"]["matchers"],
        json!([{"match": "integer"}, {"match": "integer"}])
    );
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");
}

#[test]
fn nested_plain_arrays_use_indexes_and_odd_keys_are_quoted() {
    let interaction = converted(
        "3.0.0",
        json!({"method": "POST", "path": "/", "headers": {"Content-Type": "application/json"},
               "body": {"a": [1, {"b": {"pact:matcher:type": "type", "value": "x"}}],
                        "weird key": {"pact:matcher:type": "integer", "value": 3},
                        "like": {"pact:matcher:type": "type", "value": {"inner": {"pact:matcher:type": "regex", "regex": "a+", "value": "aa"}}}}}),
        json!({"status": 200}),
    );
    let request = &interaction["request"];
    assert_eq!(
        request["body"],
        json!({"a": [1, {"b": "x"}], "weird key": 3, "like": {"inner": "aa"}})
    );
    let paths: Vec<&String> = request["matchingRules"]["body"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["$.a[1].b", "$['weird key']", "$.like", "$.like.inner"]);
}

#[test]
fn array_contains_variants_carry_their_own_rules_and_generators() {
    let (example, rules, _) = body_field(json!({"pact:matcher:type": "arrayContains", "variants": [
        {"id": {"pact:matcher:type": "integer", "value": 1, "pact:generator:type": "RandomInt", "min": 1, "max": 9}},
        "plain"
    ]}));
    assert_eq!(example, json!([{"id": 1}, "plain"]));
    let variants = &rules[0]["variants"];
    assert_eq!(rules[0]["match"], "arrayContains");
    assert_eq!(variants[0]["index"], 0);
    assert_eq!(variants[0]["rules"]["$.id"]["matchers"], json!([{"match": "integer"}]));
    assert_eq!(
        variants[0]["generators"]["$.id"],
        json!({"type": "RandomInt", "min": 1, "max": 9})
    );
    assert_eq!(variants[1]["index"], 1);
}

#[test]
fn each_key_each_value_and_values_matchers() {
    let (example, rules, _) = body_field(json!({"pact:matcher:type": "eachKey", "value": {"a1": "x"},
        "rules": [{"pact:matcher:type": "regex", "regex": "^[a-z]\\d$", "value": "a1"}]}));
    assert_eq!(example, json!({"a1": "x"}));
    assert_eq!(rules[0]["match"], "eachKey");
    assert_eq!(rules[0]["rules"], json!([{"match": "regex", "regex": "^[a-z]\\d$"}]));

    let (_, rules, _) = body_field(json!({"pact:matcher:type": "eachValue", "value": {"k": 1},
        "rules": [{"pact:matcher:type": "type", "value": 1}, {"pact:matcher:type": "integer", "value": 1}]}));
    assert_eq!(rules[0]["match"], "eachValue");
    assert_eq!(rules[0]["rules"], json!([{"match": "type"}, {"match": "integer"}]));

    // eachKeyLike: the template's rules apply under any key.
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"m": {"pact:matcher:type": "values",
            "value": {"k": {"n": {"pact:matcher:type": "integer", "value": 1}}}}}}),
    );
    let body = &interaction["response"]["matchingRules"]["body"];
    assert_eq!(body["$.m"]["matchers"], json!([{"match": "values"}]));
    assert_eq!(body["$.m.*.n"]["matchers"], json!([{"match": "integer"}]));
}

#[test]
fn path_query_headers_and_status_take_matchers() {
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET",
               "path": {"pact:matcher:type": "regex", "regex": "^/users/\\d+$", "value": "/users/1"},
               "query": {"page": {"pact:matcher:type": "regex", "regex": "\\d+", "value": "2"},
                         "tag": ["a", {"pact:matcher:type": "type", "value": "b"}],
                         "plain": ["x"]},
               "headers": {"Accept": {"pact:matcher:type": "regex", "regex": ".*json", "value": "application/json"}}}),
        json!({"status": {"pact:matcher:type": "statusCode", "status": "success", "value": 201},
               "headers": {"X-Id": {"pact:matcher:type": "type", "pact:generator:type": "Uuid", "value": "abc"}}}),
    );
    let request = &interaction["request"];
    assert_eq!(request["path"], "/users/1");
    assert_eq!(
        request["query"],
        json!({"page": ["2"], "tag": ["a", "b"], "plain": ["x"]})
    );
    assert_eq!(request["headers"], json!({"Accept": "application/json"}));
    let rules = &request["matchingRules"];
    assert_eq!(
        rules["path"]["matchers"],
        json!([{"match": "regex", "regex": "^/users/\\d+$"}])
    );
    assert_eq!(
        rules["query"]["page"]["matchers"],
        json!([{"match": "regex", "regex": "\\d+"}])
    );
    assert_eq!(rules["query"]["tag"]["matchers"], json!([{"match": "type"}]));
    assert_eq!(
        rules["header"]["Accept"]["matchers"],
        json!([{"match": "regex", "regex": ".*json"}])
    );
    let response = &interaction["response"];
    assert_eq!(response["status"], 201);
    assert_eq!(
        response["matchingRules"]["status"]["$"]["matchers"],
        json!([{"match": "statusCode", "status": "success"}])
    );
    assert_eq!(response["headers"], json!({"X-Id": "abc"}));
    assert_eq!(response["generators"]["header"]["X-Id"], json!({"type": "Uuid"}));
}

#[test]
fn the_path_can_come_from_a_provider_state() {
    let interaction = converted(
        "4.0",
        json!({"method": "GET", "path": {"pact:matcher:type": "type", "pact:generator:type": "ProviderState",
                                          "expression": "/users/${id}", "value": "/users/1"}}),
        json!({"status": 200}),
    );
    assert_eq!(interaction["request"]["path"], "/users/1");
    assert_eq!(
        interaction["request"]["generators"]["path"],
        json!({"type": "ProviderState", "expression": "/users/${id}"})
    );
}

#[test]
fn v4_bodies_with_a_content_type_are_converted_inside_their_content() {
    let interaction = converted(
        "4.0",
        json!({"method": "POST", "path": "/",
               "body": {"content": {"n": {"pact:matcher:type": "integer", "value": 1}}, "contentType": "application/json", "encoded": false}}),
        json!({"status": 200}),
    );
    assert_eq!(interaction["request"]["body"]["content"], json!({"n": 1}));
    assert_eq!(interaction["request"]["body"]["contentType"], "application/json");
    assert_eq!(
        interaction["request"]["matchingRules"]["body"]["$.n"]["matchers"],
        json!([{"match": "integer"}])
    );
}

#[test]
fn form_bodies_given_as_fields_become_encoded_text_with_field_rules() {
    let interaction = converted(
        "3.0.0",
        json!({"method": "POST", "path": "/login",
               "headers": {"Content-Type": "application/x-www-form-urlencoded"},
               "body": {"user": {"pact:matcher:type": "type", "value": "ann b"}, "n": 2,
                        "tags": ["a&b", {"pact:matcher:type": "regex", "regex": "^c.*", "value": "cd"}]}}),
        json!({"status": 200}),
    );
    let request = &interaction["request"];
    assert_eq!(request["body"], "user=ann+b&n=2&tags=a%26b&tags=cd");
    let body = &request["matchingRules"]["body"];
    assert_eq!(body["$.user"]["matchers"], json!([{"match": "type"}]));
    assert_eq!(body["$.tags"]["matchers"], json!([{"match": "regex", "regex": "^c.*"}]));
}

#[test]
fn xml_builder_json_becomes_xml_with_element_text_and_attribute_rules() {
    // What pact-js's XmlBuilder writes for
    // <animals><alligator id=?>(name text matcher)</alligator>× eachLike</animals>.
    let alligator = json!({"name": "alligator", "attributes": {"id": {"pact:matcher:type": "integer", "value": 1}},
        "children": [{"content": "Mary", "matcher": {"pact:matcher:type": "type", "value": "Mary"}}]});
    let document = json!({"version": "1.0", "charset": "UTF-8", "root": {"name": "animals", "children": [
        {"pact:matcher:type": "type", "value": alligator, "examples": 2},
        {"name": "note", "children": ["a < b"]}
    ]}});
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "headers": {"Content-Type": "application/xml"}, "body": document}),
    );
    let response = &interaction["response"];
    assert_eq!(
        response["body"],
        "<?xml version='1.0'?><animals><alligator id='1'>Mary</alligator><alligator id='1'>Mary</alligator><note>a &lt; b</note></animals>"
    );
    let body = &response["matchingRules"]["body"];
    assert_eq!(body["$.animals.alligator"]["matchers"], json!([{"match": "type"}]));
    // XmlBuilder.build() hands its JSON over as text: the same XML comes out.
    let from_text = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "headers": {"Content-Type": "application/xml"}, "body": document.to_string()}),
    );
    assert_eq!(from_text["response"]["body"], response["body"]);
    assert_eq!(from_text["response"]["matchingRules"], response["matchingRules"]);
    assert_eq!(
        body["$.animals.alligator['@id']"]["matchers"],
        json!([{"match": "integer"}])
    );
    assert_eq!(
        body["$.animals.alligator.#text"]["matchers"],
        json!([{"match": "type"}])
    );
}

#[test]
fn v2_pacts_get_v2_rules() {
    let interaction = converted(
        "2.0.0",
        json!({"method": "GET", "path": {"pact:matcher:type": "regex", "regex": "^/u/\\d+$", "value": "/u/1"},
               "query": {"q": {"pact:matcher:type": "type", "value": "x"}},
               "headers": {"X-Token": {"pact:matcher:type": "regex", "regex": "^t.*", "value": "tok"}}}),
        json!({"status": 200, "body": {
            "items": {"pact:matcher:type": "type", "min": 2, "value": [{"id": {"pact:matcher:type": "type", "value": 1}}, {"id": {"pact:matcher:type": "type", "value": 1}}]},
            "code": {"pact:matcher:type": "type", "value": {"pact:matcher:type": "regex", "regex": "^[A-Z]+$", "value": "AB"}}}}),
    );
    assert_eq!(
        interaction["request"]["matchingRules"],
        json!({"$.path": {"match": "regex", "regex": "^/u/\\d+$"},
               "$.query.q": {"match": "type"},
               "$.headers['X-Token']": {"match": "regex", "regex": "^t.*"}})
    );
    assert_eq!(
        interaction["response"]["matchingRules"],
        json!({"$.body.items": {"match": "type", "min": 2},
               "$.body.items[*].id": {"match": "type"},
               "$.body.code": {"match": "regex", "regex": "^[A-Z]+$"}})
    );
    assert!(interaction["response"].get("generators").is_none());
}

#[test]
fn rules_a_v2_pact_cannot_hold_are_refused_with_the_path() {
    let message = conversion_error(
        "2.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"id": {"pact:matcher:type": "integer", "value": 1}}}),
    );
    assert_eq!(
        message,
        "interaction 'it', response: the rule 'integer' at $.body.id cannot be written in a V2 pact: write the pact at V3 or V4 (spec option)"
    );
    let message = conversion_error(
        "2.0.0",
        json!({"method": "GET", "path": "/", "headers": {"X": {"pact:matcher:type": "type", "pact:generator:type": "Uuid", "value": "u"}}}),
        json!({"status": 200}),
    );
    assert!(
        message.contains("the generator 'Uuid' at $.headers.X cannot be written in a V2 pact"),
        "{message}"
    );
    let message = conversion_error(
        "1.1.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"a": {"pact:matcher:type": "type", "value": 1}}}),
    );
    assert!(
        message.contains("the rule 'type' at $.body.a cannot be written in a V1 pact"),
        "{message}"
    );
}

#[test]
fn explicit_rules_are_kept_and_merged() {
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"a": {"pact:matcher:type": "integer", "value": 1}, "b": 2},
               "matchingRules": {"body": {"$.a": {"combine": "AND", "matchers": [{"match": "type"}]},
                                          "$.b": {"matchers": [{"match": "number"}]}}},
               "generators": {"body": {"$.b": {"type": "RandomInt", "min": 1, "max": 2}}}}),
    );
    let response = &interaction["response"];
    assert_eq!(
        response["matchingRules"]["body"]["$.a"]["matchers"],
        json!([{"match": "type"}, {"match": "integer"}])
    );
    assert_eq!(
        response["matchingRules"]["body"]["$.b"]["matchers"],
        json!([{"match": "number"}])
    );
    assert_eq!(
        response["generators"]["body"]["$.b"],
        json!({"type": "RandomInt", "min": 1, "max": 2})
    );

    let interaction = converted(
        "2.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"a": {"pact:matcher:type": "type", "value": 1}, "b": 2},
               "matchingRules": {"$.body.b": {"match": "type"}}}),
    );
    assert_eq!(
        interaction["response"]["matchingRules"],
        json!({"$.body.b": {"match": "type"}, "$.body.a": {"match": "type"}})
    );
    let message = conversion_error(
        "2.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"a": {"pact:matcher:type": "type", "value": 1}},
               "matchingRules": {"$.body.a": {"match": "regex", "regex": "1"}}}),
    );
    assert!(
        message.contains("$.body.a has a rule in \"matchingRules\""),
        "{message}"
    );
}

#[test]
fn broken_matchers_are_invalid_and_say_where_and_what() {
    for (matcher, expected) in [
        (
            json!({"pact:matcher:type": "like", "value": 1}),
            "the matcher at $.body.x has an unknown \"pact:matcher:type\" 'like'",
        ),
        (
            json!({"pact:matcher:type": "regex", "value": "a"}),
            "the 'regex' matcher at $.body.x: it needs \"regex\"",
        ),
        (
            json!({"pact:matcher:type": "regex", "regex": "(", "value": "a"}),
            "the regular expression '(' is not valid",
        ),
        (
            json!({"pact:matcher:type": "regex", "regex": "^\\d+$", "value": "a"}),
            "the example 'a' does not match",
        ),
        (
            json!({"pact:matcher:type": "type", "min": -1, "value": []}),
            "\"min\" must be a whole number of at least 0",
        ),
        (
            json!({"pact:matcher:type": "type", "min": 3, "max": 2, "value": []}),
            "\"min\" (3) is greater than \"max\" (2)",
        ),
        (
            json!({"pact:matcher:type": "integer"}),
            "the 'integer' matcher at $.body.x has no \"value\"",
        ),
        (
            json!({"pact:matcher:type": "integer", "value": 1.5}),
            "its example 1.5 is not a whole number",
        ),
        (
            json!({"pact:matcher:type": "type", "min": 2, "value": [1]}),
            "its example has 1 elements, fewer than its \"min\" (2)",
        ),
        (
            json!({"pact:matcher:type": "type", "max": 1, "value": [1, 1]}),
            "more than its \"max\" (1)",
        ),
        (json!({"pact:matcher:type": "arrayContains"}), "needs \"variants\""),
        (json!({"pact:matcher:type": 3, "value": 1}), "must be a string"),
        (
            json!({"pact:matcher:type": "type", "pact:generator:type": "Nope", "value": 1}),
            "unknown \"pact:generator:type\" \"Nope\"",
        ),
        (
            json!({"pact:matcher:type": "type", "pact:generator:type": "ProviderState", "value": 1}),
            "needs \"expression\"",
        ),
        (
            json!({"pact:matcher:type": "statusCode", "status": "success", "value": 200}),
            "only for the response status",
        ),
        (
            json!({"pact:matcher:type": "eachKey", "value": {}, "rules": [{"pact:matcher:type": "bogus"}]}),
            "rule type 'bogus' is unknown",
        ),
    ] {
        let message = conversion_error(
            "4.0",
            json!({"method": "GET", "path": "/"}),
            json!({"status": 200, "body": {"x": matcher.clone()}}),
        );
        assert!(message.contains(expected), "{matcher}: {message}");
        assert!(message.starts_with("interaction 'it', response: "), "{message}");
    }
    let message = conversion_error(
        "3.0.0",
        json!({"method": "GET", "path": "/", "query": {"pact:matcher:type": "regex", "regex": "a=\\d", "value": "a=1"}}),
        json!({"status": 200}),
    );
    assert!(message.contains("the whole \"query\" is a matcher"), "{message}");
    let message = conversion_error(
        "4.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": {"pact:matcher:type": "statusCode", "status": "sometimes", "value": 200}}),
    );
    assert!(message.contains("is not a status class"), "{message}");
}

#[test]
fn a_pact_without_matcher_json_is_left_alone() {
    let mut pact = pact_at(
        "3.0.0",
        json!({"method": "POST", "path": "/", "body": {"a": [1, {"b": "c"}]}}),
        json!({"status": 200, "headers": {"Content-Type": "application/xml"}, "body": "<a/>"}),
    );
    let before = pact.clone();
    assert!(!convert_matcher_json(&mut pact).unwrap());
    assert_eq!(pact, before);
    assert!(!may_hold_matcher_json(&before.to_string()));
    assert!(may_hold_matcher_json(r#"{"x": {"pact:matcher:type": "type"}}"#));
}

#[test]
fn non_http_v4_interactions_are_not_touched() {
    let mut pact = json!({
        "consumer": {"name": "web"}, "provider": {"name": "users"},
        "interactions": [{"type": "Asynchronous/Messages", "description": "event",
                          "contents": {"content": {"a": {"pact:matcher:type": "type", "value": 1}}}}],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    });
    assert!(!convert_matcher_json(&mut pact).unwrap());
}

#[test]
fn loading_converts_so_pact_models_reads_the_rules_and_the_source_is_the_converted_pact() {
    let pact = pact_at(
        "3.0.0",
        json!({"method": "GET", "path": "/", "query": {"q": {"pact:matcher:type": "regex", "regex": "\\d", "value": "1"}}}),
        json!({"status": 200, "body": {"id": {"pact:matcher:type": "integer", "value": 1, "pact:generator:type": "RandomInt"}}}),
    );
    for source in [PactSource::Json(pact.clone()), PactSource::Text(pact.to_string())] {
        let loaded = load_pact(source).unwrap();
        let served = &loaded.interactions[0];
        assert_eq!(served.request.query.as_ref().unwrap()["q"], vec![Some("1".to_string())]);
        let query = served.request.matching_rules.rules_for_category("query").unwrap();
        assert!(query.rules.contains_key(&DocPath::new("$.q").unwrap()), "{query:?}");
        let body = served.response.matching_rules.rules_for_category("body").unwrap();
        assert!(body.rules.contains_key(&DocPath::new("$.id").unwrap()));
        assert!(!served.response.generators.is_empty());
        assert!(!loaded.source.contains("pact:matcher:type"), "{}", loaded.source);
    }
    let err = load_pact(PactSource::Text(
        pact_at(
            "3.0.0",
            json!({"method": "GET", "path": {"pact:matcher:type": "integer", "value": 1}}),
            json!({"status": 200}),
        )
        .to_string(),
    ))
    .err()
    .unwrap();
    assert_eq!(err.code, ErrorCode::PactInvalid);
    assert!(err.message.contains("path matcher must be a string"), "{}", err.message);
}

#[test]
fn several_matchers_on_one_value_and_matcher_expressions() {
    // The FFI's form for several rules: the object's other keys are the example.
    let (example, rules, _) = body_field(json!({
        "pact:matcher:type": [
            {"pact:matcher:type": "each-key", "value": "AUK-1", "rules": [{"pact:matcher:type": "regex", "regex": "\\w{3}-\\d+"}]},
            {"pact:matcher:type": "each-value", "rules": [{"pact:matcher:type": "type"}]}
        ],
        "AUK-1": {"title": "t"}
    }));
    assert_eq!(example, json!({"AUK-1": {"title": "t"}}));
    assert_eq!(rules[0]["match"], "eachKey");
    assert_eq!(rules[1]["match"], "eachValue");

    let (example, rules, _) = body_field(json!({"pact:matcher:type": "matching(regex, '\\d+', '100')"}));
    assert_eq!(example, json!("100"));
    assert_eq!(rules, json!([{"match": "regex", "regex": "\\d+"}]));
    let (example, rules, _) = body_field(json!({"pact:matcher:type": "matching(integer, 7)"}));
    assert_eq!(example, json!(7));
    assert_eq!(rules, json!([{"match": "integer"}]));
    let (example, rules, _) = body_field(json!({"pact:matcher:type": "atLeast(1), atMost(3)", "value": ["a"]}));
    assert_eq!(example, json!(["a"]));
    let names: Vec<&Value> = rules.as_array().unwrap().iter().map(|rule| &rule["match"]).collect();
    assert_eq!(names, [&json!("type"), &json!("type")], "{rules}");

    let message = conversion_error(
        "4.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"x": {"pact:matcher:type": "matching(regex, "}}}),
    );
    assert!(message.contains("cannot be read"), "{message}");
}

#[test]
fn the_status_may_be_a_list_of_codes() {
    let interaction = converted(
        "4.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": {"pact:matcher:type": "statusCode", "status": [200, 204], "value": 204}}),
    );
    assert_eq!(interaction["response"]["status"], 204);
    assert_eq!(
        interaction["response"]["matchingRules"]["status"]["$"]["matchers"],
        json!([{"match": "statusCode", "status": [200, 204]}])
    );
}

#[test]
fn xml_text_and_attributes_are_escaped_and_empty_elements_closed() {
    let document = json!({"root": {"name": "a", "attributes": {"q": "it's \"x\" & <y>"},
        "children": [{"name": "b", "children": []}, {"content": "1 < 2 & 3 > 2"}]}});
    let interaction = converted(
        "3.0.0",
        json!({"method": "POST", "path": "/", "headers": {"Content-Type": "text/xml; charset=utf-8"}, "body": document}),
        json!({"status": 200}),
    );
    assert_eq!(
        interaction["request"]["body"],
        "<?xml version='1.0'?><a q='it&apos;s &quot;x&quot; &amp; &lt;y&gt;'><b/>1 &lt; 2 &amp; 3 &gt; 2</a>"
    );
    assert!(interaction["request"].get("matchingRules").is_none());
}

#[test]
fn rules_inside_each_key_keep_their_key_and_inside_each_value_apply_to_any() {
    let inner = json!({"n": {"pact:matcher:type": "integer", "value": 1}});
    let interaction = converted(
        "4.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {
            "keys": {"pact:matcher:type": "eachKey", "value": {"k": inner}, "rules": [{"pact:matcher:type": "regex", "regex": "^k$"}]},
            "values": {"pact:matcher:type": "eachValue", "value": {"k": inner}, "rules": [{"pact:matcher:type": "type"}]},
            "list": {"pact:matcher:type": "equality", "value": [inner]}}}),
    );
    let body = &interaction["response"]["matchingRules"]["body"];
    assert_eq!(body["$.keys.k.n"]["matchers"], json!([{"match": "integer"}]), "{body}");
    assert_eq!(
        body["$.values.*.n"]["matchers"],
        json!([{"match": "integer"}]),
        "{body}"
    );
    assert_eq!(body["$.list[*].n"]["matchers"], json!([{"match": "integer"}]), "{body}");
}

#[test]
fn v2_form_rules_in_a_v3_pact_are_kept_in_the_v3_form() {
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"a": {"pact:matcher:type": "integer", "value": 1}, "b": "x"},
               "matchingRules": {"$.body.b": {"match": "regex", "regex": "x+"}}}),
    );
    let body = &interaction["response"]["matchingRules"]["body"];
    assert_eq!(
        body["$.b"]["matchers"],
        json!([{"match": "regex", "regex": "x+"}]),
        "{body}"
    );
    assert_eq!(body["$.a"]["matchers"], json!([{"match": "integer"}]), "{body}");
    let loaded = load_pact(PactSource::Json(pact_at(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        interaction["response"].clone(),
    )))
    .unwrap();
    let rules = loaded.interactions[0]
        .response
        .matching_rules
        .rules_for_category("body")
        .unwrap();
    assert_eq!(rules.rules.len(), 2, "{rules:?}");
}

#[test]
fn an_xml_text_rule_written_the_reference_way_reads_back_as_the_text_path() {
    let pact = pact_at(
        "3.0.0",
        json!({"method": "POST", "path": "/", "headers": {"Content-Type": "application/xml"},
               "body": {"root": {"name": "a", "children": [{"content": "x", "matcher": {"pact:matcher:type": "regex", "regex": "x+", "value": "x"}}]}}}),
        json!({"status": 200}),
    );
    let loaded = load_pact(PactSource::Json(pact)).unwrap();
    assert!(loaded.source.contains("\"$.a.#text\""), "{}", loaded.source);
    let body = loaded.interactions[0]
        .request
        .matching_rules
        .rules_for_category("body")
        .unwrap();
    assert!(
        body.rules.contains_key(&DocPath::new("$.a['#text']").unwrap()),
        "{body:?}"
    );
}

#[test]
fn regex_examples_are_checked_as_pact_matching_applies_the_rule() {
    // pact-js's iso8601Date: a look-ahead, which pact_matching's regex engine (onig) supports.
    let iso_date = r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))?)$";
    let interaction = converted(
        "3.0.0",
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {"day": {"pact:matcher:type": "regex", "regex": iso_date, "value": "2013-02-01"}}}),
    );
    assert_eq!(interaction["response"]["body"]["day"], "2013-02-01");
    // The rule must match the whole value: an example matching only part of it is refused.
    let mut partial = json!({"consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [{"description": "d", "request": {"method": "GET", "path": "/"},
                          "response": {"status": 200, "body": {"kind": {"pact:matcher:type": "regex", "regex": "json", "value": "application/json"}}}}]});
    let refused = convert_matcher_json(&mut partial).unwrap_err();
    assert!(
        refused.message.contains("does not match the regular expression 'json'"),
        "{}",
        refused.message
    );
}
