//! Bodies of a plugin's content types: compared, generated and configured by the plugin.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use pact_matching::{match_request, BodyMatchResult, Mismatch, RequestMatchResult};
use pact_models::bodies::OptionalBody;
use pact_models::content_types::ContentType;
use pact_models::generators::GeneratorCategory;
use pact_models::matchingrules::Category;
use pact_models::v4::http_parts::{HttpRequest, HttpResponse};
use serde_json::{json, Map, Value};

use super::process::RunningPlugin;
use super::proto::{
    from_struct, to_struct, Body, CompareContentsRequest, CompareContentsResponse, ConfigureInteractionRequest,
    ConfigureInteractionResponse, GenerateContentRequest, GenerateContentResponse, Generator, MatchingRule,
    MatchingRules, PluginConfiguration, CONTENT_GENERATOR, CONTENT_MATCHER,
};
use crate::engine::pact::load::{BoxedPact, ServedInteraction};

/// The plugin among `plugins` whose catalogue has an entry of `kind` for this content type.
fn plugin_for<'a>(
    plugins: &'a [Arc<RunningPlugin>],
    kind: i32,
    content_type: &ContentType,
) -> Option<&'a Arc<RunningPlugin>> {
    let base = content_type.base_type().to_string();
    plugins.iter().find(|plugin| {
        plugin.catalogue.iter().any(|entry| {
            entry.r#type == kind
                && entry
                    .values
                    .get("content-types")
                    .is_some_and(|types| types.split(';').any(|listed| listed.trim().eq_ignore_ascii_case(&base)))
        })
    })
}

/// The name of the plugin that compares bodies of this request's content type.
pub fn content_plugin(plugins: &[Arc<RunningPlugin>], request: &HttpRequest) -> Option<String> {
    let content_type = request.content_type()?;
    plugin_for(plugins, CONTENT_MATCHER, &content_type).map(|plugin| plugin.name.clone())
}

/// pact_matching compares everything but the body; the plugin compares the body. `None` when no
/// plugin handles the expected body's content type; `Err` when the plugin failed to answer.
pub async fn match_request_with(
    plugins: &[Arc<RunningPlugin>],
    pact: &BoxedPact,
    candidate: &ServedInteraction,
    request: &HttpRequest,
    within: Duration,
) -> Option<Result<RequestMatchResult, String>> {
    let content_type = candidate.request.content_type()?;
    let plugin = plugin_for(plugins, CONTENT_MATCHER, &content_type)?;
    let mut expected = candidate.request.clone();
    let mut actual = request.clone();
    expected.body = OptionalBody::Missing;
    actual.body = OptionalBody::Missing;
    let mut result = match match_request(expected, actual, pact, &candidate.interaction).await {
        Ok(result) => result,
        Err(err) => return Some(Err(format!("matching failed: {err}"))),
    };
    let compare = CompareContentsRequest {
        expected: Some(body_of(&candidate.request.body, &content_type)),
        actual: Some(body_of(&request.body, &request.content_type().unwrap_or(content_type))),
        allow_unexpected_keys: false,
        rules: body_rules(&candidate.request),
        plugin_configuration: Some(configuration(pact, candidate, &plugin.name, "request")),
    };
    let answer: CompareContentsResponse = match plugin.channel.call("CompareContents", &compare, within).await {
        Ok(answer) => answer,
        Err(reason) => {
            return Some(Err(format!(
                "the plugin '{}' comparing the body failed: {reason}",
                plugin.name
            )))
        }
    };
    let mismatches = mismatches_of(answer);
    if !mismatches.is_empty() {
        let mut by_path: HashMap<String, Vec<Mismatch>> = HashMap::new();
        for mismatch in mismatches {
            if let Mismatch::BodyMismatch { path, .. } = &mismatch {
                by_path.entry(path.clone()).or_default().push(mismatch);
            }
        }
        result.body = BodyMatchResult::BodyMismatches(by_path);
    }
    Some(Ok(result))
}

