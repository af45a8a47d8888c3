// Broken and extreme pacts: each is a rejected promise with a coded Error, or a server that
// answers sanely. The corpus runs in a child process, so that a crash or a printed panic shows.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { pactCorpus } from './robust/pact-corpus.mjs'

const run = promisify(execFile)
const runner = fileURLToPath(new URL('./robust/run-pact-corpus.mjs', import.meta.url))
const CODES = ['ERR_PACT_INVALID', 'ERR_INVALID_OPTION', 'ERR_INTERNAL']

test('the pact corpus: every case rejects with a code or serves sanely, and nothing panics', async (t) => {
  const corpus = pactCorpus()
  assert.ok(corpus.length >= 50, `${corpus.length} cases`)
  const { stdout, stderr } = await run(process.execPath, [runner], { maxBuffer: 1 << 26, timeout: 300_000 })
  assert.doesNotMatch(stderr, /panick|RUST_BACKTRACE|stack backtrace/i, 'no panic is printed')
  assert.equal(stderr, '', 'nothing is printed at all')
  const results = stdout.trim().split('\n').map((line) => JSON.parse(line))
  assert.equal(results.length, corpus.length, 'the child ran every case and exited normally')

  let rejected = 0
  let served = 0
  for (const [index, expected] of corpus.entries()) {
    const result = results[index]
    assert.equal(result.name, expected.name)
    const label = `${expected.name}: ${JSON.stringify(result)}`
    if (expected.expect === 'reject') {
      rejected += 1
      assert.equal(result.outcome, 'rejected', label)
      assert.ok(result.isError, label)
      assert.equal(result.code, expected.code, label)
      assert.ok(CODES.includes(result.code), label)
      assert.ok(result.message.length > 10, label)
      continue
    }
    served += 1
    assert.equal(result.outcome, 'served', label)
    assert.equal(result.status, expected.status, label)
    assert.equal(result.requestCount, 1, `the request is counted: ${label}`)
    if (expected.bodyLength !== undefined) assert.equal(result.length, expected.bodyLength, label)
    if (expected.problem) {
      // A 500 the pact did not ask for is always explained and always recorded.
      assert.deepEqual(result.problems, [expected.problem], label)
      assert.equal(result.verified, false, label)
      assert.equal(result.verifyErrorName, 'PactMismatchError', label)
      assert.ok(result.xPact, label)
      assert.ok(result.error.length > 10, label)
    } else {
      assert.deepEqual(result.problems, [], label)
      assert.deepEqual(result.outcomes, ['matched'], label)
    }
  }
  t.diagnostic(`${corpus.length} pacts: ${rejected} rejected with a code, ${served} served and answered`)
})
