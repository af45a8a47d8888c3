'use strict'
// Assembles the pact the builders hand to MockServer.create: a V4 pact whose values may be
// matcher JSON (the engine turns that into examples, matching rules and generators, and writes the
// file at the version asked for). Bodies that are bytes (binary files, `body()`, multipart) are
// built here; the rules pact-js adds for them go on the Content-Type header as matcher JSON, and
// into explicit `matchingRules` only where a value has no place for matcher JSON (the body bytes).

const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const { invalidOption, show } = require('./errors')
const { isMatcher } = require('./matchers')

const MATCHER = 'pact:matcher:type'
const MULTIPART_CONTENT_TYPE = 'multipart/form-data;(\\s*charset=[^;]*;)?\\s*boundary=.*'

/** A fresh request or response under construction. */
const emptyPart = (isRequest) => ({ isRequest, headers: [], query: [], body: undefined, rules: [] })

/** An interaction under construction; `toInteraction` makes its pact JSON. */
function newDraft() {
  return {
    description: '',
    providerStates: [],
    pending: false,
    comments: undefined,
    key: undefined,
    method: undefined,
    path: undefined,
    request: emptyPart(true),
    status: undefined,
    response: emptyPart(false),
  }
}

/** A synchronous message, described by a plugin (`message.pluginContents`, then `message.parts`). */
function newMessageDraft(description) {
  return { ...newDraft(), kind: 'synchronous-message', description, message: {} }
}

/** The V4 JSON of a message part the plugin made. */
function messagePart(plugin) {
  const out = { contents: plugin.body, metadata: { contentType: plugin.contentType } }
  if (Object.keys(plugin.matchingRules).length > 0) out.matchingRules = { body: plugin.matchingRules }
  if (Object.keys(plugin.generators).length > 0) out.generators = { body: plugin.generators }
  return out
}

function toSynchronousMessage(draft) {
  const interaction = { type: 'Synchronous/Messages', description: draft.description }
  if (draft.key !== undefined) interaction.key = draft.key
  if (draft.providerStates.length > 0) interaction.providerStates = draft.providerStates
  interaction.pending = draft.pending
  if (draft.comments !== undefined) interaction.comments = draft.comments
  interaction.request = messagePart(draft.message.parts.request)
  interaction.response = [messagePart(draft.message.parts.response)]
  if (draft.pluginConfiguration) interaction.pluginConfiguration = draft.pluginConfiguration
  if (draft.interactionMarkup) interaction.interactionMarkup = draft.interactionMarkup
  return interaction
}

/** A template value stands as it is when it is a matcher, else as text (as pact-js sends it). */
function textOrMatcher(where, value) {
  if (value !== null && typeof value === 'object' && typeof value[MATCHER] === 'string') {
    // Query and header values are text: a number or boolean example (integer(3)) is written as
    // its text, as pact-js's core does.
    const example = value.value
    return typeof example === 'number' || typeof example === 'boolean' ? { ...value, value: String(example) } : value
  }
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw invalidOption(`${where} must be a string or a matcher, got ${show(value)}`)
}

/**
 * Request headers whose value is a comma-separated list: a plain text value of one of these is
 * split into its items, as pact-js's core does ('Accept: a, b' expects the values a and b; the
 * server splits what it receives the same way). Other headers keep their text whole.
 */
const LIST_HEADERS = new Set([
  'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-patch', 'accept-ranges',
  'access-control-allow-headers', 'access-control-allow-methods', 'access-control-expose-headers',
  'access-control-request-headers', 'allow', 'cache-control', 'connection', 'content-encoding',
  'content-language', 'expect', 'if-match', 'if-none-match', 'pragma', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'vary', 'via', 'warning',
])

function splitListValue(name, value, isRequest) {
  if (!isRequest || typeof value !== 'string' || !LIST_HEADERS.has(name.toLowerCase())) return [value]
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '')
}

function addHeaders(part, headers, where) {
  if (headers === undefined || headers === null) return
  if (typeof headers !== 'object' || Array.isArray(headers)) throw invalidOption(`${where}: headers must be an object of names to values, got ${show(headers)}`)
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const values = (Array.isArray(value) ? value : [value]).flatMap((item) => splitListValue(name, item, part.isRequest))
    part.headers = part.headers.filter(([existing]) => existing.toLowerCase() !== name.toLowerCase())
    part.headers.push([name, values.map((item) => textOrMatcher(`${where}: header ${name}`, item))])
  }
}

