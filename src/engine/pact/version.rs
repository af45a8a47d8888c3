//! A pact document at a chosen specification version, refused when that version cannot hold it.
//!
//! At the pact's own version the document is kept as it was given: pact_models drops a few
//! things when it reads a pact (generators of V3 messages, unknown keys), and rewriting through
//! it would silently lose them. At another version pact_models converts it, dropping what the
//! target cannot say (generators in V2, pending flags in V3, …); so the converted JSON is read
//! back and compared with the pact, interaction by interaction, and the conversion either keeps
//! everything or fails with the reason.

use std::panic::{catch_unwind, AssertUnwindSafe, RefUnwindSafe};

use pact_models::content_types::ContentType;
use pact_models::pact::{determine_spec_version, load_pact_from_json, parse_meta_data, Pact};
use pact_models::v4::interaction::V4Interaction;
use pact_models::PactSpecification;
use serde_json::{json, Map, Value};

use super::content_type_header;
use crate::engine::error::panic_message;

/// Older metadata keys that named the specification version: replaced by `pactSpecification`.
const OLD_VERSION_KEYS: [&str; 2] = ["pact-specification", "pactSpecificationVersion"];

/// The specification version a pact document declares (V3 when it declares none, as pact_models
/// reads it).
pub fn version_of(document: &Value) -> PactSpecification {
    determine_spec_version("pact", &parse_meta_data(document))
}

/// `document` (a pact, read by pact_models as `pact`) at `specification`, with its metadata
/// saying so. Keys pact_models does not know, at the top level and in the metadata, are kept.
/// The error says what the conversion would lose.
pub fn document_at(document: Value, pact: &dyn Pact, specification: PactSpecification) -> Result<Value, String> {
    if version_of(&document) == specification {
        return Ok(with_version(document, specification));
    }
    if let Some(loss) = dropped_when_read(&document) {
        return Err(format!("it would lose {loss}"));
    }
    let mut converted = json_at(pact, specification)?;
    if specification == PactSpecification::V4 {
        as_v4_writes_it(&document, &mut converted);
    }
    keep_unknown_keys(&document, &mut converted);
    Ok(with_version(converted, specification))
}

/// pact_models, turning an older pact into V4, writes a body as base64 of `*/*` (a JSON body
/// too, whatever its Content-Type) and keys the status rules by "": give each body as the
/// original states it, with the content type its header names, and key the status rules by `$`,
/// as a V4 pact written directly has them. The bytes and the rules are the same.
fn as_v4_writes_it(original: &Value, converted: &mut Value) {
    let (Some(originals), Some(Value::Array(interactions))) = (
        original.get("interactions").and_then(Value::as_array),
        converted.get_mut("interactions"),
    ) else {
        return;
    };
    let mut used = vec![false; originals.len()];
    for (index, interaction) in interactions.iter_mut().enumerate() {
        let description = interaction.get("description");
        let same = |i: usize| originals[i].get("description") == description;
        let found = (index < originals.len() && !used[index] && same(index))
            .then_some(index)
            .or_else(|| (0..originals.len()).find(|&i| !used[i] && same(i)));
        let Some(found) = found else { continue };
        used[found] = true;
        for part in ["request", "response"] {
            let (Some(before), Some(Value::Object(after))) = (originals[found].get(part), interaction.get_mut(part))
            else {
                continue;
            };
            if let Some(body) = body_as_stated(before) {
                after.insert("body".to_string(), body);
            }
            if let Some(Value::Object(status)) =
                after.get_mut("matchingRules").and_then(|rules| rules.get_mut("status"))
            {
                if let Some(rules) = status.shift_remove("") {
                    status.insert("$".to_string(), rules);
                }
            }
        }
    }
}

