//! Matcher JSON in a pact: the `{"pact:matcher:type": …, "value": …}` objects pact-js's matchers
//! produce, standing where a value can (request path, query and header values, the response
//! status, bodies), turned into the plain example plus the interaction's `matchingRules` and
//! `generators`, written in the form of the pact's own specification version.
//!
//! Bodies: JSON at any depth; `application/x-www-form-urlencoded` given as a JSON object of
//! fields; XML given as pact-js's XmlBuilder JSON (see [`super::matchers_xml`]).
//!
//! Rules the pact already states are kept; the new ones are added beside them.

use std::collections::HashMap;

use pact_models::generators::Generator;
use pact_models::matchingrules::expressions::{is_matcher_def, parse_matcher_def, ValueType};
use pact_models::matchingrules::{matchers_from_json, matchers_to_json, MatchingRule, MatchingRuleCategory, RuleLogic};
use pact_models::path_exp::{DocPath, PathToken};
use pact_models::{HttpStatus, PactSpecification};
use serde_json::{json, Map, Value};

use super::content_type_header;
use super::matchers_xml::xml_from_builder_json;
use super::version::version_of;
use crate::engine::error::{EngineError, EngineResult};

pub const MATCHER_TYPE: &str = "pact:matcher:type";
pub const GENERATOR_TYPE: &str = "pact:generator:type";

/// The rule types a matcher may name: those pact_models knows (anything else would become a
/// plugin rule that nothing here can apply).
const RULE_TYPES: &[&str] = &[
    "equality",
    "regex",
    "type",
    "include",
    "integer",
    "decimal",
    "real",
    "number",
    "boolean",
    "null",
    "min",
    "max",
    "min-type",
    "max-type",
    "timestamp",
    "datetime",
    "date",
    "time",
    "contentType",
    "content-type",
    "arrayContains",
    "array-contains",
    "values",
    "statusCode",
    "status-code",
    "notEmpty",
    "not-empty",
    "semver",
    "eachKey",
    "each-key",
    "eachValue",
    "each-value",
];

const GENERATOR_TYPES: &[&str] = &[
    "RandomInt",
    "Uuid",
    "RandomDecimal",
    "RandomHexadecimal",
    "RandomString",
    "Regex",
    "Date",
    "Time",
    "DateTime",
    "RandomBoolean",
    "ProviderState",
    "MockServerURL",
];

/// Whether pact text may hold something to convert; a cheap look before any walk, so that a
/// pact without matcher JSON costs nothing more.
pub fn may_hold_matcher_json(text: &str) -> bool {
    text.contains(MATCHER_TYPE)
        || text.contains(GENERATOR_TYPE)
        || text.contains("x-www-form-urlencoded")
        || (text.contains("xml") && text.contains("root"))
}

/// Converts the matcher JSON of every HTTP interaction of `pact` in place. Returns whether
/// anything changed (when not, the pact is untouched). A matcher that is not valid, or a rule
/// the pact's version cannot hold, is `ERR_PACT_INVALID`.
pub fn convert_matcher_json(pact: &mut Value) -> EngineResult<bool> {
    let specification = version_of(pact);
    let Some(Value::Array(interactions)) = pact.get_mut("interactions") else {
        return Ok(false);
    };
    let mut changed = false;
    for (index, interaction) in interactions.iter_mut().enumerate() {
        let Value::Object(interaction) = interaction else {
            continue;
        };
        if interaction
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|kind| kind != "Synchronous/HTTP")
        {
            continue;
        }
        let name = match interaction.get("description").and_then(Value::as_str) {
            Some(description) => format!("interaction '{description}'"),
            None => format!("interaction {index}"),
        };
        for side in ["request", "response"] {
            let Some(Value::Object(part)) = interaction.get_mut(side) else {
                continue;
            };
            changed |= convert_part(part, side == "request", specification)
                .map_err(|why| EngineError::pact_invalid(format!("{name}, {side}: {why}")))?;
        }
    }
    Ok(changed)
}

/// Where in a request or response a rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Path,
    Query,
    Header,
    Body,
    Status,
}

impl Part {
    fn rules_key(self) -> &'static str {
        match self {
            Part::Path => "path",
            Part::Query => "query",
            Part::Header => "header",
            Part::Body => "body",
            Part::Status => "status",
        }
    }

    /// The path as a V2 pact writes it (`$.body.a`, `$.headers.Accept`, `$.query.q`, `$.path`),
    /// which also names it in messages.
    pub fn describe(self, path: &DocPath) -> String {
        let mut full = DocPath::root();
        match self {
            Part::Path => return "$.path".to_string(),
            Part::Status => return "$.status".to_string(),
            Part::Body => full.push_field("body"),
            Part::Header => full.push_field("headers"),
            Part::Query => full.push_field("query"),
        };
        full.push_path(path);
        full.to_string()
    }
}

