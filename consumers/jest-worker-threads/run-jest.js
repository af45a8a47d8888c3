// Runs Jest with the given arguments and fails when Jest reports an open handle or does not
// exit on its own: Jest itself only prints those. `--fresh-cache` gives Jest an empty cache
// directory: with the timings of an earlier run, Jest runs fast test files in band, not in workers.
const { spawnSync } = require('node:child_process')
const { mkdtempSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

const jest = require.resolve('jest/bin/jest')
let freshCache = null
const args = process.argv.slice(2).map((arg) => {
  if (arg !== '--fresh-cache') return arg
  freshCache = mkdtempSync(join(tmpdir(), 'jest-cache-'))
  return `--cacheDirectory=${freshCache}`
})
const result = spawnSync(process.execPath, [jest, ...args], {
  encoding: 'utf8',
  timeout: 120_000,
})
if (freshCache) rmSync(freshCache, { recursive: true, force: true })
process.stdout.write(result.stdout ?? '')
process.stderr.write(result.stderr ?? '')
const output = `${result.stdout}\n${result.stderr}`

const complaints = [
  /open handles? potentially keeping Jest from exiting/i,
  /Jest did not exit one second after the test run has completed/i,
  /A worker process has failed to exit gracefully/i,
]
const complaint = complaints.find((pattern) => pattern.test(output))
if (result.error) {
  console.error(`run-jest: jest did not finish: ${result.error.message}`)
  process.exit(1)
}
if (complaint) {
  console.error(`run-jest: Jest reported ${complaint}`)
  process.exit(1)
}
process.exit(result.status ?? 1)