function addQuery(part, query, where) {
  if (query === undefined || query === null) return
  if (typeof query === 'string') {
    for (const [name, value] of new URLSearchParams(query)) {
      const existing = part.query.find(([key]) => key === name)
      if (existing) existing[1].push(value)
      else part.query.push([name, [value]])
    }
    return
  }
  if (typeof query !== 'object' || Array.isArray(query)) throw invalidOption(`${where}: query must be an object of names to values, got ${show(query)}`)
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    part.query = part.query.filter(([key]) => key !== name)
    part.query.push([name, values.map((item) => textOrMatcher(`${where}: query ${name}`, item))])
  }
}

/** The Content-Type a part's headers give, as text (a matcher's example), or undefined. */
function headerContentType(part) {
  const entry = part.headers.find(([name]) => name.toLowerCase() === 'content-type')
  if (!entry || entry[1].length === 0) return undefined
  const value = entry[1][0]
  return typeof value === 'string' ? value : typeof value.value === 'string' ? value.value : undefined
}

const isJsonType = (contentType) => /^application\/(?:[\w.+-]*\+)?json\b|^application\/json/i.test(contentType || '')

/** A body given as a template (JSON, form fields, XML, text): matcher JSON stays inside. */
function setTemplateBody(part, template, contentType) {
  part.body = { kind: 'template', template, contentType }
}

function setBinaryBody(part, bytes, contentType, where) {
  if (!Buffer.isBuffer(bytes) && !(bytes instanceof Uint8Array)) throw invalidOption(`${where}: the body must be a Buffer, got ${show(bytes)}`)
  if (typeof contentType !== 'string' || contentType === '') throw invalidOption(`${where}: the content type must be a non-empty string, got ${show(contentType)}`)
  part.body = { kind: 'bytes', bytes: Buffer.from(bytes), contentType }
  setContentTypeHeader(part, contentType)
  // A body of bytes has no place for matcher JSON: pact-js's content-type rule goes in explicitly.
  part.rules.push({ category: 'body', path: '$', matchers: [{ match: 'contentType', value: contentType }] })
}

function readFile(file, where) {
  try {
    return fs.readFileSync(file)
  } catch (error) {
    throw invalidOption(`${where}: cannot read the file ${show(file)}: ${error.message}`, Error)
  }
}

/**
 * A multipart/form-data body with one file part, as pact-js builds it; the header is matched by
 * pact-js's expression (as matcher JSON), the part by its content type (an explicit rule).
 */
