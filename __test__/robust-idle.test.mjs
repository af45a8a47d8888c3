// Connections that stall: with the default header timeout (10 s) the server closes them, and
// while a thousand of them are open, new clients are served.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { MockServer } from '../index.js'
import { send } from './helpers.mjs'
import { closedWithin, openIdle } from './robust/raw-http.mjs'

const pact = {
  consumer: { name: 'idle-web' },
  provider: { name: 'idle-api' },
  interactions: [{ description: 'plain', request: { method: 'GET', path: '/plain' }, response: { status: 200, body: { ok: true } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
}

test('stalled connections are closed after the 10 s header timeout, and 1,000 of them stop no one', async (t) => {
  const server = await MockServer.create(pact)
  try {
    const silent = await openIdle(server.port)
    const partial = await openIdle(server.port, 'GET /plain HTTP/1.1\r\nHost: x\r\n')
    const keptAlive = await openIdle(server.port, 'GET /plain HTTP/1.1\r\nHost: x\r\n\r\n')
    const watched = [silent, partial, keptAlive].map((socket) => closedWithin(socket, 30_000))

    const idle = []
    for (let n = 0; n < 1000; n += 1) idle.push(await openIdle(server.port, n % 2 ? 'GET /pla' : undefined))
    for (let n = 0; n < 50; n += 1) {
      const answer = await send(`${server.url}/plain`)
      assert.equal(answer.status, 200)
    }
    const closedAfter = await Promise.all(watched)
    t.diagnostic(`stalled connections closed after ${closedAfter.join(', ')} ms`)
    for (const ms of closedAfter) {
      assert.notEqual(ms, null, 'a stalled connection is closed within 30 s')
      // Wide margins: the machine is shared, and timers fire late, never early.
      assert.ok(ms >= 5_000, `closed after ${ms} ms: the timeout is 10 s`)
    }
    const idleClosed = await Promise.all(idle.map((socket) => closedWithin(socket, 30_000)))
    assert.equal(idleClosed.filter((ms) => ms === null).length, 0, 'every idle connection is closed in the end')
    assert.equal(server.requestCount, 51, 'the one request of the kept-alive connection and the 50 others')
  } finally {
    await server.shutdown()
  }
})
