// The differential suite: every scenario of dsl-differential/scenarios.mjs runs with pact-js 17
// and with this package, the same client code against both; the outcomes, what the client saw
// and the pact files written (normalised: metadata, key order, V4 body encoding) must be equal.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { differences, ours, pactJs, runScenario } from './dsl-differential/harness.mjs'
import { scenarios } from './dsl-differential/scenarios.mjs'

// Scenarios that do not pass against this package yet, and why (node:test todo: reported, not hidden).
// Each reason is the first difference found on 2026-12-01 (the DSL of dsl-js at 06649fd, the engine of dsl-engine at ac5a0fc).
const LOOK_AHEAD =
  "engine: pact-js's iso8601Date/iso8601DateTime regexes (ISO8601_DATE_FORMAT, ...) contain the look-ahead (?!\\d{2}\\b), which the Rust regex crate refuses: ours rejects the pact where pact-js serves it"
const NOT_YET = {
  'PactV4: type, number and array matchers in a JSON request and response':
    'engine: pact_ffi repeats a rule once per generated example of eachLike/atLeastLike (matchers: [integer, integer]); ours writes each rule once',
  'PactV4: format matchers with examples, and generators when there is none': LOOK_AHEAD,
  'PactV4: url, arrayContaining, eachKey/eachValue, fromProviderState, reify, extractPayload':
    'DSL: pact-js reify(arrayContaining(...)) returns the matcher object unchanged; ours returns the example array',
  'PactV4: query, headers, matchingRules and a body with its content type': LOOK_AHEAD,
  'PactV4: binaryFile and multipartBody': 'DSL/engine: for binaryFile pact-js writes the response body contentType "*/*" (the header says image/png); ours writes "image/png"',
  'PactV4: XML bodies built with XmlBuilder':
    "DSL: pact-js drops the text a callback appends inside XmlElement.eachLike (<line sku='A1'></line>), ours keeps it; engine: ours spells rule paths $.order.customer['#text'], pact_ffi $.order.customer.#text",
  'PactV4: matchStatus with HTTPResponseStatusClass': 'engine: ours writes the status rule as status: {combine, matchers}, pact_ffi as status: {"$": {combine, matchers}}',
  'PactV3: binary and multipart request and response helpers, matching rules':
    "pact-js defect: its withResponseMultipartFileUpload serves the response without its Content-Type and without the file; ours serves both",
  'PactV2: setup, addInteraction (object, then Interaction), writePact, verify, removeInteractions, finalize, MatchersV2': LOOK_AHEAD,
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
    test(scenario.name, { todo: NOT_YET[scenario.name] }, async () => {
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
      const seen = differences(actual.observed, expected.observed)
      assert.deepEqual(seen, [], `the client saw different responses:\n  ${seen.join('\n  ')}`)
      const written = differences(actual.pacts, expected.pacts)
      assert.deepEqual(written, [], `the pact files differ:\n  ${written.join('\n  ')}`)
    })
  }
})
