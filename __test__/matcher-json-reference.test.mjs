// The engine's reading of matcher JSON against the reference's: the same integration JSON is
// built into a pact by pact-core (pact-reference's FFI, what pact-js uses) and loaded by this
// package; both written V3 pacts must hold the same examples, rules and generators.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'

import { MockServer } from '../index.js'
import { tempDir } from './helpers.mjs'

const require = createRequire(import.meta.url)
// pact-core's FfiSpecificationVersion.SPECIFICATION_VERSION_V3 (the enum itself is not exported).
const SPECIFICATION_V3 = 4

const m = (type, value, extra = {}) => ({ 'pact:matcher:type': type, value, ...extra })
const uuidRegex = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

// Values as pact-js 17's matchers write them.
const body = {
  like: m('type', 'Ann'),
  boolean: m('type', true),
  integer: m('integer', 7),
  integerGenerated: { 'pact:generator:type': 'RandomInt', ...m('integer', 101) },
  decimalGenerated: { 'pact:generator:type': 'RandomDecimal', ...m('decimal', 12.34) },
  number: m('number', 1.5),
  regex: m('regex', '12', { regex: '^\\d+$' }),
  uuidGenerated: { 'pact:generator:type': 'Uuid', ...m('regex', 'e2490de5-5bd3-43d5-b7c4-526e33f71304', { regex: uuidRegex }) },
  timestamp: m('timestamp', '2024-01-02T03:04:05', { format: "yyyy-MM-dd'T'HH:mm:ss" }),
  date: m('date', '2024-01-02', { format: 'yyyy-MM-dd' }),
  time: m('time', '10:30', { format: 'HH:mm' }),
  includes: m('include', 'ell'),
  nullValue: m('null', null),
  equal: m('equality', { a: 1 }),
  eachLike: { min: 2, ...m('type', [{ id: m('integer', 1) }, { id: m('integer', 1) }]) },
  atMostLike: { max: 3, ...m('type', [m('type', 'x')]) },
  constrained: { min: 1, max: 2, ...m('type', ['a']) },
  nested: m('type', { inner: m('regex', 'aa', { regex: 'a+' }), list: [1, m('type', 'x')] }),
  'weird key': m('integer', 3),
  eachKeyLike: m('values', { k: { n: m('integer', 1) } }),
  eachKeyMatches: { 'pact:matcher:type': 'eachKey', rules: [m('regex', 'a1', { regex: '^[a-z]\\d$' })], value: { a1: 'x' } },
  eachValueMatches: { 'pact:matcher:type': 'eachValue', rules: [m('type', 1)], value: { k: 1 } },
  arrayContaining: {
    'pact:matcher:type': 'arrayContains',
    variants: [{ id: { 'pact:generator:type': 'RandomInt', min: 1, max: 9, ...m('integer', 1) } }, 'plain'],
  },
  fromProviderState: { 'pact:generator:type': 'ProviderState', expression: '${id}', ...m('type', 42) },
  url: {
    'pact:matcher:type': 'regex',
    'pact:generator:type': 'MockServerURL',
    regex: '.*(\\/orders\\/\\d+)$',
    value: 'http://localhost:8080/orders/1',
    example: 'http://localhost:8080/orders/1',
  },
}
const path = m('regex', '/users/1', { regex: '^/users/\\d+$' })
const query = { page: m('regex', '2', { regex: '\\d+' }) }
// pact_matching matches a regex against the whole value (onig's is_match): '^t\w+' holds for 'tok'.
const headers = { 'X-Token': m('regex', 'tok', { regex: '^t\\w+' }) }

function writeReference(dir) {
  const pactCore = require('@pact-foundation/pact-core')
  const pact = pactCore.makeConsumerPact('ref-web', 'ref-api', SPECIFICATION_V3, 'error')
  const interaction = pact.newInteraction('matchers')
  interaction.uponReceiving('matchers')
  interaction.withRequest('POST', JSON.stringify(path))
  for (const [name, value] of Object.entries(query)) interaction.withQuery(name, 0, JSON.stringify(value))
  for (const [name, value] of Object.entries(headers)) interaction.withRequestHeader(name, 0, JSON.stringify(value))
  interaction.withRequestBody(JSON.stringify(body), 'application/json')
  interaction.withStatus(200)
  interaction.withResponseHeader('Content-Type', 0, 'application/json')
  interaction.withResponseBody(JSON.stringify(body), 'application/json')
  pact.writePactFile(dir, false)
  return JSON.parse(readFileSync(join(dir, 'ref-web-ref-api.json'), 'utf8')).interactions[0]
}

