//! Pact files: loading them (and sharing what was loaded), and writing them at the right
//! version, merged, under a lock, atomically.

pub mod cache;
pub mod file_lock;
pub mod load;
pub mod matchers;
pub mod matchers_xml;
pub mod merge;
pub mod version;
pub mod write;

use serde_json::{Map, Value};

/// A request's or response's Content-Type header as the pact states it (its first value; a
/// matcher's example when it is matcher JSON).
pub fn content_type_header(part: &Map<String, Value>) -> Option<&str> {
    let (_, value) = part
        .get("headers")?
        .as_object()?
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))?;
    let value = match value {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let value = match value {
        Value::Object(matcher) => matcher.get("value")?,
        other => other,
    };
    value.as_str()
}