/// The rules and generators found in one request or response, in the order found.
#[derive(Default)]
pub struct Found {
    rules: Vec<(Part, DocPath, Vec<MatchingRule>)>,
    rule_index: HashMap<(Part, DocPath), usize>,
    generators: Vec<(Part, DocPath, Generator)>,
}

impl Found {
    fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.generators.is_empty()
    }

    /// Adds `rule` at `path`. A rule met again (in each of `eachLike`'s copies of its template)
    /// is added again, as pact-reference does, so that the written rules are the same.
    fn add_rule(&mut self, part: Part, path: &DocPath, rule: MatchingRule) {
        self.add_rule_where(part, path, rule, true);
    }

    fn add_rule_where(&mut self, part: Part, path: &DocPath, rule: MatchingRule, repeated: bool) {
        let key = (part, path.clone());
        match self.rule_index.get(&key) {
            Some(&at) => {
                let rules = &mut self.rules[at].2;
                if repeated || !rules.contains(&rule) {
                    rules.push(rule);
                }
            }
            None => {
                self.rule_index.insert(key, self.rules.len());
                self.rules.push((part, path.clone(), vec![rule]));
            }
        }
    }

    fn add_generator(&mut self, part: Part, path: &DocPath, generator: Generator) {
        if !self.generators.iter().any(|(p, at, _)| *p == part && at == path) {
            self.generators.push((part, path.clone(), generator));
        }
    }

    /// `value` with its matchers replaced by their examples, the rules and generators recorded.
    pub fn example_of(&mut self, value: &Value, part: Part, path: &DocPath) -> Result<Value, String> {
        match value {
            Value::Object(map) if is_matcher(map) => self.matcher(map, part, path),
            Value::Object(map) => {
                let mut example = Map::with_capacity(map.len());
                for (key, field) in map {
                    let mut at = path.clone();
                    at.push_field(key.as_str());
                    example.insert(key.clone(), self.example_of(field, part, &at)?);
                }
                Ok(Value::Object(example))
            }
            Value::Array(items) => {
                let mut example = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let mut at = path.clone();
                    at.push_index(index);
                    example.push(self.example_of(item, part, &at)?);
                }
                Ok(Value::Array(example))
            }
            other => Ok(other.clone()),
        }
    }

    /// One matcher object: its rule and generator recorded at `path`, its example returned.
    pub fn matcher(&mut self, matcher: &Map<String, Value>, part: Part, path: &DocPath) -> Result<Value, String> {
        let at = || part.describe(path);
        if let Some(generator) = matcher.get(GENERATOR_TYPE) {
            let generator =
                generator_of(generator, matcher).map_err(|why| format!("the generator at {}: {why}", at()))?;
            self.add_generator(part, path, generator);
        }
        let kind = match matcher.get(MATCHER_TYPE) {
            None => {
                let value = matcher
                    .get("value")
                    .ok_or_else(|| format!("the generator at {} has no \"value\" (its example)", at()))?;
                return self.example_of(value, part, path);
            }
            Some(Value::String(kind)) if RULE_TYPES.contains(&kind.as_str()) => kind.as_str(),
            Some(Value::String(expression)) if is_matcher_def(expression) => {
                return self.matcher_expression(expression, matcher, part, path)
            }
            Some(Value::Array(matchers)) => return self.several_matchers(matchers, matcher, part, path),
            Some(Value::String(kind)) => {
                return Err(format!(
                    "the matcher at {} has an unknown \"{MATCHER_TYPE}\" '{kind}'; known types are {}",
                    at(),
                    RULE_TYPES.join(", ")
                ))
            }
            Some(other) => {
                return Err(format!(
                    "the \"{MATCHER_TYPE}\" at {} must be a string (or an array of matchers), got {other}",
                    at()
                ))
            }
        };
        if matches!(kind, "arrayContains" | "array-contains") {
            return self.array_contains(matcher, part, path);
        }
        let value = matcher
            .get("value")
            .ok_or_else(|| format!("the '{kind}' matcher at {} has no \"value\" (its example)", at()))?;
        let rule = rule_of(kind, matcher, part).map_err(|why| format!("the '{kind}' matcher at {}: {why}", at()))?;
        self.add_rule(part, path, rule.clone());
        self.example_under(&[rule], value, part, path)
    }

    /// The example of a matcher with `rules`. As pact-reference reads matcher JSON: the rules
    /// inside an array example apply to every element (`[*]`), and those inside a map under a
    /// rule on its values (`values`, `eachValue`) apply under any key (`*`).
    fn example_under(
        &mut self,
        rules: &[MatchingRule],
        value: &Value,
        part: Part,
        path: &DocPath,
    ) -> Result<Value, String> {
        let any_key = rules.iter().any(MatchingRule::is_values_matcher);
        match value {
            Value::Array(items) => {
                let mut each = path.clone();
                each.push_star_index();
                items
                    .iter()
                    .map(|item| self.example_of(item, part, &each))
                    .collect::<Result<_, _>>()
                    .map(Value::Array)
            }
            Value::Object(map) if any_key && !is_matcher(map) => {
                let mut each = path.clone();
                each.push_star();
                let mut example = Map::with_capacity(map.len());
                for (key, field) in map {
                    example.insert(key.clone(), self.example_of(field, part, &each)?);
                }
                Ok(Value::Object(example))
            }
            _ => self.example_of(value, part, path),
        }
    }

    /// `{"pact:matcher:type": [matcher, …], …example}`: several rules on one value, all to hold;
    /// the example is `value`, or else the object's other keys.
    fn several_matchers(
        &mut self,
        matchers: &[Value],
        matcher: &Map<String, Value>,
        part: Part,
        path: &DocPath,
    ) -> Result<Value, String> {
        let at = || part.describe(path);
        let mut rules = Vec::with_capacity(matchers.len());
        for entry in matchers {
            let Some(entry) = entry.as_object() else {
                return Err(format!(
                    "each matcher in the \"{MATCHER_TYPE}\" array at {} must be an object, got {entry}",
                    at()
                ));
            };
            let kind = entry.get(MATCHER_TYPE).and_then(Value::as_str).unwrap_or_default();
            if !RULE_TYPES.contains(&kind) || matches!(kind, "arrayContains" | "array-contains") {
                return Err(format!(
                    "the matcher type '{kind}' in the \"{MATCHER_TYPE}\" array at {} is unknown or cannot be combined",
                    at()
                ));
            }
            let rule = rule_of(kind, entry, part).map_err(|why| format!("the '{kind}' matcher at {}: {why}", at()))?;
            self.add_rule(part, path, rule.clone());
            rules.push(rule);
        }
        let example = match matcher.get("value") {
            Some(value) => value.clone(),
            None => Value::Object(
                matcher
                    .iter()
                    .filter(|(key, _)| !key.starts_with("pact:"))
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect(),
            ),
        };
        self.example_under(&rules, &example, part, path)
    }

    /// A matching rule definition expression (`"eachValue(matching(regex, '\\d+', '1'))"`,
    /// `"atLeast(1), atMost(3)"`), as pact_models parses it.
    fn matcher_expression(
        &mut self,
        expression: &str,
        matcher: &Map<String, Value>,
        part: Part,
        path: &DocPath,
    ) -> Result<Value, String> {
        let at = || part.describe(path);
        let definition = parse_matcher_def(expression).map_err(|err| {
            format!(
                "the matcher expression '{expression}' at {} cannot be read: {err}",
                at()
            )
        })?;
        let mut rules = Vec::with_capacity(definition.rules.len());
        for rule in definition.rules {
            // pact_models's `Either`: a rule, or a reference to another attribute's definition.
            if let Some(reference) = rule.as_ref().right() {
                return Err(format!(
                    "the matcher expression '{expression}' at {} refers to '{}', which is not supported here",
                    at(),
                    reference.name
                ));
            }
            if let Some(rule) = rule.left() {
                self.add_rule(part, path, rule.clone());
                rules.push(rule);
            }
        }
        if let Some(generator) = definition.generator {
            self.add_generator(part, path, generator);
        }
        let example = match matcher.get("value") {
            Some(value) => value.clone(),
            None => match definition.value_type {
                ValueType::Integer => definition
                    .value
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(definition.value)),
                ValueType::Number | ValueType::Decimal => definition
                    .value
                    .parse::<f64>()
                    .ok()
                    .and_then(|number| serde_json::Number::from_f64(number).map(Value::Number))
                    .unwrap_or(Value::String(definition.value)),
                ValueType::Boolean => Value::Bool(definition.value == "true"),
                _ => Value::String(definition.value),
            },
        };
        self.example_under(&rules, &example, part, path)
    }

    /// `arrayContains`: each variant is a value of its own, with its rules relative to it.
    fn array_contains(&mut self, matcher: &Map<String, Value>, part: Part, path: &DocPath) -> Result<Value, String> {
        let Some(Value::Array(variants)) = matcher.get("variants") else {
            return Err(format!(
                "the 'arrayContains' matcher at {} needs \"variants\": an array of the values the array must contain",
                part.describe(path)
            ));
        };
        let mut examples = Vec::with_capacity(variants.len());
        let mut parsed = Vec::with_capacity(variants.len());
        for (index, variant) in variants.iter().enumerate() {
            let mut found = Found::default();
            let example = found.example_of(variant, Part::Body, &DocPath::root()).map_err(|why| {
                format!(
                    "variant {index} of the 'arrayContains' matcher at {}: {why}",
                    part.describe(path)
                )
            })?;
            let mut category = MatchingRuleCategory::empty("body");
            for (_, at, rules) in found.rules {
                for rule in rules {
                    category.add_rule(at.clone(), rule, RuleLogic::And);
                }
            }
            let generators = found.generators.into_iter().map(|(_, at, g)| (at, g)).collect();
            parsed.push((index, category, generators));
            examples.push(example);
        }
        self.add_rule(part, path, MatchingRule::ArrayContains(parsed));
        Ok(Value::Array(examples))
    }
}

