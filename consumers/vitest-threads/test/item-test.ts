// The body of every test file here: one interaction per file, all merged into one pact file.
import { appendFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isMainThread, threadId } from 'node:worker_threads'
import { expect, test } from 'vitest'
import { MockServer } from 'pact-mock-server'

export const PACT_DIR = fileURLToPath(new URL('../pacts', import.meta.url))
export const THREADS_LOG = fileURLToPath(new URL('../threads.log', import.meta.url))

export function itemTest(item: number, { shutDown = true } = {}) {
  test(`item ${item}, from a worker thread`, async () => {
    expect(isMainThread).toBe(false)
    appendFileSync(THREADS_LOG, `${process.pid} ${threadId} ${item}\n`)
    const server = await MockServer.create({
      consumer: { name: 'vitest-threads-web' },
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
    // One file leaves its server running: it must stop when the worker ends, and not crash or hold the run.
    if (shutDown) await server.shutdown()
  })
}
