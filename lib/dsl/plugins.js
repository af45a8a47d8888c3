'use strict'
// The DSL's plugin steps (pact-js's usingPlugin and pluginContents): the interaction names its
// plugins; a part's plugin contents are the plugin's own description, which the plugin turns into
// a body, rules and generators (through the engine's configurePluginContents) before the server starts.

const { configurePluginContents } = require('../../index.js')
const { invalidOption, show } = require('./errors')

function addPlugin(draft, config, where) {
  if (config === null || typeof config !== 'object' || typeof config.plugin !== 'string' || config.plugin === '') {
    throw invalidOption(`${where}: the plugin config is { plugin: string, version?: string }, got ${show(config)}`)
  }
  if (config.version !== undefined && typeof config.version !== 'string') {
    throw invalidOption(`${where}: the plugin version must be a string, got ${show(config.version)}`)
  }
  draft.plugins = [...(draft.plugins || []).filter((plugin) => plugin.name !== config.plugin), { name: config.plugin, version: config.version }]
}

function setPluginContents(draft, part, contentType, contents, where) {
  if (!draft.plugins) throw invalidOption(`${where}: pluginContents needs usingPlugin({ plugin, version }) first`)
  if (typeof contentType !== 'string' || contentType === '') throw invalidOption(`${where}: pluginContents(contentType, contents): contentType must be a non-empty string, got ${show(contentType)}`)
  if (typeof contents !== 'string' && (contents === null || typeof contents !== 'object')) {
    throw invalidOption(`${where}: pluginContents(contentType, contents): contents must be a string (JSON the plugin reads) or an object, got ${show(contents)}`)
  }
  part.pluginContents = { contentType, contents }
}

/**
 * Asks each part's plugin (the interaction's last one, as pact-js does) for its contents. The
 * answers go into the drafts (`part.pluginBody`, `draft.pluginConfiguration`); the pact's plugin
 * list, with each plugin's configuration, comes back for metadata.plugins.
 */
async function resolvePluginContents(drafts) {
  const plugins = new Map()
  for (const draft of drafts) {
    for (const plugin of draft.plugins || []) {
      if (!plugins.has(plugin.name)) plugins.set(plugin.name, { name: plugin.name, version: plugin.version, configuration: {} })
    }
    const plugin = draft.plugins && draft.plugins[draft.plugins.length - 1]
    if (draft.kind === 'synchronous-message') {
      // One description for both messages: the plugin answers with a request and a response part.
      const answer = await configure(plugin, draft.message.pluginContents)
      draft.message.parts = {}
      for (const partName of ['request', 'response']) {
        const part = answer.parts.find((candidate) => candidate.partName === partName)
        if (!part) throw invalidOption(`the plugin '${plugin.name}' described no ${partName} message for ${draft.message.pluginContents.contentType}`, Error)
        draft.message.parts[partName] = part
        record(draft, plugin, partName, part)
      }
      merge(plugins, plugin, answer)
      continue
    }
    for (const [partName, part] of [['request', draft.request], ['response', draft.response]]) {
      if (!part.pluginContents) continue
      const answer = await configure(plugin, part.pluginContents)
      const first = answer.parts.find((candidate) => candidate.partName === '' || candidate.partName === partName) || answer.parts[0]
      if (!first) throw invalidOption(`the plugin '${plugin.name}' described no contents for ${part.pluginContents.contentType}`, Error)
      part.pluginBody = first
      record(draft, plugin, partName, first)
      merge(plugins, plugin, answer)
    }
  }
  return [...plugins.values()].map(({ name, version, configuration }) => (version === undefined ? { name, configuration } : { name, version, configuration }))
}

function configure(plugin, { contentType, contents }) {
  return configurePluginContents({ name: plugin.name, version: plugin.version }, contentType, contents)
}

/** A part's interaction configuration and markup go into the interaction. */
function record(draft, plugin, partName, part) {
  if (part.interactionConfiguration) {
    draft.pluginConfiguration = draft.pluginConfiguration || {}
    draft.pluginConfiguration[plugin.name] = { ...draft.pluginConfiguration[plugin.name], [partName]: part.interactionConfiguration }
  }
  if (part.interactionMarkup) draft.interactionMarkup = { markup: part.interactionMarkup, markupType: part.interactionMarkupType }
}

function merge(plugins, plugin, answer) {
  if (answer.pactConfiguration) Object.assign(plugins.get(plugin.name).configuration, answer.pactConfiguration)
}

module.exports = { addPlugin, setPluginContents, resolvePluginContents }