/// The rule a matcher of `kind` (a known type) states, after the checks pact_models leaves out.
fn rule_of(kind: &str, matcher: &Map<String, Value>, part: Part) -> Result<MatchingRule, String> {
    if matches!(kind, "statusCode" | "status-code") && part != Part::Status {
        return Err("a statusCode matcher is only for the response status".to_string());
    }
    check_rule(kind, matcher)?;
    MatchingRule::create_from_integration_json(kind, &Value::Object(matcher.clone())).map_err(|err| err.to_string())
}

pub fn is_matcher(map: &Map<String, Value>) -> bool {
    map.contains_key(MATCHER_TYPE) || map.contains_key(GENERATOR_TYPE)
}

/// Whether `value` holds matcher JSON anywhere.
fn holds_matcher(value: &Value) -> bool {
    match value {
        Value::Object(map) => is_matcher(map) || map.values().any(holds_matcher),
        Value::Array(items) => items.iter().any(holds_matcher),
        _ => false,
    }
}

/// What pact_models would accept but is not a usable rule: a missing or broken attribute.
fn check_rule(kind: &str, matcher: &Map<String, Value>) -> Result<(), String> {
    let min = count_attribute(matcher, "min")?;
    let max = count_attribute(matcher, "max")?;
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            return Err(format!("\"min\" ({min}) is greater than \"max\" ({max})"));
        }
    }
    // An example its own rule refuses would make the pact fail against itself.
    if let (Some(Value::Array(items)), true) = (
        matcher.get("value"),
        matches!(kind, "type" | "min" | "max" | "min-type" | "max-type"),
    ) {
        if let Some(min) = min.filter(|min| (items.len() as u64) < *min) {
            return Err(format!(
                "its example has {} elements, fewer than its \"min\" ({min})",
                items.len()
            ));
        }
        if let Some(max) = max.filter(|max| (items.len() as u64) > *max) {
            return Err(format!(
                "its example has {} elements, more than its \"max\" ({max})",
                items.len()
            ));
        }
    }
    match kind {
        "integer"
            if matcher
                .get("value")
                .and_then(Value::as_f64)
                .is_some_and(|number| number.fract() != 0.0) =>
        {
            return Err(format!("its example {} is not a whole number", matcher["value"]));
        }
        "regex" => {
            let Some(Value::String(pattern)) = matcher.get("regex") else {
                return Err("it needs \"regex\": the regular expression, as a string".to_string());
            };
            let compiled = onig::Regex::new(pattern)
                .map_err(|err| format!("the regular expression '{pattern}' is not valid: {err}"))?;
            if let Some(Value::String(example)) = matcher.get("value") {
                // onig's is_match is a whole-string match, as pact_matching applies the rule.
                if !compiled.is_match(example) {
                    return Err(format!(
                        "the example '{example}' does not match the regular expression '{pattern}'"
                    ));
                }
            }
        }
        "include" if !matches!(matcher.get("value"), Some(Value::String(_))) => {
            return Err("\"value\" must be the string the value must include".to_string());
        }
        "contentType" | "content-type" if !matches!(matcher.get("value"), Some(Value::String(_))) => {
            return Err("\"value\" must be the content type, as a string".to_string());
        }
        "min" | "min-type" if min.is_none() => return Err("it needs \"min\"".to_string()),
        "max" | "max-type" if max.is_none() => return Err("it needs \"max\"".to_string()),
        "timestamp" | "datetime" | "date" | "time" => match matcher.get("format") {
            None | Some(Value::String(_)) => {}
            Some(other) => return Err(format!("\"format\" must be a string, got {other}")),
        },
        "statusCode" | "status-code" => {
            if let Some(status) = matcher.get("status") {
                HttpStatus::from_json(status).map_err(|_| {
                    format!(
                        "\"status\" {status} is not a status class (info, success, redirect, clientError, serverError, nonError, error) nor an array of status codes"
                    )
                })?;
            }
        }
        "eachKey" | "each-key" | "eachValue" | "each-value" => match matcher.get("rules") {
            None => {}
            Some(Value::Array(rules)) => {
                for rule in rules {
                    let Some(rule) = rule.as_object() else {
                        return Err(format!("each of its \"rules\" must be a matcher object, got {rule}"));
                    };
                    let name = rule
                        .get(MATCHER_TYPE)
                        .or_else(|| rule.get("match"))
                        .and_then(Value::as_str);
                    match name {
                        Some(name) if RULE_TYPES.contains(&name) => {
                            check_rule(name, rule).map_err(|why| format!("its '{name}' rule: {why}"))?
                        }
                        Some(name) => return Err(format!("its rule type '{name}' is unknown")),
                        None => {
                            return Err(format!(
                                "its rule {} names no \"{MATCHER_TYPE}\"",
                                Value::Object(rule.clone())
                            ))
                        }
                    }
                }
            }
            Some(other) => return Err(format!("\"rules\" must be an array of matchers, got {other}")),
        },
        _ => {}
    }
    Ok(())
}

