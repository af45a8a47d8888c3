//! The messages of the Pact plugin protocol (service `io.pact.plugin.PactPlugin`, interface
//! version 1) that this engine sends and reads, with the field numbers of its `plugin.proto`.
//! Written by hand for the calls made here; unknown fields of newer plugins are skipped.

use std::collections::HashMap;

use prost::Message;
use prost_types::value::Kind;
use prost_types::{ListValue, Struct, Value as ProtoValue};
use serde_json::{Map, Number, Value};

#[derive(Clone, PartialEq, Message)]
pub struct InitPluginRequest {
    #[prost(string, tag = "1")]
    pub implementation: String,
    #[prost(string, tag = "2")]
    pub version: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct CatalogueEntry {
    /// CONTENT_MATCHER = 0, CONTENT_GENERATOR = 1, TRANSPORT = 2, MATCHER = 3, INTERACTION = 4.
    #[prost(int32, tag = "1")]
    pub r#type: i32,
    #[prost(string, tag = "2")]
    pub key: String,
    #[prost(map = "string, string", tag = "3")]
    pub values: HashMap<String, String>,
}

pub const CONTENT_MATCHER: i32 = 0;
pub const CONTENT_GENERATOR: i32 = 1;
pub const TRANSPORT: i32 = 2;

#[derive(Clone, PartialEq, Message)]
pub struct InitPluginResponse {
    #[prost(message, repeated, tag = "1")]
    pub catalogue: Vec<CatalogueEntry>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Body {
    #[prost(string, tag = "1")]
    pub content_type: String,
    #[prost(message, optional, tag = "2")]
    pub content: Option<Vec<u8>>,
    /// DEFAULT = 0, TEXT = 1, BINARY = 2.
    #[prost(int32, tag = "3")]
    pub content_type_hint: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct PluginConfiguration {
    #[prost(message, optional, tag = "1")]
    pub interaction_configuration: Option<Struct>,
    #[prost(message, optional, tag = "2")]
    pub pact_configuration: Option<Struct>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MatchingRule {
    #[prost(string, tag = "1")]
    pub r#type: String,
    #[prost(message, optional, tag = "2")]
    pub values: Option<Struct>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MatchingRules {
    #[prost(message, repeated, tag = "1")]
    pub rule: Vec<MatchingRule>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Generator {
    #[prost(string, tag = "1")]
    pub r#type: String,
    #[prost(message, optional, tag = "2")]
    pub values: Option<Struct>,
}

#[derive(Clone, PartialEq, Message)]
pub struct CompareContentsRequest {
    #[prost(message, optional, tag = "1")]
    pub expected: Option<Body>,
    #[prost(message, optional, tag = "2")]
    pub actual: Option<Body>,
    #[prost(bool, tag = "3")]
    pub allow_unexpected_keys: bool,
    #[prost(map = "string, message", tag = "4")]
    pub rules: HashMap<String, MatchingRules>,
    #[prost(message, optional, tag = "5")]
    pub plugin_configuration: Option<PluginConfiguration>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ContentTypeMismatch {
    #[prost(string, tag = "1")]
    pub expected: String,
    #[prost(string, tag = "2")]
    pub actual: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct ContentMismatch {
    #[prost(message, optional, tag = "1")]
    pub expected: Option<Vec<u8>>,
    #[prost(message, optional, tag = "2")]
    pub actual: Option<Vec<u8>>,
    #[prost(string, tag = "3")]
    pub mismatch: String,
    #[prost(string, tag = "4")]
    pub path: String,
    #[prost(string, tag = "5")]
    pub diff: String,
    #[prost(string, tag = "6")]
    pub mismatch_type: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct ContentMismatches {
    #[prost(message, repeated, tag = "1")]
    pub mismatches: Vec<ContentMismatch>,
}

#[derive(Clone, PartialEq, Message)]
pub struct CompareContentsResponse {
    #[prost(string, tag = "1")]
    pub error: String,
    #[prost(message, optional, tag = "2")]
    pub type_mismatch: Option<ContentTypeMismatch>,
    #[prost(map = "string, message", tag = "3")]
    pub results: HashMap<String, ContentMismatches>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ConfigureInteractionRequest {
    #[prost(string, tag = "1")]
    pub content_type: String,
    #[prost(message, optional, tag = "2")]
    pub contents_config: Option<Struct>,
}

#[derive(Clone, PartialEq, Message)]
pub struct InteractionResponse {
    #[prost(message, optional, tag = "1")]
    pub contents: Option<Body>,
    #[prost(map = "string, message", tag = "2")]
    pub rules: HashMap<String, MatchingRules>,
    #[prost(map = "string, message", tag = "3")]
    pub generators: HashMap<String, Generator>,
    #[prost(message, optional, tag = "4")]
    pub message_metadata: Option<Struct>,
    #[prost(message, optional, tag = "5")]
    pub plugin_configuration: Option<PluginConfiguration>,
    #[prost(string, tag = "6")]
    pub interaction_markup: String,
    /// COMMON_MARK = 0, HTML = 1.
    #[prost(int32, tag = "7")]
    pub interaction_markup_type: i32,
    #[prost(string, tag = "8")]
    pub part_name: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct ConfigureInteractionResponse {
    #[prost(string, tag = "1")]
    pub error: String,
    #[prost(message, repeated, tag = "2")]
    pub interaction: Vec<InteractionResponse>,
    #[prost(message, optional, tag = "3")]
    pub plugin_configuration: Option<PluginConfiguration>,
}

#[derive(Clone, PartialEq, Message)]
pub struct GenerateContentRequest {
    #[prost(message, optional, tag = "1")]
    pub contents: Option<Body>,
    #[prost(map = "string, message", tag = "2")]
    pub generators: HashMap<String, Generator>,
    #[prost(message, optional, tag = "3")]
    pub plugin_configuration: Option<PluginConfiguration>,
    #[prost(message, optional, tag = "4")]
    pub test_context: Option<Struct>,
    /// Unknown = 0, Consumer = 1, Provider = 2.
    #[prost(int32, tag = "5")]
    pub test_mode: i32,
    /// Request = 0, Response = 1.
    #[prost(int32, tag = "6")]
    pub content_for: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct GenerateContentResponse {
    #[prost(message, optional, tag = "1")]
    pub contents: Option<Body>,
}

#[derive(Clone, PartialEq, Message)]
pub struct StartMockServerRequest {
    #[prost(string, tag = "1")]
    pub host_interface: String,
    #[prost(uint32, tag = "2")]
    pub port: u32,
    #[prost(bool, tag = "3")]
    pub tls: bool,
    #[prost(string, tag = "4")]
    pub pact: String,
    #[prost(message, optional, tag = "5")]
    pub test_context: Option<Struct>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MockServerDetails {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(uint32, tag = "2")]
    pub port: u32,
    #[prost(string, tag = "3")]
    pub address: String,
}

/// `oneof response { string error = 1; MockServerDetails details = 2; }`
#[derive(Clone, PartialEq, Message)]
pub struct StartMockServerResponse {
    #[prost(string, optional, tag = "1")]
    pub error: Option<String>,
    #[prost(message, optional, tag = "2")]
    pub details: Option<MockServerDetails>,
}

/// Both ShutdownMockServerRequest and MockServerRequest.
#[derive(Clone, PartialEq, Message)]
pub struct ServerKeyRequest {
    #[prost(string, tag = "1")]
    pub server_key: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct MockServerResult {
    #[prost(string, tag = "1")]
    pub path: String,
    #[prost(string, tag = "2")]
    pub error: String,
    #[prost(message, repeated, tag = "3")]
    pub mismatches: Vec<ContentMismatch>,
}

/// Both ShutdownMockServerResponse and MockServerResults.
#[derive(Clone, PartialEq, Message)]
pub struct MockServerResults {
    #[prost(bool, tag = "1")]
    pub ok: bool,
    #[prost(message, repeated, tag = "2")]
    pub results: Vec<MockServerResult>,
}

/// A JSON object as a protobuf Struct; anything else is wrapped under the key "value".
pub fn to_struct(value: &Value) -> Struct {
    match value {
        Value::Object(map) => Struct {
            fields: map.iter().map(|(key, value)| (key.clone(), to_value(value))).collect(),
        },
        other => Struct {
            fields: [("value".to_string(), to_value(other))].into_iter().collect(),
        },
    }
}

fn to_value(value: &Value) -> ProtoValue {
    let kind = match value {
        Value::Null => Kind::NullValue(0),
        Value::Bool(b) => Kind::BoolValue(*b),
        Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or_default()),
        Value::String(s) => Kind::StringValue(s.clone()),
        Value::Array(items) => Kind::ListValue(ListValue {
            values: items.iter().map(to_value).collect(),
        }),
        Value::Object(_) => Kind::StructValue(to_struct(value)),
    };
    ProtoValue { kind: Some(kind) }
}

pub fn from_struct(value: &Struct) -> Value {
    Value::Object(
        value
            .fields
            .iter()
            .map(|(key, value)| (key.clone(), from_value(value)))
            .collect::<Map<String, Value>>(),
    )
}

fn from_value(value: &ProtoValue) -> Value {
    match &value.kind {
        None | Some(Kind::NullValue(_)) => Value::Null,
        Some(Kind::BoolValue(b)) => Value::Bool(*b),
        // Protobuf numbers are doubles; whole ones read back as integers, as they were written.
        Some(Kind::NumberValue(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
        Some(Kind::NumberValue(n)) => Number::from_f64(*n).map_or(Value::Null, Value::Number),
        Some(Kind::StringValue(s)) => Value::String(s.clone()),
        Some(Kind::ListValue(list)) => Value::Array(list.values.iter().map(from_value).collect()),
        Some(Kind::StructValue(s)) => from_struct(s),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_survives_a_trip_through_struct() {
        let value = json!({"a": 1, "b": 2.5, "c": "x", "d": [true, null], "e": {"f": -3}});
        assert_eq!(from_struct(&to_struct(&value)), value);
    }

    #[test]
    fn bytes_values_are_wrapped_as_google_protobuf_bytes_value() {
        // BytesValue is a message whose field 1 holds the bytes: tag 2 (length-delimited), then
        // the wrapper (tag 1, length 2, "hi").
        let body = Body {
            content_type: String::new(),
            content: Some(b"hi".to_vec()),
            content_type_hint: 0,
        };
        assert_eq!(body.encode_to_vec(), vec![0x12, 4, 0x0a, 2, b'h', b'i']);
        assert_eq!(Body::decode(&body.encode_to_vec()[..]).unwrap(), body);
    }
}
