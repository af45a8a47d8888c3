//! Writing the pact file `<consumer>-<provider>.json`: at the right specification version,
//! merged with the file already there, under a lock shared with other processes, and atomically
//! (a temporary file renamed over the old one), so that no writer loses another's interactions
//! and no reader sees half a file.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use pact_models::PactSpecification;
use serde_json::{json, Value};

use super::file_lock::FileLock;
use super::load::{check_shape, read_pact, LoadedPact};
use super::merge::merge;
use super::version::{document_at, version_of, with_version};
use crate::engine::error::{EngineError, EngineResult};

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

/// Writes the pact into `dir` (created when missing) and returns the file's absolute path.
pub fn write_pact(
    pact: &LoadedPact,
    dir: &Path,
    specification: PactSpecification,
    mode: WriteMode,
) -> EngineResult<PathBuf> {
    let dir = absolute_dir(dir)?;
    let file_name = file_name_for(&pact.pact.consumer().name, &pact.pact.provider().name);
    let path = dir.join(&file_name);
    let ours = our_document(pact, specification, &path)?;
    fs::create_dir_all(&dir)
        .map_err(|err| EngineError::pact_write(format!("cannot create the pact directory {}: {err}", dir.display())))?;
    let lock_path = dir.join(format!(".{file_name}.lock"));
    let last_written = &LAST_WRITTEN;
    let _lock = FileLock::acquire(&lock_path).map_err(|err| {
        EngineError::pact_write(format!(
            "cannot lock {} to write {}: {err}",
            lock_path.display(),
            path.display()
        ))
    })?;
    // The new file is about as long as the old one and ours together: one allocation for it.
    let expected_len = fs::metadata(&path).map_or(0, |m| m.len() as usize) + pact.source.len() * 2 + 4096;
    let content = match mode {
        WriteMode::Overwrite => {
            last_written.forget(&path);
            ours
        }
        WriteMode::Merge => match read_existing(&path, last_written)? {
            None => ours,
            Some(existing) => {
                let existing = existing_at(existing, specification, &path)?;
                merge(existing, ours).map_err(|why| {
                    EngineError::pact_write(format!(
                        "cannot merge into the existing pact file {}: {why}; it was left untouched (write with overwrite: true to replace it)",
                        path.display()
                    ))
                })?
            }
        },
    };
    let mut text = to_pretty_text(&content, expected_len)
        .map_err(|err| EngineError::pact_write(format!("cannot serialise the pact for {}: {err}", path.display())))?;
    text.push('\n');
    replace_atomically(&path, text.as_bytes())?;
    last_written.remember(&path, text, content);
    Ok(path)
}

/// The document as pretty-printed JSON, written into a buffer of `capacity` bytes.
fn to_pretty_text(document: &Value, capacity: usize) -> serde_json::Result<String> {
    let mut buffer = Vec::with_capacity(capacity);
    serde_json::to_writer_pretty(&mut buffer, document)?;
    // serde_json writes only valid UTF-8.
    Ok(String::from_utf8(buffer).expect("serde_json writes UTF-8"))
}

/// The pact files this process wrote last, each with its exact text and its JSON. The next merge
/// into a file that is still byte for byte what we wrote (the next test of the same suite) takes
/// the JSON from here instead of parsing the whole file again, which grows with every test.
/// Whatever else wrote the file in between (another process, an editor) changes its bytes, and
/// then the file is parsed as always. Only touched under the file's lock.
struct LastWritten {
    files: Mutex<VecDeque<(PathBuf, WrittenFile)>>,
}

struct WrittenFile {
    text: String,
    document: Value,
}

/// Files remembered: the pacts a suite writes into are few; the oldest is forgotten first.
const REMEMBERED_FILES: usize = 8;

static LAST_WRITTEN: LastWritten = LastWritten {
    files: Mutex::new(VecDeque::new()),
};

impl LastWritten {
    /// The JSON of `path` when `text` is exactly what this process last wrote there (taken out:
    /// the merge consumes it, and `remember` puts the new one back).
    fn take_if_unchanged(&self, path: &Path, text: &str) -> Option<Value> {
        let mut files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let index = files.iter().position(|(known, _)| known == path)?;
        let (_, file) = files.remove(index)?;
        (file.text == text).then_some(file.document)
    }

