//! Loading a pact: JSON text or value in, the interactions this server answers out.

use std::collections::hash_map::Entry;
use std::panic::{catch_unwind, AssertUnwindSafe, RefUnwindSafe};

use pact_models::interaction::Interaction;
use pact_models::matchingrules::{Category, MatchingRule};
use pact_models::pact::{determine_spec_version, load_pact_from_json, parse_meta_data, Pact};
use pact_models::path_exp::{DocPath, PathToken};
use pact_models::v4::http_parts::{HttpRequest, HttpResponse};
use pact_models::PactSpecification;
use serde_json::Value;

use super::matchers::{convert_matcher_json, may_hold_matcher_json};
use crate::engine::error::{panic_message, EngineError, EngineResult};
use crate::engine::plugins::{needed_by, PluginNeed};

pub type BoxedPact = Box<dyn Pact + Send + Sync + RefUnwindSafe>;
pub type BoxedInteraction = Box<dyn Interaction + Send + Sync + RefUnwindSafe>;

/// What the user handed over: pact JSON text, or an already parsed value.
pub enum PactSource {
    Text(String),
    Json(Value),
}

/// An HTTP interaction this server answers, with what matching and responding need ready.
pub struct ServedInteraction {
    pub description: String,
    pub request: HttpRequest,
    pub response: HttpResponse,
    /// The same interaction in the form pact_matching takes it.
    pub interaction: BoxedInteraction,
}

pub struct LoadedPact {
    /// The pact as pact_models reads it, every interaction kind kept.
    pub pact: BoxedPact,
    /// The pact as given, as JSON text: what gets written at the pact's own version, since
    /// pact_models does not keep everything a pact file can say.
    pub source: String,
    /// The HTTP interactions, in pact order.
    pub interactions: Vec<ServedInteraction>,
    /// The plugins the pact names (none for most pacts).
    pub plugin_needs: Vec<PluginNeed>,
}

impl LoadedPact {
    pub fn specification(&self) -> PactSpecification {
        self.pact.specification_version()
    }
}

pub fn load_pact(source: PactSource) -> EngineResult<LoadedPact> {
    // Matcher JSON becomes examples, rules and generators before pact_models reads the pact;
    // `source` is the converted pact, so that it is also what gets written.
    let (json, source) = match source {
        PactSource::Text(text) => {
            let mut json = serde_json::from_str::<Value>(&text).map_err(json_error)?;
            if may_hold_matcher_json(&text) && convert_matcher_json(&mut json)? {
                let text = json.to_string();
                (json, text)
            } else {
                (json, text)
            }
        }
        PactSource::Json(mut json) => {
            convert_matcher_json(&mut json)?;
            let text = json.to_string();
            (json, text)
        }
    };
    let pact = read_pact(&json)?;
    let v4 = pact
        .as_v4_pact()
        .map_err(|err| EngineError::pact_invalid(format!("the pact could not be read: {err}")))?;
    let interactions = v4
        .interactions
        .iter()
        .filter_map(|interaction| interaction.as_v4_http())
        .map(|http| ServedInteraction {
            description: http.description.clone(),
            request: with_xml_rule_paths_resolved(http.request.clone()),
            response: http.response.clone(),
            interaction: Box::new(http),
        })
        .collect();
    Ok(LoadedPact {
        plugin_needs: needed_by(&v4),
        pact,
        source,
        interactions,
    })
}

/// A pact document as pact_models reads it, after the checks pact_models does not make.
pub fn read_pact(json: &Value) -> EngineResult<BoxedPact> {
    check_shape(json)?;
    catch_unwind(AssertUnwindSafe(|| load_pact_from_json("pact", json)))
        .map_err(|payload| {
            EngineError::pact_invalid(format!(
                "the pact could not be read: pact_models failed on it ({}); a field has a type or value the \
                 Pact specification does not allow, e.g. a response \"status\" that is not a whole number",
                panic_message(&payload)
            ))
        })?
        .map_err(|err| EngineError::pact_invalid(format!("the pact could not be read: {err}")))
}

/// XML rules as pact-jvm writes them, in the paths pact_matching looks them up by.
///
/// A rule for each of several same-named elements carries a `[*]` (`$.animals[*].alligator['@id']`);
/// pact_matching's XML paths have no positions, so it would never apply. Without the `[*]` it is
/// the path pact_matching gives every one of those elements.
///
/// A rule on an element's path that only a value can meet (a regex, a number, a date…) means the
/// element's text there, as pact-jvm reads it; pact_matching would test the element's name. It
/// moves to the element's `#text`.
fn with_xml_rule_paths_resolved(mut request: HttpRequest) -> HttpRequest {
    if !request.content_type().is_some_and(|content_type| content_type.is_xml()) {
        return request;
    }
    let Some(body) = request.matching_rules.rules.get_mut(&Category::BODY) else {
        return request;
    };
    for (path, rules) in std::mem::take(&mut body.rules) {
        let mut resolved = DocPath::empty();
        for token in path.tokens().iter().filter(|token| **token != PathToken::StarIndex) {
            resolved.push(token.clone());
        }
        let names_an_element = matches!(path.tokens().last(), Some(PathToken::Field(name))
            if !name.starts_with('@') && name != "#text");
        if names_an_element && rules.rules.iter().all(only_a_value_can_meet) {
            resolved = resolved.join("#text");
        }
        match body.rules.entry(resolved) {
            Entry::Occupied(mut existing) => existing.get_mut().add_rules(&rules),
            Entry::Vacant(slot) => {
                slot.insert(rules);
            }
        }
    }
    request
}

