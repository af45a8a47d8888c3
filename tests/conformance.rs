//! The Pact specification's request-matching testcases, end to end over a real socket.
//!
//! For each case: a pact of the case's version whose one interaction has the case's `expected`
//! request (unchanged) and a 200 response; a server started from it; the case's `actual` request
//! written on a raw TCP connection exactly as the case spells it. The server agrees with the case
//! when its verdict (status 200, `matched()` true, no mismatches) equals the case's `match`.
//!
//! The cases are read from `PACT_SPEC_TESTCASES`, else from `../shared/conformance/pact-specification`
//! next to the repository. Without either the run is skipped with a message, so a fresh clone passes.
//! Cases are skipped only through `tests/conformance/skips.json`, each with its reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use base64::Engine as _;
use pact_mock_server_node::engine::{start, PactSource, ServerConfig};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The specification versions: the directory name, and the version a pact of it declares.
const VERSIONS: &[(&str, &str)] = &[
    ("v1", "1.0.0"),
    ("v1.1", "1.1.0"),
    ("v2", "2.0.0"),
    ("v3", "3.0.0"),
    ("v4", "4.0"),
];

const DEFAULT_TESTCASES: &str = "../shared/conformance/pact-specification";
const SKIPS: &str = include_str!("conformance/skips.json");

