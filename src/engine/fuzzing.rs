//! The fuzz target's way in (feature `fuzzing`; also built for `cargo test`, which replays the
//! fuzzer's findings). Arbitrary bytes are read as an HTTP/1 request head and body, then go through
//! the conversion, choice, record and response of a served request, without the panic guard of
//! `service::handle`, so that the fuzzer sees every panic.

use bytes::Bytes;
use http::request::Parts;
use serde_json::{json, Value};

use super::config::ServerConfig;
use super::cors::CorsRequest;
use super::pact::load::{load_pact, PactSource};
use super::record::Recorder;
use super::report::failure_report;
use super::request::to_pact_request;
use super::service::{answer_request, ServerState};

/// A server's state for one fixed pact, answering requests without a socket.
pub struct FuzzServer {
    state: ServerState,
    runtime: tokio::runtime::Runtime,
}

impl Default for FuzzServer {
    fn default() -> Self {
        FuzzServer::new(fuzz_pact())
    }
}

impl FuzzServer {
    pub fn new(pact: Value) -> Self {
        let pact = std::sync::Arc::new(load_pact(PactSource::Json(pact)).expect("the fuzz pact loads"));
        let config = ServerConfig {
            cors: true,
            ..ServerConfig::default()
        };
        let config = ServerConfig {
            request_log_limit: 16,
            ..config
        };
        let state = ServerState::new(pact, config, "http://127.0.0.1:1234", 1234, Vec::new());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        FuzzServer { state, runtime }
    }

    /// Answers `raw` when it parses as a request, and returns the status; `None` when hyper would
    /// have refused it before our code saw it. Every report of the server is made as well.
    pub fn answer_bytes(&mut self, raw: &[u8]) -> Option<u16> {
        let (parts, body) = parse_request(raw)?;
        // A fresh record for each input, so that every run costs the same.
        self.state.recorder = Recorder::new(self.state.pact.interactions.len(), 16);
        let state = &self.state;
        let request = to_pact_request(&parts, body);
        let cors = CorsRequest::of(&parts.method, &parts.headers);
        let mut answer = self.runtime.block_on(answer_request(state, request, Some(&cors)));
        cors.allow(&mut answer);
        let interactions = &state.pact.interactions;
        let _ = state.recorder.requests(interactions);
        let mismatches = state.recorder.mismatches(interactions);
        let _ = failure_report("fuzz", &mismatches, interactions);
        let _ = serde_json::to_string(&mismatches).expect("results serialise");
        Some(answer.status().as_u16())
    }
}

/// An HTTP/1 request head as hyper would accept it (httparse, as hyper uses), then the body: the
/// rest of the bytes, up to the server's default body limit.
pub fn parse_request(raw: &[u8]) -> Option<(Parts, Bytes)> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    let head_len = match parsed.parse(raw) {
        Ok(httparse::Status::Complete(len)) => len,
        _ => return None,
    };
    let mut builder = http::Request::builder().method(parsed.method?).uri(parsed.path?);
    for header in parsed.headers.iter() {
        builder = builder.header(header.name, header.value);
    }
    let (parts, ()) = builder.body(()).ok()?.into_parts();
    Some((parts, Bytes::copy_from_slice(&raw[head_len..])))
}