fn only_a_value_can_meet(rule: &MatchingRule) -> bool {
    matches!(
        rule,
        MatchingRule::Regex(_)
            | MatchingRule::Include(_)
            | MatchingRule::Integer
            | MatchingRule::Decimal
            | MatchingRule::Number
            | MatchingRule::Boolean
            | MatchingRule::Date(_)
            | MatchingRule::Time(_)
            | MatchingRule::Timestamp(_)
            | MatchingRule::Semver
    )
}

fn json_error(err: serde_json::Error) -> EngineError {
    // serde_json stops at 128 levels, so that a deep document cannot overflow the stack.
    if err.to_string().starts_with("recursion limit exceeded") {
        return EngineError::pact_invalid(format!(
            "the pact nests more than 128 levels deep ({err}): bodies and values that deep are not supported"
        ));
    }
    EngineError::pact_invalid(format!("the pact is not valid JSON: {err}"))
}

/// Rejects what pact_models would quietly accept but no pact file looks like.
pub fn check_shape(json: &Value) -> EngineResult<()> {
    let map = json.as_object().ok_or_else(|| {
        EngineError::pact_invalid("the pact must be a JSON object with consumer, provider and interactions")
    })?;
    for party in ["consumer", "provider"] {
        let name = map
            .get(party)
            .and_then(|value| value.get("name"))
            .and_then(Value::as_str)
            .filter(|name| !name.trim().is_empty());
        if name.is_none() {
            return Err(EngineError::pact_invalid(format!(
                "the pact has no {party} name: expected \"{party}\": {{ \"name\": \"...\" }}"
            )));
        }
    }
    match (map.get("interactions"), map.get("messages")) {
        (Some(Value::Array(_)), _) | (None, Some(Value::Array(_))) => {}
        (Some(_), _) => {
            return Err(EngineError::pact_invalid(
                "the pact's \"interactions\" must be an array",
            ))
        }
        (None, Some(_)) => return Err(EngineError::pact_invalid("the pact's \"messages\" must be an array")),
        (None, None) => {
            return Err(EngineError::pact_invalid(
                "the pact has no \"interactions\": this does not look like a pact file",
            ))
        }
    }
    if let Some(Value::Array(interactions)) = map.get("interactions") {
        if let Some(index) = interactions.iter().position(|i| !i.is_object()) {
            return Err(EngineError::pact_invalid(format!(
                "interaction {index} of the pact is not a JSON object"
            )));
        }
    }
    let metadata = parse_meta_data(json);
    if determine_spec_version("pact", &metadata) == PactSpecification::Unknown {
        let version = metadata
            .get("pactSpecification")
            .or_else(|| metadata.get("pact-specification"))
            .and_then(|spec| spec.get("version"))
            .cloned()
            .unwrap_or_default();
        return Err(EngineError::pact_invalid(format!(
            "unsupported pact specification version {version:?}: this server reads versions 1 to 4"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::engine::error::ErrorCode;

    fn pact_with(spec: &str, interactions: Value) -> Value {
        json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": interactions,
            "metadata": {"pactSpecification": {"version": spec}}
        })
    }

    #[test]
    fn loads_every_specification_version_and_keeps_it() {
        let interaction = json!([{
            "description": "a user", "request": {"method": "GET", "path": "/users/1"},
            "response": {"status": 200}
        }]);
        for (version, spec) in [
            ("1.0.0", PactSpecification::V1),
            ("1.1.0", PactSpecification::V1_1),
            ("2.0.0", PactSpecification::V2),
            ("3.0.0", PactSpecification::V3),
        ] {
            let loaded = load_pact(PactSource::Json(pact_with(version, interaction.clone()))).unwrap();
            assert_eq!(loaded.specification(), spec);
            assert_eq!(loaded.interactions.len(), 1);
            assert_eq!(loaded.interactions[0].request.path, "/users/1");
        }
        let v4 = pact_with(
            "4.0",
            json!([{"type": "Synchronous/HTTP", "description": "a user",
                    "request": {"method": "GET", "path": "/users/1"}, "response": {"status": 200}}]),
        );
        let loaded = load_pact(PactSource::Text(v4.to_string())).unwrap();
        assert_eq!(loaded.specification(), PactSpecification::V4);
        assert_eq!(loaded.interactions[0].description, "a user");
    }

    #[test]
    fn v4_interactions_that_are_not_http_are_kept_but_not_served() {
        let pact = pact_with(
            "4.0",
            json!([
                {"type": "Asynchronous/Messages", "description": "an event", "contents": {"id": 1}},
                {"type": "Synchronous/HTTP", "description": "a user",
                 "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}
            ]),
        );
        let loaded = load_pact(PactSource::Json(pact)).unwrap();
        assert_eq!(loaded.interactions.len(), 1);
        assert_eq!(loaded.pact.interactions().len(), 2);
    }

    #[test]
    fn xml_rules_for_each_of_several_elements_lose_their_star_index() {
        let pact = pact_with(
            "3.0.0",
            json!([{"description": "xml", "response": {"status": 200}, "request": {
                "method": "POST", "path": "/", "headers": {"Content-Type": "application/xml"},
                "body": "<animals><alligator id=\"1\"/></animals>",
                "matchingRules": {"body": {
                    "$.animals[*].alligator['@id']": {"matchers": [{"match": "regex", "regex": "\\d+"}]},
                    "$.animals.alligator['@id']": {"matchers": [{"match": "integer"}]},
                    "$.animals.alligator[*]": {"matchers": [{"match": "type"}]}}}}}]),
        );
        let loaded = load_pact(PactSource::Json(pact)).unwrap();
        let body = loaded.interactions[0]
            .request
            .matching_rules
            .rules_for_category("body")
            .unwrap();
        let mut paths: Vec<String> = body.rules.keys().map(|path| path.to_string()).collect();
        paths.sort();
        assert_eq!(paths, ["$.animals.alligator", "$.animals.alligator['@id']"]);
        let id_rules = &body.rules[&DocPath::new("$.animals.alligator['@id']").unwrap()].rules;
        assert_eq!(id_rules.len(), 2, "both rules for the attribute are kept: {id_rules:?}");
        // What is written stays as the pact said.
        let written = loaded.pact.interactions()[0]
            .as_request_response()
            .unwrap()
            .request
            .matching_rules;
        assert!(written
            .rules_for_category("body")
            .unwrap()
            .rules
            .contains_key(&DocPath::new("$.animals[*].alligator['@id']").unwrap()));
    }

    #[test]
    fn xml_value_rules_on_an_element_apply_to_its_text() {
        let pact = pact_with(
            "2.0.0",
            json!([{"description": "xml", "response": {"status": 200}, "request": {
                "method": "POST", "path": "/", "headers": {"Content-Type": "application/xml"},
                "body": "<a><b>red</b><c>1</c></a>",
                "matchingRules": {
                    "$.body.a.b": {"match": "regex", "regex": "red|blue"},
                    "$.body.a.c": {"match": "type"},
                    "$.body.a['@id']": {"match": "integer"}}}}]),
        );
        let loaded = load_pact(PactSource::Json(pact)).unwrap();
        let body = loaded.interactions[0]
            .request
            .matching_rules
            .rules_for_category("body")
            .unwrap();
        let mut paths: Vec<String> = body.rules.keys().map(|path| path.to_string()).collect();
        paths.sort();
        assert_eq!(paths, ["$.a.b['#text']", "$.a.c", "$.a['@id']"]);
    }

    #[test]
    fn json_rules_keep_their_star_index() {
        let pact = pact_with(
            "3.0.0",
            json!([{"description": "json", "response": {"status": 200}, "request": {
                "method": "POST", "path": "/", "headers": {"Content-Type": "application/json"},
                "body": {"items": [{"id": 1}]},
                "matchingRules": {"body": {"$.items[*].id": {"matchers": [{"match": "integer"}]}}}}}]),
        );
        let loaded = load_pact(PactSource::Json(pact)).unwrap();
        let body = loaded.interactions[0]
            .request
            .matching_rules
            .rules_for_category("body")
            .unwrap();
        assert!(body.rules.contains_key(&DocPath::new("$.items[*].id").unwrap()));
    }

    #[test]
    fn broken_pacts_are_invalid_with_a_reason() {
        for (source, reason) in [
            (PactSource::Text("{not json".into()), "not valid JSON"),
            (PactSource::Json(json!([1, 2])), "must be a JSON object"),
            (PactSource::Json(json!({"hello": "world"})), "no consumer name"),
            (
                PactSource::Json(json!({"consumer": {"name": "a"}, "provider": {"name": "b"}})),
                "no \"interactions\"",
            ),
            (
                PactSource::Json(json!({"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": {}})),
                "must be an array",
            ),
            (
                PactSource::Json(pact_with("9.0.0", json!([]))),
                "unsupported pact specification version",
            ),
            (PactSource::Json(pact_with("3.0.0", json!([42]))), "interaction 0"),
        ] {
            let err = load_pact(source).err().expect(reason);
            assert_eq!(err.code, ErrorCode::PactInvalid);
            assert!(err.message.contains(reason), "{reason}: {}", err.message);
        }
    }
}
