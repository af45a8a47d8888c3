//! Pacts recently loaded, by their text.
//!
//! A test suite usually starts one server per test from the same pact file, and parsing the pact
//! is nearly all the work of starting a server (bench/RESULTS.md). A loaded pact is never changed
//! afterwards, so the servers of one pact text share one loaded pact.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::load::{load_pact, LoadedPact, PactSource};
use crate::engine::error::{EngineError, EngineResult};

/// How many distinct pact texts are kept, the most recently used first.
const CAPACITY: usize = 8;
/// Longer texts are not kept: their loaded form is several times their size, and the cache holds
/// on to it after its servers are gone. At most 8 MiB of text is kept, then.
const LARGEST_KEPT: usize = 1 << 20;
/// Texts up to this length are parsed where the caller runs (a fraction of a millisecond);
/// longer ones on the blocking pool, so that they do not hold up the requests of other servers.
const LARGEST_PARSED_IN_PLACE: usize = 32 << 10;

/// The cache every server of the process starts from.
static RECENT: PactCache = PactCache::new(CAPACITY);

/// The loaded pact of `source`: the one loaded before for the same text, or a new one.
pub async fn load(source: PactSource) -> EngineResult<Arc<LoadedPact>> {
    RECENT.load(source).await
}

pub struct PactCache {
    capacity: usize,
    recent: Mutex<VecDeque<(String, Arc<LoadedPact>)>>,
}

impl PactCache {
    pub const fn new(capacity: usize) -> Self {
        PactCache {
            capacity,
            recent: Mutex::new(VecDeque::new()),
        }
    }

    pub async fn load(&self, source: PactSource) -> EngineResult<Arc<LoadedPact>> {
        let PactSource::Text(text) = source else {
            return parse(source).await.map(Arc::new);
        };
        if let Some(loaded) = self.recent(&text) {
            return Ok(loaded);
        }
        if text.len() > LARGEST_KEPT {
            return parse(PactSource::Text(text)).await.map(Arc::new);
        }
        let loaded = Arc::new(parse(PactSource::Text(text.clone())).await?);
        self.remember(text, loaded.clone());
        Ok(loaded)
    }

    fn recent(&self, text: &str) -> Option<Arc<LoadedPact>> {
        let mut recent = self.lock();
        let position = recent.iter().position(|(kept, _)| kept == text)?;
        let entry = recent.remove(position)?;
        let loaded = entry.1.clone();
        recent.push_front(entry);
        Some(loaded)
    }

    fn remember(&self, text: String, loaded: Arc<LoadedPact>) {
        let mut recent = self.lock();
        // Two servers of a new pact started at once both parse it: keep one.
        if recent.iter().any(|(kept, _)| *kept == text) {
            return;
        }
        recent.push_front((text, loaded));
        recent.truncate(self.capacity);
    }

    /// Every update is a single push, remove or truncate, so a poisoned lock is used as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(String, Arc<LoadedPact>)>> {
        self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

async fn parse(source: PactSource) -> EngineResult<LoadedPact> {
    let small = match &source {
        PactSource::Text(text) => text.len() <= LARGEST_PARSED_IN_PLACE,
        PactSource::Json(_) => false,
    };
    if small {
        return load_pact(source);
    }
    tokio::task::spawn_blocking(move || load_pact(source))
        .await
        .map_err(|err| EngineError::internal(format!("loading the pact stopped: {err}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pact_text(consumer: &str) -> String {
        format!(
            r#"{{"consumer": {{"name": "{consumer}"}}, "provider": {{"name": "cache-api"}},
                "interactions": [{{"description": "a", "request": {{"method": "GET", "path": "/a"}},
                                   "response": {{"status": 200}}}}],
                "metadata": {{"pactSpecification": {{"version": "3.0.0"}}}}}}"#
        )
    }

    #[tokio::test]
    async fn the_same_text_is_loaded_once() {
        let cache = PactCache::new(CAPACITY);
        let text = pact_text("cache-same");
        let first = cache.load(PactSource::Text(text.clone())).await.unwrap();
        let second = cache.load(PactSource::Text(text)).await.unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(second.interactions[0].description, "a");

        let other = cache.load(PactSource::Text(pact_text("cache-other"))).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
    }

    #[tokio::test]
    async fn an_invalid_text_fails_every_time() {
        let cache = PactCache::new(CAPACITY);
        for _ in 0..2 {
            let err = cache.load(PactSource::Text("{ not json".into())).await.err().unwrap();
            assert_eq!(err.code, crate::engine::ErrorCode::PactInvalid);
        }
    }

    #[tokio::test]
    async fn only_the_most_recent_texts_are_kept() {
        let cache = PactCache::new(3);
        let oldest = pact_text("cache-oldest");
        let first = cache.load(PactSource::Text(oldest.clone())).await.unwrap();
        for n in 0..2 {
            cache
                .load(PactSource::Text(pact_text(&format!("cache-newer-{n}"))))
                .await
                .unwrap();
        }
        let kept = cache.load(PactSource::Text(oldest.clone())).await.unwrap();
        assert!(Arc::ptr_eq(&first, &kept), "two newer texts leave room for it");
        for n in 2..5 {
            cache
                .load(PactSource::Text(pact_text(&format!("cache-newer-{n}"))))
                .await
                .unwrap();
        }
        let again = cache.load(PactSource::Text(oldest)).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &again), "three newer texts pushed it out");
    }

    #[tokio::test]
    async fn parsed_values_are_not_kept() {
        let json: serde_json::Value = serde_json::from_str(&pact_text("cache-json")).unwrap();
        let cache = PactCache::new(CAPACITY);
        let first = cache.load(PactSource::Json(json.clone())).await.unwrap();
        let second = cache.load(PactSource::Json(json)).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
    }
}
