'use strict'
// PactV4 (also exported as Pact): pact-js's V4 HTTP builder. Each step returns an object that
// offers only the next legal steps: addInteraction() -> given/uponReceiving/... -> withRequest ->
// willRespondWith -> executeTest. Interactions accumulate until an executeTest runs them all.

const json = require('./pact-json')
const { invalidOption, show } = require('./errors')
const { v3v4Options } = require('./options')
const { executeTest } = require('./execute')
const { SpecificationVersion } = require('./matchers')
const plugins = require('./plugins')

const drafts = new WeakMap()

/** Shared by the request and response builders; `part` is the request or the response draft. */
class BodyBuilder {
  constructor(part, where) {
    Object.defineProperty(this, '_part', { value: part })
    Object.defineProperty(this, '_where', { value: where })
  }

  headers(headers) {
    json.addHeaders(this._part, headers, this._where)
    return this
  }

  jsonBody(body) {
    if (body === undefined) throw invalidOption(`${this._where}: jsonBody(body) needs a body`)
    json.setTemplateBody(this._part, body, 'application/json')
    return this
  }

  xmlBody(body) {
    if (body === undefined) throw invalidOption(`${this._where}: xmlBody(body) needs a body`)
    json.setTemplateBody(this._part, body, 'application/xml')
    return this
  }

  binaryFile(contentType, file) {
    json.setBinaryBody(this._part, json.readFile(file, this._where), contentType, this._where)
    return this
  }

  multipartBody(contentType, filename, mimePartName, boundary) {
    json.setMultipartBody(this._part, contentType, filename, mimePartName, boundary, this._where)
    return this
  }

  matchingRules(rules) {
    json.addRules(this._part, rules, this._where)
    return this
  }

  body(contentType, body) {
    json.setBinaryBody(this._part, body, contentType, this._where)
    return this
  }

  pluginContents() {
    throw invalidOption(`${this._where}: pluginContents needs usingPlugin({ plugin, version }) on the interaction first`)
  }
}

class V4RequestBuilder extends BodyBuilder {
  query(query) {
    json.addQuery(this._part, query, this._where)
    return this
  }
}

class V4ResponseBuilder extends BodyBuilder {}

/** The builders of an interaction that uses a plugin: `pluginContents` as well. */
function withPluginContents(Builder) {
  return class extends Builder {
    constructor(part, where, draft) {
      super(part, where)
      Object.defineProperty(this, '_draft', { value: draft })
    }

    pluginContents(contentType, contents) {
      plugins.setPluginContents(this._draft, this._part, contentType, contents, this._where)
      return this
    }
  }
}

const V4RequestWithPluginBuilder = withPluginContents(V4RequestBuilder)
const V4ResponseWithPluginBuilder = withPluginContents(V4ResponseBuilder)

class V4InteractionWithResponse {
  constructor(pact) {
    Object.defineProperty(this, '_pact', { value: pact })
  }

  executeTest(testFn) {
    return this._pact._run(testFn)
  }
}

class V4InteractionWithRequest {
  constructor(pact, draft) {
    Object.defineProperty(this, '_pact', { value: pact })
    drafts.set(this, draft)
  }

  willRespondWith(status, builder) {
    const draft = drafts.get(this)
    draft.status = json.checkStatus('willRespondWith(status)', status)
    if (builder !== undefined) {
      if (typeof builder !== 'function') throw invalidOption(`willRespondWith(status, builder): builder must be a function, got ${show(builder)}`)
      builder(draft.plugins ? new V4ResponseWithPluginBuilder(draft.response, 'willRespondWith', draft) : new V4ResponseBuilder(draft.response, 'willRespondWith'))
    }
    return new V4InteractionWithResponse(this._pact)
  }
}

class V4InteractionWithCompleteRequest {
  constructor(pact, draft) {
    Object.defineProperty(this, '_pact', { value: pact })
    drafts.set(this, draft)
  }

  withCompleteResponse(response) {
    const draft = drafts.get(this)
    if (response === null || typeof response !== 'object') throw invalidOption(`withCompleteResponse(response): response must be an object, got ${show(response)}`)
    draft.status = json.checkStatus('withCompleteResponse', response.status)
    json.applyWhole(draft.response, response, 'withCompleteResponse')
    return new V4InteractionWithResponse(this._pact)
  }
}

class V4UnconfiguredInteraction {
  constructor(pact, draft) {
    Object.defineProperty(this, '_pact', { value: pact })
    drafts.set(this, draft)
  }

  given(state, parameters) {
    drafts.get(this).providerStates.push(json.providerState(state, parameters, 'given'))
    return this
  }

  uponReceiving(description) {
    if (typeof description !== 'string') throw invalidOption(`uponReceiving(description): description must be a string, got ${show(description)}`)
    drafts.get(this).description = description
    return this
  }

  pending(pending = true) {
    if (typeof pending !== 'boolean') throw invalidOption(`pending(pending): pending must be true or false, got ${show(pending)}`)
    drafts.get(this).pending = pending
    return this
  }

