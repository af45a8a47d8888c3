//! Writing the pact file: at the right version, merged with what is there, under a
//! cross-process lock, and atomically (a temporary file renamed over the old one).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use pact_models::pact::{determine_spec_version, load_pact_from_json, parse_meta_data};
use pact_models::v4::synch_http::SynchronousHttp;
use pact_models::PactSpecification;
use serde_json::{json, Map, Value};

use super::error::{EngineError, EngineResult};
use super::pact_load::BoxedPact;

pub const PACKAGE_NAME: &str = "pact-mock-server";
pub const PACKAGE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Join with the interactions of an existing file (the default).
    Merge,
    /// Replace an existing file.
    Overwrite,
}

impl WriteMode {
    /// Reads the options of `writePact(dir, options)`: `{ overwrite?: boolean }`.
    pub fn from_options(options: &Value) -> EngineResult<Self> {
        match options {
            Value::Null => Ok(WriteMode::Merge),
            Value::Object(map) => {
                if let Some(unknown) = map.keys().find(|key| *key != "overwrite") {
                    return Err(EngineError::invalid_option(format!(
                        "unknown writePact option `{unknown}`; the only option is `overwrite`"
                    )));
                }
                WriteMode::from_overwrite(map.get("overwrite").unwrap_or(&Value::Null))
            }
            other => Err(EngineError::invalid_option(format!(
                "writePact options must be an object like {{ overwrite: true }}, got {other}"
            ))),
        }
    }

    /// Reads an `overwrite` flag: absent or false merges, true replaces.
    pub fn from_overwrite(overwrite: &Value) -> EngineResult<Self> {
        match overwrite {
            Value::Null | Value::Bool(false) => Ok(WriteMode::Merge),
            Value::Bool(true) => Ok(WriteMode::Overwrite),
            other => Err(EngineError::invalid_option(format!(
                "`overwrite` must be true or false, got {other}"
            ))),
        }
    }
}

/// Writes `<consumer>-<provider>.json` into `dir` and returns its path.
pub fn write_pact(
    pact: &BoxedPact,
    dir: &Path,
    specification: PactSpecification,
    mode: WriteMode,
) -> EngineResult<PathBuf> {
    let ours = pact_json(pact, specification)?;
    let file_name = file_name_for(&pact.consumer().name, &pact.provider().name);
    fs::create_dir_all(dir)
        .map_err(|err| EngineError::pact_write(format!("cannot create the pact directory {}: {err}", dir.display())))?;
    let path = dir.join(&file_name);
    let _lock = lock_exclusive(&dir.join(format!(".{file_name}.lock")))?;
    let content = match (mode, read_existing(&path)?) {
        (WriteMode::Merge, Some(existing)) => merge(existing, ours, specification, &path)?,
        _ => ours,
    };
    let mut text = serde_json::to_string_pretty(&content)
        .map_err(|err| EngineError::pact_write(format!("cannot serialise the pact for {}: {err}", path.display())))?;
    text.push('\n');
    replace_atomically(&path, text.as_bytes())?;
    Ok(path)
}

/// The pact as JSON at `specification`, with this package named in the metadata. Refuses to write
/// at an older version than the pact's own if that would drop anything.
pub fn pact_json(pact: &BoxedPact, specification: PactSpecification) -> EngineResult<Value> {
    let mut json = pact.to_json(specification).map_err(|err| {
        EngineError::pact_write(format!(
            "this pact cannot be written as a {specification} pact: {err}; write it at {} (option specification)",
            pact.specification_version()
        ))
    })?;
    if specification < pact.specification_version() {
        if let Some(loss) = what_a_downgrade_loses(pact, &json, specification) {
            return Err(EngineError::pact_write(format!(
                "writing this {} pact as {specification} would lose {loss}; write it at {} or later (option specification)",
                pact.specification_version(),
                pact.specification_version()
            )));
        }
    }
    let metadata = json
        .as_object_mut()
        .expect("pact_models writes pacts as objects")
        .entry("metadata")
        .or_insert_with(|| json!({}));
    if let Value::Object(metadata) = metadata {
        metadata.insert(
            "pactMockServer".to_string(),
            json!({ "name": PACKAGE_NAME, "version": PACKAGE_VERSION }),
        );
    }
    Ok(json)
}

