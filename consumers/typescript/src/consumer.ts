// An ESM consumer (nodenext, and bundler): typed use of the package, then run by `npm start`.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import {
  MockServer,
  createMockServer,
  mockServerMatched,
  shutdownMockServer,
  type MatchResult,
  type Mismatch,
  type MockServerOptions,
  type ReceivedRequest,
} from 'pact-mock-server'
import { OrdersClient } from './orders-client.js'
import { ordersPact } from './pact.js'

function describeResult(result: MatchResult): string {
  switch (result.type) {
    case 'request-mismatch':
      return `${result.interaction}: ${result.mismatches.map((mismatch: Mismatch) => mismatch.type).join(', ')}`
    case 'request-not-found':
      return `not found: ${result.method} ${result.path}`
    case 'missing-request':
      return `missing: ${result.interaction}`
    case 'internal-error':
      return `internal error: ${result.error}`
    case 'transport-mismatch':
      return `${result.transport} (plugin ${result.plugin}): ${result.path} ${result.error}`
  }
}

async function matchingOrders(dir: string): Promise<number> {
  const options: MockServerOptions = { host: '127.0.0.1', specification: 'V3' }
  await using server = await MockServer.create(ordersPact, options)
  const client = new OrdersClient(server.url)

  const order = await client.place([{ sku: 'W-1', quantity: 2 }])
  assert.equal(order.total, 1998)
  await client.cancel(order.id)

  assert.deepEqual(server.mismatches(), [])
  assert.equal(server.matched(), true)
  const log: ReceivedRequest[] = server.requests()
  assert.deepEqual(
    log.map((request) => `${request.method} ${request.path} ${request.outcome.type}`),
    ['POST /orders matched', 'DELETE /orders/o-1 matched'],
  )
  const path: string = await server.writePact(dir, { overwrite: true })
  const written = JSON.parse(readFileSync(path, 'utf8'))
  assert.equal(written.interactions.length, 2)
  return server.port
}

async function mismatchingOrder(): Promise<void> {
  await using server = await MockServer.create(JSON.stringify(ordersPact))
  await assert.rejects(new OrdersClient(server.url).place([]), /HTTP 500/)
  assert.deepEqual(server.mismatches().map(describeResult), [
    'an order for two widgets: BodyMismatch',
    'missing: an order for two widgets',
    'missing: a cancellation of order o-1',
  ])
}

async function legacyFunctions(): Promise<void> {
  const port: number = await createMockServer(JSON.stringify(ordersPact), 0)
  assert.equal(mockServerMatched(port), false)
  assert.equal(await shutdownMockServer(port), true)
}

// What the types refuse: each line below must be a type error.
async function refusedByTheTypes(server: MockServer): Promise<void> {
  // @ts-expect-error a port is a number
  await MockServer.create(ordersPact, { port: '8080' })
  // @ts-expect-error no such specification
  await MockServer.create(ordersPact, { specification: 'V5' })
  // @ts-expect-error port is read-only
  server.port = 1
  // @ts-expect-error writePact's options are an object
  await server.writePact('.', true)
  const [first] = server.mismatches()
  if (first) {
    // @ts-expect-error only a request-mismatch has mismatches; narrow on `type` first
    void first.mismatches
  }
}
void refusedByTheTypes

async function main(): Promise<void> {
  const port = await matchingOrders(mkdtempSync(join(tmpdir(), 'typed-shop-')))
  // `await using` shut that server down when matchingOrders returned.
  await assert.rejects(fetch(`http://127.0.0.1:${port}/orders/o-1`, { method: 'DELETE' }))
  await mismatchingOrder()
  await legacyFunctions()
  console.log('consumer.ts (ESM): matched, mismatched and legacy checks passed; await using shut the server down')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
