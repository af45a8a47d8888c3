//! writePact alone, for a profiler: merges one new interaction at a time into a pact file that
//! already holds `existing` interactions (the file grows by one per write).
//!
//!   cargo build --profile profiling --example bench-profile-write
//!   perf record -g target/profiling/examples/bench-profile-write /tmp/dir 1000 50
//!
//! Prints the median and p90 time of one write in ms (the engine only: no Node, no napi).

use std::path::Path;
use std::time::Instant;

use pact_mock_server_node::engine::{self, PactSource, ServerConfig, WriteMode};
use serde_json::{json, Value};

fn interaction(n: usize) -> Value {
    let rule = |m: &str| json!({ "combine": "AND", "matchers": [{ "match": m }] });
    json!({
        "type": "Synchronous/HTTP",
        "description": format!("a request for user {n}"),
        "providerStates": [{ "name": "a user exists", "params": { "id": n } }],
        "request": { "method": "GET", "path": format!("/users/{n}"), "headers": { "Accept": ["application/json"] } },
        "response": {
            "status": 200,
            "headers": { "Content-Type": ["application/json"] },
            "body": { "content": { "id": n, "name": "Ann", "email": "ann@example.com", "roles": ["admin"] },
                      "contentType": "application/json", "encoded": false },
            "matchingRules": { "body": { "$.id": rule("integer"), "$.name": rule("type"),
                "$.email": { "combine": "AND", "matchers": [{ "match": "regex", "regex": "^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$" }] },
                "$.roles": { "combine": "AND", "matchers": [{ "match": "type", "min": 1 }] } } }
        }
    })
}

fn pact(interactions: Vec<Value>) -> Value {
    json!({ "consumer": { "name": "bench-web" }, "provider": { "name": "bench-users-api" },
            "interactions": interactions, "metadata": { "pactSpecification": { "version": "4.0" } } })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, existing, writes] = args.as_slice() else {
        eprintln!("usage: bench-profile-write <empty dir> <existing interactions> <writes>");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let existing: usize = existing.parse().expect("a count");
    let writes: usize = writes.parse().expect("a count");
    std::fs::create_dir_all(dir).expect("the directory");
    let seed = pact((0..existing).map(|n| interaction(100_000 + n)).collect());
    std::fs::write(
        dir.join("bench-web-bench-users-api.json"),
        serde_json::to_string_pretty(&seed).unwrap(),
    )
    .unwrap();
    let mut times = Vec::with_capacity(writes);
    for n in 0..writes {
        let text = pact(vec![interaction(n)]).to_string();
        let server = futures::executor::block_on(engine::start(PactSource::Text(text), ServerConfig::default()))
            .expect("the server starts");
        let began = Instant::now();
        futures::executor::block_on(server.write_pact(Some(dir.to_path_buf()), WriteMode::Merge)).expect("written");
        times.push(began.elapsed().as_secs_f64() * 1000.0);
        futures::executor::block_on(server.shutdown()).expect("shutdown");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"medianMs\":{:.3},\"p90Ms\":{:.3},\"writes\":{writes},\"existing\":{existing}}}",
        times[times.len() / 2],
        times[(times.len() * 9 / 10).min(times.len() - 1)]
    );
}
