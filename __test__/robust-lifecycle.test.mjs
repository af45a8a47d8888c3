// Short runs of the soak's lifecycle and load checks (npm run soak runs the long ones).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkLifecycle } from './robust/lifecycle-check.mjs'
import { nothingLost } from './robust/nothing-lost.mjs'

test('1,000 create/shutdown cycles leave descriptors and threads as they were; 200 servers at once', (t) =>
  checkLifecycle(t, { cycles: 1_000, alive: 200, timeoutMs: 300_000 }))

test('2 servers x 10 connections x 1,000 requests: every request is accounted for', async (t) => {
  const { sent, seconds } = await nothingLost({ servers: 2, connections: 10, perServer: 1000 })
  t.diagnostic(`${sent} requests in ${seconds} s, all accounted for`)
  assert.equal(sent, 2000)
})
