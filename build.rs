fn main() {
    // Only the Node binding links against Node-API; the engine alone builds and tests without it.
    if std::env::var_os("CARGO_FEATURE_NODE").is_some() {
        napi_build::setup();
    }
}