/// An older pact's body as a V4 body: JSON as JSON, text as text, under the header's content
/// type. None when the part has no body, or a string that is not text of a named type.
fn body_as_stated(part: &Value) -> Option<Value> {
    let part = part.as_object()?;
    let body = part.get("body")?;
    let header = content_type_header(part).map(str::to_string);
    let is_json = |content_type: &str| ContentType::parse(content_type).is_ok_and(|parsed| parsed.is_json());
    match (body, header) {
        (Value::Null, _) => None,
        (Value::String(text), Some(content_type)) if !is_json(&content_type) => Some(json!({
            "content": text, "contentType": content_type, "encoded": false })),
        // A JSON string's V4 spelling is ambiguous (the text, or the JSON of it): left as converted.
        (Value::String(_), _) => None,
        (json_body, content_type) => Some(json!({
            "content": json_body,
            "contentType": content_type.unwrap_or_else(|| "application/json".to_string()),
            "encoded": false })),
    }
}

/// The document with its metadata naming `specification` as its version (the document must
/// already be a pact of that version).
pub fn with_version(mut document: Value, specification: PactSpecification) -> Value {
    if let Value::Object(map) = &mut document {
        let metadata = map.entry("metadata").or_insert_with(|| json!({}));
        if !metadata.is_object() {
            *metadata = json!({});
        }
        if let Value::Object(metadata) = metadata {
            for key in OLD_VERSION_KEYS {
                metadata.shift_remove(key);
            }
            metadata.insert(
                "pactSpecification".to_string(),
                json!({ "version": specification.version_str() }),
            );
        }
    }
    document
}

/// Top-level keys beside consumer, provider and the interactions, and the metadata: pact_models
/// keeps metadata only as strings and drops the rest.
fn keep_unknown_keys(original: &Value, converted: &mut Value) {
    let (Value::Object(original), Value::Object(converted)) = (original, converted) else {
        return;
    };
    for (key, value) in original {
        match key.as_str() {
            "consumer" | "provider" | "interactions" | "messages" => {}
            "metadata" => {
                // pact_models adds its own `pactRust` entry: the metadata is the original's.
                let metadata = value.as_object().cloned().unwrap_or_default();
                converted.insert(key.clone(), Value::Object(metadata));
            }
            _ => {
                converted.insert(key.clone(), value.clone());
            }
        }
    }
    if !original.contains_key("metadata") {
        converted.insert("metadata".to_string(), Value::Object(Map::new()));
    }
}

/// What pact_models drops when it reads the document, and so a conversion through it would lose:
/// the generators of V3 messages.
fn dropped_when_read(document: &Value) -> Option<String> {
    let messages = document.get("messages")?.as_array()?;
    messages.iter().find_map(|message| {
        let generators = message.get("generators")?.as_object()?;
        (!generators.is_empty()).then(|| {
            format!(
                "the `generators` of message interaction '{}' (pact_models does not read the generators of V3 messages)",
                message.get("description").and_then(Value::as_str).unwrap_or_default()
            )
        })
    })
}

/// The pact as pact_models writes it at `specification`, or why that would lose something.
fn json_at(pact: &dyn Pact, specification: PactSpecification) -> Result<Value, String> {
    let written = catch_unwind(AssertUnwindSafe(|| pact.to_json(specification)))
        .map_err(|payload| format!("pact_models failed to convert it: {}", panic_message(&payload)))?
        .map_err(|err| err.to_string())?;
    let original = pact
        .as_v4_pact()
        .map_err(|err| format!("its interactions cannot be read: {err}"))?;
    let reread = catch_unwind(AssertUnwindSafe(|| {
        load_pact_from_json("written", &written).and_then(|pact| pact.as_v4_pact())
    }))
    .map_err(|payload| format!("the converted pact cannot be read back: {}", panic_message(&payload)))?
    .map_err(|err| format!("the converted pact cannot be read back: {err}"))?;
    if let Some(loss) = what_is_lost(&original.interactions, &reread.interactions) {
        return Err(format!("it would lose or change {loss}"));
    }
    if specification < pact.specification_version() {
        if let Some(rule) = rule_unknown_at(&original.interactions, specification) {
            return Err(rule);
        }
    }
    Ok(written)
}

type V4Interactions = [Box<dyn V4Interaction + Send + Sync + RefUnwindSafe>];