/// A pact whose interactions use most kinds of matcher and body, so that a fuzzed request reaches
/// every comparison pact_matching makes.
pub fn fuzz_pact() -> Value {
    json!({
        "consumer": {"name": "fuzz-web"},
        "provider": {"name": "fuzz-api"},
        "interactions": [
            {"description": "plain get", "request": {"method": "GET", "path": "/users/1",
              "query": "verbose=yes&tag=a&tag=b", "headers": {"Accept": "application/json"}},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": {"id": 1, "link": "http://example.com/users/1", "n": 5, "u": "x", "d": "2020-01-01"},
              "generators": {"body": {
                "$.link": {"type": "MockServerURL", "example": "http://example.com/users/1", "regex": ".*(/users/\\d+)$"},
                "$.n": {"type": "RandomInt", "min": 1, "max": 9},
                "$.u": {"type": "Uuid"},
                "$.d": {"type": "Date", "format": "yyyy-MM-dd"}}}}},
            {"description": "path by regex", "request": {"method": "GET", "path": "/items/42",
              "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "^/items/[0-9]+$"}]},
                "query": {"q": {"matchers": [{"match": "regex", "regex": "\\w+"}]}},
                "header": {"X-Id": {"matchers": [{"match": "integer"}]}}},
              "query": {"q": ["abc"]}, "headers": {"X-Id": "7"}},
             "response": {"status": 204}},
            {"description": "json body with matchers", "request": {"method": "POST", "path": "/users",
              "headers": {"Content-Type": "application/json"},
              "body": {"name": "Bob", "age": 30, "email": "b@x.io", "tags": ["a", "b"], "when": "2020-01-01T10:00:00",
                       "score": 1.5, "nested": {"deep": [{"k": "v"}]}, "flag": true, "nothing": null},
              "matchingRules": {"body": {
                "$.name": {"matchers": [{"match": "type"}]},
                "$.age": {"matchers": [{"match": "integer"}]},
                "$.email": {"matchers": [{"match": "regex", "regex": "^[^@]+@[^@]+$"}]},
                "$.tags": {"matchers": [{"match": "type", "min": 1, "max": 5}]},
                "$.when": {"matchers": [{"match": "timestamp", "timestamp": "yyyy-MM-dd'T'HH:mm:ss"}]},
                "$.score": {"matchers": [{"match": "decimal"}]},
                "$.nested.deep[*].k": {"matchers": [{"match": "include", "value": "v"}]},
                "$.flag": {"matchers": [{"match": "boolean"}]}}}},
             "response": {"status": 201, "body": "created"}},
            {"description": "xml body", "request": {"method": "PUT", "path": "/doc",
              "headers": {"Content-Type": "application/xml"},
              "body": "<?xml version=\"1.0\"?><doc a=\"1\"><item id=\"x\">text</item><item id=\"y\"/></doc>",
              "matchingRules": {"body": {"$.doc.item": {"matchers": [{"match": "type", "min": 1}]},
                                         "$.doc.item['@id']": {"matchers": [{"match": "regex", "regex": "[a-z]"}]}}}},
             "response": {"status": 200}},
            {"description": "form body", "request": {"method": "POST", "path": "/form",
              "headers": {"Content-Type": "application/x-www-form-urlencoded"}, "body": "a=1&b=two&b=three"},
             "response": {"status": 200}},
            {"description": "text body", "request": {"method": "POST", "path": "/text",
              "headers": {"Content-Type": "text/plain"}, "body": "hello",
              "matchingRules": {"body": {"$": {"matchers": [{"match": "regex", "regex": "^h.*o$"}]}}}},
             "response": {"status": 200, "body": "hi"}},
            {"description": "multipart", "request": {"method": "POST", "path": "/upload",
              "headers": {"Content-Type": "multipart/form-data; boundary=XyZ"},
              "body": "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--\r\n",
              "matchingRules": {"body": {"$.f": {"matchers": [{"match": "contentType", "value": "text/plain"}]}}}},
             "response": {"status": 200}},
            {"description": "preflight", "request": {"method": "OPTIONS", "path": "/users"},
             "response": {"status": 204}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input the fuzzer ever saved as a finding, plus the seeds, answered without a panic.
    #[test]
    fn replays_the_fuzz_findings_and_seeds() {
        let mut server = FuzzServer::default();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut replayed = 0;
        for dir in ["regressions", "seeds"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let raw = std::fs::read(&path).unwrap();
                let _ = server.answer_bytes(&raw);
                replayed += 1;
            }
        }
        assert!(replayed > 0, "fuzz/seeds holds the seed requests");
    }

    #[test]
    fn a_seed_request_matches_and_a_mangled_one_does_not() {
        let mut server = FuzzServer::default();
        let get = b"GET /users/1?verbose=yes&tag=a&tag=b HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n";
        assert_eq!(server.answer_bytes(get), Some(200));
        let post = b"POST /users HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"Al\",\"age\":3,\"email\":\"a@b\",\"tags\":[\"z\"],\"when\":\"2021-02-03T04:05:06\",\"score\":2.5,\"nested\":{\"deep\":[{\"k\":\"xvx\"}]},\"flag\":false,\"nothing\":null}";
        assert_eq!(server.answer_bytes(post), Some(201));
        assert_eq!(server.answer_bytes(b"GET /nowhere HTTP/1.1\r\n\r\n"), Some(500));
        assert_eq!(server.answer_bytes(b"\x00\x01garbage"), None);
    }
}