    fn remember(&self, path: &Path, text: String, document: Value) {
        let mut files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.retain(|(known, _)| known != path);
        if files.len() == REMEMBERED_FILES {
            files.pop_front();
        }
        files.push_back((path.to_path_buf(), WrittenFile { text, document }));
    }

    fn forget(&self, path: &Path) {
        let mut files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.retain(|(known, _)| known != path);
    }
}

/// `dir` made absolute (against the current directory), so that the path handed back stays
/// right when the process changes directory; an empty `dir` is the current directory.
fn absolute_dir(dir: &Path) -> EngineResult<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::path::absolute(dir)
        .map_err(|err| EngineError::pact_write(format!("cannot resolve the pact directory {}: {err}", dir.display())))
}

/// Our pact as it is written at `specification`, this package named in the metadata.
fn our_document(pact: &LoadedPact, specification: PactSpecification, path: &Path) -> EngineResult<Value> {
    let source: Value = serde_json::from_str(&pact.source)
        .map_err(|err| EngineError::internal(format!("the loaded pact is no longer JSON: {err}")))?;
    let own = pact.specification();
    let mut document = document_at(source, pact.pact.as_ref(), specification).map_err(|why| {
        EngineError::pact_write(format!(
            "cannot write {}: this {own} pact cannot be written as a {specification} pact: {why}. Write it at {own} (specification: '{}')",
            path.display(),
            option_value(own)
        ))
    })?;
    if let Some(Value::Object(metadata)) = document.get_mut("metadata") {
        metadata.insert(
            "pactMockServer".to_string(),
            json!({ "name": PACKAGE_NAME, "version": PACKAGE_VERSION }),
        );
    }
    Ok(document)
}

/// The existing file, as a pact document at `specification`.
fn existing_at(existing: Value, specification: PactSpecification, path: &Path) -> EngineResult<Value> {
    let untouched = "it was left untouched: fix or delete it, or write with overwrite: true to replace it";
    let not_a_pact = |err: EngineError| {
        EngineError::pact_write(format!(
            "the existing file {} is not a pact this package can read ({}); {untouched}",
            path.display(),
            err.message
        ))
    };
    check_shape(&existing).map_err(not_a_pact)?;
    let version = version_of(&existing);
    if version == specification {
        // Merged as JSON: no need for pact_models to read it (a big file takes a while).
        return Ok(with_version(existing, specification));
    }
    let pact = read_pact(&existing).map_err(not_a_pact)?;
    document_at(existing, pact.as_ref(), specification).map_err(|why| {
        EngineError::pact_write(format!(
            "the existing pact file {} is a {version} pact that cannot be merged into a {specification} pact: {why}; it was left untouched: write at {version} (specification: '{}'), or replace it (overwrite: true)",
            path.display(),
            option_value(version)
        ))
    })
}

/// The value of the `specification` option that means `version`.
fn option_value(version: PactSpecification) -> &'static str {
    match version {
        PactSpecification::V1 => "V1",
        PactSpecification::V1_1 => "V1_1",
        PactSpecification::V2 => "V2",
        PactSpecification::V3 => "V3",
        _ => "V4",
    }
}

/// `<consumer>-<provider>.json` with both names made safe: no separators, no `..`, nothing
/// that could leave the directory, and short enough for any file system.
pub fn file_name_for(consumer: &str, provider: &str) -> String {
    format!("{}-{}.json", safe_name(consumer), safe_name(provider))
}

/// Bytes kept of each name: two names, the lock and temporary file decorations stay under the
/// 255-byte limit of common file systems.
const MAX_NAME_BYTES: usize = 90;

fn safe_name(name: &str) -> String {
    let mut safe = String::new();
    for c in name.trim().chars() {
        let c = if c.is_alphanumeric() || "-_. @+=,()".contains(c) {
            c
        } else {
            '_'
        };
        if safe.len() + c.len_utf8() > MAX_NAME_BYTES {
            break;
        }
        safe.push(c);
    }
    // A leading dot would hide the file, and ".." is a parent directory.
    let leading_dots = safe.chars().take_while(|c| *c == '.').count();
    safe.replace_range(0..leading_dots, &"_".repeat(leading_dots));
    if safe.is_empty() {
        safe.push('_');
    }
    safe
}