fn mismatches_of(answer: CompareContentsResponse) -> Vec<Mismatch> {
    let body_mismatch =
        |path: String, expected: Option<Vec<u8>>, actual: Option<Vec<u8>>, mismatch: String| Mismatch::BodyMismatch {
            path,
            expected: expected.map(Bytes::from),
            actual: actual.map(Bytes::from),
            mismatch,
        };
    if let Some(types) = answer.type_mismatch {
        let mismatch = format!("Expected content type '{}' but got '{}'", types.expected, types.actual);
        return vec![body_mismatch("$".into(), None, None, mismatch)];
    }
    if !answer.error.is_empty() {
        return vec![body_mismatch("$".into(), None, None, answer.error)];
    }
    let mut results: Vec<_> = answer.results.into_iter().collect();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
        .into_iter()
        .flat_map(|(key, list)| {
            list.mismatches.into_iter().map(move |item| {
                let path = if item.path.is_empty() { key.clone() } else { item.path };
                body_mismatch(path, item.expected, item.actual, item.mismatch)
            })
        })
        .collect()
}

fn body_of(body: &OptionalBody, content_type: &ContentType) -> Body {
    Body {
        content_type: content_type.to_string(),
        content: body.value().map(|bytes| bytes.to_vec()),
        content_type_hint: 0,
    }
}

fn body_rules(request: &HttpRequest) -> HashMap<String, MatchingRules> {
    let Some(category) = request.matching_rules.rules.get(&Category::BODY) else {
        return HashMap::new();
    };
    category
        .rules
        .iter()
        .map(|(path, list)| {
            let rule = list
                .rules
                .iter()
                .map(|rule| {
                    let mut values = rule.to_json();
                    let name = values
                        .get("match")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    if let Some(map) = values.as_object_mut() {
                        map.remove("match");
                    }
                    MatchingRule {
                        r#type: name,
                        values: Some(to_struct(&values)),
                    }
                })
                .collect();
            (path.to_string(), MatchingRules { rule })
        })
        .collect()
}

/// The pact's configuration of the plugin (metadata.plugins) and the interaction's (its
/// `pluginConfiguration`, or the part of it for the request or the response).
fn configuration(pact: &BoxedPact, interaction: &ServedInteraction, plugin: &str, part: &str) -> PluginConfiguration {
    let pact_configuration = pact
        .plugin_data()
        .into_iter()
        .find(|data| data.name == plugin)
        .map(|data| Value::Object(data.configuration.into_iter().collect::<Map<_, _>>()))
        .unwrap_or_else(|| json!({}));
    let interaction_configuration = interaction
        .interaction
        .as_v4()
        .and_then(|v4| v4.plugin_config().get(plugin).cloned())
        .map(|config| {
            let config = Value::Object(config.into_iter().collect::<Map<_, _>>());
            config
                .get(part)
                .filter(|part| part.is_object())
                .cloned()
                .unwrap_or(config)
        })
        .unwrap_or_else(|| json!({}));
    PluginConfiguration {
        interaction_configuration: Some(to_struct(&interaction_configuration)),
        pact_configuration: Some(to_struct(&pact_configuration)),
    }
}

/// The response with its body generated by the plugin of its content type, when it has body
/// generators and a plugin generates that type; the body generators are then used up.
pub async fn generate_response_body(
    plugins: &[Arc<RunningPlugin>],
    pact: &BoxedPact,
    interaction: &ServedInteraction,
    within: Duration,
) -> Option<Result<HttpResponse, String>> {
    let response = &interaction.response;
    let generators = response.generators.categories.get(&GeneratorCategory::BODY)?;
    let content_type = response.content_type()?;
    let plugin = plugin_for(plugins, CONTENT_GENERATOR, &content_type)?;
    let request = GenerateContentRequest {
        contents: Some(body_of(&response.body, &content_type)),
        generators: generators
            .iter()
            .map(|(path, generator)| {
                let mut values = generator.to_json().unwrap_or_else(|| json!({}));
                let name = values
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if let Some(map) = values.as_object_mut() {
                    map.remove("type");
                }
                (
                    path.to_string(),
                    Generator {
                        r#type: name,
                        values: Some(to_struct(&values)),
                    },
                )
            })
            .collect(),
        plugin_configuration: Some(configuration(pact, interaction, &plugin.name, "response")),
        test_context: None,
        test_mode: 1,
        content_for: 1,
    };
    let answer: GenerateContentResponse = match plugin.channel.call("GenerateContent", &request, within).await {
        Ok(answer) => answer,
        Err(reason) => {
            return Some(Err(format!(
                "the plugin '{}' generating the response body failed: {reason}",
                plugin.name
            )))
        }
    };
    let mut generated = response.clone();
    if let Some(contents) = answer.contents {
        let content_type = ContentType::parse(contents.content_type.as_str())
            .ok()
            .or(Some(content_type));
        generated.body = OptionalBody::Present(Bytes::from(contents.content.unwrap_or_default()), content_type, None);
    }
    generated.generators.categories.remove(&GeneratorCategory::BODY);
    Some(Ok(generated))
}

