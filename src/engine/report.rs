//! Text a person reads: the one line of a 500 answer, and the report `verify()` throws.
//!
//! Plain text without colour, so that it reads the same in every test runner's output.

use std::fmt::Write as _;

use pact_models::path_exp::{DocPath, PathToken};
use serde_json::Value;

use super::pact::load::ServedInteraction;
use super::results::{MatchResult, MismatchItem, RequestSummary};

const MAX_VALUE_WIDTH: usize = 60;
const MAX_BODY_WIDTH: usize = 200;
const DIFF_CONTEXT: usize = 2;

/// One line a person can read in a client's error output.
pub fn one_line(result: &MatchResult) -> String {
    match result {
        MatchResult::RequestMismatch {
            method,
            path,
            mismatches,
            interaction,
            ..
        } => {
            let first = mismatches.first().map(MismatchItem::mismatch).unwrap_or("it differs");
            let more = match mismatches.len() {
                0 | 1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            format!("Request-Mismatch: {method} {path} does not match interaction '{interaction}': {first}{more}")
        }
        MatchResult::RequestNotFound { method, path, .. } => {
            format!("Unexpected-Request: no interaction in the pact has {method} {path}")
        }
        MatchResult::MissingRequest {
            method,
            path,
            interaction,
            ..
        } => format!("Missing-Request: interaction '{interaction}' ({method} {path}) was not received"),
        MatchResult::InternalError {
            method, path, error, ..
        } => format!("Internal-Error: answering {method} {path} failed: {error}"),
        MatchResult::TransportMismatch {
            transport,
            path,
            error,
            mismatches,
            ..
        } => {
            let first = mismatches.first().map(MismatchItem::mismatch).unwrap_or(error);
            format!("Transport-Mismatch: {transport} {path}: {first}")
        }
    }
}

/// The report of everything that went wrong, `None` when nothing did.
pub fn failure_report(pact_name: &str, results: &[MatchResult], interactions: &[ServedInteraction]) -> Option<String> {
    if results.is_empty() {
        return None;
    }
    let count = match results.len() {
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let mut report = format!("Pact {pact_name}: {count} with the requests the mock server received\n");
    for (number, result) in results.iter().enumerate() {
        report.push('\n');
        write_problem(&mut report, number + 1, result, interactions);
    }
    Some(report.trim_end().to_string())
}

/// One problem as the report of `verify()` shows it (with its JSON diff), numbered 1.
pub fn problem_report(result: &MatchResult, interactions: &[ServedInteraction]) -> String {
    let mut out = String::new();
    write_problem(&mut out, 1, result, interactions);
    out.trim_end().to_string()
}

fn write_problem(out: &mut String, number: usize, result: &MatchResult, interactions: &[ServedInteraction]) {
    match result {
        MatchResult::RequestMismatch {
            mismatches,
            interaction,
            interaction_index,
            request,
            ..
        } => {
            let _ = writeln!(
                out,
                "{number}) Request-Mismatch: {} does not match interaction '{interaction}'",
                request_line(request)
            );
            write_body_line(out, "   received", request);
            let expected_body = interactions
                .get(*interaction_index)
                .and_then(|i| json_body_of(&i.request));
            let actual_body = request.body.as_ref().filter(|_| is_json_request(request));
            for item in mismatches {
                write_item(out, item, expected_body.as_ref(), actual_body);
            }
        }
        MatchResult::RequestNotFound { request, .. } => {
            let _ = writeln!(
                out,
                "{number}) Unexpected-Request: {} (no interaction in the pact has this method and path)",
                request_line(request)
            );
            write_body_line(out, "   received", request);
        }
        MatchResult::MissingRequest {
            interaction, request, ..
        } => {
            let _ = writeln!(
                out,
                "{number}) Missing-Request: interaction '{interaction}' ({}) was not received",
                request_line(request)
            );
        }
        MatchResult::InternalError { request, error, .. } => {
            let _ = writeln!(
                out,
                "{number}) Internal-Error: answering {} failed, so it got a 500 the pact does not describe",
                request_line(request)
            );
            let _ = writeln!(out, "   {error}");
        }
        MatchResult::TransportMismatch {
            transport,
            plugin,
            path,
            error,
            mismatches,
        } => {
            let _ = writeln!(
                out,
                "{number}) Transport-Mismatch: {transport} {path} (reported by the plugin '{plugin}')"
            );
            if !error.is_empty() {
                let _ = writeln!(out, "   {error}");
            }
            for item in mismatches {
                write_item(out, item, None, None);
            }
        }
    }
}

fn request_line(request: &RequestSummary) -> String {
    let mut line = format!("{} {}", request.method, request.path);
    if let Some(query) = request.query.as_ref().filter(|query| !query.is_empty()) {
        let pairs: Vec<String> = query
            .iter()
            .flat_map(|(key, values)| values.iter().map(move |value| format!("{key}={value}")))
            .collect();
        line.push('?');
        line.push_str(&pairs.join("&"));
    }
    line
}

fn write_body_line(out: &mut String, label: &str, request: &RequestSummary) {
    if let Some(body) = &request.body {
        let text = match body {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let _ = writeln!(out, "{label} body: {}", truncate(&text, MAX_BODY_WIDTH));
    }
}

fn write_item(out: &mut String, item: &MismatchItem, expected_body: Option<&Value>, actual_body: Option<&Value>) {
    match item {
        MismatchItem::MethodMismatch { expected, actual, .. } => {
            let _ = writeln!(out, "   - method: expected {expected}, actual {actual}");
        }
        MismatchItem::PathMismatch {
            expected,
            actual,
            mismatch,
        } => {
            let _ = writeln!(out, "   - path: expected {expected}, actual {actual}");
            write_detail(out, mismatch);
        }
        MismatchItem::QueryMismatch {
            parameter,
            expected,
            actual,
            mismatch,
        } => {
            let _ = writeln!(
                out,
                "   - query {parameter}: expected {}, actual {}",
                shown(expected),
                shown(actual)
            );
            write_detail(out, mismatch);
        }
        MismatchItem::HeaderMismatch {
            key,
            expected,
            actual,
            mismatch,
        } => {
            let _ = writeln!(
                out,
                "   - header {key}: expected {}, actual {}",
                shown(expected),
                shown(actual)
            );
            write_detail(out, mismatch);
        }
        MismatchItem::BodyTypeMismatch {
            expected,
            actual,
            mismatch,
            ..
        } => {
            let _ = writeln!(out, "   - body: expected content type {expected}, actual {actual}");
            write_detail(out, mismatch);
        }
        MismatchItem::BodyMismatch {
            path,
            expected,
            actual,
            mismatch,
        } => {
            let expected = expected
                .as_deref()
                .map_or("nothing".to_string(), |v| truncate(v, MAX_VALUE_WIDTH));
            let actual = actual
                .as_deref()
                .map_or("nothing".to_string(), |v| truncate(v, MAX_VALUE_WIDTH));
            let _ = writeln!(out, "   - body {path}: expected {expected}, actual {actual}");
            write_detail(out, mismatch);
            if let (Some(expected_body), Some(actual_body)) = (expected_body, actual_body) {
                if let Some(diff) = diff_around(path, expected_body, actual_body) {
                    for line in diff {
                        let _ = writeln!(out, "       {line}");
                    }
                }
            }
        }
        MismatchItem::PluginMismatch {
            plugin,
            path,
            expected,
            actual,
            mismatch,
        } => {
            let shown_or_nothing = |value: &Option<String>| {
                value
                    .as_deref()
                    .map_or("nothing".to_string(), |v| truncate(v, MAX_VALUE_WIDTH))
            };
            let _ = writeln!(
                out,
                "   - body {path} (compared by the plugin '{plugin}'): expected {}, actual {}",
                shown_or_nothing(expected),
                shown_or_nothing(actual)
            );
            write_detail(out, mismatch);
        }
    }
}

/// pact_matching's own sentence, when it says more than the expected/actual line.
fn write_detail(out: &mut String, mismatch: &str) {
    if !mismatch.is_empty() {
        let _ = writeln!(out, "     {}", mismatch.replace('\n', "\n     "));
    }
}

fn shown(value: &str) -> String {
    if value.is_empty() {
        "nothing".to_string()
    } else {
        format!("{:?}", truncate(value, MAX_VALUE_WIDTH))
    }
}

fn truncate(text: &str, width: usize) -> String {
    let single_line = text.replace('\n', "\\n");
    if single_line.chars().count() <= width {
        single_line
    } else {
        let kept: String = single_line.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

fn is_json_request(request: &RequestSummary) -> bool {
    request.body.as_ref().is_some_and(|body| !body.is_string())
}

fn json_body_of(request: &pact_models::v4::http_parts::HttpRequest) -> Option<Value> {
    let bytes = request.body.value()?;
    if !request.content_type().is_some_and(|ct| ct.is_json()) {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

/// A compact diff of the object or array that holds `path`: the neighbours as context, the
/// entry at `path` as `-` expected and `+` actual.
fn diff_around(path: &str, expected: &Value, actual: &Value) -> Option<Vec<String>> {
    let doc_path = DocPath::new(path).ok()?;
    let tokens = doc_path.tokens();
    let (last, parents) = tokens.split_last()?;
    let expected_parent = walk(expected, parents)?;
    let actual_parent = walk(actual, parents)?;
    match (last, expected_parent, actual_parent) {
        (PathToken::Field(key), Value::Object(expected_map), Value::Object(actual_map)) => {
            let keys: Vec<&String> = actual_map.keys().collect();
            let position = keys.iter().position(|k| *k == key).unwrap_or(keys.len());
            let mut lines = vec!["{".to_string()];
            let start = position.saturating_sub(DIFF_CONTEXT);
            if start > 0 {
                lines.push("    …".to_string());
            }
            for context_key in &keys[start..position] {
                lines.push(format!(
                    "    {}: {}",
                    quoted(context_key),
                    compact(&actual_map[*context_key])
                ));
            }
            if let Some(value) = expected_map.get(key) {
                lines.push(format!("  - {}: {}", quoted(key), compact(value)));
            }
            if let Some(value) = actual_map.get(key) {
                lines.push(format!("  + {}: {}", quoted(key), compact(value)));
            }
            let after = if position < keys.len() { position + 1 } else { position };
            let end = (after + DIFF_CONTEXT).min(keys.len());
            for context_key in &keys[after..end] {
                lines.push(format!(
                    "    {}: {}",
                    quoted(context_key),
                    compact(&actual_map[*context_key])
                ));
            }
            if end < keys.len() {
                lines.push("    …".to_string());
            }
            lines.push("}".to_string());
            Some(lines)
        }
        (PathToken::Index(index), Value::Array(expected_items), Value::Array(actual_items)) => {
            let mut lines = vec!["[".to_string()];
            let start = index.saturating_sub(DIFF_CONTEXT);
            if start > 0 {
                lines.push("    …".to_string());
            }
            for item in actual_items.iter().take(*index).skip(start) {
                lines.push(format!("    {}", compact(item)));
            }
            if let Some(value) = expected_items.get(*index) {
                lines.push(format!("  - {}", compact(value)));
            }
            if let Some(value) = actual_items.get(*index) {
                lines.push(format!("  + {}", compact(value)));
            }
            let end = (index + 1 + DIFF_CONTEXT).min(actual_items.len());
            for item in actual_items.iter().take(end).skip(index + 1) {
                lines.push(format!("    {}", compact(item)));
            }
            if end < actual_items.len() {
                lines.push("    …".to_string());
            }
            lines.push("]".to_string());
            Some(lines)
        }
        _ => None,
    }
}

fn walk<'a>(value: &'a Value, tokens: &[PathToken]) -> Option<&'a Value> {
    tokens.iter().try_fold(value, |value, token| match token {
        PathToken::Root => Some(value),
        PathToken::Field(key) => value.get(key.as_str()),
        PathToken::Index(index) => value.get(*index),
        PathToken::Star | PathToken::StarIndex => None,
    })
}

fn compact(value: &Value) -> String {
    truncate(&value.to_string(), MAX_VALUE_WIDTH)
}

fn quoted(key: &str) -> String {
    Value::String(key.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_diff_shows_neighbours_and_the_changed_entry() {
        let expected = json!({"user": {"id": 1, "name": "Ann", "age": 30, "city": "Oslo"}});
        let actual = json!({"user": {"id": 7, "name": "Bob", "age": "old", "city": "Rome", "zip": "1"}});
        let diff = diff_around("$.user.age", &expected, &actual).unwrap();
        assert_eq!(
            diff,
            [
                "{",
                "    \"id\": 7",
                "    \"name\": \"Bob\"",
                "  - \"age\": 30",
                "  + \"age\": \"old\"",
                "    \"city\": \"Rome\"",
                "    \"zip\": \"1\"",
                "}"
            ]
        );
    }

    #[test]
    fn the_diff_of_an_array_entry_and_of_a_missing_key() {
        let expected = json!({"items": [1, 2, 3, 4, 5, 6]});
        let actual = json!({"items": [1, 2, 3, 9, 5, 6, 7]});
        let diff = diff_around("$.items[3]", &expected, &actual).unwrap();
        assert_eq!(
            diff,
            ["[", "    …", "    2", "    3", "  - 4", "  + 9", "    5", "    6", "    …", "]"]
        );

        let diff = diff_around("$.b", &json!({"a": 1, "b": 2}), &json!({"a": 1})).unwrap();
        assert_eq!(diff, ["{", "    \"a\": 1", "  - \"b\": 2", "}"]);
    }

    #[test]
    fn no_diff_where_the_path_cannot_be_followed() {
        assert_eq!(diff_around("$.a.b", &json!({"a": 1}), &json!({"a": {"b": 2}})), None);
        assert_eq!(diff_around("$", &json!(1), &json!(2)), None);
    }

    #[test]
    fn long_values_are_shortened_on_one_line() {
        assert_eq!(truncate("a\nb", 10), "a\\nb");
        assert_eq!(truncate(&"x".repeat(80), 10), format!("{}…", "x".repeat(9)));
    }
}
