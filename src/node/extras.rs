//! Installs src/node/extras.js (the PactMismatchError class, the body of MockServer.run), for
//! `verify()` to throw the one and `MockServer.run` to call the other.

use napi::bindgen_prelude::{FnArgs, Function, FunctionRef, JsObjectValue, Object, Unknown};
use napi::Env;

use super::environment::extras_of;

const EXTRAS: &str = include_str!("extras.js");

type ErrorClass = FunctionRef<FnArgs<(String, Unknown<'static>)>, Unknown<'static>>;
type RunFunction = FunctionRef<FnArgs<(Unknown<'static>, Unknown<'static>, Unknown<'static>)>, Unknown<'static>>;

/// One set per JavaScript environment: functions belong to the environment that made them.
pub struct Extras {
    error_class: ErrorClass,
    run: RunFunction,
}

/// Evaluates extras.js with the module's exports, which it extends.
pub fn install(env: &Env, exports: Object) -> napi::Result<Extras> {
    let install: Function<Object, Object> = env.run_script(EXTRAS)?;
    let installed = install.call(exports)?;
    let error_class: Function<FnArgs<(String, Unknown)>, Unknown> =
        installed.get_named_property("PactMismatchError")?;
    let run: Function<FnArgs<(Unknown, Unknown, Unknown)>, Unknown> = installed.get_named_property("run")?;
    Ok(Extras {
        error_class: error_class.create_ref()?,
        run: run.create_ref()?,
    })
}

/// A `PactMismatchError` with this message and these mismatches, ready to throw.
pub fn mismatch_error(env: &Env, message: String, mismatches: Unknown) -> napi::Result<napi::Error> {
    let instance = extras_of(env)?
        .error_class
        .borrow_back(env)?
        .new_instance(FnArgs::from((message, mismatches)))?;
    Ok(napi::Error::from(instance))
}

/// Calls the JavaScript body of `MockServer.run`; its promise is the result.
pub fn call_run<'env>(env: &'env Env, pact: Unknown, options: Unknown, test: Unknown) -> napi::Result<Unknown<'env>> {
    extras_of(env)?
        .run
        .borrow_back(env)?
        .call(FnArgs::from((pact, options, test)))
}