/// The first interaction that did not survive the conversion, and which part of it changed.
fn what_is_lost(before: &V4Interactions, after: &V4Interactions) -> Option<String> {
    if before.len() != after.len() {
        return Some(format!(
            "{} of its {} interactions",
            before.len().abs_diff(after.len()),
            before.len()
        ));
    }
    // V4 files are written sorted by description, older versions in pact order: a stable sort
    // of both sides pairs each interaction with its converted self.
    let mut before: Vec<_> = before.iter().collect();
    let mut after: Vec<_> = after.iter().collect();
    before.sort_by_key(|i| i.description());
    after.sort_by_key(|i| i.description());
    before.iter().zip(after).find_map(|(before, after)| {
        let (mut before_json, mut after_json) = (before.to_json(), after.to_json());
        bodies_as_bytes(&mut before_json, &mut after_json);
        without_repeated_matchers(&mut before_json);
        without_repeated_matchers(&mut after_json);
        first_difference(&before_json, &after_json, "", 0).map(|field| format!("{field} of {}", named(before.as_ref())))
    })
}

fn named(interaction: &(dyn V4Interaction + Send + Sync + RefUnwindSafe)) -> String {
    let kind = if interaction.is_request_response() {
        "interaction"
    } else {
        "message interaction"
    };
    format!("{kind} '{}'", interaction.description())
}

/// Drops a matcher that repeats an earlier one at the same path: `AND` of a rule with itself is
/// the rule, and older versions hold one rule per path (eachLike's copies each add theirs).
fn without_repeated_matchers(json: &mut Value) {
    match json {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "matchingRules" {
                    dedupe_rule_lists(value);
                } else {
                    without_repeated_matchers(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_repeated_matchers),
        _ => {}
    }
}

fn dedupe_rule_lists(rules: &mut Value) {
    let Value::Object(map) = rules else { return };
    if let Some(Value::Array(matchers)) = map.get_mut("matchers") {
        let mut kept: Vec<Value> = Vec::with_capacity(matchers.len());
        for matcher in matchers.drain(..) {
            if !kept.contains(&matcher) {
                kept.push(matcher);
            }
        }
        *matchers = kept;
    }
    map.values_mut().for_each(dedupe_rule_lists);
}

/// Rewrites the bodies found at the same place in both as `{bytes, contentType}`: a body is the
/// same when its bytes are, however each version spells them (a JSON value, text, base64). A
/// content type only one side states is not compared: the older formats leave it to be detected
/// from the body, as pact tools do.
fn bodies_as_bytes(before: &mut Value, after: &mut Value) {
    match (before, after) {
        (Value::Object(before), Value::Object(after)) => {
            for (key, b) in before.iter_mut() {
                let Some(a) = after.get_mut(key) else { continue };
                if key == "body" || key == "contents" {
                    if let (Some(mut b_bytes), Some(mut a_bytes)) = (body_bytes(b), body_bytes(a)) {
                        if b_bytes.get("contentType").is_none() || a_bytes.get("contentType").is_none() {
                            b_bytes.remove("contentType");
                            a_bytes.remove("contentType");
                        }
                        *b = Value::Object(b_bytes);
                        *a = Value::Object(a_bytes);
                        continue;
                    }
                }
                bodies_as_bytes(b, a);
            }
        }
        (Value::Array(before), Value::Array(after)) => {
            for (b, a) in before.iter_mut().zip(after.iter_mut()) {
                bodies_as_bytes(b, a);
            }
        }
        _ => {}
    }
}

/// A V4 body (`{content, contentType, encoded}`) as its bytes (base64) and its stated content type.
fn body_bytes(body: &Value) -> Option<Map<String, Value>> {
    use base64::Engine;
    let content = body.get("content")?;
    let bytes = match (content, body.get("encoded")) {
        (Value::String(text), Some(Value::String(encoding))) if encoding.eq_ignore_ascii_case("base64") => {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap_or_else(|_| text.as_bytes().to_vec())
        }
        (Value::String(text), _) => text.as_bytes().to_vec(),
        (other, _) => serde_json::to_vec(other).ok()?,
    };
    let mut form = Map::new();
    form.insert(
        "bytes".to_string(),
        Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)),
    );
    if let Some(Value::String(content_type)) = body.get("contentType") {
        if content_type != "*/*" {
            form.insert("contentType".to_string(), Value::String(content_type.clone()));
        }
    }
    Some(form)
}

