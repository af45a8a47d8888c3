//! Which plugins a pact names: its `metadata.plugins`, and the plugins an interaction's
//! `pluginConfiguration` is for. Plain pact reading, no driver.

use std::collections::BTreeSet;

use pact_models::v4::pact::V4Pact;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginNeed {
    pub name: String,
    /// `None` when only an interaction names the plugin: the newest installed one is taken.
    pub version: Option<String>,
}

impl std::fmt::Display for PluginNeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.version {
            Some(version) => write!(f, "'{}' version {version}", self.name),
            None => write!(f, "'{}' (any version)", self.name),
        }
    }
}

/// Read once when the pact is loaded (and kept with it), not per server.
pub fn needed_by(pact: &V4Pact) -> Vec<PluginNeed> {
    let mut needs: Vec<PluginNeed> = pact
        .plugin_data
        .iter()
        .map(|plugin| PluginNeed {
            name: plugin.name.clone(),
            version: Some(plugin.version.clone()).filter(|version| !version.is_empty()),
        })
        .collect();
    let configured: BTreeSet<String> = pact
        .interactions
        .iter()
        .flat_map(|interaction| interaction.plugin_config().into_keys())
        .collect();
    for name in configured {
        if !needs.iter().any(|need| need.name == name) {
            needs.push(PluginNeed { name, version: None });
        }
    }
    needs
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::engine::pact::load::{load_pact, PactSource};

    fn needs_of(pact: serde_json::Value) -> Vec<PluginNeed> {
        load_pact(PactSource::Json(pact)).unwrap().plugin_needs
    }

    #[test]
    fn a_pact_without_plugins_needs_none() {
        let needs = needs_of(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [{"type": "Synchronous/HTTP", "description": "one",
              "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}],
            "metadata": {"pactSpecification": {"version": "4.0"}}
        }));
        assert!(needs.is_empty(), "{needs:?}");
    }

    #[test]
    fn metadata_plugins_and_interaction_configuration_are_both_needs() {
        let needs = needs_of(json!({
            "consumer": {"name": "web"}, "provider": {"name": "users"},
            "interactions": [{"type": "Synchronous/HTTP", "description": "one",
              "request": {"method": "GET", "path": "/"}, "response": {"status": 200},
              "pluginConfiguration": {"csv": {"columns": 2}, "other": {}}}],
            "metadata": {"pactSpecification": {"version": "4.0"},
              "plugins": [{"name": "csv", "version": "0.1.0", "configuration": {}}]}
        }));
        assert_eq!(
            needs,
            vec![
                PluginNeed {
                    name: "csv".into(),
                    version: Some("0.1.0".into())
                },
                PluginNeed {
                    name: "other".into(),
                    version: None
                },
            ]
        );
    }
}
