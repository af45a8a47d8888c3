// Shared by the fast and the soak run: servers under concurrent load from another process, and
// the proof that every request sent is accounted for by the servers' own records.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { MockServer } from '../../index.js'
import { loadPact } from './load-pact.mjs'

const run = promisify(execFile)
const client = fileURLToPath(new URL('./load-client.mjs', import.meta.url))

export async function nothingLost({ servers: serverCount, connections, perServer }) {
  const servers = await Promise.all(
    Array.from({ length: serverCount }, () => MockServer.create(loadPact, { requestLogLimit: perServer })),
  )
  try {
    const config = JSON.stringify({ urls: servers.map((s) => s.url), connections, perServer })
    const { stdout } = await run(process.execPath, [client, config], { maxBuffer: 1 << 24 })
    const report = JSON.parse(stdout)
    let sentTotal = 0
    for (const [index, server] of servers.entries()) {
      const { sent, ok, failures } = report.servers[index]
      const total = sent.matched + sent.mismatched + sent['not-found']
      sentTotal += total
      assert.equal(total, perServer)
      assert.deepEqual(failures, [], 'every answer was the right one')
      assert.deepEqual(ok, sent)
      // The server's side: one record per request, each with the outcome the client saw.
      assert.equal(server.requestCount, perServer)
      const log = server.requests()
      assert.equal(log.length, perServer)
      const seqs = new Set(log.map((entry) => entry.seq))
      assert.equal(seqs.size, perServer, 'no arrival number twice')
      assert.equal(Math.min(...seqs), 1)
      assert.equal(Math.max(...seqs), perServer)
      const outcomes = { matched: 0, mismatched: 0, 'not-found': 0 }
      for (const entry of log) outcomes[entry.outcome.type] += 1
      assert.deepEqual(outcomes, sent)
      const mismatches = server.mismatches()
      assert.equal(mismatches.length, sent.mismatched + sent['not-found'], 'every interaction arrived, so only problems')
      const kinds = { 'request-mismatch': 0, 'request-not-found': 0 }
      for (const mismatch of mismatches) kinds[mismatch.type] += 1
      assert.deepEqual(kinds, { 'request-mismatch': sent.mismatched, 'request-not-found': sent['not-found'] })
    }
    return { sent: sentTotal, seconds: report.seconds }
  } finally {
    await Promise.all(servers.map((server) => server.shutdown()))
  }
}
