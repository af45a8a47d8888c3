// Runs robust/lifecycle-child.mjs (create/shutdown cycles, then servers alive at once) in its own
// process and checks what it reports: descriptors and threads as they were, RSS within 20 MiB.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const child = fileURLToPath(new URL('./lifecycle-child.mjs', import.meta.url))

export async function checkLifecycle(t, { cycles, alive, timeoutMs }) {
  const { stdout } = await run(process.execPath, ['--expose-gc', child, String(cycles), String(alive)], {
    timeout: timeoutMs,
  })
  const report = JSON.parse(stdout)
  t.diagnostic(JSON.stringify(report))
  // Never more than at the start (an idle pool thread may have ended since).
  for (const after of [report.afterCycles, report.afterAlive]) {
    assert.ok(after.fds <= report.start.fds, `descriptors: ${report.start.fds} -> ${after.fds}`)
    assert.ok(after.threads <= report.start.threads, `threads: ${report.start.threads} -> ${after.threads}`)
  }
  assert.equal(report.answered, alive)
  assert.equal(report.ports, alive)
  assert.ok(report.rssGrowthMiB < 20, `RSS grew ${report.rssGrowthMiB} MiB`)
}
