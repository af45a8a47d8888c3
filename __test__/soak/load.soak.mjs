// npm run soak: 4 servers x 50 concurrent connections x 10,000 requests each.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { nothingLost } from '../robust/nothing-lost.mjs'

test('4 servers x 50 connections x 10,000 requests: every request is accounted for', async (t) => {
  const { sent, seconds } = await nothingLost({ servers: 4, connections: 50, perServer: 10_000 })
  t.diagnostic(`${sent} requests in ${seconds} s, all accounted for`)
  assert.equal(sent, 40_000)
})
