//! What each JavaScript environment (the main thread, each worker thread) keeps of the addon: the
//! JavaScript extras, and the owner of the servers it creates. When Node tears the environment
//! down (a worker ends or is terminated, the process exits), its servers are shut down: no JS can
//! reach them any more, and their ports must not stay taken for the rest of the process.

use std::sync::Arc;
use std::time::Duration;

use napi::bindgen_prelude::Object;
use napi::Env;
use napi_derive::napi;

use super::extras::{self, Extras};
use crate::engine::{self, Owner};

/// How long a teardown waits for the environment's servers to refuse connections.
const SHUTDOWN_WITHIN: Duration = Duration::from_secs(1);

struct Environment {
    extras: Extras,
    owner: Arc<Owner>,
}

#[napi(module_exports)]
pub fn init_environment(exports: Object, env: Env) -> napi::Result<()> {
    let extras = extras::install(&env, exports)?;
    let owner = Owner::new();
    env.add_env_cleanup_hook(owner.clone(), |owner| engine::end_owner(&owner, SHUTDOWN_WITHIN))?;
    env.set_instance_data(Environment { extras, owner }, (), |_| {})
}

fn environment(env: &Env) -> napi::Result<&'static mut Environment> {
    env.get_instance_data::<Environment>()?
        .ok_or_else(|| napi::Error::from_reason("pact-mock-server was not initialised"))
}

pub fn extras_of(env: &Env) -> napi::Result<&'static mut Extras> {
    Ok(&mut environment(env)?.extras)
}

/// The owner of the servers this environment creates.
pub fn owner_of(env: &Env) -> napi::Result<Arc<Owner>> {
    Ok(environment(env)?.owner.clone())
}