/// An attribute that counts elements (`min`, `max`): a whole number, at least 0.
fn count_attribute(matcher: &Map<String, Value>, name: &str) -> Result<Option<u64>, String> {
    match matcher.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("\"{name}\" must be a whole number of at least 0, got {value}")),
    }
}

fn generator_of(kind: &Value, matcher: &Map<String, Value>) -> Result<Generator, String> {
    let Some(kind) = kind.as_str().filter(|kind| GENERATOR_TYPES.contains(kind)) else {
        return Err(format!(
            "unknown \"{GENERATOR_TYPE}\" {kind}; known types are {}",
            GENERATOR_TYPES.join(", ")
        ));
    };
    let string_attribute = |name: &str, required: bool| match matcher.get(name) {
        Some(Value::String(_)) => Ok(()),
        None if !required => Ok(()),
        None => Err(format!("the {kind} generator needs \"{name}\"")),
        Some(other) => Err(format!(
            "the {kind} generator's \"{name}\" must be a string, got {other}"
        )),
    };
    match kind {
        "Regex" => {
            string_attribute("regex", true)?;
            if let Some(Value::String(pattern)) = matcher.get("regex") {
                regex::Regex::new(pattern)
                    .map_err(|err| format!("the regular expression '{pattern}' is not valid: {err}"))?;
            }
        }
        "ProviderState" => string_attribute("expression", true)?,
        "MockServerURL" => {
            string_attribute("regex", true)?;
            string_attribute("example", true)?;
        }
        "Date" | "Time" | "DateTime" => {
            string_attribute("format", false)?;
            string_attribute("expression", false)?;
        }
        "RandomInt" => {
            for name in ["min", "max"] {
                if let Some(value) = matcher.get(name).filter(|value| value.as_i64().is_none()) {
                    return Err(format!(
                        "the RandomInt generator's \"{name}\" must be a whole number, got {value}"
                    ));
                }
            }
            let (min, max) = (
                matcher.get("min").and_then(Value::as_i64),
                matcher.get("max").and_then(Value::as_i64),
            );
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    return Err(format!(
                        "the RandomInt generator's \"min\" ({min}) is greater than its \"max\" ({max})"
                    ));
                }
            }
        }
        "RandomDecimal" | "RandomHexadecimal" | "RandomString" => {
            let name = if kind == "RandomString" { "size" } else { "digits" };
            if let Some(value) = matcher.get(name).filter(|value| value.as_u64().is_none()) {
                return Err(format!(
                    "the {kind} generator's \"{name}\" must be a whole number of at least 0, got {value}"
                ));
            }
        }
        _ => {}
    }
    let attributes: Map<String, Value> = matcher
        .iter()
        .filter(|(key, _)| !key.starts_with("pact:"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    Generator::from_map(kind, &attributes).ok_or_else(|| format!("the {kind} generator could not be read"))
}

/// The matcher JSON of one request or response converted; whether anything changed.
fn convert_part(
    part: &mut Map<String, Value>,
    is_request: bool,
    specification: PactSpecification,
) -> Result<bool, String> {
    let mut found = Found::default();
    let mut changed = false;
    if is_request {
        if let Some(Value::Object(path)) = part.get("path") {
            if is_matcher(path) {
                let example = found.matcher(path, Part::Path, &DocPath::empty())?;
                if !example.is_string() {
                    return Err(format!(
                        "the example of the path matcher must be a string, got {example}"
                    ));
                }
                part.insert("path".to_string(), example);
                changed = true;
            }
        }
        if let Some(Value::Object(query)) = part.get_mut("query") {
            if convert_values(query, Part::Query, &mut found)? {
                changed = true;
                // Before V3 a query is its text; from V3 each name has a list of values (as
                // pact-reference writes it).
                if specification < PactSpecification::V3 && specification != PactSpecification::Unknown {
                    let text = query_text(query);
                    part.insert("query".to_string(), Value::String(text));
                } else {
                    for value in query.values_mut() {
                        if value.is_string() {
                            *value = Value::Array(vec![value.take()]);
                        }
                    }
                }
            }
        }
    } else if let Some(Value::Object(status)) = part.get("status") {
        if is_matcher(status) {
            let example = found.matcher(status, Part::Status, &DocPath::empty())?;
            if !example.as_u64().is_some_and(|code| (100..=599).contains(&code)) {
                return Err(format!(
                    "the example of the status matcher must be a status code (100 to 599), got {example}"
                ));
            }
            part.insert("status".to_string(), example);
            changed = true;
        }
    }
    if let Some(Value::Object(headers)) = part.get_mut("headers") {
        changed |= convert_values(headers, Part::Header, &mut found)?;
    }
    changed |= convert_body(part, &mut found)?;
    if !found.is_empty() {
        write_rules(part, &found, specification)?;
        changed = true;
    }
    Ok(changed)
}

/// Query or header values: a string, a matcher, or an array of either. The rules of a name are
/// kept at the name (pact files have no place for one value's rule).
fn convert_values(values: &mut Map<String, Value>, part: Part, found: &mut Found) -> Result<bool, String> {
    if is_matcher(values) {
        let what = if part == Part::Query { "query" } else { "headers" };
        return Err(format!(
            "the whole \"{what}\" is a matcher, which a pact cannot hold: put the matchers on its values, e.g. {{\"name\": {{\"pact:matcher:type\": \"regex\", ...}}}}"
        ));
    }
    if !values.values().any(holds_matcher) {
        return Ok(false);
    }
    for (name, value) in values.iter_mut() {
        let mut path = DocPath::root();
        path.push_field(name.as_str());
        let example = match value {
            Value::Object(matcher) if is_matcher(matcher) => found.matcher(matcher, part, &path)?,
            Value::Array(items) => {
                let mut examples = Vec::with_capacity(items.len());
                for item in items.iter() {
                    examples.push(match item {
                        Value::Object(matcher) if is_matcher(matcher) => found.matcher(matcher, part, &path)?,
                        other => other.clone(),
                    });
                }
                Value::Array(examples)
            }
            _ => continue,
        };
        let plain = match &example {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !plain {
            return Err(format!(
                "the example of the matcher at {} must be a string (or an array of strings), got {example}",
                part.describe(&path)
            ));
        }
        *value = example;
    }
    Ok(true)
}

/// `a=1&a=2&b=3` from query values already converted (strings or arrays of strings).
fn query_text(query: &Map<String, Value>) -> String {
    let mut pairs = Vec::new();
    for (name, value) in query {
        let values = match value {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(text) => vec![text.as_str()],
            _ => Vec::new(),
        };
        for value in values {
            pairs.push(format!("{}={}", form_encode(name), form_encode(value)));
        }
    }
    pairs.join("&")
}

/// The body's matcher JSON converted: JSON in place, a form or XmlBuilder object into its text.
fn convert_body(part: &mut Map<String, Value>, found: &mut Found) -> Result<bool, String> {
    let header_type = content_type_header(part).map(str::to_ascii_lowercase);
    let Some(body) = part.get_mut("body") else {
        return Ok(false);
    };
    // A V4 body: `{content, contentType, encoded}`; encoded content holds no JSON to convert.
    let (content, content_type) = match body {
        Value::Object(map)
            if map.contains_key("content") && (map.contains_key("contentType") || map.contains_key("encoded")) =>
        {
            if map.get("encoded").is_some_and(|encoded| encoded != &Value::Bool(false)) {
                return Ok(false);
            }
            let stated = map
                .get("contentType")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            (map.get_mut("content").expect("checked above"), stated.or(header_type))
        }
        other => (other, header_type),
    };
    let content_type = content_type.unwrap_or_default();
    if content_type.contains("xml") {
        // XmlBuilder's `build` hands back its JSON as text.
        if let Value::String(text) = content {
            if text.trim_start().starts_with('{') {
                if let Ok(Value::Object(document)) = serde_json::from_str::<Value>(text) {
                    if document.contains_key("root") {
                        *content = Value::String(xml_from_builder_json(&document, found)?);
                        return Ok(true);
                    }
                }
            }
        }
        if let Value::Object(document) = content {
            if document.contains_key("root") {
                *content = Value::String(xml_from_builder_json(document, found)?);
                return Ok(true);
            }
        }
    }
    if content_type.contains("application/x-www-form-urlencoded") {
        if let Value::Object(fields) = content {
            *content = Value::String(form_from_fields(fields, found)?);
            return Ok(true);
        }
    }
    if !holds_matcher(content) {
        return Ok(false);
    }
    *content = found.example_of(content, Part::Body, &DocPath::root())?;
    Ok(true)
}

/// A form body given as `{field: value}` (a value: text, a number, a matcher, or an array of
/// those) as `a=1&b=2`; the rules of a field are at `$.field`.
fn form_from_fields(fields: &Map<String, Value>, found: &mut Found) -> Result<String, String> {
    let mut in_form = Found::default();
    let mut pairs = Vec::new();
    for (name, value) in fields {
        let mut path = DocPath::root();
        path.push_field(name.as_str());
        let example = in_form.example_of(value, Part::Body, &path)?;
        let texts = match &example {
            Value::Array(items) => items
                .iter()
                .map(|item| form_text(item, &path))
                .collect::<Result<Vec<_>, _>>()?,
            single => vec![form_text(single, &path)?],
        };
        for text in texts {
            pairs.push(format!("{}={}", form_encode(name), form_encode(&text)));
        }
    }
    // An array's elements were seen at `$.field[0]`, `$.field[*]`: their rules belong to the field.
    for (part, path, rules) in in_form.rules {
        let path = field_path(path);
        for rule in rules {
            found.add_rule_where(part, &path, rule, false);
        }
    }
    for (part, path, generator) in in_form.generators {
        found.add_generator(part, &field_path(path), generator);
    }
    Ok(pairs.join("&"))
}

fn field_path(path: DocPath) -> DocPath {
    match path.tokens().get(1) {
        Some(PathToken::Field(name)) if path.len() > 2 => {
            let mut field = DocPath::root();
            field.push_field(name.as_str());
            field
        }
        _ => path,
    }
}

fn form_text(value: &Value, path: &DocPath) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(_) | Value::Bool(_) => Ok(value.to_string()),
        Value::Null => Ok(String::new()),
        other => Err(format!(
            "a form field's value must be text, a number or an array of those; {} is {other}",
            Part::Body.describe(path)
        )),
    }
}

