// npm run soak: 10,000 create/shutdown cycles, then 200 servers alive at once.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const child = fileURLToPath(new URL('../robust/lifecycle-child.mjs', import.meta.url))

test('10,000 create/shutdown cycles: descriptors and threads as they were, RSS within 20 MiB', async (t) => {
  const { stdout } = await run(process.execPath, ['--expose-gc', child, '10000', '200'], { timeout: 3_600_000 })
  const report = JSON.parse(stdout)
  t.diagnostic(JSON.stringify(report))
  // Never more than at the start (an idle pool thread may have ended since).
  for (const after of [report.afterCycles, report.afterAlive]) {
    assert.ok(after.fds <= report.start.fds, `descriptors: ${report.start.fds} -> ${after.fds}`)
    assert.ok(after.threads <= report.start.threads, `threads: ${report.start.threads} -> ${after.threads}`)
  }
  assert.equal(report.answered, 200)
  assert.ok(report.rssGrowthMiB < 20, `RSS grew ${report.rssGrowthMiB} MiB`)
})