/// The existing file's JSON; `None` when there is none (or it is empty, so nothing to keep).
fn read_existing(path: &Path, last_written: &LastWritten) -> EngineResult<Option<Value>> {
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
    if let Some(document) = last_written.take_if_unchanged(path, &text) {
        return Ok(Some(document));
    }
    serde_json::from_str(&text).map(Some).map_err(|err| {
        EngineError::pact_write(format!(
            "the existing pact file {} is not valid JSON ({err}); it was left untouched: fix or delete it, or write with overwrite: true to replace it",
            path.display()
        ))
    })
}

/// Writes a temporary file in the same directory and renames it over `path`: a reader sees the
/// old file or the new one, never half of one. The new file keeps the old one's permissions.
///
/// No fsync: a pact file is a test run's output, rewritten by every run, and the rename alone
/// gives readers and the other writers (who take turns under the lock) a whole file. Syncing the
/// file and its directory cost about 10 ms per write here, most of a consumer test's time
/// (bench/RESULTS.md, measure 6).
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
        {
            let mut file = File::options().write(true).create_new(true).open(&temporary)?;
            file.write_all(content)?;
            if let Ok(old) = fs::metadata(path) {
                file.set_permissions(old.permissions())?;
            }
        } // closed first: Windows may refuse to rename a file that is still open
        rename_over(&temporary, path)
    })();
    if let Err(err) = result {
        let _ = fs::remove_file(&temporary);
        return Err(EngineError::pact_write(format!(
            "cannot write the pact file {}: {err}",
            path.display()
        )));
    }
    Ok(())
}

/// On Windows, renaming over a file that another program holds open without delete sharing (a
/// reader, a virus scanner, an editor) fails with "Access denied" while it holds it: try again,
/// for up to two seconds. Elsewhere the rename replaces the file whoever has it open.
#[cfg(windows)]
fn rename_over(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut pause = Duration::from_millis(2);
    loop {
        match fs::rename(from, to) {
            Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            done => return done,
        }
    }
}