/// application/x-www-form-urlencoded encoding: unreserved characters kept, space as `+`.
fn form_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => encoded.push(byte as char),
            b' ' => encoded.push('+'),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Writes what was found into the part's `matchingRules` and `generators`, in the form of the
/// pact's version, beside the rules already there.
fn write_rules(part: &mut Map<String, Value>, found: &Found, specification: PactSpecification) -> Result<(), String> {
    match specification {
        PactSpecification::V3 | PactSpecification::V4 | PactSpecification::Unknown => {
            write_v3_rules(part, found)?;
            write_v3_generators(part, found);
            Ok(())
        }
        older => write_v2_rules(part, found, older),
    }
}

fn object_at<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let entry = map.entry(key.to_string()).or_insert_with(|| json!({}));
    if !entry.is_object() {
        *entry = json!({});
    }
    entry.as_object_mut().expect("made an object above")
}

/// Adds `rules` to a V3 rule list (`{combine, matchers}`), skipping any already there.
fn add_to_rule_list(list: &mut Map<String, Value>, rules: &[MatchingRule]) {
    list.entry("combine").or_insert_with(|| json!("AND"));
    let matchers = list.entry("matchers").or_insert_with(|| json!([]));
    if !matchers.is_array() {
        *matchers = json!([]);
    }
    let matchers = matchers.as_array_mut().expect("made an array above");
    let stated = matchers.len();
    for rule in rules {
        let rule = rule.to_json();
        if !matchers[..stated].contains(&rule) {
            matchers.push(rule);
        }
    }
}

