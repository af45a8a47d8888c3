// Short runs of the soak's lifecycle and load checks (npm run soak runs the long ones).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { nothingLost } from './robust/nothing-lost.mjs'

const run = promisify(execFile)
const child = fileURLToPath(new URL('./robust/lifecycle-child.mjs', import.meta.url))

test('1,000 create/shutdown cycles leave descriptors and threads as they were; 200 servers at once', async (t) => {
  const { stdout } = await run(process.execPath, ['--expose-gc', child, '1000', '200'], { timeout: 300_000 })
  const report = JSON.parse(stdout)
  t.diagnostic(JSON.stringify(report))
  // Never more than at the start (an idle pool thread may have ended since).
  for (const after of [report.afterCycles, report.afterAlive]) {
    assert.ok(after.fds <= report.start.fds, `descriptors: ${report.start.fds} -> ${after.fds}`)
    assert.ok(after.threads <= report.start.threads, `threads: ${report.start.threads} -> ${after.threads}`)
  }
  assert.equal(report.answered, 200)
  assert.equal(report.ports, 200)
  assert.ok(report.rssGrowthMiB < 20, `RSS grew ${report.rssGrowthMiB} MiB`)
})

test('2 servers x 10 connections x 1,000 requests: every request is accounted for', async (t) => {
  const { sent, seconds } = await nothingLost({ servers: 2, connections: 10, perServer: 1000 })
  t.diagnostic(`${sent} requests in ${seconds} s, all accounted for`)
  assert.equal(sent, 2000)
})
