//! Plugin processes: found by manifest, started once per process, shared by use count, stopped
//! when the last user lets go.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::grpc::Channel;
use super::proto::{CatalogueEntry, InitPluginRequest, InitPluginResponse};
use super::{plugin_dir, plugin_error, PluginNeed};
use crate::engine::error::{EngineError, EngineResult};

/// The fields of `pact-plugin.json` this engine reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    plugin_interface_version: u8,
    name: String,
    version: String,
    executable_type: String,
    entry_point: String,
    #[serde(default)]
    entry_points: HashMap<String, String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(skip)]
    dir: PathBuf,
}

/// A started plugin: its catalogue and the connection to it.
pub struct RunningPlugin {
    pub name: String,
    pub version: String,
    pub catalogue: Vec<CatalogueEntry>,
    pub channel: Channel,
    child: Mutex<Child>,
}

impl RunningPlugin {
    fn key(&self) -> String {
        format!("{}/{}", self.name, self.version)
    }

    /// Its connection closes as it exits, before the process is reaped: either tells.
    fn has_exited(&self) -> bool {
        let mut child = self.child.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.channel.is_closed() || !matches!(child.try_wait(), Ok(None))
    }

    fn stop(&self) {
        kill(&mut self.child.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }
}

struct Registered {
    plugin: Arc<RunningPlugin>,
    uses: usize,
}

fn registry() -> &'static Mutex<HashMap<String, Registered>> {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Registered>>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(HashMap::new()))
}

fn lock_registry() -> std::sync::MutexGuard<'static, HashMap<String, Registered>> {
    registry().lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One start at a time, so that two servers needing a plugin at once start it once.
fn start_lock() -> &'static tokio::sync::Mutex<()> {
    static LOCK: OnceLock<tokio::sync::Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| tokio::sync::Mutex::new(()))
}

/// A use of a running plugin, started if it was not; the caller must [`release`] it.
pub async fn acquire(need: &PluginNeed, within: Duration) -> EngineResult<Arc<RunningPlugin>> {
    let manifest = find_manifest(need)?;
    let key = format!("{}/{}", manifest.name, manifest.version);
    let _starting = start_lock().lock().await;
    {
        let mut registry = lock_registry();
        match registry.get_mut(&key) {
            // A plugin that crashed is started afresh; its old users keep failing, as they should.
            Some(registered) if registered.plugin.has_exited() => {
                registry.remove(&key);
            }
            Some(registered) => {
                registered.uses += 1;
                return Ok(registered.plugin.clone());
            }
            None => {}
        }
    }
    let plugin = Arc::new(start(manifest, within).await?);
    lock_registry().insert(
        key,
        Registered {
            plugin: plugin.clone(),
            uses: 1,
        },
    );
    Ok(plugin)
}

/// Gives up one use; the last one stops the process.
pub fn release(plugin: &RunningPlugin) {
    let key = plugin.key();
    let last = {
        let mut registry = lock_registry();
        match registry.get_mut(&key) {
            Some(registered) if registered.uses > 1 => {
                registered.uses -= 1;
                None
            }
            // Only the registered process itself: a crashed one may have been replaced already.
            Some(registered) if std::ptr::eq(Arc::as_ptr(&registered.plugin), plugin) => registry.remove(&key),
            _ => None,
        }
    };
    match last {
        Some(registered) => registered.plugin.stop(),
        // A replaced (crashed) process: reaped, so that no zombie is left behind.
        None if !is_registered(&key, plugin) => plugin.stop(),
        None => {}
    }
}

fn is_registered(key: &str, plugin: &RunningPlugin) -> bool {
    lock_registry()
        .get(key)
        .is_some_and(|registered| std::ptr::eq(Arc::as_ptr(&registered.plugin), plugin))
}

fn find_manifest(need: &PluginNeed) -> EngineResult<Manifest> {
    let manifests = installed(&need.name);
    let chosen = match &need.version {
        Some(version) => manifests.iter().find(|manifest| &manifest.version == version),
        None => manifests
            .iter()
            .max_by(|a, b| version_order(&a.version).cmp(&version_order(&b.version))),
    };
    chosen.cloned().ok_or_else(|| not_installed(need, &manifests))
}

fn version_order(version: &str) -> Vec<u64> {
    version
        .split(['.', '-'])
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

/// Every manifest of that plugin in the plugin directory (one sub-directory per plugin).
fn installed(name: &str) -> Vec<Manifest> {
    let Ok(entries) = std::fs::read_dir(plugin_dir()) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let dir = entry.path();
            let text = std::fs::read_to_string(dir.join("pact-plugin.json")).ok()?;
            match serde_json::from_str::<Manifest>(&text) {
                Ok(manifest) => Some(Manifest { dir, ..manifest }),
                Err(err) => {
                    tracing::warn!("skipping the plugin manifest in {}: {err}", dir.display());
                    None
                }
            }
        })
        .filter(|manifest| manifest.name == name)
        .collect()
}