/// The key a category has in the part's existing JSON (`header` or the older `headers`).
fn category_key(existing: &Map<String, Value>, part: Part) -> &'static str {
    match part {
        Part::Header if !existing.contains_key("header") && existing.contains_key("headers") => "headers",
        other => other.rules_key(),
    }
}

fn sub_key(part: Part, path: &DocPath) -> String {
    match part {
        Part::Header | Part::Query => path.first_field().unwrap_or_default().to_string(),
        _ => path_key(path),
    }
}

/// A body path as pact files spell it; an XML text node as pact-reference writes it
/// (`$.a.b.#text`, which reads back as the same path as `$.a.b['#text']`).
fn path_key(path: &DocPath) -> String {
    match (path.tokens().last(), path.parent()) {
        (Some(PathToken::Field(name)), Some(parent)) if name == "#text" && parent.len() > 1 => {
            format!("{parent}.#text")
        }
        _ => path.to_string(),
    }
}

fn write_v3_rules(part: &mut Map<String, Value>, found: &Found) -> Result<(), String> {
    if found.rules.is_empty() {
        return Ok(());
    }
    // Rules stated in the V2 form (`$.body.a`) are brought to the V3 form the new ones take.
    let v2_form = part
        .get("matchingRules")
        .and_then(Value::as_object)
        .is_some_and(|rules| rules.keys().any(|key| key.starts_with('$')));
    if v2_form {
        let stated = matchers_from_json(&Value::Object(part.clone()), &None)
            .map_err(|err| format!("its \"matchingRules\" cannot be read: {err}"))?;
        part.insert(
            "matchingRules".to_string(),
            matchers_to_json(&stated, &PactSpecification::V3),
        );
    }
    let all = object_at(part, "matchingRules");
    for (place, path, rules) in &found.rules {
        let key = category_key(all, *place);
        let category = object_at(all, key);
        match place {
            Part::Path => add_to_rule_list(category, rules),
            // Keyed by the root, as pact_ffi writes it (pact_models reads the unkeyed form as the
            // path "" and would write that back).
            Part::Status => add_to_rule_list(object_at(category, "$"), rules),
            _ => add_to_rule_list(object_at(category, &sub_key(*place, path)), rules),
        }
    }
    Ok(())
}

