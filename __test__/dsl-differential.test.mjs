// The differential suite: every scenario of dsl-differential/scenarios.mjs runs with pact-js 17
// and with this package, the same client code against both; the outcomes, what the client saw
// and the pact files written (normalised: metadata, key order, V4 body encoding) must be equal,
// but for each scenario's knownDifferences.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { differences, ours, pactJs, runScenario } from './dsl-differential/harness.mjs'
import { scenarios } from './dsl-differential/scenarios.mjs'

// A scenario's `knownDifferences` are differences from pact-js that are meant (a pact-js defect, or
// a deliberate choice), each with why: each must still be found, so a pact-js that changes is
// noticed, and nothing else may differ.
function unexplained(found, scenario, where) {
  const known = (scenario.knownDifferences ?? []).filter((difference) => difference.in === where)
  for (const difference of known) {
    assert.ok(found.some((line) => difference.at.test(line)), `no longer differs (${difference.why}): drop it from knownDifferences\n  ${found.join('\n  ')}`)
  }
  return found.filter((line) => !known.some((difference) => difference.at.test(line)))
}

const firstLines = (error) => (error ? String(error.stack ?? error).split('\n').slice(0, 6).join('\n') : '')

const reference = pactJs()
const mine = ours()
const results = new Map()

async function referenceResult(scenario) {
  if (!results.has(scenario.name)) results.set(scenario.name, runScenario(reference, scenario))
  return results.get(scenario.name)
}

describe('pact-js itself (the reference the scenarios are checked on)', () => {
  for (const scenario of scenarios) {
    test(scenario.name, async () => {
      const result = await referenceResult(scenario)
      if (scenario.pactJsDefect) {
        // Checked so that a pact-js that fixes it is noticed (then compare against it instead).
        assert.equal(result.outcome, 'failed', `pact-js no longer fails (${scenario.pactJsDefect}): compare with it`)
        return
      }
      assert.equal(result.outcome, scenario.expect, `pact-js ${result.outcome}: ${firstLines(result.error)}`)
      if (scenario.expect === 'passed') assert.notDeepEqual(result.pacts, {}, 'pact-js wrote a pact')
    })
  }
})

describe('pact-mock-server against pact-js', () => {
  for (const scenario of scenarios) {
    test(scenario.name, async () => {
      const actual = await runScenario(mine, scenario)
      if (scenario.pactJsDefect) {
        // Nothing to compare with: ours must do what pact-js documents.
        assert.equal(actual.outcome, scenario.expect, firstLines(actual.error))
        assert.deepEqual(actual.observed, scenario.expectedObserved)
        assert.notDeepEqual(actual.pacts, {}, 'a pact was written')
        return
      }
      const expected = await referenceResult(scenario)
      assert.equal(actual.outcome, expected.outcome, `pact-mock-server ${actual.outcome}, pact-js ${expected.outcome}: ${firstLines(actual.error)}`)
      const seen = unexplained(differences(actual.observed, expected.observed), scenario, 'observed')
      assert.deepEqual(seen, [], `the client saw different responses:\n  ${seen.join('\n  ')}`)
      const written = unexplained(differences(actual.pacts, expected.pacts), scenario, 'pacts')
      assert.deepEqual(written, [], `the pact files differ:\n  ${written.join('\n  ')}`)
    })
  }
})