fn not_installed(need: &PluginNeed, manifests: &[Manifest]) -> EngineError {
    let mut versions: Vec<&str> = manifests.iter().map(|manifest| manifest.version.as_str()).collect();
    versions.sort();
    let found = if versions.is_empty() {
        "none is installed there".to_string()
    } else {
        format!("installed there: {}", versions.join(", "))
    };
    plugin_error(format!(
        "the pact needs the plugin {need}, which is not installed in {} ({found}); plugins are looked for in \
         $PACT_PLUGIN_DIR, else ~/.pact/plugins, one directory per plugin holding its pact-plugin.json: install it there \
         (e.g. with pact-plugin-cli) or set PACT_PLUGIN_DIR",
        plugin_dir().display()
    ))
}

async fn start(manifest: Manifest, within: Duration) -> EngineResult<RunningPlugin> {
    let named = format!("'{}' version {}", manifest.name, manifest.version);
    if manifest.executable_type != "exec" || manifest.plugin_interface_version != 1 {
        return Err(plugin_error(format!(
            "the plugin {named} is of a kind this engine does not run (executableType {:?}, pluginInterfaceVersion {}): \
             only \"exec\" plugins of interface version 1 are supported",
            manifest.executable_type, manifest.plugin_interface_version
        )));
    }
    let program = entry_point(&manifest);
    let mut child = Command::new(&program)
        .args(&manifest.args)
        .current_dir(&manifest.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| {
            plugin_error(format!(
                "the plugin {named} could not be started ({}): {err}",
                program.display()
            ))
        })?;
    let started = async {
        let port = read_port(&mut child, &manifest.name, within).await?;
        let channel = Channel::connect(port).await?;
        let init = InitPluginRequest {
            implementation: "pact-mock-server".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let answer: InitPluginResponse = channel.call("InitPlugin", &init, within).await?;
        Ok::<_, String>((port, channel, answer))
    };
    let (port, channel, answer) = match started.await {
        Ok(started) => started,
        Err(reason) => {
            kill(&mut child);
            return Err(plugin_error(format!("the plugin {named} did not start: {reason}")));
        }
    };
    tracing::debug!(plugin = %manifest.name, "plugin started on port {port}");
    Ok(RunningPlugin {
        name: manifest.name,
        version: manifest.version,
        catalogue: answer.catalogue,
        channel,
        child: Mutex::new(child),
    })
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn entry_point(manifest: &Manifest) -> PathBuf {
    let os = std::env::consts::OS;
    let named = manifest
        .entry_points
        .get(os)
        .or_else(|| manifest.entry_points.get(if cfg!(windows) { "windows" } else { os }))
        .unwrap_or(&manifest.entry_point);
    let path = Path::new(named);
    if path.is_absolute() && path.exists() {
        path.to_path_buf()
    } else {
        manifest.dir.join(path)
    }
}

/// The plugin's first line on stdout is `{"port": N, "serverKey": "..."}`; what follows, and its
/// stderr, go to the tracing log. Two threads per plugin read them (none without plugins).
async fn read_port(child: &mut Child, name: &str, within: Duration) -> Result<u16, String> {
    let stdout = child.stdout.take().ok_or("its standard output is not readable")?;
    let stderr = child.stderr.take().ok_or("its standard error is not readable")?;
    let (found, port) = tokio::sync::oneshot::channel();
    let plugin = name.to_string();
    std::thread::Builder::new()
        .name(format!("plugin {name} stdout"))
        .spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if found.is_some() && line.trim_start().starts_with('{') {
                    let port = serde_json::from_str::<Value>(&line)
                        .ok()
                        .and_then(|value| value["port"].as_u64())
                        .and_then(|port| u16::try_from(port).ok());
                    if let Some(sender) = found.take() {
                        let _ = sender.send(port.ok_or(format!("its first line is not {{\"port\": ...}}: {line}")));
                    }
                } else {
                    tracing::debug!(plugin = %plugin, "{line}");
                }
            }
        })
        .map_err(|err| err.to_string())?;
    let plugin = name.to_string();
    std::thread::Builder::new()
        .name(format!("plugin {name} stderr"))
        .spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                tracing::debug!(plugin = %plugin, "{line}");
            }
        })
        .map_err(|err| err.to_string())?;
    match tokio::time::timeout(within, port).await {
        Ok(Ok(port)) => port,
        Ok(Err(_)) => Err(match child.try_wait() {
            Ok(Some(status)) => format!("it exited ({status}) before saying its port"),
            _ => "it closed its standard output before saying its port".to_string(),
        }),
        Err(_) => Err(format!(
            "it did not say its port within {} ms (option pluginTimeout)",
            within.as_millis()
        )),
    }
}