#[cfg(not(windows))]
fn rename_over(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use pact_models::PactSpecification::{V1, V2, V3};
    use serde_json::json;

    use super::*;
    use crate::engine::error::ErrorCode;
    use crate::engine::pact::load::{load_pact, PactSource};

    fn fixture(name: &str) -> Value {
        let path = format!("{}/__test__/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
    }

    fn loaded(pact: &Value) -> LoadedPact {
        load_pact(PactSource::Text(pact.to_string())).unwrap()
    }

    fn read_json(path: &Path) -> Value {
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn http(description: &str, path: &str) -> Value {
        json!({ "description": description, "request": { "method": "GET", "path": path }, "response": { "status": 200 } })
    }

    fn pact_of(version: &str, interactions: Value) -> Value {
        json!({ "consumer": { "name": "web" }, "provider": { "name": "api" }, "interactions": interactions,
                "metadata": { "pactSpecification": { "version": version } } })
    }

    #[test]
    fn file_names_cannot_leave_the_directory() {
        assert_eq!(file_name_for("web", "users"), "web-users.json");
        assert_eq!(file_name_for("../x", "a/b\\c"), "___x-a_b_c.json");
        assert_eq!(file_name_for("..", "\0"), "__-_.json");
        assert_eq!(file_name_for("Mobile App", "Users API"), "Mobile App-Users API.json");
        assert_eq!(file_name_for("café", "ünï"), "café-ünï.json");
        let long = file_name_for(&"é".repeat(300), &"x".repeat(300));
        assert_eq!(long, format!("{}-{}.json", "é".repeat(45), "x".repeat(90)));
        assert!(format!(".{long}.4294967295.{}.tmp", "0".repeat(32)).len() <= 255);
    }

    #[test]
    fn a_round_trip_keeps_every_interaction_at_every_version() {
        for name in [
            "v1-accounts.json",
            "v2-inventory.json",
            "v3-payments.json",
            "v3-events.json",
            "v4-shipping.json",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let given = fixture(name);
            let first = loaded(&given);
            let spec = first.specification();
            let path = write_pact(&first, dir.path(), spec, WriteMode::Overwrite).unwrap();
            let text = fs::read_to_string(&path).unwrap();
            let written = read_json(&path);
            let list = if given.get("messages").is_some() {
                "messages"
            } else {
                "interactions"
            };
            assert_eq!(written[list], given[list], "{name}: the interactions as given");
            assert_eq!(
                written["metadata"]["pactSpecification"],
                given["metadata"]["pactSpecification"]
            );

            let second = loaded(&written);
            assert_eq!(second.specification(), spec);
            let again = write_pact(&second, dir.path(), spec, WriteMode::Overwrite).unwrap();
            assert_eq!(
                fs::read_to_string(&again).unwrap(),
                text,
                "{name}: writing it again changes nothing"
            );
            assert_eq!(
                second.pact.as_v4_pact().unwrap().interactions,
                first.pact.as_v4_pact().unwrap().interactions,
                "{name}: pact_models reads the same interactions"
            );
        }
    }

    #[test]
    fn metadata_names_the_version_and_this_package() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_pact(&loaded(&fixture("v2-users.json")), dir.path(), V3, WriteMode::Merge).unwrap();
        let written = read_json(&path);
        assert_eq!(written["metadata"]["pactSpecification"], json!({ "version": "3.0.0" }));
        assert_eq!(
            written["metadata"]["pactMockServer"],
            json!({ "name": "pact-mock-server", "version": env!("CARGO_PKG_VERSION") })
        );
        assert_eq!(
            written["interactions"][0]["providerStates"],
            json!([{ "name": "user 1 exists" }])
        );
    }

    #[test]
    fn a_pact_that_a_version_cannot_hold_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_pact(&loaded(&fixture("v3-orders.json")), dir.path(), V2, WriteMode::Merge).unwrap_err();
        assert_eq!(err.code, ErrorCode::PactWrite);
        assert!(err.message.contains("shop-web-orders-api.json"), "{}", err.message);
        assert!(
            err.message.contains(
                "this V3 pact cannot be written as a V2 pact: it would lose or change the `response.generators`"
            ),
            "{}",
            err.message
        );
        assert!(err.message.contains("specification: 'V3'"), "{}", err.message);
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn merging_keeps_theirs_replaces_the_same_and_converts_an_older_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut existing = pact_of(
            "2.0.0",
            json!([
                { "description": "a user", "providerState": "user 1 exists",
                  "request": { "method": "GET", "path": "/old" }, "response": { "status": 200 } },
                http("a team", "/teams")
            ]),
        );
        existing["metadata"]["pactJs"] = json!({ "version": "9" });
        existing["_links"] = json!({ "self": "broker" });
        fs::write(dir.path().join("web-api.json"), existing.to_string()).unwrap();

        let mut ours = pact_of(
            "3.0.0",
            json!([
                { "description": "a user", "providerStates": [{ "name": "user 1 exists" }],
                  "request": { "method": "GET", "path": "/new" }, "response": { "status": 200 } },
                http("an order", "/orders")
            ]),
        );
        ours["metadata"]["team"] = json!({ "name": "checkout" });
        let path = write_pact(&loaded(&ours), dir.path(), V3, WriteMode::Merge).unwrap();
        let merged = read_json(&path);
        let paths: Vec<_> = merged["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["request"]["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["/new", "/teams", "/orders"]);
        assert_eq!(merged["metadata"]["pactSpecification"]["version"], "3.0.0");
        assert_eq!(merged["metadata"]["pactJs"], json!({ "version": "9" }));
        assert_eq!(merged["metadata"]["team"], json!({ "name": "checkout" }));
        assert_eq!(merged["_links"], json!({ "self": "broker" }));
    }

    #[test]
    fn a_file_changed_by_someone_else_between_two_writes_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("web-api.json");
        write_pact(
            &loaded(&pact_of("3.0.0", json!([http("a", "/a")]))),
            dir.path(),
            V3,
            WriteMode::Merge,
        )
        .unwrap();
        // Another writer adds an interaction, and another keeps the length but changes a byte.
        let mut theirs = read_json(&path);
        theirs["interactions"].as_array_mut().unwrap().push(http("x", "/x"));
        fs::write(&path, serde_json::to_string_pretty(&theirs).unwrap()).unwrap();
        write_pact(
            &loaded(&pact_of("3.0.0", json!([http("b", "/b")]))),
            dir.path(),
            V3,
            WriteMode::Merge,
        )
        .unwrap();
        let same_length = fs::read_to_string(&path).unwrap().replace("\"/x\"", "\"/y\"");
        fs::write(&path, same_length).unwrap();
        write_pact(
            &loaded(&pact_of("3.0.0", json!([http("c", "/c")]))),
            dir.path(),
            V3,
            WriteMode::Merge,
        )
        .unwrap();
        let paths: Vec<_> = read_json(&path)["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["request"]["path"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(paths, ["/a", "/y", "/b", "/c"]);
    }

    #[test]
    fn merging_into_what_this_process_wrote_gives_what_parsing_the_file_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("web-api.json");
        for n in 0..20 {
            let ours = pact_of("3.0.0", json!([http(&format!("i{}", n % 15), &format!("/{n}"))]));
            write_pact(&loaded(&ours), dir.path(), V3, WriteMode::Merge).unwrap();
        }
        let remembered = fs::read_to_string(&path).unwrap();
        // The same sequence with the remembered JSON dropped before every write.
        let other = tempfile::tempdir().unwrap();
        let other_path = other.path().join("web-api.json");
        for n in 0..20 {
            LAST_WRITTEN.forget(&other_path);
            let ours = pact_of("3.0.0", json!([http(&format!("i{}", n % 15), &format!("/{n}"))]));
            write_pact(&loaded(&ours), other.path(), V3, WriteMode::Merge).unwrap();
        }
        assert_eq!(fs::read_to_string(&other_path).unwrap(), remembered);
        assert_eq!(read_json(&path)["interactions"].as_array().unwrap().len(), 15);
    }

    #[test]
    fn overwrite_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("web-api.json"),
            pact_of("3.0.0", json!([http("a", "/a")])).to_string(),
        )
        .unwrap();
        let ours = pact_of("3.0.0", json!([http("b", "/b")]));
        let path = write_pact(&loaded(&ours), dir.path(), V3, WriteMode::Overwrite).unwrap();
        assert_eq!(read_json(&path)["interactions"], json!([http("b", "/b")]));
    }

    #[test]
    fn an_existing_file_that_cannot_be_merged_is_an_error_and_left_untouched() {
        let ours = loaded(&pact_of("3.0.0", json!([http("b", "/b")])));
        let mut other_consumer = pact_of("3.0.0", json!([]));
        other_consumer["consumer"]["name"] = json!("w/eb");
        let cases: [(&[u8], &str); 6] = [
            (b"{\"consumer\": {\"name\": \"web\"}, \"interac", "is not valid JSON"),
            (b"\xff\xfe not text", "cannot read the existing pact file"),
            (b"[1, 2]", "is not a pact this package can read"),
            (
                b"{\"consumer\": {\"name\": \"web\"}, \"provider\": {\"name\": \"api\"}, \"interactions\": {}}",
                "must be an array",
            ),
            (
                other_consumer.to_string().into_bytes().leak(),
                "consumer \"w/eb\", not \"web\"",
            ),
            (
                fixture("v4-shipping.json")
                    .to_string()
                    .replace("warehouse-app", "web")
                    .replace("shipping-api", "api")
                    .into_bytes()
                    .leak(),
                "is a V4 pact that cannot be merged into a V3 pact",
            ),
        ];
        for (content, why) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("web-api.json");
            fs::write(&path, content).unwrap();
            let err = write_pact(&ours, dir.path(), V3, WriteMode::Merge).unwrap_err();
            assert_eq!(err.code, ErrorCode::PactWrite);
            assert!(err.message.contains(&path.display().to_string()), "{}", err.message);
            assert!(err.message.contains(why), "{why}: {}", err.message);
            assert!(
                err.message.contains("untouched") || err.message.contains("cannot read"),
                "{}",
                err.message
            );
            assert_eq!(fs::read(&path).unwrap(), content, "{why}: byte for byte");
            assert_eq!(
                names_in(dir.path()),
                ["web-api.json"],
                "{why}: no lock or temporary file left"
            );
        }
    }

    #[test]
    fn overwrite_replaces_a_corrupt_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("web-api.json"), "{not json").unwrap();
        let ours = pact_of("3.0.0", json!([http("b", "/b")]));
        let path = write_pact(&loaded(&ours), dir.path(), V3, WriteMode::Overwrite).unwrap();
        assert_eq!(read_json(&path)["interactions"][0]["description"], "b");
    }

    #[test]
    fn an_empty_existing_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("web-api.json"), " \n").unwrap();
        let ours = pact_of("2.0.0", json!([http("b", "/b")]));
        let path = write_pact(&loaded(&ours), dir.path(), V2, WriteMode::Merge).unwrap();
        assert_eq!(read_json(&path)["interactions"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn a_consumer_named_to_escape_stays_in_the_directory() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("pacts");
        let mut pact = pact_of("3.0.0", json!([http("a", "/a")]));
        pact["consumer"]["name"] = json!("../x");
        pact["provider"]["name"] = json!("../../etc/passwd");
        let path = write_pact(&loaded(&pact), &dir, V3, WriteMode::Merge).unwrap();
        // Without separators an inner ".." is just part of a name.
        assert_eq!(path, dir.join("___x-___.._etc_passwd.json"));
        assert_eq!(names_in(root.path()), ["pacts"]);
        assert_eq!(names_in(&dir), ["___x-___.._etc_passwd.json"]);
        assert_eq!(read_json(&path)["consumer"]["name"], "../x", "the name itself is kept");
    }

    #[test]
    fn the_directory_is_created_and_the_path_is_absolute() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b/c");
        let path = write_pact(&loaded(&pact_of("3.0.0", json!([]))), &dir, V3, WriteMode::Merge).unwrap();
        assert_eq!(path, dir.join("web-api.json"));
        assert!(path.is_file());
        assert_eq!(names_in(&dir), ["web-api.json"], "no lock or temporary file left");

        let relative = absolute_dir(Path::new("pacts/out")).unwrap();
        assert!(relative.is_absolute());
        assert_eq!(relative, std::env::current_dir().unwrap().join("pacts/out"));
        assert_eq!(absolute_dir(Path::new("")).unwrap(), std::env::current_dir().unwrap());
    }

    #[test]
    fn a_directory_that_cannot_be_made_is_an_error_naming_it() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("a-file"), "").unwrap();
        let err = write_pact(
            &loaded(&pact_of("3.0.0", json!([]))),
            &root.path().join("a-file/pacts"),
            V3,
            WriteMode::Merge,
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::PactWrite);
        assert!(err.message.contains("a-file/pacts"), "{}", err.message);
    }

    #[cfg(unix)]
    #[test]
    fn the_new_file_keeps_the_permissions_of_the_old() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("web-api.json");
        fs::write(&path, pact_of("3.0.0", json!([])).to_string()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_pact(&loaded(&pact_of("3.0.0", json!([]))), dir.path(), V3, WriteMode::Merge).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let writers: Vec<_> = (0..8)
            .map(|writer| {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    for n in 0..25 {
                        let pact = pact_of("3.0.0", json!([http(&format!("writer {writer} #{n}"), "/")]));
                        write_pact(&loaded(&pact), dir.path(), V3, WriteMode::Merge).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let written = read_json(&dir.path().join("web-api.json"));
        assert_eq!(written["interactions"].as_array().unwrap().len(), 200);
        assert_eq!(names_in(dir.path()), ["web-api.json"]);
    }

    #[test]
    fn versions_older_than_the_files_are_written_when_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let v4 = json!({ "consumer": { "name": "web" }, "provider": { "name": "api" },
            "interactions": [{ "type": "Synchronous/HTTP", "description": "a", "pending": false,
                "request": { "method": "GET", "path": "/a" }, "response": { "status": 200 } }],
            "metadata": { "pactSpecification": { "version": "4.0" } } });
        fs::write(dir.path().join("web-api.json"), v4.to_string()).unwrap();
        let path = write_pact(
            &loaded(&pact_of("1.0.0", json!([http("b", "/b")]))),
            dir.path(),
            V1,
            WriteMode::Merge,
        )
        .unwrap();
        let written = read_json(&path);
        assert_eq!(written["metadata"]["pactSpecification"]["version"], "1.0.0");
        assert_eq!(written["interactions"].as_array().unwrap().len(), 2);
        assert!(written["interactions"][0].get("type").is_none(), "converted to V1");
    }
}