async function writeOurs(dir) {
  const server = await MockServer.create({
    consumer: { name: 'ref-web' },
    provider: { name: 'ref-api' },
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: [
      {
        description: 'matchers',
        request: { method: 'POST', path, query, headers: { ...headers, 'Content-Type': 'application/json' }, body },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body },
      },
    ],
  })
  try {
    return JSON.parse(readFileSync(await server.writePact(dir), 'utf8')).interactions[0]
  } finally {
    await server.shutdown()
  }
}

test('matcher JSON gives the examples, rules and generators pact-reference gives', async (t) => {
  let reference
  try {
    reference = writeReference(tempDir())
  } catch (err) {
    // pact-core's native library is a devDependency for this platform only.
    t.skip(`pact-core cannot run here: ${err.message}`)
    return
  }
  const ours = await writeOurs(tempDir())
  for (const side of ['request', 'response']) {
    assert.deepEqual(ours[side].body, reference[side].body, `${side} body`)
    const ourRules = ours[side].matchingRules
    const theirRules = reference[side].matchingRules
    for (const category of Object.keys(theirRules)) {
      if (category === 'header' && side === 'request') {
        // pact-core adds no Content-Type rule; both have the X-Token one.
        assert.deepEqual(ourRules.header['X-Token'], theirRules.header['X-Token'], 'header rules')
        continue
      }
      assert.deepEqual(ourRules[category], theirRules[category], `${side} ${category} rules`)
    }
    assert.deepEqual(Object.keys(ourRules).sort(), Object.keys(theirRules).sort(), `${side} rule categories`)
    assert.deepEqual(ours[side].generators, reference[side].generators, `${side} generators`)
  }
  assert.equal(ours.request.path, reference.request.path)
  assert.deepEqual(ours.request.query, reference.request.query)
})

test('an XmlBuilder body gives the XML and rules pact-reference gives', async (t) => {
  const alligator = {
    name: 'alligator',
    attributes: { id: m('integer', 1), kind: "it's <big>" },
    children: [{ content: 'Mary', matcher: m('type', 'Mary') }],
  }
  const xml = {
    root: {
      name: 'animals',
      children: [{ 'pact:matcher:type': 'type', value: alligator, examples: 2 }, { name: 'note', children: [{ content: 'a & b' }] }],
    },
  }
  let reference
  try {
    const pactCore = require('@pact-foundation/pact-core')
    const pact = pactCore.makeConsumerPact('ref-xml', 'ref-api', SPECIFICATION_V3, 'error')
    const interaction = pact.newInteraction('xml')
    interaction.uponReceiving('xml')
    interaction.withRequest('POST', '/animals')
    interaction.withRequestHeader('Content-Type', 0, 'application/xml')
    interaction.withRequestBody(JSON.stringify(xml), 'application/xml')
    interaction.withStatus(204)
    const dir = tempDir()
    pact.writePactFile(dir, false)
    reference = JSON.parse(readFileSync(join(dir, 'ref-xml-ref-api.json'), 'utf8')).interactions[0]
  } catch (err) {
    t.skip(`pact-core cannot run here: ${err.message}`)
    return
  }
  const server = await MockServer.create({
    consumer: { name: 'ref-xml' },
    provider: { name: 'ref-api' },
    metadata: { pactSpecification: { version: '3.0.0' } },
    interactions: [
      {
        description: 'xml',
        request: { method: 'POST', path: '/animals', headers: { 'Content-Type': 'application/xml' }, body: JSON.stringify(xml) },
        response: { status: 204 },
      },
    ],
  })
  try {
    const ours = JSON.parse(readFileSync(await server.writePact(tempDir()), 'utf8')).interactions[0]
    assert.equal(ours.request.body, reference.request.body)
    assert.deepEqual(ours.request.matchingRules.body, reference.request.matchingRules.body)
  } finally {
    await server.shutdown()
  }
})
