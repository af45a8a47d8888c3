//! Joining a pact into the pact file already there, at the JSON level so that nothing either
//! side says is dropped.
//!
//! Both documents are at the same specification version when they get here. An interaction of
//! ours replaces the existing ones that are the same interaction: the same `key` when both have
//! one, else the same description and provider states (and, in V4, the same type). Everything
//! else from both is kept; where both say something, ours wins.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

/// `ours` joined into `existing`, or why the two cannot be joined.
pub fn merge(existing: Value, ours: Value) -> Result<Value, String> {
    let (Value::Object(mut merged), Value::Object(mut ours)) = (existing, ours) else {
        return Err("it is not a JSON object".to_string());
    };
    for party in ["consumer", "provider"] {
        let theirs = name_of(&merged, party);
        let mine = name_of(&ours, party);
        if theirs != mine {
            return Err(format!(
                "it is the pact of {party} {theirs:?}, not {mine:?}: two pacts with names that map to the same file name"
            ));
        }
    }
    let list = interactions_key(&merged);
    if list != interactions_key(&ours) {
        return Err(
            "one of the two is a V3 message pact and the other is not: only V4 files hold both kinds (the `specification` option)"
                .to_string(),
        );
    }
    // Values are replaced in place, so that the existing file keeps its layout.
    let existing_interactions = match merged.get_mut(list) {
        Some(Value::Array(items)) => std::mem::take(items),
        _ => Vec::new(),
    };
    let our_interactions = match ours.shift_remove(list) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    merged.insert(
        list.to_string(),
        Value::Array(join_interactions(existing_interactions, our_interactions)),
    );
    let our_metadata = match ours.shift_remove("metadata") {
        Some(Value::Object(metadata)) => metadata,
        _ => Map::new(),
    };
    match merged.get_mut("metadata") {
        Some(Value::Object(metadata)) => {
            for (key, value) in our_metadata {
                merge_one_level(metadata, key, value);
            }
        }
        _ => {
            merged.insert("metadata".to_string(), Value::Object(our_metadata));
        }
    }
    merged.extend(ours);
    Ok(Value::Object(merged))
}

/// Each of ours replaces, in place, the first existing interaction it is the same as, and drops
/// the others; the rest of ours are appended. Ours never replace each other.
fn join_interactions(existing: Vec<Value>, ours: Vec<Value>) -> Vec<Value> {
    // Candidates are found through indexes (a pact can have thousands of interactions), then
    // checked with `same_interaction`.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_description: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, interaction) in existing.iter().enumerate() {
        if let Some(key) = key_of(interaction) {
            by_key.entry(key.to_string()).or_default().push(index);
        }
        by_description
            .entry(description_and_states(interaction))
            .or_default()
            .push(index);
    }
    let mut joined: Vec<Option<Value>> = existing.into_iter().map(Some).collect();
    let mut theirs = vec![true; joined.len()];
    let mut appended = Vec::new();
    for interaction in ours {
        let mut candidates: Vec<usize> = key_of(&interaction)
            .and_then(|key| by_key.get(key))
            .into_iter()
            .chain(by_description.get(&description_and_states(&interaction)))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut replaced = false;
        for index in candidates {
            let same = joined[index]
                .as_ref()
                .is_some_and(|old| theirs[index] && same_interaction(old, &interaction));
            if same {
                joined[index] = (!replaced).then(|| interaction.clone());
                theirs[index] = false;
                replaced = true;
            }
        }
        if !replaced {
            appended.push(interaction);
        }
    }
    joined.into_iter().flatten().chain(appended).collect()
}

fn key_of(interaction: &Value) -> Option<&str> {
    interaction.get("key").and_then(Value::as_str)
}

fn description_and_states(interaction: &Value) -> String {
    json!([interaction.get("description"), provider_states(interaction)]).to_string()
}

fn same_interaction(a: &Value, b: &Value) -> bool {
    if let (Some(a_key), Some(b_key)) = (key_of(a), key_of(b)) {
        return a_key == b_key;
    }
    let same_type = match (a.get("type"), b.get("type")) {
        (Some(a_type), Some(b_type)) => a_type == b_type,
        _ => true,
    };
    same_type && a.get("description") == b.get("description") && provider_states(a) == provider_states(b)
}

