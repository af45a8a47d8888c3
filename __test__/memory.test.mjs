// The server keeps counts, not copies: 100,000 matched requests leave memory flat and the
// reports as quick as after the first one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { MockServer } from '../index.js'

const run = promisify(execFile)
const hammer = fileURLToPath(new URL('./load/hammer.mjs', import.meta.url))

const pact = {
  consumer: { name: 'memory-web' },
  provider: { name: 'memory-api' },
  interactions: [
    {
      description: 'a ping',
      request: { method: 'GET', path: '/ping', query: { verbose: ['no'] } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { ok: true, padding: 'x'.repeat(512) } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
}

async function send(url, count) {
  const { stdout } = await run(process.execPath, [hammer, url, String(count), '16'], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout)
}

function elapsedMs(fn) {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

test('100,000 matched requests: RSS stays flat, matched() and mismatches() stay quick', async (t) => {
  const server = await MockServer.create(pact)
  const url = `${server.url}/ping?verbose=no`
  try {
    assert.deepEqual(await send(url, 10_000), { sent: 10_000, ok: 10_000 })
    const rssAfterWarmUp = process.memoryUsage().rss

    assert.deepEqual(await send(url, 90_000), { sent: 90_000, ok: 90_000 })
    const growthMiB = (process.memoryUsage().rss - rssAfterWarmUp) / (1024 * 1024)

    assert.equal(server.requestCount, 100_000)
    assert.equal(server.requests().length, 1_000, 'the request log is bounded')
    t.diagnostic(`RSS growth over the last 90,000 requests: ${growthMiB.toFixed(1)} MiB`)
    let matched
    let mismatches
    // Functional bounds with a wide margin: a server that scanned stored requests would take
    // seconds here (the reference takes 4 s after 350,000).
    const matchedMs = elapsedMs(() => (matched = server.matched()))
    const mismatchesMs = elapsedMs(() => (mismatches = server.mismatches()))
    t.diagnostic(`matched() ${matchedMs.toFixed(3)} ms, mismatches() ${mismatchesMs.toFixed(3)} ms`)
    assert.ok(matchedMs < 50 && mismatchesMs < 50)
    assert.equal(matched, true)
    assert.deepEqual(mismatches, [])
    assert.ok(growthMiB < 16, `RSS grew ${growthMiB.toFixed(1)} MiB over 90,000 matched requests`)
  } finally {
    await server.shutdown()
  }
})
