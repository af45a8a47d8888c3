// A CommonJS consumer (.cts under nodenext: `import` compiles to `require`), run by `npm start`.
import assert = require('node:assert/strict')
import { MockServer, type MatchResult } from 'pact-mock-server'

const pact = {
  consumer: { name: 'typed-cjs' },
  provider: { name: 'health-api' },
  interactions: [{ description: 'a health check', request: { method: 'GET', path: '/health' }, response: { status: 200 } }],
}

async function main(): Promise<void> {
  let url: string
  {
    await using server = await MockServer.create(pact)
    url = server.url
    assert.equal((await fetch(`${server.url}/health`)).status, 200)
    assert.equal((await fetch(`${server.url}/ready`)).status, 500)
    const results: MatchResult[] = server.mismatches()
    assert.deepEqual(
      results.map((result) => result.type),
      ['request-not-found'],
    )
  }
  await assert.rejects(fetch(`${url}/health`))
  assert.equal(typeof require, 'function', 'compiled to CommonJS')
  console.log('consumer-cjs.cts (CommonJS): require()d the package, await using shut the server down')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
