'use strict'
// PactV2 and its Interaction builder: pact-js's older lifecycle. setup() picks the port and sets
// mockService.baseUrl; each addInteraction() (re)starts the server there with every interaction
// added since the last verify(); verify() checks what the server received, merges the pact into
// `dir` when everything matched (PactMismatchError otherwise) and starts over.

const net = require('node:net')
const { MockServer } = require('../../index.js')
const json = require('./pact-json')
const { invalidOption, show } = require('./errors')
const { v2Options } = require('./options')

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'COPY', 'LOCK', 'MKCOL', 'MOVE', 'PROPFIND', 'PROPPATCH', 'UNLOCK', 'REPORT']

/** pact-js's V2 Interaction: a provider state, a description, a request and a response. */
class Interaction {
  constructor() {
    this.state = {}
  }

  given(providerState) {
    if (providerState) this.state.providerState = providerState
    return this
  }

  uponReceiving(description) {
    if (description === undefined || description === null) throw invalidOption('uponReceiving(description): give the interaction a description', Error)
    this.state.description = description
    return this
  }

  withRequest(requestOpts) {
    if (requestOpts === null || typeof requestOpts !== 'object') throw invalidOption(`withRequest(request): request must be an object, got ${show(requestOpts)}`)
    if (requestOpts.method === undefined || requestOpts.method === null) throw invalidOption('withRequest(request): give an HTTP method', Error)
    if (!HTTP_METHODS.includes(String(requestOpts.method))) {
      throw invalidOption(`withRequest(request): the method must be one of ${HTTP_METHODS.join(', ')}, got ${show(requestOpts.method)}`, Error)
    }
    if (requestOpts.path === undefined || requestOpts.path === null) throw invalidOption('withRequest(request): give a path', Error)
    if (requestOpts.query !== null && typeof requestOpts.query === 'object' && typeof requestOpts.query['pact:matcher:type'] !== 'string') {
      for (const value of Object.values(requestOpts.query)) {
        const isMatcherValue = value !== null && typeof value === 'object' && typeof value['pact:matcher:type'] === 'string'
        if (!(isMatcherValue || Array.isArray(value) || typeof value === 'string')) {
          throw invalidOption(`withRequest(request): query values must be strings, arrays of strings or matchers, got ${show(value)}`, Error)
        }
      }
    }
    this.state.request = Object.fromEntries(Object.entries(requestOpts).filter(([, value]) => value !== undefined && value !== null))
    return this
  }

  willRespondWith(responseOpts) {
    if (responseOpts === null || typeof responseOpts !== 'object' || responseOpts.status === undefined || responseOpts.status === null || String(responseOpts.status).trim() === '') {
      throw invalidOption('willRespondWith(response): give a status code', Error)
    }
    const response = { status: responseOpts.status }
    if (responseOpts.headers) response.headers = responseOpts.headers
    if (responseOpts.body !== undefined && responseOpts.body !== null) response.body = responseOpts.body
    this.state.response = response
    return this
  }

  /** The finished interaction; throws when a part is missing. */
  json() {
    if (this.state.description === undefined) throw invalidOption('Interaction: give a description (uponReceiving)', Error)
    if (!this.state.request || !this.state.request.method || !this.state.request.path) {
      throw invalidOption('Interaction: give a request with at least a method and a path (withRequest)', Error)
    }
    if (!this.state.response || this.state.response.status === undefined) throw invalidOption('Interaction: give a response with a status (willRespondWith)', Error)
    return this.state
  }
}

/** A free port on the host, found by binding port 0 and letting it go. */
function freePort(host) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

class PactV2 {
  constructor(options) {
    const settings = v2Options(options)
    Object.defineProperty(this, '_settings', { value: settings })
    Object.defineProperty(this, '_state', { value: { drafts: [], server: undefined, finalized: false } })
    this.opts = { ...PactV2.defaults, ...options }
    this.mockService = undefined
  }

