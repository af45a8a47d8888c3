// Panics inside the engine are contained: a panic while answering is a 500 that is recorded as
// an internal error; a panic in an API call is a rejected promise. Both are triggered by real
// pacts that make pact_models panic, so this holds for the build under test (CI: the release
// build, which must unwind).
import { test } from 'node:test'
import assert from 'node:assert/strict'

import binding from '../index.js'
import { send } from './helpers.mjs'

const { MockServer, PactMismatchError, createMockServer } = binding

function pactWith(response) {
  return {
    consumer: { name: 'panic-web' },
    provider: { name: 'panic-api' },
    interactions: [
      { description: 'a generated number', request: { method: 'GET', path: '/generated', query: 'try=1' }, response },
      { description: 'plain', request: { method: 'GET', path: '/plain' }, response: { status: 200, body: { ok: true } } },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  }
}

// pact_models' RandomInt panics on an empty range ("cannot sample empty range").
const panickingGenerator = pactWith({ status: 200, body: { n: 1 }, generators: { body: { '$.n': { type: 'RandomInt', min: 10, max: 1 } } } })

test('a panic while answering is a 500, recorded as an internal error, and serving goes on', async () => {
  const server = await MockServer.create(panickingGenerator)
  try {
    const failed = await send(`${server.url}/generated?try=1`)
    assert.equal(failed.status, 500)
    assert.equal(failed.headers.get('x-pact'), 'Internal-Error')
    assert.match(failed.json.error, /^Internal-Error: answering GET \/generated failed: cannot sample empty range/)
    assert.equal((await send(`${server.url}/plain`)).status, 200, 'the server goes on serving')
    assert.equal((await send(`${server.url}/generated?try=1`)).status, 500, 'and fails the same way again')

    assert.equal(server.requestCount, 3)
    assert.equal(server.matched(), false)
    const [first, second, third] = server.mismatches()
    assert.equal(server.mismatches().length, 3)
    assert.deepEqual({ ...first, error: undefined }, {
      type: 'internal-error', method: 'GET', path: '/generated', error: undefined,
      request: { method: 'GET', path: '/generated', query: { try: ['1'] } },
    })
    assert.match(first.error, /cannot sample empty range.*RandomInt needs min <= max/)
    assert.equal(second.type, 'internal-error')
    assert.equal(third.type, 'missing-request', 'the interaction was never answered as the pact says')
    assert.equal(third.interaction, 'a generated number')
    assert.deepEqual(server.requests().map((entry) => entry.outcome.type), ['internal-error', 'matched', 'internal-error'])
    assert.throws(() => server.verify(), (error) => {
      assert.ok(error instanceof PactMismatchError)
      assert.match(error.message, /1\) Internal-Error: answering GET \/generated\?try=1 failed/)
      assert.equal(error.mismatches.length, 3)
      return true
    })
  } finally {
    await server.shutdown()
  }
})

test('a panic in an API call is a rejected promise with a code', async () => {
  // A response status that is not a number makes pact_models panic while loading the pact.
  const pact = pactWith({ status: '200' })
  await assert.rejects(MockServer.create(pact), (error) => {
    assert.ok(error instanceof Error)
    assert.equal(error.code, 'ERR_PACT_INVALID')
    assert.match(error.message, /pact_models failed on it \(called `Option::unwrap\(\)` on a `None` value\)/)
    return true
  })
  await assert.rejects(createMockServer(JSON.stringify(pact), 0), { code: 'ERR_PACT_INVALID' })
  // And the process goes on: the next server works.
  const server = await MockServer.create(pactWith({ status: 204 }))
  try {
    assert.equal((await send(`${server.url}/generated?try=1`)).status, 204)
  } finally {
    await server.shutdown()
  }
})