fn write_v3_generators(part: &mut Map<String, Value>, found: &Found) {
    if found.generators.is_empty() {
        return;
    }
    let all = object_at(part, "generators");
    for (place, path, generator) in &found.generators {
        let Some(json) = generator.to_json() else { continue };
        let key = category_key(all, *place);
        let category = all.entry(key.to_string()).or_insert_with(|| json!({}));
        match place {
            // The path's and the status's generator is the category's value itself; one given
            // in the pact is kept.
            Part::Path | Part::Status => {
                if category.as_object().is_some_and(Map::is_empty) {
                    *category = json;
                }
            }
            _ => {
                if let Value::Object(category) = category {
                    category.entry(sub_key(*place, path)).or_insert(json);
                }
            }
        }
    }
}

/// V2: one rule per path, only `type` (with `min`/`max`) and `regex`; no generators.
fn write_v2_rules(
    part: &mut Map<String, Value>,
    found: &Found,
    specification: PactSpecification,
) -> Result<(), String> {
    let version = match specification {
        PactSpecification::V2 => "V2",
        _ => "V1",
    };
    let advice = "write the pact at V3 or V4 (spec option)";
    if let Some((place, path, generator)) = found.generators.first() {
        return Err(format!(
            "the generator '{}' at {} cannot be written in a {version} pact: {advice}",
            generator.name(),
            place.describe(path)
        ));
    }
    let mut written = Vec::new();
    for (place, path, rules) in &found.rules {
        let at = place.describe(path);
        let writable = |rule: &MatchingRule| {
            specification == PactSpecification::V2
                && matches!(
                    rule,
                    MatchingRule::Type
                        | MatchingRule::MinType(_)
                        | MatchingRule::MaxType(_)
                        | MatchingRule::MinMaxType(_, _)
                        | MatchingRule::Regex(_)
                )
        };
        if let Some(rule) = rules.iter().find(|rule| !writable(rule)) {
            return Err(format!(
                "the rule '{}' at {at} cannot be written in a {version} pact: {advice}",
                rule.name()
            ));
        }
        // A regex also says the value is a string: a plain type rule beside it adds nothing.
        // (The same rule met in each of `eachLike`'s copies is one rule.)
        let mut kept: Vec<&MatchingRule> = Vec::with_capacity(rules.len());
        for rule in rules {
            if !kept.contains(&rule) {
                kept.push(rule);
            }
        }
        if kept.len() > 1 {
            kept.retain(|rule| **rule != MatchingRule::Type);
        }
        if kept.len() > 1 {
            return Err(format!(
                "{at} has several rules ({}), which a {version} pact cannot hold at one path: {advice}",
                kept.iter().map(|rule| rule.name()).collect::<Vec<_>>().join(", ")
            ));
        }
        written.push((at, kept[0].to_json()));
    }
    let all = object_at(part, "matchingRules");
    for (at, rule) in written {
        match all.get(&at) {
            Some(existing) if existing != &rule => {
                return Err(format!(
                    "{at} has a rule in \"matchingRules\" ({existing}) and a matcher ({rule}); a {version} pact holds one rule per path: {advice}"
                ))
            }
            Some(_) => {}
            None => {
                all.insert(at, rule);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "matchers_tests.rs"]
mod tests;
