// The body of every test file here: one interaction per file, all merged into one pact file.
const { appendFileSync } = require('node:fs')
const { isMainThread, threadId } = require('node:worker_threads')
const { MockServer } = require('pact-mock-server')

const { PACT_DIR, THREADS_LOG } = require('./item-test-paths')

function itemTest(item, { shutDown = true } = {}) {
  test(`item ${item}, from a worker thread`, async () => {
    expect(isMainThread).toBe(false)
    appendFileSync(THREADS_LOG, `${process.pid} ${threadId} ${item}\n`)
    const server = await MockServer.create({
      consumer: { name: 'jest-threads-web' },
      provider: { name: 'items-api' },
      interactions: [
        {
          description: `a request for item ${item}`,
          request: { method: 'GET', path: `/items/${item}` },
          response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { item } },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    })
    const response = await fetch(`${server.url}/items/${item}`)
    expect(await response.json()).toEqual({ item })
    server.verify()
    await server.writePact(PACT_DIR)
    // One file leaves its server running: it must stop when the worker goes, and not crash or hold the run.
    if (shutDown) await server.shutdown()
  })
}

module.exports = { itemTest }
