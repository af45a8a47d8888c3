// Malformed and hostile HTTP over raw sockets while well-formed requests keep flowing: the
// well-formed ones are answered correctly throughout, each bad one gets a 4xx or is recorded.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'

import { MockServer } from '../index.js'
import { httpCorpus } from './robust/http-corpus.mjs'
import { exchange, steadyTraffic } from './robust/raw-http.mjs'

const pact = {
  consumer: { name: 'raw-web' },
  provider: { name: 'raw-api' },
  interactions: [
    { description: 'plain', request: { method: 'GET', path: '/plain' }, response: { status: 200, body: { ok: true } } },
    { description: 'create', request: { method: 'POST', path: '/echo', headers: { 'Content-Type': 'application/json' }, body: { n: 1 },
        matchingRules: { '$.body.n': { match: 'integer' } } },
      response: { status: 201, body: { created: true } } },
    { description: 'upload', request: { method: 'POST', path: '/upload' }, response: { status: 201 } },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
}

const wellFormed = [
  { method: 'GET', path: '/plain', status: 200, check: (text) => JSON.parse(text).ok === true },
  { method: 'POST', path: '/echo', headers: { 'Content-Type': 'application/json' }, body: '{"n": 42}', status: 201, check: (text) => JSON.parse(text).created === true },
]

test('the raw HTTP corpus: 4xx or recorded, while well-formed requests are answered throughout', async (t) => {
  const server = await MockServer.create(pact, { maxBodySize: 65_536, requestLogLimit: 1_000_000 })
  const corpus = httpCorpus()
  const traffic = steadyTraffic(server.url, wellFormed, 4)
  const results = []
  let counts
  try {
    // A few at a time, so that bad and good requests are in flight together.
    for (let at = 0; at < corpus.length; at += 6) {
      const batch = corpus.slice(at, at + 6)
      results.push(...(await Promise.all(batch.map((c) => exchange(server.port, c.bytes, { end: c.end, reset: c.reset, timeoutMs: 8000 })))))
    }
  } finally {
    counts = await traffic.stop()
  }
  // Let the server finish recording requests whose clients vanished (a loaded machine may be slow).
  const expectedBad = corpus.reduce((sum, c) => sum + (['recorded', 'rejected'].includes(c.expect) ? c.count ?? 1 : 0), 0)
  for (let waited = 0; waited < 5000 && server.requestCount < counts.sent + expectedBad; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const log = server.requests()
  let recordedBad = 0
  for (const [index, c] of corpus.entries()) {
    const result = results[index]
    const entries = log.filter((entry) => (c.recordedAs ? c.recordedAs(entry) : entry.path === c.path))
    const label = `${c.name}: answered ${JSON.stringify(result.statuses)}, closed ${result.closed}, recorded ${JSON.stringify(entries.map((e) => e.outcome))}`
    assert.ok(result.closed, `the server closed the connection: ${label}`)
    recordedBad += entries.length
    if (typeof c.expect === 'number') {
      assert.ok(c.expect >= 400 && c.expect < 500)
      assert.deepEqual(result.statuses, [c.expect], label)
      assert.equal(entries.length, 0, label)
    } else if (c.expect === 'recorded') {
      const count = c.count ?? 1
      assert.equal(entries.length, count, label)
      for (const entry of entries) assert.ok(['not-found', 'mismatched'].includes(entry.outcome.type), label)
      assert.deepEqual(result.statuses.filter((s) => s !== 100).slice(0, count), Array(count).fill(500), label)
      if (c.thenStatus) assert.equal(result.statuses.at(-1), c.thenStatus, label)
    } else if (c.expect === 'rejected') {
      assert.equal(entries.length, 1, label)
      assert.equal(entries[0].outcome.type, 'rejected', label)
      assert.equal(entries[0].outcome.status, c.status, label)
      if (!c.answerless) assert.deepEqual(result.statuses, [c.status], label)
    } else {
      assert.equal(c.expect, 'dropped')
      assert.deepEqual(result.statuses, [], label)
      assert.equal(entries.length, 0, label)
    }
  }
  assert.deepEqual(counts.failures, [], 'every well-formed request was answered correctly')
  assert.ok(counts.sent > 0)
  assert.equal(counts.ok, counts.sent)
  // Nothing else was recorded: the well-formed requests, and the bad ones found above.
  assert.equal(server.requestCount, counts.sent + recordedBad)
  t.diagnostic(`${corpus.length} bad inputs (${recordedBad} recorded requests) among ${counts.sent} well-formed requests, all answered`)
  await server.shutdown()
})

function post(url, bytes) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'Content-Length': bytes.length } }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }))
    })
    // The server may answer 413 and close before the whole body is written.
    request.on('error', reject)
    request.end(bytes)
  })
}

test('the default body limit is 16 MiB: one byte more is a recorded 413', async () => {
  const server = await MockServer.create(pact)
  try {
    const limit = 16 * 1024 * 1024
    assert.equal((await post(`${server.url}/upload`, Buffer.alloc(limit, 0x61))).status, 201)
    const refused = await post(`${server.url}/upload`, Buffer.alloc(limit + 1, 0x61))
    assert.equal(refused.status, 413)
    assert.match(JSON.parse(refused.text).error, /larger than the limit of 16777216 bytes \(option maxBodySize\)/)
    const [accepted, rejected] = server.requests()
    assert.equal(accepted.outcome.type, 'matched')
    assert.deepEqual(rejected.outcome, { type: 'rejected', status: 413, reason: JSON.parse(refused.text).error })
    assert.equal(server.matched(), false, 'a refused request is a problem')
  } finally {
    await server.shutdown()
  }
})
