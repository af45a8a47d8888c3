'use strict'
// PactV3: pact-js's V3 HTTP builder. given() states collect until uponReceiving() opens an
// interaction; withRequest*/willRespondWith* fill it; interactions accumulate until executeTest
// runs them all on a fresh server. The pact is written at V3 unless `spec` says otherwise.

const json = require('./pact-json')
const { invalidOption, show } = require('./errors')
const { v3v4Options } = require('./options')
const { executeTest } = require('./execute')
const { SpecificationVersion } = require('./matchers')

class PactV3 {
  constructor(options) {
    Object.defineProperty(this, '_settings', { value: v3v4Options('PactV3', options, SpecificationVersion.SPECIFICATION_VERSION_V3) })
    Object.defineProperty(this, '_state', { value: { drafts: [], states: [], current: undefined, responded: false } })
  }

  /** JSON object form, as in pact-js: { states?, uponReceiving, withRequest, willRespondWith }. */
  addInteraction(interaction) {
    if (interaction === null || typeof interaction !== 'object') throw invalidOption(`addInteraction(interaction): interaction must be an object, got ${show(interaction)}`)
    if (typeof interaction.uponReceiving !== 'string' || interaction.uponReceiving === '') {
      throw invalidOption("addInteraction(interaction): give the interaction a description in 'uponReceiving'")
    }
    for (const state of interaction.states || []) this.given(state.description, state.parameters)
    this.uponReceiving(interaction.uponReceiving)
    this.withRequest(interaction.withRequest)
    this.willRespondWith(interaction.willRespondWith)
    return this
  }

  given(providerState, parameters) {
    const state = json.providerState(providerState, parameters, 'given')
    const { current, responded } = this._state
    // Given after uponReceiving belongs to that interaction (pact-js loses it).
    if (current && !responded) current.providerStates.push(state)
    else this._state.states.push(state)
    return this
  }

  uponReceiving(description) {
    if (typeof description !== 'string') throw invalidOption(`uponReceiving(description): description must be a string, got ${show(description)}`)
    const draft = json.newDraft()
    draft.description = description
    draft.providerStates = this._state.states
    this._state.states = []
    this._state.drafts.push(draft)
    this._state.current = draft
    this._state.responded = false
    return this
  }

  _draft(where) {
    if (!this._state.current) throw invalidOption(`${where}: call uponReceiving(description) first`, Error)
    return this._state.current
  }

  _request(where, req) {
    const draft = this._draft(where)
    if (req === null || typeof req !== 'object') throw invalidOption(`${where}: the request must be an object with method and path, got ${show(req)}`)
    draft.method = json.checkMethod(where, req.method)
    draft.path = json.checkPath(where, req.path)
    return draft
  }

  withRequest(req) {
    const draft = this._request('withRequest', req)
    json.applyWhole(draft.request, req, 'withRequest')
    return this
  }

  withRequestBinaryFile(req, contentType, file) {
    const draft = this._request('withRequestBinaryFile', req)
    json.setBinaryBody(draft.request, json.readFile(file, 'withRequestBinaryFile'), contentType, 'withRequestBinaryFile')
    json.applyWhole(draft.request, { ...req, body: undefined }, 'withRequestBinaryFile')
    return this
  }

  withRequestMatchingRules(req, rules) {
    const draft = this._request('withRequestMatchingRules', req)
    json.addRules(draft.request, rules, 'withRequestMatchingRules')
    json.applyWhole(draft.request, { ...req, body: undefined }, 'withRequestMatchingRules')
    return this
  }

  withRequestMultipartFileUpload(req, contentType, file, mimePartName, boundary) {
    const draft = this._request('withRequestMultipartFileUpload', req)
    json.applyWhole(draft.request, { ...req, body: undefined }, 'withRequestMultipartFileUpload')
    json.setMultipartBody(draft.request, contentType, file, mimePartName, boundary, 'withRequestMultipartFileUpload')
    return this
  }

  _response(where, res) {
    const draft = this._draft(where)
    if (res === null || typeof res !== 'object') throw invalidOption(`${where}: the response must be an object with a status, got ${show(res)}`)
    draft.status = json.checkStatus(where, res.status)
    this._state.responded = true
    return draft
  }

  willRespondWith(res) {
    const draft = this._response('willRespondWith', res)
    json.applyWhole(draft.response, res, 'willRespondWith')
    return this
  }

  withResponseBinaryFile(res, contentType, file) {
    const draft = this._response('withResponseBinaryFile', res)
    json.setBinaryBody(draft.response, json.readFile(file, 'withResponseBinaryFile'), contentType, 'withResponseBinaryFile')
    json.applyWhole(draft.response, { ...res, body: undefined }, 'withResponseBinaryFile')
    return this
  }

  /** As in pact-js, the first argument is the request (its method, path, headers and query are set). */
  withResponseMatchingRules(req, rules) {
    const draft = this._request('withResponseMatchingRules', req)
    json.applyWhole(draft.request, { ...req, body: undefined }, 'withResponseMatchingRules')
    json.addRules(draft.response, rules, 'withResponseMatchingRules')
    return this
  }

  withResponseMultipartFileUpload(res, contentType, file, mimePartName, boundary) {
    const draft = this._response('withResponseMultipartFileUpload', res)
    json.applyWhole(draft.response, { ...res, body: undefined }, 'withResponseMultipartFileUpload')
    json.setMultipartBody(draft.response, contentType, file, mimePartName, boundary, 'withResponseMultipartFileUpload')
    return this
  }

  async executeTest(testFn) {
    const { drafts } = this._state
    this._state.drafts = []
    this._state.states = []
    this._state.current = undefined
    this._state.responded = false
    for (const draft of drafts) {
      if (draft.method === undefined || draft.status === undefined) {
        throw invalidOption(`executeTest: the interaction ${show(draft.description)} has no ${draft.method === undefined ? 'withRequest' : 'willRespondWith'}`, Error)
      }
    }
    return executeTest(this._settings, drafts, testFn, 'executeTest')
  }
}

module.exports = { PactV3 }