/// Provider states in one shape, whichever version wrote them: `[{name, params}]`.
fn provider_states(interaction: &Value) -> Vec<(Value, Value)> {
    match interaction.get("providerStates") {
        Some(Value::Array(states)) => states
            .iter()
            .map(|state| {
                let params = match state.get("params") {
                    Some(params @ Value::Object(map)) if !map.is_empty() => sorted_keys(params),
                    _ => json!({}),
                };
                (state.get("name").cloned().unwrap_or(Value::Null), params)
            })
            .collect(),
        _ => match interaction
            .get("providerState")
            .or_else(|| interaction.get("provider_state"))
        {
            Some(name @ Value::String(_)) => vec![(name.clone(), json!({}))],
            _ => Vec::new(),
        },
    }
}

/// The value with its object keys in order, so that equal params compare and hash alike.
fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted_keys(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

/// Objects on both sides are joined one level deep (e.g. `pactRust.models` from one tool and
/// `pactRust.ffi` from another); anything else of ours replaces theirs.
fn merge_one_level(into: &mut Map<String, Value>, key: String, value: Value) {
    match (into.get_mut(&key), value) {
        (Some(Value::Object(theirs)), Value::Object(mine)) => theirs.extend(mine),
        (_, value) => {
            into.insert(key, value);
        }
    }
}

fn name_of<'a>(pact: &'a Map<String, Value>, party: &str) -> &'a str {
    pact.get(party)
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// V3 message pacts keep their interactions under `messages`.
fn interactions_key(pact: &Map<String, Value>) -> &'static str {
    if !pact.contains_key("interactions") && pact.contains_key("messages") {
        "messages"
    } else {
        "interactions"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pact(version: &str, interactions: Value) -> Value {
        json!({
            "consumer": { "name": "web" }, "provider": { "name": "api" },
            "interactions": interactions,
            "metadata": { "pactSpecification": { "version": version } }
        })
    }

    fn http(description: &str, path: &str) -> Value {
        json!({ "description": description, "request": { "method": "GET", "path": path }, "response": { "status": 200 } })
    }

    fn with(mut interaction: Value, key: &str, value: Value) -> Value {
        interaction[key] = value;
        interaction
    }

    fn paths(merged: &Value) -> Vec<&str> {
        merged["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["request"]["path"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn ours_replace_the_same_interaction_in_place_and_the_rest_is_kept() {
        let existing = pact(
            "3.0.0",
            json!([http("a", "/old-a"), http("b", "/b"), http("c", "/old-c")]),
        );
        let ours = pact(
            "3.0.0",
            json!([http("c", "/new-c"), http("a", "/new-a"), http("d", "/d")]),
        );
        let merged = merge(existing, ours).unwrap();
        assert_eq!(paths(&merged), ["/new-a", "/b", "/new-c", "/d"]);
    }

    #[test]
    fn provider_states_tell_interactions_apart_whichever_version_wrote_them() {
        let existing = pact(
            "2.0.0",
            json!([
                with(http("a user", "/v2-state"), "providerState", json!("user 1 exists")),
                with(http("a user", "/v1-state"), "provider_state", json!("user 2 exists")),
                with(
                    http("a user", "/params"),
                    "providerStates",
                    json!([{ "name": "user 3 exists", "params": { "id": 3 } }])
                ),
                with(
                    http("a user", "/order"),
                    "providerStates",
                    json!([{ "name": "user 5", "params": { "a": 1, "b": { "d": 2, "c": 3 } } }])
                ),
                http("a user", "/no-state"),
            ]),
        );
        let ours = pact(
            "3.0.0",
            json!([
                with(
                    http("a user", "/ours-1"),
                    "providerStates",
                    json!([{ "name": "user 1 exists" }])
                ),
                with(
                    http("a user", "/ours-2"),
                    "providerStates",
                    json!([{ "name": "user 2 exists", "params": {} }])
                ),
                with(
                    http("a user", "/ours-3"),
                    "providerStates",
                    json!([{ "name": "user 3 exists", "params": { "id": 4 } }])
                ),
                with(
                    http("a user", "/ours-5"),
                    "providerStates",
                    json!([{ "name": "user 5", "params": { "b": { "c": 3, "d": 2 }, "a": 1 } }])
                ),
            ]),
        );
        let merged = merge(existing, ours).unwrap();
        assert_eq!(
            paths(&merged),
            ["/ours-1", "/ours-2", "/params", "/ours-5", "/no-state", "/ours-3"],
            "other params are another state; the order of params is not"
        );
    }

    #[test]
    fn keys_join_when_both_have_one() {
        let existing = pact(
            "4.0",
            json!([
                with(http("renamed", "/old-keyed"), "key", json!("k1")),
                with(http("same description", "/old-other-key"), "key", json!("k2")),
                with(http("unkeyed", "/old-unkeyed"), "key", json!("k3")),
            ]),
        );
        let ours = pact(
            "4.0",
            json!([
                with(http("a new description", "/new-keyed"), "key", json!("k1")),
                with(http("same description", "/new-other-key"), "key", json!("k9")),
                http("unkeyed", "/new-unkeyed"),
            ]),
        );
        let merged = merge(existing, ours).unwrap();
        assert_eq!(
            paths(&merged),
            ["/new-keyed", "/old-other-key", "/new-unkeyed", "/new-other-key"]
        );
    }

    #[test]
    fn in_v4_an_http_interaction_does_not_replace_a_message() {
        let message =
            json!({ "type": "Asynchronous/Messages", "description": "an order", "contents": { "content": "x" } });
        let existing = pact("4.0", json!([message.clone()]));
        let ours = pact(
            "4.0",
            json!([with(http("an order", "/orders"), "type", json!("Synchronous/HTTP"))]),
        );
        let merged = merge(existing, ours).unwrap();
        assert_eq!(merged["interactions"][0], message);
        assert_eq!(merged["interactions"][1]["request"]["path"], "/orders");
    }

    #[test]
    fn ours_do_not_replace_each_other_and_replace_every_duplicate_of_theirs() {
        let existing = pact(
            "3.0.0",
            json!([http("a", "/old-1"), http("b", "/b"), http("a", "/old-2")]),
        );
        let ours = pact("3.0.0", json!([http("a", "/new-1"), http("a", "/new-2")]));
        let merged = merge(existing, ours).unwrap();
        assert_eq!(paths(&merged), ["/new-1", "/b", "/new-2"]);
    }

    #[test]
    fn top_level_and_metadata_keys_of_both_are_kept_ours_winning() {
        let mut existing = pact("3.0.0", json!([http("a", "/a")]));
        existing["_links"] = json!({ "broker": "theirs" });
        existing["theirsOnly"] = json!(1);
        existing["metadata"]["pactRust"] = json!({ "models": "1.0.0", "ffi": "0.4.0" });
        existing["metadata"]["pactJs"] = json!({ "version": "12.0.0" });
        let mut ours = pact("3.0.0", json!([http("b", "/b")]));
        ours["_links"] = json!({ "broker": "ours" });
        ours["metadata"]["pactRust"] = json!({ "models": "1.3.17" });
        ours["metadata"]["pactMockServer"] = json!({ "name": "pact-mock-server", "version": "0.1.0" });
        let merged = merge(existing, ours).unwrap();
        assert_eq!(merged["_links"], json!({ "broker": "ours" }));
        assert_eq!(merged["theirsOnly"], json!(1));
        assert_eq!(
            merged["metadata"],
            json!({
                "pactSpecification": { "version": "3.0.0" },
                "pactRust": { "models": "1.3.17", "ffi": "0.4.0" },
                "pactJs": { "version": "12.0.0" },
                "pactMockServer": { "name": "pact-mock-server", "version": "0.1.0" }
            })
        );
        assert_eq!(paths(&merged), ["/a", "/b"]);
    }

    #[test]
    fn other_names_are_an_error() {
        let existing = pact("3.0.0", json!([]));
        let mut ours = pact("3.0.0", json!([]));
        ours["consumer"]["name"] = json!("web/app");
        let why = merge(existing.clone(), ours).unwrap_err();
        assert!(why.contains("consumer \"web\", not \"web/app\""), "{why}");
        let mut ours = pact("3.0.0", json!([]));
        ours["provider"]["name"] = json!("api2");
        assert!(merge(existing, ours).unwrap_err().contains("provider \"api\""));
    }

    #[test]
    fn v3_messages_join_messages_but_not_http_interactions() {
        let messages = |description: &str| {
            json!({ "consumer": { "name": "web" }, "provider": { "name": "api" },
                    "messages": [{ "description": description, "contents": {} }],
                    "metadata": { "pactSpecification": { "version": "3.0.0" } } })
        };
        let merged = merge(messages("one"), messages("two")).unwrap();
        assert_eq!(merged["messages"].as_array().unwrap().len(), 2);
        assert!(merged.get("interactions").is_none());
        let why = merge(messages("one"), pact("3.0.0", json!([http("a", "/a")]))).unwrap_err();
        assert!(why.contains("message pact"), "{why}");
    }
}
