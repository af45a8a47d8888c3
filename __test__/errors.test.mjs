// Bad input gets a clear, coded Error, never a crash.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'

import { MockServer, createMockServer, mockServerMatched } from '../index.js'
import { fixture, fixtureText, tempDir } from './helpers.mjs'

test('a pact that is not JSON is ERR_PACT_INVALID', async () => {
  await assert.rejects(MockServer.create('{"consumer": '), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.code, 'ERR_PACT_INVALID')
    assert.match(err.message, /not valid JSON/)
    return true
  })
  await assert.rejects(createMockServer('not json at all'), { code: 'ERR_PACT_INVALID' })
})

test('JSON that is not a pact is ERR_PACT_INVALID with the reason', async () => {
  for (const [pact, reason] of [
    [{ hello: 'world' }, /no consumer name/],
    [{ consumer: { name: 'a' }, provider: { name: 'b' } }, /no "interactions"/],
    [[1, 2, 3], /must be a JSON object/],
    ['"just a string"', /must be a JSON object/],
    [{ ...fixture('v2-users.json'), metadata: { pactSpecification: { version: '7.0.0' } } }, /unsupported pact specification version/],
    [42, /JSON text or a plain object/],
    [undefined, /JSON text or a plain object/],
  ]) {
    await assert.rejects(MockServer.create(pact), { code: 'ERR_PACT_INVALID', message: reason })
  }
})

test('a pact object with a cycle is ERR_PACT_INVALID, not a crash', async () => {
  const pact = fixture('v2-users.json')
  pact.self = pact
  await assert.rejects(MockServer.create(pact), { code: 'ERR_PACT_INVALID', message: /cannot be turned into JSON/ })
})

test('a port in use is ERR_ADDRESS_IN_USE', async () => {
  const server = await MockServer.create(fixture('v2-users.json'))
  try {
    await assert.rejects(MockServer.create(fixture('v2-users.json'), { port: server.port }), {
      code: 'ERR_ADDRESS_IN_USE',
      message: new RegExp(`port ${server.port} .* already in use`),
    })
    await assert.rejects(createMockServer(fixtureText('v2-users.json'), server.port), { code: 'ERR_ADDRESS_IN_USE' })
  } finally {
    await server.shutdown()
  }
})

test('a host that cannot be bound is ERR_ADDRESS_INVALID', async () => {
  await assert.rejects(MockServer.create(fixture('v2-users.json'), { host: '203.0.113.7' }), { code: 'ERR_ADDRESS_INVALID' })
})

test('options of the wrong type or value are ERR_INVALID_OPTION naming the option', async () => {
  for (const [options, named] of [
    [{ port: '8080' }, /`port`/],
    [{ port: 65536 }, /`port`/],
    [{ port: 1.5 }, /`port`/],
    [{ host: 7 }, /`host`/],
    [{ cors: 'yes' }, /`cors`/],
    [{ tls: 'on' }, /`tls`/],
    [{ specification: 'V9' }, /`specification`/],
    [{ portt: 1 }, /unknown option `portt`/],
    ['fast', /options must be an object/],
    [{ requestLogLimit: -1 }, /`requestLogLimit`/],
  ]) {
    await assert.rejects(MockServer.create(fixture('v2-users.json'), options), { code: 'ERR_INVALID_OPTION', message: named })
  }
  await assert.rejects(createMockServer(fixtureText('v2-users.json'), 'eighty'), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => mockServerMatched('1234'), { code: 'ERR_INVALID_OPTION' })
})

test('a duplicate id is ERR_INVALID_OPTION', async () => {
  const server = await MockServer.create(fixture('v2-users.json'), { id: 'only-one' })
  try {
    await assert.rejects(MockServer.create(fixture('v2-users.json'), { id: 'only-one' }), {
      code: 'ERR_INVALID_OPTION',
      message: /already running/,
    })
  } finally {
    await server.shutdown()
  }
})

test('writePact arguments of the wrong type are ERR_INVALID_OPTION; an unwritable place is ERR_PACT_WRITE', async () => {
  const server = await MockServer.create(fixture('v2-users.json'))
  try {
    await assert.rejects(server.writePact(42), { code: 'ERR_INVALID_OPTION', message: /dir must be a string/ })
    await assert.rejects(server.writePact(tempDir(), { overwrite: 'yes' }), { code: 'ERR_INVALID_OPTION' })
    const file = `${tempDir()}/a-file`
    writeFileSync(file, 'x')
    await assert.rejects(server.writePact(`${file}/pacts`), { code: 'ERR_PACT_WRITE', message: /a-file/ })
  } finally {
    await server.shutdown()
  }
})

test('MockServer cannot be constructed directly', () => {
  assert.throws(() => new MockServer())
})
