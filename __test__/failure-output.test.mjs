// Failures that explain themselves: verify(), PactMismatchError, MockServer.run and the 500 body.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

import binding from '../index.js'
import { fixture, portRefuses, send, tempDir } from './helpers.mjs'

// PactMismatchError is installed at load time, so the CommonJS module does not name it statically.
const { MockServer, PactMismatchError } = binding

const goodUpdate = {
  method: 'PUT',
  headers: { 'X-Version': '3' },
  json: { name: 'Bo', age: 30, tags: ['a', 'b', 'c', 'd'], address: { city: 'Oslo', zip: '0150' } },
}

/** Compares with __test__/golden/<name>.txt; UPDATE_GOLDEN=1 rewrites the file instead. */
function assertGolden(name, text) {
  const file = new URL(`./golden/${name}.txt`, import.meta.url)
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, `${text}\n`)
  assert.equal(`${text}\n`, readFileSync(file, 'utf8'))
}

function verifyError(server) {
  try {
    server.verify()
  } catch (error) {
    return error
  }
  assert.fail('verify() should have thrown')
}

test('verify() returns quietly when everything matched', async () => {
  const server = await MockServer.create(fixture('one-user.json'))
  try {
    assert.equal((await send(`${server.url}/profile?lang=en`, goodUpdate)).status, 204)
    assert.equal(server.verify(), undefined)
  } finally {
    await server.shutdown()
  }
})

test('a request-mismatch: the interaction, the request, each difference with its path and a diff', async () => {
  const server = await MockServer.create(fixture('one-user.json'))
  try {
    await send(`${server.url}/profile?lang=en`, goodUpdate)
    const bad = await send(`${server.url}/profile?lang=de`, {
      method: 'PUT',
      headers: { 'X-Version': 'two' },
      json: { name: 'Bo', age: '30', tags: ['a', 'b', 'x', 'd'], address: { city: 'Oslo', zip: '0150' } },
    })
    assert.equal(bad.status, 500)
    const error = verifyError(server)
    assert.ok(error instanceof PactMismatchError)
    assert.ok(error instanceof Error)
    assert.equal(error.name, 'PactMismatchError')
    assert.equal(error.code, 'ERR_PACT_MISMATCH')
    assert.deepEqual(error.mismatches, server.mismatches())
    assert.match(error.stack, /^PactMismatchError: Pact profile-web -> profile-api/)
    assertGolden('request-mismatch', error.message)
  } finally {
    await server.shutdown()
  }
})

test('a request-not-found is reported with the request received', async () => {
  const server = await MockServer.create(fixture('one-user.json'))
  try {
    await send(`${server.url}/profile?lang=en`, goodUpdate)
    await send(`${server.url}/settings?theme=dark`, { method: 'POST', body: 'plain text', headers: { 'Content-Type': 'text/plain' } })
    assertGolden('request-not-found', verifyError(server).message)
  } finally {
    await server.shutdown()
  }
})

test('a missing-request names the interaction never received', async () => {
  const server = await MockServer.create(fixture('one-user.json'))
  try {
    const error = verifyError(server)
    assert.equal(error.mismatches[0].type, 'missing-request')
    assertGolden('missing-request', error.message)
  } finally {
    await server.shutdown()
  }
})

test('the 500 answer says why in one line, with the result, and X-Pact', async () => {
  const server = await MockServer.create(fixture('one-user.json'))
  try {
    const bad = await send(`${server.url}/profile?lang=en`, { ...goodUpdate, headers: { 'X-Version': 'v' } })
    assert.equal(bad.status, 500)
    assert.equal(bad.headers.get('x-pact'), 'Request-Mismatch')
    assert.match(bad.headers.get('content-type'), /^application\/json/)
    assert.deepEqual(Object.keys(bad.json), ['error', 'mismatches'])
    assert.equal(
      bad.json.error,
      "Request-Mismatch: PUT /profile does not match interaction 'an update of the profile': Mismatch with header 'X-Version': Expected 'v' to match '\\d+'",
    )
    assert.deepEqual(bad.json.mismatches, server.mismatches().slice(0, 1))

    const unknown = await send(`${server.url}/nowhere`)
    assert.equal(unknown.headers.get('x-pact'), 'Unexpected-Request')
    assert.equal(unknown.json.error, 'Unexpected-Request: no interaction in the pact has GET /nowhere')
  } finally {
    await server.shutdown()
  }
})

test('MockServer.run writes the pact after a passing test, returns its value and shuts down', async () => {
  const dir = tempDir()
  let port
  const value = await MockServer.run(fixture('one-user.json'), { dir }, async (server) => {
    port = server.port
    assert.equal((await send(`${server.url}/profile?lang=en`, goodUpdate)).status, 204)
    return 'done'
  })
  assert.equal(value, 'done')
  assert.equal(await portRefuses(port), true)
  const written = JSON.parse(readFileSync(`${dir}/profile-web-profile-api.json`, 'utf8'))
  assert.equal(written.interactions[0].description, 'an update of the profile')
})

test('MockServer.run rethrows a failing test with the mismatches attached and writes nothing', async () => {
  const dir = tempDir()
  let port
  const failure = new Error('the client broke')
  await assert.rejects(
    MockServer.run(fixture('one-user.json'), { dir }, async (server) => {
      port = server.port
      await send(`${server.url}/profile?lang=fr`, goodUpdate)
      throw failure
    }),
    (error) => {
      assert.equal(error, failure, 'the same error object')
      assert.deepEqual(
        error.mismatches.map((m) => m.type),
        ['request-mismatch', 'missing-request'],
      )
      return true
    },
  )
  assert.equal(await portRefuses(port), true)
  assert.equal(existsSync(`${dir}/profile-web-profile-api.json`), false)
})

test('MockServer.run throws PactMismatchError when the test passed but the requests did not match', async () => {
  const dir = tempDir()
  await assert.rejects(
    MockServer.run(fixture('one-user.json'), { dir, id: 'run-unmatched' }, async () => {}),
    (error) => error instanceof PactMismatchError && error.mismatches[0].type === 'missing-request',
  )
  assert.equal(existsSync(`${dir}/profile-web-profile-api.json`), false)
  await assert.rejects(MockServer.run(fixture('one-user.json'), {}, 'not a function'), { code: 'ERR_INVALID_OPTION' })
})