  async setup() {
    const settings = this._settings
    if (!(settings.port > 0)) settings.port = await freePort(settings.host)
    this.opts.port = settings.port
    const scheme = settings.tls ? 'https' : 'http'
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host
    this.mockService = {
      baseUrl: `${scheme}://${host}:${settings.port}`,
      pactDetails: {
        pactfile_write_mode: this.opts.pactfileWriteMode || 'merge',
        consumer: { name: settings.consumer },
        provider: { name: settings.provider },
      },
    }
    return this.opts
  }

  async addInteraction(interaction) {
    if (!this.mockService) {
      throw invalidOption('addInteraction: the mock server is not set up; await provider.setup() first', Error)
    }
    const spec = interaction instanceof Interaction ? fromInteraction(interaction.json()) : interaction
    if (spec === null || typeof spec !== 'object') throw invalidOption(`addInteraction(interaction): interaction must be an object or an Interaction, got ${show(spec)}`)
    const draft = json.newDraft()
    if (typeof spec.uponReceiving !== 'string') throw invalidOption(`addInteraction(interaction): uponReceiving must be a string, got ${show(spec.uponReceiving)}`)
    draft.description = spec.uponReceiving
    if (spec.state) draft.providerStates.push(json.providerState(spec.state, undefined, 'addInteraction'))
    const request = spec.withRequest
    if (request === null || typeof request !== 'object') throw invalidOption(`addInteraction(interaction): withRequest must be an object, got ${show(request)}`)
    draft.method = json.checkMethod('addInteraction: withRequest', request.method)
    draft.path = json.checkPath('addInteraction: withRequest', request.path)
    json.applyWhole(draft.request, request, 'addInteraction: withRequest')
    const response = spec.willRespondWith
    if (response === null || typeof response !== 'object') throw invalidOption(`addInteraction(interaction): willRespondWith must be an object, got ${show(response)}`)
    draft.status = json.checkStatus('addInteraction: willRespondWith', response.status)
    json.applyWhole(draft.response, response, 'addInteraction: willRespondWith')
    this._state.drafts.push(draft)
    await this._restart()
    return ''
  }

  async verify() {
    if (!this.mockService) throw invalidOption('verify: the mock server is not set up; await provider.setup() first', Error)
    const server = this._state.server
    if (!server) return ''
    try {
      server.verify()
      await server.writePact(this._settings.dir, { overwrite: this._settings.overwrite })
    } finally {
      await this._reset()
    }
    return ''
  }

  async finalize() {
    this._state.finalized = true
    await this._reset()
  }

  async writePact() {
    if (!this.mockService) throw invalidOption('writePact: the mock server is not set up; await provider.setup() first', Error)
    if (this._state.server) await this._state.server.writePact(this._settings.dir, { overwrite: this._settings.overwrite })
    return ''
  }

  /** Kept for pact-js compatibility: interactions are already cleared by verify(). */
  async removeInteractions() {
    return ''
  }

  async _restart() {
    const previous = this._state.server
    this._state.server = undefined
    if (previous) await previous.shutdown()
    const pact = json.pactText(this._settings.consumer, this._settings.provider, this._state.drafts, this._settings.server.specification)
    this._state.server = await MockServer.create(pact, { ...this._settings.server, host: this._settings.host, port: this._settings.port })
  }

  async _reset() {
    const server = this._state.server
    this._state.server = undefined
    this._state.drafts = []
    if (server) await server.shutdown()
  }
}

PactV2.defaults = {
  consumer: '',
  cors: false,
  dir: require('node:path').resolve(process.cwd(), 'pacts'),
  host: '127.0.0.1',
  logLevel: 'info',
  pactfileWriteMode: 'merge',
  provider: '',
  spec: 2,
  ssl: false,
  port: 0,
}

/** pact-js's conversion of a finished Interaction's state to the object form addInteraction takes. */
function interactionToInteractionObject(state) {
  const request = state.request || {}
  const response = state.response || {}
  return {
    state: state.providerState,
    uponReceiving: state.description,
    withRequest: { method: request.method, path: request.path, query: request.query, body: request.body, headers: request.headers },
    willRespondWith: { status: response.status, body: response.body, headers: response.headers },
  }
}

const fromInteraction = interactionToInteractionObject

module.exports = { PactV2, Interaction, HTTP_METHODS, interactionToInteractionObject }