/// Where (at most three keys deep) two JSON values first differ, e.g. `` `request.generators` ``.
fn first_difference(before: &Value, after: &Value, path: &str, depth: usize) -> Option<String> {
    if before == after {
        return None;
    }
    let here = || {
        if path.is_empty() {
            "the content".to_string()
        } else {
            format!("the `{path}`")
        }
    };
    let (Value::Object(before), Value::Object(after)) = (before, after) else {
        return Some(here());
    };
    if depth >= 3 {
        return Some(here());
    }
    let keys = before
        .keys()
        .chain(after.keys().filter(|key| !before.contains_key(*key)));
    for key in keys {
        let inner = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match (before.get(key), after.get(key)) {
            (Some(b), Some(a)) => {
                if let Some(found) = first_difference(b, a, &inner, depth + 1) {
                    return Some(found);
                }
            }
            _ => return Some(format!("the `{inner}`")),
        }
    }
    Some(here())
}

/// A matching rule the target version does not define, when writing a pact at an older version:
/// pact_models would write it, but the tools that read such files do not know it.
fn rule_unknown_at(interactions: &V4Interactions, specification: PactSpecification) -> Option<String> {
    let known: &[&str] = match specification {
        PactSpecification::V1 | PactSpecification::V1_1 => &[],
        PactSpecification::V2 => &["regex", "type"],
        PactSpecification::V3 => &[
            "equality",
            "regex",
            "type",
            "include",
            "integer",
            "decimal",
            "number",
            "timestamp",
            "datetime",
            "date",
            "time",
            "null",
            "values",
            "contentType",
        ],
        _ => return None,
    };
    interactions.iter().find_map(|interaction| {
        let mut rules = Vec::new();
        rule_names(&interaction.to_json(), false, &mut rules);
        rules
            .into_iter()
            .find(|rule| !known.contains(&rule.as_str()))
            .map(|rule| {
                format!(
                    "{} has a `{rule}` matching rule, which {specification} pacts do not have",
                    named(interaction.as_ref())
                )
            })
    })
}