#[derive(Deserialize)]
struct Skip {
    case: String,
    kind: SkipKind,
    reason: String,
    /// Where each reference implementation says so (repository, file, commit).
    evidence: Vec<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum SkipKind {
    /// The `actual` request has no form on the wire (e.g. an empty request target): not run.
    Unsendable,
    /// The spec file says the opposite of both reference implementations and we follow them:
    /// run, and the server must give the implementations' verdict.
    FollowImplementations,
}

struct Case {
    /// `<version>/request/<category>/<file>`, the key the skip table uses.
    name: String,
    version: &'static str,
    pact_version: &'static str,
    json: Value,
}

#[derive(Default)]
struct Tally {
    passed: usize,
    skipped: usize,
    followed: usize,
    failed: usize,
}

fn main() -> ExitCode {
    let skips: Vec<Skip> = match serde_json::from_str(SKIPS) {
        Ok(skips) => skips,
        Err(err) => {
            eprintln!("conformance: tests/conformance/skips.json is not valid: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(skip) = skips
        .iter()
        .find(|skip| skip.kind == SkipKind::FollowImplementations && skip.evidence.len() < 2)
    {
        eprintln!(
            "conformance: {} follows the implementations but does not cite both of them",
            skip.case
        );
        return ExitCode::FAILURE;
    }
    let cases = match find_cases() {
        Ok(Some(cases)) => cases,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("conformance: {message}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let started = Instant::now();
    let (tallies, failures) = runtime.block_on(run_all(&cases, &skips));

    let mut failed = failures;
    for skip in &skips {
        if !cases.iter().any(|case| case.name == skip.case)
            && cases.iter().any(|case| skip.case.starts_with(case.version))
        {
            failed.push(format!(
                "{}: listed in tests/conformance/skips.json but no such case was found",
                skip.case
            ));
        }
    }
    for failure in &failed {
        println!("conformance FAILED {failure}");
    }
    println!();
    for (version, _) in VERSIONS {
        if let Some(tally) = tallies.get(version) {
            println!(
                "conformance {version:<5} {:>3} cases: {:>3} agree, {} skipped (unsendable), {} follow the implementations, {} disagree",
                tally.passed + tally.skipped + tally.followed + tally.failed,
                tally.passed,
                tally.skipped,
                tally.followed,
                tally.failed
            );
        }
    }
    for skip in skips
        .iter()
        .filter(|skip| cases.iter().any(|case| case.name == skip.case))
    {
        let kind = match skip.kind {
            SkipKind::Unsendable => "skipped",
            SkipKind::FollowImplementations => "follows the implementations",
        };
        let reason = skip.reason.split(". ").next().unwrap_or_default();
        println!(
            "conformance {kind}: {} ({reason}; see tests/conformance/skips.json)",
            skip.case
        );
    }
    println!(
        "conformance: {} cases in {:.1}s{}\n",
        cases.len(),
        started.elapsed().as_secs_f64(),
        if failed.is_empty() { "" } else { ", FAILED" }
    );
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The cases to run; `None` when there are none to be found and that is allowed.
fn find_cases() -> Result<Option<Vec<Case>>, String> {
    let root = match std::env::var_os("PACT_SPEC_TESTCASES").filter(|value| !value.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if !dir.is_dir() {
                return Err(format!("PACT_SPEC_TESTCASES={} is not a directory", dir.display()));
            }
            dir
        }
        None => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_TESTCASES);
            if !dir.is_dir() {
                println!(
                    "\nconformance: SKIPPED, no testcases at {} (set PACT_SPEC_TESTCASES to a directory of the Pact specification's testcases to run them)\n",
                    dir.display()
                );
                return Ok(None);
            }
            dir
        }
    };
    let mut cases = Vec::new();
    if root.join("request").is_dir() {
        // One branch of the specification repository, e.g. PACT_SPEC_TESTCASES=.../testcases.
        let wanted = std::env::var("PACT_SPEC_VERSION")
            .ok()
            .or_else(|| checked_out_version(&root))
            .ok_or_else(|| {
                format!(
                    "{} holds one version's testcases: say which with PACT_SPEC_VERSION (one of {})",
                    root.display(),
                    version_names()
                )
            })?;
        let wanted = wanted.trim().trim_start_matches(['v', 'V']);
        let &(version, pact_version) = VERSIONS
            .iter()
            .find(|(name, _)| &name[1..] == wanted)
            .ok_or_else(|| format!("PACT_SPEC_VERSION={wanted} is not one of {}", version_names()))?;
        read_version(&root.join("request"), version, pact_version, &mut cases)?;
    } else {
        for &(version, pact_version) in VERSIONS {
            // Either <root>/v3/request or a checkout of the branch: <root>/v3/testcases/request.
            for candidate in [
                root.join(version).join("request"),
                root.join(version).join("testcases/request"),
            ] {
                if candidate.is_dir() {
                    read_version(&candidate, version, pact_version, &mut cases)?;
                    break;
                }
            }
        }
    }
    if cases.is_empty() {
        return Err(format!(
            "no testcases found in {}: expected <dir>/<version>/request/<category>/*.json with versions {}, or a single version's testcases directory with PACT_SPEC_VERSION",
            root.display(),
            version_names()
        ));
    }
    Ok(Some(cases))
}

/// The version of a specification repository checkout, from its branch (`version-3` is v3).
fn checked_out_version(testcases: &Path) -> Option<String> {
    let head = std::fs::read_to_string(testcases.parent()?.join(".git/HEAD")).ok()?;
    head.trim().strip_prefix("ref: refs/heads/version-").map(str::to_string)
}

fn version_names() -> String {
    VERSIONS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

fn read_version(
    dir: &Path,
    version: &'static str,
    pact_version: &'static str,
    cases: &mut Vec<Case>,
) -> Result<(), String> {
    let mut files = Vec::new();
    for category in read_dir_sorted(dir)? {
        if category.is_dir() {
            files.extend(
                read_dir_sorted(&category)?
                    .into_iter()
                    .filter(|file| file.extension().is_some_and(|ext| ext == "json")),
            );
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|err| format!("{}: {err}", file.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|err| format!("{}: {err}", file.display()))?;
        let category = file
            .parent()
            .and_then(Path::file_name)
            .unwrap_or_default()
            .to_string_lossy();
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        cases.push(Case {
            name: format!("{version}/request/{category}/{name}"),
            version,
            pact_version,
            json,
        });
    }
    Ok(())
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("{}: {err}", dir.display()))?;
    entries.sort();
    Ok(entries)
}

async fn run_all(cases: &[Case], skips: &[Skip]) -> (BTreeMap<&'static str, Tally>, Vec<String>) {
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases {
        let tally = tallies.entry(case.version).or_default();
        let skip = skips.iter().find(|skip| skip.case == case.name);
        if skip.is_some_and(|skip| skip.kind == SkipKind::Unsendable) {
            tally.skipped += 1;
            continue;
        }
        let Some(expected) = case.json.get("match").and_then(Value::as_bool) else {
            tally.failed += 1;
            failures.push(format!("{}: the case has no boolean \"match\"", case.name));
            continue;
        };
        let follows_implementations = skip.is_some();
        let wanted = expected != follows_implementations;
        match run_case(case).await {
            Ok(outcome) if !outcome.agreed() && !outcome.recorded_the_request() => {
                tally.failed += 1;
                failures.push(format!(
                    "{}: the server answered {} and recorded nothing about the request (mismatches {})",
                    case.name, outcome.status, outcome.mismatches
                ));
            }
            Ok(outcome) if outcome.agreed() == wanted => {
                if follows_implementations {
                    tally.followed += 1;
                } else {
                    tally.passed += 1;
                }
            }
            Ok(outcome) => {
                tally.failed += 1;
                failures.push(format!(
                    "{}: the case says match={expected}{}, the server answered {} with matched()={} and mismatches {}",
                    case.name,
                    if follows_implementations {
                        " (the implementations say the opposite)"
                    } else {
                        ""
                    },
                    outcome.status,
                    outcome.matched,
                    outcome.mismatches
                ));
            }
            Err(err) => {
                tally.failed += 1;
                failures.push(format!("{}: {err}", case.name));
            }
        }
    }
    (tallies, failures)
}

struct Outcome {
    status: u16,
    matched: bool,
    mismatches: Value,
}

impl Outcome {
    fn agreed(&self) -> bool {
        self.status == 200 && self.matched && self.mismatches.as_array().is_some_and(Vec::is_empty)
    }

    /// A refusal counts only when the server says why: a request it never matched is one that
    /// hyper turned away before the engine saw it.
    fn recorded_the_request(&self) -> bool {
        self.mismatches.as_array().is_some_and(|results| {
            results
                .iter()
                .any(|result| matches!(result["type"].as_str(), Some("request-mismatch" | "request-not-found")))
        })
    }
}

async fn run_case(case: &Case) -> Result<Outcome, String> {
    let expected = case.json.get("expected").ok_or("the case has no \"expected\"")?;
    let actual = case.json.get("actual").ok_or("the case has no \"actual\"")?;
    let mut interaction = json!({
        "description": case.name,
        "request": expected,
        "response": {"status": 200}
    });
    if case.version == "v4" {
        interaction["type"] = json!("Synchronous/HTTP");
    }
    let pact = json!({
        "consumer": {"name": "conformance-consumer"},
        "provider": {"name": "conformance-provider"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": case.pact_version}}
    });
    let server = start(PactSource::Json(pact), ServerConfig::default())
        .await
        .map_err(|err| format!("the server did not start: {err}"))?;
    let raw = raw_request(case.version, actual, server.port());
    let status = match raw {
        Ok(raw) => send(server.port(), &raw).await,
        Err(err) => Err(err),
    };
    let outcome = status.map(|status| Outcome {
        status,
        matched: server.matched(),
        mismatches: serde_json::to_value(server.mismatches()).unwrap_or(Value::Null),
    });
    server
        .shutdown()
        .await
        .map_err(|err| format!("the server did not shut down: {err}"))?;
    outcome
}

/// The case's `actual` request as HTTP/1.1 bytes, spelled as the case spells it.
fn raw_request(version: &str, actual: &Value, port: u16) -> Result<Vec<u8>, String> {
    let method = actual.get("method").and_then(Value::as_str).unwrap_or("GET");
    let path = actual.get("path").and_then(Value::as_str).unwrap_or("/");
    let query = match actual.get("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(raw)) => raw.clone(),
        Some(Value::Object(parameters)) => encode_query(parameters)?,
        Some(other) => return Err(format!("a query of unknown shape: {other}")),
    };
    let target = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in actual.get("headers").and_then(Value::as_object).into_iter().flatten() {
        let values = match value {
            Value::String(value) => vec![value.clone()],
            Value::Array(values) => values.iter().map(text_of).collect(),
            other => vec![text_of(other)],
        };
        for value in values {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    let body = body_bytes(version, actual.get("body"))?;
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut raw = head.into_bytes();
    raw.extend_from_slice(&body);
    Ok(raw)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// V3/V4 query objects: every value of every parameter, percent-encoded, in the case's order.
fn encode_query(parameters: &serde_json::Map<String, Value>) -> Result<String, String> {
    let mut pairs = Vec::new();
    for (name, values) in parameters {
        let values = match values {
            Value::Array(values) => values.clone(),
            single => vec![single.clone()],
        };
        for value in values {
            match value {
                Value::Null => pairs.push(percent_encode(name)),
                value => pairs.push(format!("{}={}", percent_encode(name), percent_encode(&text_of(&value)))),
            }
        }
    }
    Ok(pairs.join("&"))
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Body bytes: strings as they are, other JSON serialised; a V4 body object by its `encoded`.
fn body_bytes(version: &str, body: Option<&Value>) -> Result<Vec<u8>, String> {
    let Some(body) = body else { return Ok(Vec::new()) };
    if version != "v4" {
        return Ok(match body {
            Value::Null => Vec::new(),
            Value::String(text) => text.clone().into_bytes(),
            json => json.to_string().into_bytes(),
        });
    }
    let Value::Object(body) = body else {
        return Err(format!("a V4 body that is not an object: {body}"));
    };
    let content = body.get("content").unwrap_or(&Value::Null);
    let encoded = body.get("encoded").unwrap_or(&Value::Bool(false));
    Ok(match (content, encoded) {
        (Value::Null, _) => Vec::new(),
        (Value::String(text), Value::String(encoding)) if encoding.eq_ignore_ascii_case("base64") => {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|err| format!("the base64 body does not decode: {err}"))?
        }
        (Value::String(text), Value::String(encoding)) if encoding.eq_ignore_ascii_case("json") => {
            text.clone().into_bytes()
        }
        (Value::String(text), Value::Bool(false)) => text.clone().into_bytes(),
        (Value::String(_), other) => return Err(format!("a V4 body encoded as {other}")),
        (json, _) => json.to_string().into_bytes(),
    })
}

/// Writes `raw` on a new connection and returns the response status.
async fn send(port: u16, raw: &[u8]) -> Result<u16, String> {
    let exchange = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|err| format!("connect: {err}"))?;
        stream.write_all(raw).await.map_err(|err| format!("write: {err}"))?;
        let mut received = Vec::new();
        stream
            .read_to_end(&mut received)
            .await
            .map_err(|err| format!("read: {err}"))?;
        let status_line = received.split(|&byte| byte == b'\n').next().unwrap_or_default();
        String::from_utf8_lossy(status_line)
            .split(' ')
            .nth(1)
            .and_then(|status| status.parse().ok())
            .ok_or_else(|| format!("no HTTP response: {:?}", String::from_utf8_lossy(&received)))
    };
    tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .map_err(|_| "no answer within 10 seconds".to_string())?
}