function setMultipartBody(part, contentType, file, partName, boundary, where) {
  if (typeof contentType !== 'string' || contentType === '') throw invalidOption(`${where}: the part's content type must be a non-empty string, got ${show(contentType)}`)
  if (typeof partName !== 'string' || partName === '') throw invalidOption(`${where}: the part name must be a non-empty string, got ${show(partName)}`)
  const separator = boundary ?? `----pact-mock-server-${crypto.randomBytes(8).toString('hex')}`
  const content = readFile(file, where)
  const head = `--${separator}\r\nContent-Disposition: form-data; name="${partName}"; filename="${path.basename(file)}"\r\nContent-Type: ${contentType}\r\n\r\n`
  const bytes = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${separator}--\r\n`)])
  part.body = { kind: 'bytes', bytes, contentType: 'multipart/form-data' }
  part.headers = part.headers.filter(([name]) => name.toLowerCase() !== 'content-type')
  part.headers.push(['Content-Type', [{ [MATCHER]: 'regex', regex: MULTIPART_CONTENT_TYPE, value: `multipart/form-data; boundary=${separator}` }]])
  part.rules.push({ category: 'body', path: `$.${partName}`, matchers: [{ match: 'contentType', value: contentType }] })
}

function setContentTypeHeader(part, contentType) {
  part.headers = part.headers.filter(([name]) => name.toLowerCase() !== 'content-type')
  part.headers.push(['Content-Type', [contentType]])
}

const RULE_PARTS = ['path', 'body', 'header', 'query', 'status']
const RULES_WITH_VALUE = ['include', 'contentType']

/**
 * pact-js's `Rules` ({ body: { path: '$.a', rules: [matcher, ...] }, ...}) as explicit matching
 * rules: each matcher becomes { match: <its type>, ...its attributes }. As in pact-js, a rule
 * without a `path` is ignored.
 */
function addRules(part, rules, where) {
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) throw invalidOption(`${where}: rules must be an object, got ${show(rules)}`)
  for (const [category, entries] of Object.entries(rules)) {
    if (!RULE_PARTS.includes(category)) throw invalidOption(`${where}: unknown part ${show(category)} in rules; the parts are ${RULE_PARTS.join(', ')}`)
    if (!entries) continue
    for (const [index, rule] of (Array.isArray(entries) ? entries : [entries]).entries()) {
      if (rule === null || typeof rule !== 'object' || !Array.isArray(rule.rules)) {
        throw invalidOption(`${where}: the rule at ${category}[${index}] must be an object with a "rules" array of matchers`)
      }
      if (rule.path !== undefined && typeof rule.path !== 'string') throw invalidOption(`${where}: the rule at ${category}[${index}] has a path that is not a string`)
      if (!rule.path) continue
      const matchers = rule.rules.map((matcher) => {
        const { [MATCHER]: type, 'pact:generator:type': _generator, ...attributes } = matcher
        if (type === undefined) return attributes
        // A matcher's `value` is its example; only these rules keep it as their own attribute.
        if (!RULES_WITH_VALUE.includes(type)) delete attributes.value
        return { match: type, ...attributes }
      })
      part.rules.push({ category, path: rule.path, matchers })
    }
  }
}

/** A request or response given whole (V3's `withRequest({...})`, V4's `withCompleteRequest`). */
function applyWhole(part, spec, where) {
  addHeaders(part, spec.headers, where)
  if (spec.query !== undefined) addQuery(part, spec.query, where)
  // As pact-js: a falsy body (undefined, null, '', 0, false) means no body.
  if (spec.body) {
    const contentType = spec.contentType || headerContentType(part) || 'application/json'
    setTemplateBody(part, spec.body, contentType)
  }
}

// ---- JSON of the pact ----

function bodyJson(part, specification) {
  const body = part.body
  if (body === undefined) return undefined
  if (body.kind === 'bytes') {
    // Below V4 a body has no content type of its own: the header's (with its boundary) is the
    // one that survives the conversion, so give that one.
    const contentType = specification !== 'V4' && body.contentType === 'multipart/form-data' ? headerContentType(part) || body.contentType : body.contentType
    return { content: body.bytes.toString('base64'), contentType, encoded: 'base64' }
  }
  const contentType = headerContentType(part) || body.contentType
  let content = body.template
  if (typeof content === 'string' && (isJsonType(contentType) || /xml/i.test(contentType))) {
    // JSON text (XmlBuilder.build() returns its document as JSON text) becomes the value it is.
    try {
      const parsed = JSON.parse(content)
      if (isJsonType(contentType) || (parsed !== null && typeof parsed === 'object' && 'root' in parsed)) content = parsed
    } catch {
      // not JSON: text
    }
  }
  if (content !== null && typeof content === 'object' && typeof content.toJSON === 'function') content = content.toJSON()
  return { content, contentType, encoded: false }
}

function rulesJson(part) {
  if (part.rules.length === 0) return undefined
  const out = {}
  for (const { category, path: rulePath, matchers } of part.rules) {
    if (category === 'path') {
      out.path = { combine: 'AND', matchers: [...(out.path ? out.path.matchers : []), ...matchers] }
      continue
    }
    out[category] = out[category] || {}
    const existing = out[category][rulePath]
    out[category][rulePath] = { combine: 'AND', matchers: [...(existing ? existing.matchers : []), ...matchers] }
  }
  return out
}

function partJson(part, extra, specification) {
  const out = { ...extra }
  if (part.query.length > 0) out.query = Object.fromEntries(part.query)
  const body = bodyJson(part, specification)
  if (body !== undefined && headerContentType(part) === undefined) setContentTypeHeader(part, body.contentType)
  if (part.headers.length > 0) out.headers = Object.fromEntries(part.headers)
  if (body !== undefined) out.body = body
  const rules = rulesJson(part)
  if (rules) out.matchingRules = rules
  if (part.pluginBody) applyPluginBody(out, part.pluginBody)
  return out
}

/** The body a plugin made of a part's plugin contents, with its rules and generators. */
function applyPluginBody(out, plugin) {
  out.body = plugin.body
  const headers = Object.entries(out.headers || {}).filter(([name]) => name.toLowerCase() !== 'content-type')
  out.headers = Object.fromEntries([...headers, ['Content-Type', plugin.contentType]])
  if (Object.keys(plugin.matchingRules).length > 0) {
    out.matchingRules = { ...out.matchingRules, body: { ...(out.matchingRules && out.matchingRules.body), ...plugin.matchingRules } }
  }
  if (Object.keys(plugin.generators).length > 0) out.generators = { body: plugin.generators }
}

/** The V4 JSON of a finished interaction. */
function toInteraction(draft, specification = 'V4') {
  if (draft.kind === 'synchronous-message') return toSynchronousMessage(draft)
  const interaction = { type: 'Synchronous/HTTP', description: draft.description }
  if (draft.key !== undefined) interaction.key = draft.key
  if (draft.providerStates.length > 0) interaction.providerStates = draft.providerStates
  interaction.pending = draft.pending
  if (draft.comments !== undefined) interaction.comments = draft.comments
  interaction.request = partJson(draft.request, { method: draft.method, path: draft.path }, specification)
  interaction.response = partJson(draft.response, { status: draft.status }, specification)
  if (draft.pluginConfiguration) interaction.pluginConfiguration = draft.pluginConfiguration
  if (draft.interactionMarkup) interaction.interactionMarkup = draft.interactionMarkup
  return interaction
}

/** The pact text for MockServer.create. Text, so that functions (V2 matchers' getValue) and toJSON are handled by JSON. */
function pactText(consumer, provider, drafts, specification, plugins = []) {
  const metadata = { pactSpecification: { version: '4.0' } }
  if (plugins.length > 0) metadata.plugins = plugins
  return JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: drafts.map((draft) => toInteraction(draft, specification)),
    metadata,
  })
}

/** A provider state, checked as pact-js does: parameters must survive JSON unchanged. */
function providerState(name, parameters, where) {
  if (typeof name !== 'string') throw invalidOption(`${where}: the provider state must be a string, got ${show(name)}`)
  if (parameters === undefined || parameters === null) return { name }
  if (typeof parameters !== 'object' || Array.isArray(parameters)) throw invalidOption(`${where}: the parameters of ${show(name)} must be an object, got ${show(parameters)}`)
  const json = JSON.stringify(parameters)
  if (!sameJson(parameters, JSON.parse(json))) {
    throw invalidOption(`${where}: the parameters of ${show(name)} must be JSON values (no undefined, functions or dates), got ${json}`)
  }
  return { name, params: parameters }
}

function sameJson(a, b) {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => sameJson(a[key], b[key]))
}

function checkPath(where, value) {
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object' && isMatcher(value) && typeof value.value === 'string') return value
  throw invalidOption(`${where}: the path must be a string or a matcher whose example is a string, got ${show(value)}`)
}

function checkMethod(where, method) {
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) throw invalidOption(`${where}: the method must be an HTTP method such as 'GET', got ${show(method)}`)
  return method
}

function checkStatus(where, status) {
  if (Number.isInteger(status) && status >= 100 && status <= 599) return status
  if (status !== null && typeof status === 'object' && status[MATCHER] === 'statusCode' && Number.isInteger(status.value)) return status
  throw invalidOption(`${where}: the status must be an HTTP status code (100-599) or matchStatus(...), got ${show(status)}`)
}

module.exports = {
  newDraft,
  newMessageDraft,
  emptyPart,
  addHeaders,
  addQuery,
  addRules,
  applyWhole,
  setTemplateBody,
  setBinaryBody,
  setMultipartBody,
  readFile,
  providerState,
  pactText,
  toInteraction,
  checkPath,
  checkMethod,
  checkStatus,
}