/// Asks the plugin to turn its own configuration of some contents (what pact-js's
/// `withPluginContents` passes) into a body, matching rules, generators and plugin configuration,
/// as pact JSON of a V4 request or response part.
pub async fn configure_contents(
    plugin: &RunningPlugin,
    content_type: &str,
    config: &Value,
    within: Duration,
) -> Result<Value, String> {
    let request = ConfigureInteractionRequest {
        content_type: content_type.to_string(),
        contents_config: Some(to_struct(config)),
    };
    let answer: ConfigureInteractionResponse = plugin.channel.call("ConfigureInteraction", &request, within).await?;
    if !answer.error.is_empty() {
        return Err(answer.error);
    }
    // Plugins give the pact's configuration for the whole answer, or with a part's.
    let pact_configuration = answer
        .plugin_configuration
        .as_ref()
        .into_iter()
        .chain(
            answer
                .interaction
                .iter()
                .filter_map(|part| part.plugin_configuration.as_ref()),
        )
        .find_map(|config| config.pact_configuration.as_ref())
        .map(from_struct);
    let parts: Vec<Value> = answer
        .interaction
        .into_iter()
        .map(|part| {
            let contents = part.contents.unwrap_or_default();
            let body_type = if contents.content_type.is_empty() {
                content_type.to_string()
            } else {
                contents.content_type.clone()
            };
            let bytes = contents.content.unwrap_or_default();
            let body = match String::from_utf8(bytes) {
                Ok(text) => json!({"content": text, "contentType": body_type, "encoded": false}),
                Err(err) => {
                    use base64::Engine as _;
                    let encoded = base64::engine::general_purpose::STANDARD.encode(err.into_bytes());
                    json!({"content": encoded, "contentType": body_type, "encoded": "base64"})
                }
            };
            let rules: Map<String, Value> = part
                .rules
                .into_iter()
                .map(|(path, rules)| {
                    let matchers: Vec<Value> = rules
                        .rule
                        .into_iter()
                        .map(|rule| {
                            let mut matcher = rule.values.as_ref().map(from_struct).unwrap_or_else(|| json!({}));
                            matcher["match"] = Value::String(rule.r#type);
                            matcher
                        })
                        .collect();
                    (path, json!({"combine": "AND", "matchers": matchers}))
                })
                .collect();
            let generators: Map<String, Value> = part
                .generators
                .into_iter()
                .map(|(path, generator)| {
                    let mut value = generator.values.as_ref().map(from_struct).unwrap_or_else(|| json!({}));
                    value["type"] = Value::String(generator.r#type);
                    (path, value)
                })
                .collect();
            let interaction_configuration = part
                .plugin_configuration
                .and_then(|config| config.interaction_configuration)
                .map(|config| from_struct(&config));
            json!({
                "partName": part.part_name,
                "body": body,
                "contentType": body_type,
                "matchingRules": rules,
                "generators": generators,
                "interactionConfiguration": interaction_configuration,
                "interactionMarkup": part.interaction_markup,
                "interactionMarkupType": if part.interaction_markup_type == 1 { "HTML" } else { "COMMON_MARK" },
            })
        })
        .collect();
    Ok(json!({"parts": parts, "pactConfiguration": pact_configuration}))
}
