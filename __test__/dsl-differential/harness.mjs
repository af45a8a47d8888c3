// Runs one scenario (written once against pact-js's API) with a library's exports, and turns
// what happened into something two libraries can be compared on: the outcome, what the client
// saw, and the pact files written, normalised only for metadata, key order and how a V4 body is
// encoded.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

const require = createRequire(import.meta.url)
process.env.PACT_DO_NOT_TRACK ??= 'true'

export const CONSUMER = 'differential-web'
export const PROVIDER = 'differential-api'

/** pact-js 17, the reference. */
export function pactJs() {
  return { name: 'pact-js', exports: require('@pact-foundation/pact') }
}

/**
 * This package's root exports. A name a scenario uses that the package does not export fails
 * the scenario saying so (the DSL is still being built), instead of a TypeError far away.
 */
export function ours() {
  const root = require('../../load.cjs')
  return { name: 'pact-mock-server', exports: strict(root, 'pact-mock-server') }
}

function strict(namespace, where) {
  return new Proxy(namespace, {
    get(target, name, receiver) {
      if (typeof name === 'symbol' || name === 'then') return Reflect.get(target, name, receiver)
      if (!(name in target)) {
        const error = new Error(`${where} does not export ${String(name)}: that part of the pact-js compatible DSL is not built yet`)
        error.code = 'ERR_DSL_MISSING'
        throw error
      }
      const value = Reflect.get(target, name, receiver)
      // The matcher namespaces are plain objects: check their members too.
      return value && typeof value === 'object' && /^Matchers/.test(String(name)) ? strict(value, `${where} ${String(name)}`) : value
    },
  })
}

/** A fresh directory for one library's run of one scenario (pacts, fixture files). */
export function scratchDir(label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pact-differential-${label}-`))
}

/**
 * Runs `scenario.run({ lib, dir, files })` and records its outcome. `run` returns what the
 * client observed (status, bodies, ...), the same code for both libraries.
 */
export async function runScenario(library, scenario) {
  const dir = scratchDir(library.name)
  const files = writeFixtureFiles(dir)
  const pactDir = path.join(dir, 'pacts')
  let outcome = 'passed'
  let observed = null
  let error = null
  try {
    observed = await scenario.run({ lib: library.exports, dir: pactDir, files })
  } catch (caught) {
    outcome = 'failed'
    error = caught
    if (caught?.code === 'ERR_DSL_MISSING') throw caught
    observed = caught?.observed ?? null
  }
  const pacts = readPacts(pactDir)
  fs.rmSync(dir, { recursive: true, force: true })
  return { outcome, observed, error, pacts }
}

/** Files the binary, multipart and file-based builder methods read. */
function writeFixtureFiles(dir) {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e5273de80000000049454e44ae426082',
    'hex',
  )
  const files = { png: path.join(dir, 'pixel.png'), text: path.join(dir, 'notes.txt') }
  fs.writeFileSync(files.png, png)
  fs.writeFileSync(files.text, 'line one\nline two\n')
  files.pngBytes = png
  return files
}

function readPacts(pactDir) {
  if (!fs.existsSync(pactDir)) return {}
  const pacts = {}
  for (const name of fs.readdirSync(pactDir).sort()) {
    if (!name.endsWith('.json')) continue
    pacts[name] = normalisePact(JSON.parse(fs.readFileSync(path.join(pactDir, name), 'utf8')))
  }
  return pacts
}

/**
 * The pact without what may differ between two correct writers: the metadata (tool names and
 * versions; the specification version is kept), the order of object keys and of interactions,
 * and the encoding of a V4 body (`encoded`, base64 or not, JSON as text or as a value).
 */
export function normalisePact(pact) {
  const copy = structuredClone(pact)
  const version = copy.metadata?.pactSpecification?.version ?? copy.metadata?.['pact-specification']?.version ?? null
  copy.metadata = { pactSpecification: { version: version && String(version).split('.')[0] } }
  for (const interaction of copy.interactions ?? []) {
    for (const part of ['request', 'response']) {
      const body = interaction[part]?.body
      if (body && typeof body === 'object' && !Array.isArray(body) && 'content' in body && ('contentType' in body || 'encoded' in body)) {
        interaction[part].body = normaliseV4Body(body)
      }
      if (interaction[part]) interaction[part] = withoutRandomBoundary(interaction[part])
    }
  }
  // pact_ffi sorts the interactions it writes; this package keeps the order the tests gave.
  // Neither order means anything to a verifier.
  const interactionKey = (interaction) => JSON.stringify(sortKeys([interaction.description, interaction.providerStates ?? interaction.providerState ?? null]))
  copy.interactions?.sort((a, b) => (interactionKey(a) < interactionKey(b) ? -1 : interactionKey(a) > interactionKey(b) ? 1 : 0))
  return sortKeys(copy)
}

function normaliseV4Body({ content, contentType, encoded, contentTypeHint }) {
  let value = content
  if (encoded === 'base64' || encoded === true) {
    const bytes = Buffer.from(content, 'base64')
    value = isJsonType(contentType) ? parseOr(bytes.toString('utf8')) : isTextType(contentType) ? bytes.toString('utf8') : { base64: bytes.toString('base64') }
  } else if (encoded === 'json' || (typeof content === 'string' && isJsonType(contentType))) {
    value = typeof content === 'string' ? parseOr(content) : content
  }
  const normal = { content: value, contentType }
  if (contentTypeHint && contentTypeHint !== 'DEFAULT') normal.contentTypeHint = contentTypeHint
  return normal
}

/** A multipart body's boundary is random per run (the client's or the writer's): named BOUNDARY. */
function withoutRandomBoundary(part) {
  const text = JSON.stringify(part)
  const boundary = /multipart\/[a-z-]+;\s*boundary=([A-Za-z0-9'()+_,.\/:=?-]+)/i.exec(text)?.[1]
  return boundary ? JSON.parse(text.replaceAll(boundary, 'BOUNDARY')) : part
}

const isJsonType = (type) => typeof type === 'string' && /json/i.test(type)
const isTextType = (type) => typeof type === 'string' && /^text\/|xml|^multipart\//i.test(type)
function parseOr(text) {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    )
  }
  return value
}

/** What a client saw of a response: status, content type and body (JSON parsed when it is). */
export async function observe(response) {
  const type = response.headers.get('content-type')
  const bytes = Buffer.from(await response.arrayBuffer())
  let body
  if (isJsonType(type)) body = parseOr(bytes.toString('utf8'))
  else if (isTextType(type) || !type) body = bytes.toString('utf8')
  else body = { base64: bytes.toString('base64') }
  return { status: response.status, contentType: type && type.split(';')[0].trim().toLowerCase(), body }
}

/** Where two JSON values differ, as readable lines ("path: ours …, pact-js …"), at most `limit`. */
export function differences(ours, reference, limit = 12, at = '') {
  const found = []
  const walk = (a, b, where) => {
    if (found.length >= limit) return
    if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)])
      for (const key of keys) walk(a[key], b[key], Array.isArray(a) ? `${where}[${key}]` : `${where}.${key}`)
      return
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 160))
      found.push(`${where || '$'}: ours ${show(a)}, pact-js ${show(b)}`)
    }
  }
  walk(ours, reference, at)
  return found
}
