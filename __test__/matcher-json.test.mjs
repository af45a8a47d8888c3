// Pacts holding pact-js matcher JSON through the addon: served by their rules, written converted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { MockServer } from '../index.js'
import { send, tempDir } from './helpers.mjs'

const integer = (value) => ({ 'pact:matcher:type': 'integer', value })
const like = (value) => ({ 'pact:matcher:type': 'type', value })
const eachLike = (value, min = 1) => ({ 'pact:matcher:type': 'type', min, value: Array(min).fill(value) })

function ordersPact(version) {
  return {
    consumer: { name: 'matcher-web' },
    provider: { name: 'matcher-orders' },
    metadata: { pactSpecification: { version } },
    interactions: [
      {
        description: 'an order',
        request: {
          method: 'GET',
          path: { 'pact:matcher:type': 'regex', regex: '^/orders/\\d+$', value: '/orders/1' },
          headers: { Accept: like('application/json') },
        },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { id: integer(1), lines: eachLike({ sku: like('ABC'), qty: integer(2) }) },
        },
      },
    ],
  }
}

test('a pact with matcher JSON is served with its examples and matched by its rules', async () => {
  const server = await MockServer.create(ordersPact('3.0.0'))
  try {
    const order = await send(`${server.url}/orders/42`, { headers: { Accept: 'text/anything' } })
    assert.equal(order.status, 200, order.text)
    assert.deepEqual(order.json, { id: 1, lines: [{ sku: 'ABC', qty: 2 }] })
    assert.equal(server.matched(), true)

    const wrongPath = await send(`${server.url}/orders/x`)
    assert.equal(wrongPath.status, 500)
    assert.equal(server.matched(), false)

    const path = await server.writePact(tempDir())
    const text = readFileSync(path, 'utf8')
    assert.doesNotMatch(text, /pact:matcher:type/)
    const written = JSON.parse(text).interactions[0]
    assert.equal(written.request.path, '/orders/1')
    assert.deepEqual(written.request.matchingRules.path.matchers, [{ match: 'regex', regex: '^/orders/\\d+$' }])
    assert.deepEqual(written.request.matchingRules.header.Accept.matchers, [{ match: 'type' }])
    assert.deepEqual(written.response.matchingRules.body['$.lines'].matchers, [{ match: 'type', min: 1 }])
    assert.deepEqual(written.response.matchingRules.body['$.lines[*].qty'].matchers, [{ match: 'integer' }])
  } finally {
    await server.shutdown()
  }
})

test('matcher JSON a V2 pact cannot hold, or that is broken, is ERR_PACT_INVALID naming the path', async () => {
  await assert.rejects(MockServer.create(ordersPact('2.0.0')), {
    code: 'ERR_PACT_INVALID',
    message: /the rule 'integer' at \$\.body\.id cannot be written in a V2 pact: write the pact at V3 or V4/,
  })
  const broken = ordersPact('3.0.0')
  broken.interactions[0].response.body.id = { 'pact:matcher:type': 'regex', value: '1' }
  await assert.rejects(MockServer.create(broken), {
    code: 'ERR_PACT_INVALID',
    message: /interaction 'an order', response: the 'regex' matcher at \$\.body\.id: it needs "regex"/,
  })
})
