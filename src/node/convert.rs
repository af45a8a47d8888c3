//! JavaScript values in, engine values out, and back; engine errors as coded JS errors.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

use napi::bindgen_prelude::{JsObjectValue, JsValue, Object, ToNapiValue, Unknown};
use napi::{Env, JsDeferred, JsString, ValueType, JSON};
use serde::Serialize;
use serde_json::Value;

use crate::engine::{self, EngineError, EngineResult, ErrorCode, PactSource};

/// A JS Error with the engine's stable `code`. Created here, on the JS thread, and handed to
/// napi as an existing value so that the code survives the throw or the rejection.
pub fn coded_error(env: &Env, err: EngineError) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut error = env.create_error(napi::Error::from_reason(err.message.clone()))?;
        error.set_named_property("code", err.code.as_str())?;
        Ok(napi::Error::from(error.to_unknown()))
    };
    build().unwrap_or_else(|_| napi::Error::from_reason(err.to_string()))
}

pub fn invalid(code: ErrorCode, message: impl Into<String>) -> EngineError {
    EngineError::new(code, message)
}

/// The text of a JSON-able value, through the engine's own `JSON.stringify`. Going through text
/// keeps cycles and absurd depths on the V8 side, where they are errors, not crashes.
fn json_text(env: &Env, value: Unknown, what: &str, code: ErrorCode) -> EngineResult<String> {
    let stringified = env
        .get_global()
        .and_then(|global| global.get_named_property_unchecked::<JSON>("JSON"))
        .and_then(|json| json.stringify(value));
    stringified.map_err(|err| invalid(code, format!("{what} cannot be turned into JSON: {}", err.reason)))
}

/// The pact argument: JSON text, or a plain object.
pub fn pact_source(env: &Env, pact: Unknown) -> EngineResult<PactSource> {
    match pact.get_type() {
        Ok(ValueType::String) => {
            let text = unsafe { pact.cast::<JsString>() }
                .and_then(|text| text.into_utf8())
                .and_then(|text| text.into_owned())
                .map_err(|err| {
                    invalid(
                        ErrorCode::PactInvalid,
                        format!("the pact text cannot be read: {}", err.reason),
                    )
                })?;
            Ok(PactSource::Text(text))
        }
        Ok(ValueType::Object) => Ok(PactSource::Text(json_text(
            env,
            pact,
            "the pact",
            ErrorCode::PactInvalid,
        )?)),
        _ => Err(invalid(
            ErrorCode::PactInvalid,
            "the pact must be JSON text or a plain object (the parsed pact file)",
        )),
    }
}

/// An optional JSON-able argument (options, a port): `null` when absent.
pub fn optional_json(env: &Env, value: Option<Unknown>, what: &str) -> EngineResult<Value> {
    let Some(value) = value else { return Ok(Value::Null) };
    match value.get_type() {
        Ok(ValueType::Undefined | ValueType::Null) => Ok(Value::Null),
        Ok(ValueType::Function | ValueType::Symbol | ValueType::BigInt | ValueType::External) => Err(invalid(
            ErrorCode::InvalidOption,
            format!("{what} must be plain data, not a function, symbol or bigint"),
        )),
        _ => {
            let text = json_text(env, value, what, ErrorCode::InvalidOption)?;
            serde_json::from_str(&text).map_err(|err| invalid(ErrorCode::InvalidOption, format!("{what}: {err}")))
        }
    }
}

/// An optional string argument, e.g. a directory.
pub fn optional_string(env: &Env, value: Option<Unknown>, what: &str) -> EngineResult<Option<String>> {
    match optional_json(env, value, what)? {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        other => Err(invalid(
            ErrorCode::InvalidOption,
            format!("{what} must be a string, got {other}"),
        )),
    }
}

/// Engine results as plain JS objects.
pub fn to_js<'env, T: Serialize>(env: &'env Env, value: &T) -> napi::Result<Unknown<'env>> {
    env.to_js_value(value)
}

type Resolver<V> = Box<dyn FnOnce(Env) -> napi::Result<V> + Send>;

/// Runs `work` on the engine runtime and returns a promise of its result; the event loop is never
/// blocked, and an engine error rejects the promise with its code. `work` is itself a result so
/// that bad arguments reject the promise too, instead of throwing from a promise-returning call.
pub fn promise<T, V, W, C>(env: &Env, work: EngineResult<W>, to_value: C) -> napi::Result<Object<'_>>
where
    T: Send + 'static,
    V: ToNapiValue + 'static,
    W: Future<Output = EngineResult<T>> + Send + 'static,
    C: FnOnce(&Env, T) -> napi::Result<V> + Send + 'static,
{
    let (deferred, promise): (JsDeferred<V, Resolver<V>>, Object) = env.create_deferred()?;
    engine::spawn(async move {
        let work = async move { work?.await };
        let result = AssertUnwindSafe(work)
            .catch_unwind()
            .await
            .unwrap_or_else(|payload| Err(EngineError::from_panic("running a JavaScript call", payload)));
        deferred.resolve(Box::new(move |env: Env| match result {
            Ok(value) => to_value(&env, value),
            Err(err) => Err(coded_error(&env, err)),
        }));
    });
    Ok(promise)
}
