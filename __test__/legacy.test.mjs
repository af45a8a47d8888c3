// The six legacy functions, by port, over the same servers as MockServer.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import {
  cleanupMockServer,
  createMockServer,
  mockServerMatched,
  mockServerMismatches,
  shutdownMockServer,
  writePactFile,
} from '../index.js'
import { fixtureText, portRefuses, send, tempDir } from './helpers.mjs'

test('legacy functions serve, report, write and shut down by port', async () => {
  const port = await createMockServer(fixtureText('v3-orders.json'))
  assert.equal(typeof port, 'number')
  const url = `http://127.0.0.1:${port}`
  try {
    assert.equal(mockServerMatched(port), false)
    assert.deepEqual(
      mockServerMismatches(port).map((r) => r.type),
      ['missing-request', 'missing-request'],
    )

    const orders = await send(`${url}/orders?status=open&page=2`)
    assert.equal(orders.status, 200)
    assert.equal(orders.json.orders[0].href, `${url}/orders/10`)
    const update = await send(`${url}/orders/10`, {
      method: 'PUT',
      headers: { 'X-Request-Id': 'abc-1' },
      json: { status: 'shipped', items: 1 },
    })
    assert.equal(update.status, 204)
    assert.equal(mockServerMatched(port), true)
    assert.deepEqual(mockServerMismatches(port), [])

    await send(`${url}/orders/10`, { method: 'DELETE' })
    assert.equal(mockServerMatched(port), false)
    const [notFound] = mockServerMismatches(port)
    assert.equal(notFound.type, 'request-not-found')
    assert.equal(notFound.method, 'DELETE')

    const dir = tempDir()
    assert.equal(await writePactFile(port, dir, true), undefined)
    const written = JSON.parse(readFileSync(`${dir}/shop-web-orders-api.json`, 'utf8'))
    assert.equal(written.metadata.pactSpecification.version, '3.0.0')
    assert.equal(written.interactions.length, 2)
  } finally {
    assert.equal(await shutdownMockServer(port), true)
  }
  assert.equal(await portRefuses(port), true)
  assert.equal(await shutdownMockServer(port), false, 'an unknown port')
  assert.equal(await cleanupMockServer(port), false)
  assert.equal(mockServerMatched(port), false)
  assert.deepEqual(mockServerMismatches(port), [])
})

test('createMockServer on a chosen port, cleanupMockServer shuts it down', async () => {
  const first = await createMockServer(fixtureText('v2-users.json'), 0)
  await shutdownMockServer(first)
  const port = await createMockServer(fixtureText('v2-users.json'), first)
  assert.equal(port, first, 'the requested port is used')
  assert.equal(await cleanupMockServer(port), true)
  assert.equal(await portRefuses(port), true)
})

test('writePactFile for a port with no server rejects with a code', async () => {
  await assert.rejects(writePactFile(1, tempDir()), { code: 'ERR_INVALID_OPTION', message: /no mock server is running on port 1/ })
})