/// The `match` names found under `matchingRules`.
fn rule_names(json: &Value, in_rules: bool, names: &mut Vec<String>) {
    match json {
        Value::Object(map) => {
            if in_rules {
                if let Some(Value::String(name)) = map.get("match") {
                    names.push(name.clone());
                }
            }
            for (key, value) in map {
                rule_names(value, in_rules || key == "matchingRules", names);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| rule_names(item, in_rules, names)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use pact_models::PactSpecification::{V1, V1_1, V2, V3, V4};

    use super::*;

    pub fn fixture(name: &str) -> Value {
        let path = format!("{}/__test__/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    fn read(document: &Value) -> Box<dyn Pact + Send + Sync + RefUnwindSafe> {
        load_pact_from_json("test", document).unwrap()
    }

    /// Each interaction as V4 JSON, in description order.
    fn interactions_of(document: &Value) -> Vec<Value> {
        let mut interactions: Vec<Value> = read(document)
            .as_v4_pact()
            .unwrap()
            .interactions
            .iter()
            .map(|i| i.to_json())
            .collect();
        interactions.sort_by_key(|i| i["description"].to_string());
        interactions
    }

    const FIXTURES: [(&str, PactSpecification); 8] = [
        ("v1-accounts.json", V1),
        ("v2-users.json", V2),
        ("v2-inventory.json", V2),
        ("v3-orders.json", V3),
        ("v3-payments.json", V3),
        ("v3-events.json", V3),
        ("v4-catalog.json", V4),
        ("v4-shipping.json", V4),
    ];

    #[test]
    fn at_its_own_version_a_pact_is_kept_as_given() {
        for (name, version) in FIXTURES {
            let mut given = fixture(name);
            given["futureKey"] = json!({ "kept": true });
            given["metadata"]["custom"] = json!({ "depth": { "nested": [1, 2] } });
            let written = document_at(given.clone(), read(&given).as_ref(), version).unwrap();
            assert_eq!(written, given, "{name}");
        }
    }

    #[test]
    fn a_newer_version_keeps_every_interaction_rule_and_generator() {
        for (name, version) in FIXTURES {
            let given = fixture(name);
            let pact = read(&given);
            let before = interactions_of(&given);
            for newer in [V1_1, V2, V3, V4].into_iter().filter(|v| *v > version) {
                if name == "v3-events.json" {
                    continue; // below
                }
                let written = document_at(given.clone(), pact.as_ref(), newer)
                    .unwrap_or_else(|why| panic!("{name} at {newer}: {why}"));
                assert_eq!(version_of(&written), newer);
                // The same bodies, whichever way each version spells them.
                let (mut after, mut before) = (Value::Array(interactions_of(&written)), Value::Array(before.clone()));
                bodies_as_bytes(&mut after, &mut before);
                assert_eq!(after, before, "{name} at {newer}");
            }
        }
    }

    #[test]
    fn v3_messages_are_converted_unless_pact_models_dropped_part_of_them() {
        let mut events = fixture("v3-events.json");
        let why = refusal(&events, V4);
        assert!(
            why.contains("would lose the `generators` of message interaction 'a payment captured event'"),
            "{why}"
        );
        events["messages"][0]
            .as_object_mut()
            .unwrap()
            .shift_remove("generators");
        let before = interactions_of(&events);
        let written = document_at(events.clone(), read(&events).as_ref(), V4).unwrap();
        assert_eq!(written["interactions"][0]["type"], "Asynchronous/Messages");
        assert_eq!(interactions_of(&written), before);
    }

    #[test]
    fn the_metadata_names_the_version_and_keeps_the_rest() {
        let mut given = fixture("v2-users.json");
        given["metadata"] = json!({
            "pact-specification": { "version": "2.0.0" },
            "client": { "name": "web", "build": 7 },
            "note": "a string"
        });
        given["_links"] = json!({ "self": "x" });
        for version in [V2, V3, V4] {
            let written = document_at(given.clone(), read(&given).as_ref(), version).unwrap();
            assert_eq!(
                written["metadata"],
                json!({
                    "client": { "name": "web", "build": 7 },
                    "note": "a string",
                    "pactSpecification": { "version": version.version_str() }
                }),
                "{version}"
            );
            assert_eq!(written["_links"], json!({ "self": "x" }));
        }
    }

    fn refusal(document: &Value, version: PactSpecification) -> String {
        document_at(document.clone(), read(document).as_ref(), version)
            .err()
            .unwrap_or_else(|| panic!("writing at {version} should be refused: {document}"))
    }

    fn v4_http(extra: Value) -> Value {
        let mut interaction = json!({
            "type": "Synchronous/HTTP", "description": "a parcel",
            "request": { "method": "GET", "path": "/parcels/1" },
            "response": { "status": 200 }
        });
        interaction
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({
            "consumer": { "name": "a" }, "provider": { "name": "b" },
            "interactions": [interaction],
            "metadata": { "pactSpecification": { "version": "4.0" } }
        })
    }

    #[test]
    fn a_v3_pact_written_at_v4_keeps_json_and_text_bodies_and_keys_status_rules_by_root() {
        let v3 = json!({ "consumer": { "name": "c" }, "provider": { "name": "p" },
            "metadata": { "pactSpecification": { "version": "3.0.0" } },
            "interactions": [
                { "description": "json", "request": { "method": "POST", "path": "/a",
                    "headers": { "Content-Type": "application/json" }, "body": { "a": [1, 2] } },
                  "response": { "status": 200, "body": { "ok": true },
                    "matchingRules": { "status": { "combine": "AND", "matchers": [{ "match": "statusCode", "status": "success" }] } } } },
                { "description": "text", "request": { "method": "GET", "path": "/b" },
                  "response": { "status": 200, "headers": { "Content-Type": "text/csv" }, "body": "id\n1\n" } }
            ] });
        let written = document_at(v3.clone(), read(&v3).as_ref(), V4).unwrap();
        let by = |description: &str| {
            written["interactions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["description"] == description)
                .unwrap()
                .clone()
        };
        let json_interaction = by("json");
        assert_eq!(
            json_interaction["request"]["body"],
            json!({ "content": { "a": [1, 2] }, "contentType": "application/json", "encoded": false })
        );
        assert_eq!(json_interaction["response"]["body"]["content"], json!({ "ok": true }));
        assert_eq!(
            json_interaction["response"]["matchingRules"]["status"],
            json!({ "$": { "combine": "AND", "matchers": [{ "match": "statusCode", "status": "success" }] } })
        );
        assert_eq!(
            by("text")["response"]["body"],
            json!({ "content": "id\n1\n", "contentType": "text/csv", "encoded": false })
        );
        // Read back, the bodies are the bytes the V3 pact had.
        let reread = interactions_of(&written);
        let original = interactions_of(&v3);
        for (before, after) in original.iter().zip(&reread) {
            let (mut before, mut after) = (before.clone(), after.clone());
            bodies_as_bytes(&mut before, &mut after);
            assert_eq!(before["request"]["body"], after["request"]["body"]);
            assert_eq!(before["response"]["body"], after["response"]["body"]);
        }
    }

    #[test]
    fn a_v4_pact_without_v4_data_can_be_written_at_v3() {
        let png = json!({ "request": { "method": "GET", "path": "/parcels/1", "body": {
                "content": { "id": 1 }, "contentType": "application/json", "encoded": false } },
            "response": { "status": 200, "headers": { "Content-Type": ["image/png"] },
            "body": { "content": "iVBORw0KGgoAAAANSUhEUv/+", "contentType": "image/png", "encoded": "base64" } } });
        let given = v4_http(png);
        let written = document_at(given.clone(), read(&given).as_ref(), V3).unwrap();
        assert_eq!(written["metadata"]["pactSpecification"]["version"], "3.0.0");
        assert_eq!(written["interactions"][0]["request"]["body"], json!({ "id": 1 }));
        let reread = read(&written).as_v4_pact().unwrap();
        let http = reread.interactions[0].as_v4_http().unwrap();
        assert_eq!(
            http.response.body.value().unwrap().as_ref(),
            [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R', 0xff, 0xfe]
        );
    }

    #[test]
    fn v4_only_data_refuses_an_older_version_and_says_what() {
        // Without a Content-Type header, a V3 file cannot say that its text is base64 of a PNG.
        let binary = json!({ "response": { "status": 200,
            "body": { "content": "iVBORw0KGgoAAAANSUhEUv/+", "contentType": "image/png", "encoded": "base64" } } });
        for (extra, what) in [
            (json!({ "pending": true }), "`pending` of interaction 'a parcel'"),
            (json!({ "key": "parcel-1" }), "`key` of interaction 'a parcel'"),
            (json!({ "comments": { "text": ["why"] } }), "`comments`"),
            (json!({ "transport": "grpc" }), "`transport`"),
            (binary, "`response.body"),
        ] {
            let why = refusal(&v4_http(extra.clone()), V3);
            assert!(why.contains(what), "{extra}: {why}");
            assert!(why.contains("would lose or change"), "{why}");
        }
        let status_rule = v4_http(json!({ "response": { "status": 200, "matchingRules": {
            "status": { "matchers": [{ "match": "statusCode", "status": "success" }], "combine": "AND" } } } }));
        let why = refusal(&status_rule, V3);
        assert!(why.contains("`statusCode` matching rule"), "{why}");
        let not_empty = v4_http(json!({ "response": { "status": 200, "body": { "content": { "a": "b" },
            "contentType": "application/json", "encoded": false }, "matchingRules": {
            "body": { "$.a": { "matchers": [{ "match": "notEmpty" }], "combine": "AND" } } } } }));
        let why = refusal(&not_empty, V3);
        assert!(
            why.contains("`notEmpty` matching rule, which V3 pacts do not have"),
            "{why}"
        );
    }

    #[test]
    fn message_interactions_refuse_versions_that_cannot_hold_them() {
        let why = refusal(&fixture("v4-shipping.json"), V3);
        assert!(why.contains("mixed interaction types"), "{why}");
        let why = refusal(&fixture("v3-events.json"), V2);
        assert!(why.contains("V3"), "{why}");
    }

    #[test]
    fn v3_data_refuses_v2_and_says_what() {
        let why = refusal(&fixture("v3-orders.json"), V2);
        assert!(
            why.contains("`response.generators` of interaction 'a search for open orders'"),
            "{why}"
        );

        let payments = fixture("v3-payments.json");
        let why = refusal(&payments, V2);
        assert!(why.contains("a payment creation"), "{why}");

        let mut states = fixture("v2-users.json");
        states["metadata"]["pactSpecification"]["version"] = json!("3.0.0");
        states["interactions"][0]["providerStates"] = json!([{ "name": "user 1 exists", "params": { "id": 1 } }]);
        states["interactions"][0]
            .as_object_mut()
            .unwrap()
            .remove("providerState");
        assert!(refusal(&states, V2).contains("`providerStates`"));

        let mut integer = fixture("v2-users.json");
        integer["metadata"]["pactSpecification"]["version"] = json!("3.0.0");
        integer["interactions"][1]["request"]["matchingRules"] =
            json!({ "body": { "$.age": { "matchers": [{ "match": "integer" }] } } });
        assert!(refusal(&integer, V2).contains("`integer` matching rule, which V2 pacts do not have"));
    }

    #[test]
    fn a_rule_repeated_at_one_path_is_written_once_at_v2_and_two_rules_are_refused() {
        let rules = |matchers: Value| {
            v4_http(json!({ "response": { "status": 200,
                "headers": { "Content-Type": ["application/json"] },
                "body": { "content": { "ids": [1, 2] }, "contentType": "application/json", "encoded": false },
                "matchingRules": { "body": { "$.ids[*]": { "combine": "AND", "matchers": matchers } } } } }))
        };
        // eachLike's two copies each give the element's rule: the same rule twice.
        let repeated = rules(json!([{ "match": "type" }, { "match": "type" }]));
        let written = document_at(repeated.clone(), read(&repeated).as_ref(), V2).unwrap();
        assert_eq!(
            written["interactions"][0]["response"]["matchingRules"],
            json!({ "$.body.ids[*]": { "match": "type" } })
        );
        let two = rules(json!([{ "match": "type" }, { "match": "regex", "regex": "\\d+" }]));
        assert!(refusal(&two, V2).contains("would lose or change"));
    }

    #[test]
    fn v2_rules_refuse_v1() {
        let why = refusal(&fixture("v2-users.json"), V1);
        assert!(
            why.contains("`type` matching rule, which V1 pacts do not have"),
            "{why}"
        );
        assert!(refusal(&fixture("v2-users.json"), V1_1).contains("V1.1 pacts"));
    }

    #[test]
    fn the_first_difference_is_named_by_its_path() {
        let a = json!({ "request": { "headers": { "a": ["1"] }, "path": "/" }, "pending": false });
        let b = json!({ "request": { "headers": { "a": ["2"] }, "path": "/" }, "pending": false });
        assert_eq!(first_difference(&a, &b, "", 0).unwrap(), "the `request.headers.a`");
        assert_eq!(first_difference(&a, &a, "", 0), None);
        let c = json!({ "request": { "headers": { "a": ["1"] }, "path": "/" } });
        assert_eq!(first_difference(&a, &c, "", 0).unwrap(), "the `pending`");
    }
}