/// Reads the written JSON back and compares each interaction with the original.
fn what_a_downgrade_loses(pact: &BoxedPact, written: &Value, specification: PactSpecification) -> Option<String> {
    let original = pact.as_v4_pact().ok()?;
    let reread = match load_pact_from_json("written", written).and_then(|p| p.as_v4_pact()) {
        Ok(reread) => reread,
        Err(err) => return Some(format!("its content ({err})")),
    };
    if original.interactions.len() != reread.interactions.len() {
        return Some("the interactions that are not HTTP request/response pairs".to_string());
    }
    for interaction in &original.interactions {
        let Some(before) = interaction.as_v4_http() else {
            return Some(format!(
                "interaction '{}', which is not an HTTP interaction",
                interaction.description()
            ));
        };
        let after = reread
            .interactions
            .iter()
            .filter_map(|i| i.as_v4_http())
            .find(|i| i.description == before.description && i.provider_states == before.provider_states);
        let Some(after) = after else {
            return Some(format!("the provider states of interaction '{}'", before.description));
        };
        if let Some(part) = lost_part(&before, &after, specification) {
            return Some(format!("the {part} of interaction '{}'", before.description));
        }
    }
    None
}

fn lost_part(
    before: &SynchronousHttp,
    after: &SynchronousHttp,
    specification: PactSpecification,
) -> Option<&'static str> {
    let checks: [(&'static str, bool); 10] = [
        ("pending flag", before.pending != after.pending),
        ("comments", before.comments != after.comments),
        (
            "request matching rules",
            before.request.matching_rules != after.request.matching_rules,
        ),
        (
            "response matching rules",
            before.response.matching_rules != after.response.matching_rules,
        ),
        (
            "request generators",
            before.request.generators != after.request.generators,
        ),
        (
            "response generators",
            before.response.generators != after.response.generators,
        ),
        (
            "request body",
            before.request.body.value() != after.request.body.value(),
        ),
        (
            "response body",
            before.response.body.value() != after.response.body.value(),
        ),
        (
            "request query",
            specification >= PactSpecification::V1_1 && before.request.query != after.request.query,
        ),
        (
            "request or response headers",
            before.request.headers != after.request.headers || before.response.headers != after.response.headers,
        ),
    ];
    checks.into_iter().find(|(_, lost)| *lost).map(|(part, _)| part)
}

/// `<consumer>-<provider>.json` with both names made safe: no separators, no `..`, nothing
/// that could leave the directory.
pub fn file_name_for(consumer: &str, provider: &str) -> String {
    format!("{}-{}.json", safe_name(consumer), safe_name(provider))
}

fn safe_name(name: &str) -> String {
    let mut safe: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. @+=,()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    // A leading dot would hide the file, and ".." is a parent directory.
    let leading_dots = safe.chars().take_while(|c| *c == '.').count();
    safe.replace_range(0..leading_dots, &"_".repeat(leading_dots));
    if safe.is_empty() {
        safe.push('_');
    }
    safe
}

/// An exclusive lock on a lock file beside the pact, held until the guard is dropped. The pact
/// itself is not locked because it is replaced by a rename, which would leave waiters holding
/// a lock on the old file.
fn lock_exclusive(lock_path: &Path) -> EngineResult<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .map_err(|err| EngineError::pact_write(format!("cannot open the lock file {}: {err}", lock_path.display())))?;
    file.lock()
        .map_err(|err| EngineError::pact_write(format!("cannot lock {}: {err}", lock_path.display())))?;
    Ok(file)
}

fn read_existing(path: &Path) -> EngineResult<Option<Value>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(EngineError::pact_write(format!(
                "cannot read the existing pact file {}: {err}",
                path.display()
            )))
        }
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(&text).map(Some).map_err(|err| {
        EngineError::pact_write(format!(
            "the existing pact file {} is not valid JSON ({err}); it was left untouched: fix or delete it, or write with overwrite: true",
            path.display()
        ))
    })
}

