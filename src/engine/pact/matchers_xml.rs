//! XML bodies given as pact-js's XmlBuilder JSON, turned into XML text and rules.
//!
//! The JSON: `{version?, charset?, root: element}` (pact-js 17 writes only `root`); an element is `{name, attributes?, children?}`;
//! a child is an element, a text `{content, matcher?}`, plain text, or a matcher whose `value`
//! is an element (XmlBuilder's `eachLike`, written `examples` times) or a string (text).
//! Rules go where pact_matching looks for them: `$.root.child`, its text at
//! `$.root.child['#text']`, an attribute at `$.root.child['@id']`.

use pact_models::path_exp::DocPath;
use serde_json::{Map, Value};

use super::matchers::{is_matcher, Found, Part, MATCHER_TYPE};

pub fn xml_from_builder_json(document: &Map<String, Value>, found: &mut Found) -> Result<String, String> {
    let Some(Value::Object(root)) = document.get("root") else {
        return Err("the XML body's \"root\" must be an element: {\"name\": ..., \"children\": [...]}".to_string());
    };
    // Written as pact-js (through pact-reference) writes it: `<?xml version='1.0'?>`, attributes
    // in single quotes; an encoding only when it is not the default.
    let mut xml = String::from("<?xml version='1.0'");
    if let Some(charset) = text_field(document, "charset").filter(|charset| !charset.eq_ignore_ascii_case("UTF-8")) {
        xml.push_str(&format!(" encoding='{}'", escape(charset, true)));
    }
    xml.push_str("?>");
    write_element(root, &DocPath::root(), found, &mut xml)?;
    Ok(xml)
}

fn text_field<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str).filter(|text| !text.is_empty())
}

fn write_element(
    element: &Map<String, Value>,
    parent: &DocPath,
    found: &mut Found,
    xml: &mut String,
) -> Result<(), String> {
    let name = element
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| {
            format!(
                "an XML element under {} has no \"name\": {}",
                Part::Body.describe(parent),
                Value::Object(element.clone())
            )
        })?;
    let mut path = parent.clone();
    path.push_field(name);
    xml.push('<');
    xml.push_str(name);
    match element.get("attributes") {
        None | Some(Value::Null) => {}
        Some(Value::Object(attributes)) => {
            for (attribute, value) in attributes {
                let mut at = path.clone();
                at.push_field(format!("@{attribute}"));
                let example = found.example_of(value, Part::Body, &at)?;
                let text = scalar_text(&example).ok_or_else(|| {
                    format!(
                        "the XML attribute at {} must be text or a number, got {example}",
                        Part::Body.describe(&at)
                    )
                })?;
                xml.push_str(&format!(" {attribute}='{}'", escape(&text, true)));
            }
        }
        Some(other) => {
            return Err(format!(
                "the \"attributes\" of the XML element at {} must be an object, got {other}",
                Part::Body.describe(&path)
            ))
        }
    }
    let children = match element.get("children") {
        None | Some(Value::Null) => &Vec::new(),
        Some(Value::Array(children)) => children,
        Some(other) => {
            return Err(format!(
                "the \"children\" of the XML element at {} must be an array, got {other}",
                Part::Body.describe(&path)
            ))
        }
    };
    if children.is_empty() {
        xml.push_str("/>");
        return Ok(());
    }
    xml.push('>');
    for child in children {
        write_child(child, &path, found, xml)?;
    }
    xml.push_str(&format!("</{name}>"));
    Ok(())
}

fn write_child(child: &Value, path: &DocPath, found: &mut Found, xml: &mut String) -> Result<(), String> {
    let mut text_path = path.clone();
    text_path.push_field("#text");
    match child {
        Value::String(text) => xml.push_str(&escape(text, false)),
        Value::Object(matcher) if is_matcher(matcher) => match matcher.get("value") {
            // XmlBuilder's eachLike: the rule is on the element, which is written `examples` times.
            Some(Value::Object(element)) if element.contains_key("name") => {
                let examples = matcher.get("examples").and_then(Value::as_u64).unwrap_or(1).max(1);
                let name = element.get("name").and_then(Value::as_str).unwrap_or_default();
                let mut element_path = path.clone();
                element_path.push_field(name);
                let mut rule_only = matcher.clone();
                rule_only.insert("value".to_string(), Value::Null);
                rule_only.remove("examples");
                found.matcher(&rule_only, Part::Body, &element_path)?;
                for _ in 0..examples {
                    write_element(element, path, found, xml)?;
                }
            }
            _ => {
                let example = found.matcher(matcher, Part::Body, &text_path)?;
                xml.push_str(&escape(&text_of(&example, &text_path)?, false));
            }
        },
        // XmlText: `{content, matcher?}`.
        Value::Object(text) if text.contains_key("content") && !text.contains_key("name") => {
            let content = match text.get("matcher") {
                Some(Value::Object(matcher)) if matcher.contains_key(MATCHER_TYPE) => {
                    let example = found.matcher(matcher, Part::Body, &text_path)?;
                    match text.get("content") {
                        Some(Value::String(content)) if !content.is_empty() => content.clone(),
                        _ => text_of(&example, &text_path)?,
                    }
                }
                _ => text_of(text.get("content").unwrap_or(&Value::Null), &text_path)?,
            };
            xml.push_str(&escape(&content, false));
        }
        Value::Object(element) => write_element(element, path, found, xml)?,
        Value::Number(_) | Value::Bool(_) => xml.push_str(&child.to_string()),
        other => {
            return Err(format!(
                "a child of the XML element at {} is neither an element nor text: {other}",
                Part::Body.describe(path)
            ))
        }
    }
    Ok(())
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

fn text_of(value: &Value, path: &DocPath) -> Result<String, String> {
    scalar_text(value).ok_or_else(|| {
        format!(
            "the XML text at {} must be text, got {value}",
            Part::Body.describe(path)
        )
    })
}

fn escape(text: &str, in_attribute: bool) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' if in_attribute => escaped.push_str("&quot;"),
            '\'' if in_attribute => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}