  comment(comment) {
    const draft = drafts.get(this)
    draft.comments = draft.comments || {}
    if (typeof comment === 'string') {
      draft.comments.text = [...(draft.comments.text || []), comment]
    } else if (comment !== null && typeof comment === 'object' && typeof comment.key === 'string' && typeof comment.value === 'string') {
      draft.comments[comment.key] = comment.value
    } else {
      throw invalidOption(`comment(comment): a comment is a string or { key, value } of strings, got ${show(comment)}`)
    }
    return this
  }

  testName(name) {
    if (typeof name !== 'string') throw invalidOption(`testName(name): name must be a string, got ${show(name)}`)
    const draft = drafts.get(this)
    draft.comments = { ...draft.comments, testname: name }
    return this
  }

  /** The interaction's V4 `key`: merging replaces the interaction with the same key. */
  key(key) {
    if (typeof key !== 'string' || key === '') throw invalidOption(`key(key): key must be a non-empty string, got ${show(key)}`)
    drafts.get(this).key = key
    return this
  }

  reference(group, name, value) {
    for (const [label, item] of [['group', group], ['name', name], ['value', value]]) {
      if (typeof item !== 'string') throw invalidOption(`reference(group, name, value): ${label} must be a string, got ${show(item)}`)
    }
    const draft = drafts.get(this)
    draft.comments = draft.comments || {}
    const references = draft.comments.references || {}
    references[group] = { ...references[group], [name]: value }
    draft.comments.references = references
    return this
  }

  withRequest(method, path, builder) {
    const draft = drafts.get(this)
    draft.method = json.checkMethod('withRequest(method, path)', method)
    draft.path = json.checkPath('withRequest(method, path)', path)
    if (builder !== undefined) {
      if (typeof builder !== 'function') throw invalidOption(`withRequest(method, path, builder): builder must be a function, got ${show(builder)}`)
      builder(draft.plugins ? new V4RequestWithPluginBuilder(draft.request, 'withRequest', draft) : new V4RequestBuilder(draft.request, 'withRequest'))
    }
    return new V4InteractionWithRequest(this._pact, draft)
  }

  withCompleteRequest(request) {
    const draft = drafts.get(this)
    if (request === null || typeof request !== 'object') throw invalidOption(`withCompleteRequest(request): request must be an object, got ${show(request)}`)
    draft.method = json.checkMethod('withCompleteRequest', request.method)
    draft.path = json.checkPath('withCompleteRequest', request.path)
    json.applyWhole(draft.request, request, 'withCompleteRequest')
    return new V4InteractionWithCompleteRequest(this._pact, draft)
  }

  /** The interaction uses a Pact plugin; its builders get `pluginContents(contentType, contents)`. */
  usingPlugin(config) {
    plugins.addPlugin(drafts.get(this), config, 'usingPlugin')
    return this
  }
}

class PactV4 {
  constructor(options) {
    const settings = v3v4Options('PactV4', options, SpecificationVersion.SPECIFICATION_VERSION_V4)
    Object.defineProperty(this, '_settings', { value: settings })
    Object.defineProperty(this, '_drafts', { value: [], writable: true })
  }

  /** Drops the interactions added since the last executeTest (pact-js's setup()). */
  setup() {
    this._drafts = []
  }

  /** A new HTTP interaction; it is run by the next executeTest, with the others added since the last one. */
  addInteraction() {
    return new V4UnconfiguredInteraction(this, this._add())
  }

  /** A GraphQL query or mutation over HTTP (a POST with a JSON body), as pact-js builds it. */
  addGraphQLInteraction() {
    const { V4UnconfiguredGraphQLInteraction } = require('./graphql')
    return new V4UnconfiguredGraphQLInteraction(this, this._add())
  }

  /** A synchronous message a plugin describes and whose transport it serves (see v4-messages.js). */
  addSynchronousInteraction(description) {
    return require('./v4-messages').addSynchronousInteraction(this, description)
  }

  addAsynchronousInteraction() {
    throw invalidOption('addAsynchronousInteraction: message pacts are not supported yet by pact-mock-server', Error)
  }

  _add() {
    const draft = json.newDraft()
    this._drafts.push(draft)
    return draft
  }

  async _run(testFn) {
    const pending = this._drafts
    this._drafts = []
    for (const [index, draft] of pending.entries()) {
      if (draft.method === undefined || draft.status === undefined) {
        throw invalidOption(`executeTest: interaction ${index + 1} (${show(draft.description)}) has no ${draft.method === undefined ? 'request' : 'response'}`, Error)
      }
    }
    return executeTest(this._settings, pending, testFn, 'executeTest')
  }
}

module.exports = {
  PactV4,
  V4UnconfiguredInteraction,
  V4InteractionWithRequest,
  V4InteractionWithCompleteRequest,
  V4InteractionWithResponse,
  V4RequestBuilder,
  V4ResponseBuilder,
  drafts,
}