/// Joins our pact into the existing one. An interaction replaces the existing one with the same
/// key (when both have one) or else the same description and provider states; everything else
/// from both files is kept, ours winning where both say something.
fn merge(existing: Value, ours: Value, specification: PactSpecification, path: &Path) -> EngineResult<Value> {
    let existing = at_version(existing, specification, path)?;
    let (Value::Object(mut merged), Value::Object(mut ours)) = (existing, ours) else {
        return Err(EngineError::pact_write(format!(
            "the existing pact file {} is not a pact (not a JSON object); it was left untouched",
            path.display()
        )));
    };
    for party in ["consumer", "provider"] {
        let theirs = merged
            .get(party)
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mine = ours
            .get(party)
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if theirs != mine {
            return Err(EngineError::pact_write(format!(
                "the existing pact file {} has {party} {theirs:?}, not {mine:?}; it was left untouched",
                path.display()
            )));
        }
    }
    let mut interactions = match merged.remove("interactions") {
        Some(Value::Array(interactions)) => interactions,
        _ => Vec::new(),
    };
    if let Some(Value::Array(new)) = ours.remove("interactions") {
        for interaction in new {
            match interactions.iter().position(|old| same_interaction(old, &interaction)) {
                Some(index) => interactions[index] = interaction,
                None => interactions.push(interaction),
            }
        }
    }
    let mut metadata = match merged.remove("metadata") {
        Some(Value::Object(metadata)) => metadata,
        _ => Map::new(),
    };
    if let Some(Value::Object(our_metadata)) = ours.remove("metadata") {
        metadata.extend(our_metadata);
    }
    merged.extend(ours);
    merged.insert("interactions".to_string(), Value::Array(interactions));
    merged.insert("metadata".to_string(), Value::Object(metadata));
    Ok(Value::Object(merged))
}

/// The existing file in the shape we write: converted through pact_models when it was written
/// at another specification version.
fn at_version(existing: Value, specification: PactSpecification, path: &Path) -> EngineResult<Value> {
    let version = determine_spec_version("existing", &parse_meta_data(&existing));
    if version == specification || !existing.is_object() {
        return Ok(existing);
    }
    load_pact_from_json(&path.to_string_lossy(), &existing)
        .and_then(|pact| pact.to_json(specification))
        .map_err(|err| {
            EngineError::pact_write(format!(
                "the existing pact file {} ({version}) cannot be merged into a {specification} pact: {err}; it was left untouched",
                path.display()
            ))
        })
}

fn same_interaction(a: &Value, b: &Value) -> bool {
    match (
        a.get("key").and_then(Value::as_str),
        b.get("key").and_then(Value::as_str),
    ) {
        (Some(a_key), Some(b_key)) => a_key == b_key,
        _ => a.get("description") == b.get("description") && provider_states(a) == provider_states(b),
    }
}

/// Provider states in one shape, whichever version wrote them.
fn provider_states(interaction: &Value) -> Value {
    if let Some(states) = interaction.get("providerStates") {
        return states.clone();
    }
    match interaction
        .get("providerState")
        .or_else(|| interaction.get("provider_state"))
    {
        Some(Value::String(name)) => json!([{ "name": name }]),
        _ => json!([]),
    }
}

/// Writes to a temporary file in the same directory and renames it over `path`, so a reader
/// sees the old file or the new one, never half of one.
fn replace_atomically(path: &Path, content: &[u8]) -> EngineResult<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(content)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    result.map_err(|err| {
        let _ = fs::remove_file(&temporary);
        EngineError::pact_write(format!("cannot write the pact file {}: {err}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_leave_the_directory() {
        assert_eq!(file_name_for("web", "users"), "web-users.json");
        assert_eq!(file_name_for("../x", "a/b\\c"), "___x-a_b_c.json");
        assert_eq!(file_name_for("..", ""), "__-_.json");
        assert_eq!(file_name_for("Mobile App", "Users API"), "Mobile App-Users API.json");
    }
}
