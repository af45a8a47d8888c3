// Runs the pact corpus in this process and prints one JSON line per case. A child of
// robust-pacts.test.mjs, so that a crash or a printed panic shows in its exit code and stderr.
import { MockServer } from '../../index.js'
import { pactCorpus } from './pact-corpus.mjs'

async function sendRequest(server, { method, path, headers = {}, body }) {
  const response = await fetch(server.url + path, { method, headers, body })
  const bytes = Buffer.from(await response.arrayBuffer())
  let json
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    json = undefined
  }
  return { status: response.status, xPact: response.headers.get('x-pact'), length: bytes.length, json }
}

for (const testCase of pactCorpus()) {
  const result = { name: testCase.name }
  try {
    const server = await MockServer.create(testCase.pact)
    result.outcome = 'served'
    try {
      if (testCase.request) {
        const answer = await sendRequest(server, testCase.request)
        result.status = answer.status
        result.xPact = answer.xPact
        result.length = answer.length
        result.error = answer.json?.error
      }
      result.requestCount = server.requestCount
      result.problems = server.mismatches().filter((m) => m.type !== 'missing-request').map((m) => m.type)
      result.outcomes = server.requests().map((r) => r.outcome.type)
      try {
        server.verify()
        result.verified = true
      } catch (error) {
        result.verified = false
        result.verifyErrorName = error.name
      }
    } finally {
      await server.shutdown()
    }
  } catch (error) {
    result.outcome = 'rejected'
    result.isError = error instanceof Error
    result.code = error?.code
    result.message = String(error?.message).slice(0, 300)
  }
  process.stdout.write(JSON.stringify(result) + '\n')
}
