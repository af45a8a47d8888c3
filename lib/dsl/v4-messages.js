'use strict'
// pact-js's V4 synchronous messages, as far as plugins carry them: addSynchronousInteraction(...)
// .usingPlugin(...).withPluginContents(contents, contentType).startTransport(transport, address)
// .executeTest((transport, message) => ...). The plugin describes both messages and runs the
// transport's mock server (MockServer.create with the `transport` option).
// Messages without a plugin (withRequest/withResponse) are not supported yet.

const { MockServer } = require('../../index.js')
const json = require('./pact-json')
const plugins = require('./plugins')
const { invalidOption, show } = require('./errors')
const { V4UnconfiguredInteraction, drafts } = require('./v4')

const NO_PLAIN_MESSAGES = 'message pacts without a plugin are not supported yet by pact-mock-server (usingPlugin(...).withPluginContents(...) is)'

class V4UnconfiguredSynchronousMessage extends V4UnconfiguredInteraction {
  usingPlugin(config) {
    plugins.addPlugin(drafts.get(this), config, 'usingPlugin')
    return new V4SynchronousMessageWithPlugin(this._pact, drafts.get(this))
  }

  withRequest() {
    throw invalidOption(`withRequest: ${NO_PLAIN_MESSAGES}`, Error)
  }

  withCompleteRequest() {
    throw invalidOption(`withCompleteRequest: ${NO_PLAIN_MESSAGES}`, Error)
  }
}

class V4SynchronousMessageWithPlugin {
  constructor(pact, draft) {
    Object.defineProperty(this, '_pact', { value: pact })
    drafts.set(this, draft)
  }

  usingPlugin(config) {
    plugins.addPlugin(drafts.get(this), config, 'usingPlugin')
    return this
  }

  withPluginContents(contents, contentType) {
    const draft = drafts.get(this)
    plugins.setPluginContents(draft, draft.message, contentType, contents, 'withPluginContents')
    return new V4SynchronousMessageWithPluginContents(this._pact, draft)
  }
}

class V4SynchronousMessageWithPluginContents {
  constructor(pact, draft) {
    Object.defineProperty(this, '_pact', { value: pact })
    drafts.set(this, draft)
  }

  startTransport(transport, address, config) {
    if (typeof transport !== 'string' || transport === '') throw invalidOption(`startTransport(transport, address): transport must be a non-empty string, got ${show(transport)}`)
    if (address !== undefined && (typeof address !== 'string' || address === '')) throw invalidOption(`startTransport(transport, address): address must be a host such as '127.0.0.1', got ${show(address)}`)
    if (config !== undefined && (config === null || typeof config !== 'object')) throw invalidOption(`startTransport(transport, address, config): config must be an object, got ${show(config)}`)
    return new V4SynchronousMessageWithTransport(this._pact, drafts.get(this), { transport, address })
  }

  executeTest() {
    throw invalidOption('executeTest: a synchronous message without a transport is not supported yet by pact-mock-server; call startTransport(transport, address) first', Error)
  }
}

class V4SynchronousMessageWithTransport {
  constructor(pact, draft, transport) {
    Object.defineProperty(this, '_pact', { value: pact })
    Object.defineProperty(this, '_transport', { value: transport })
    drafts.set(this, draft)
  }

  /** Runs `testFn(transport, message)` against the plugin's mock server; verifies, writes, shuts down. */
  async executeTest(testFn) {
    if (typeof testFn !== 'function') throw invalidOption('executeTest(fn) needs a function that receives the transport and the message')
    const draft = drafts.get(this)
    const settings = this._pact._settings
    const pluginList = await plugins.resolvePluginContents([draft])
    const pact = json.pactText(settings.consumer, settings.provider, [draft], settings.server.specification, pluginList)
    const interaction = JSON.parse(pact).interactions[0]
    const message = {
      Request: { content: interaction.request.contents.content },
      Response: interaction.response.map((response) => ({ content: response.contents.content })),
    }
    const { transport, address } = this._transport
    // CORS is an HTTP matter (PactV4 turns it on by default); a plugin's transport has none.
    const { cors, ...server } = settings.server
    const options = { ...server, transport, dir: settings.dir }
    if (address !== undefined) options.host = address
    return MockServer.run(pact, options, (server) => testFn({ port: server.port, address: server.host }, message))
  }
}

/** PactV4's addSynchronousInteraction(description). */
function addSynchronousInteraction(pact, description) {
  if (typeof description !== 'string') throw invalidOption(`addSynchronousInteraction(description): description must be a string, got ${show(description)}`)
  const draft = json.newMessageDraft(description)
  return new V4UnconfiguredSynchronousMessage(pact, draft)
}

module.exports = {
  addSynchronousInteraction,
  V4UnconfiguredSynchronousMessage,
  V4SynchronousMessageWithPlugin,
  V4SynchronousMessageWithPluginContents,
  V4SynchronousMessageWithTransport,
}
