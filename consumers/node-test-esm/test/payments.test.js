import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import * as esm from 'pact-mock-server'
import { MockServer } from 'pact-mock-server'
import { PaymentsClient } from '../payments-client.js'
import { pact } from './pact.js'

test('a payment and a balance match the pact; the written pact has both, at V4', async (t) => {
  const server = await MockServer.create(pact)
  t.after(() => server.shutdown())
  const client = new PaymentsClient(server.url)

  const payment = await client.pay(42, 1250)
  assert.equal(payment.status, 201)
  assert.match(payment.body.id, /^[0-9a-f-]{36}$/, 'the Uuid generator replaced the example id')
  assert.equal(await client.balance(7), 99)

  assert.deepEqual(server.mismatches(), [])
  assert.equal(server.matched(), true)
  const written = JSON.parse(readFileSync(await server.writePact(mkdtempSync(join(tmpdir(), 'payments-'))), 'utf8'))
  assert.equal(written.metadata.pactSpecification.version, '4.0')
  assert.deepEqual(
    written.interactions.map((interaction) => interaction.description),
    ['a payment of 12.50 EUR for invoice 42', 'the balance of account 7'],
  )
})

test('a payment in the wrong currency is a BodyMismatch at $.amount.currency', async (t) => {
  const server = await MockServer.create(pact)
  t.after(() => server.shutdown())
  const response = await fetch(`${server.url}/invoices/42/payments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': '42-1250' },
    body: JSON.stringify({ amount: { cents: 1250, currency: 'USD' } }),
  })
  assert.equal(response.status, 500)
  const [result] = server.mismatches()
  assert.equal(result.type, 'request-mismatch')
  assert.deepEqual(
    result.mismatches.map(({ type, path }) => [type, path]),
    [['BodyMismatch', '$.amount.currency']],
  )
})

test('Symbol.asyncDispose shuts the server down', async () => {
  const server = await MockServer.create(pact)
  assert.equal(typeof server[Symbol.asyncDispose], 'function')
  await server[Symbol.asyncDispose]()
  await assert.rejects(fetch(`${server.url}/accounts/7/balance`))
})

test('import and require give the same module: one class, one set of functions', () => {
  const cjs = createRequire(import.meta.url)('pact-mock-server')
  assert.equal(esm.MockServer, cjs.MockServer)
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort())
  for (const name of Object.keys(cjs)) assert.equal(esm[name], cjs[name], name)
})

// `await using` is syntax, so it lives in a module of its own, loaded only where Node parses it.
const hasUsing = (() => {
  try {
    new Function('async () => { await using x = null }')
    return true
  } catch {
    return false
  }
})()

test(
  'await using, natively',
  { skip: !hasUsing && `Node ${process.version} cannot parse \`await using\` (Node 24 can); the TypeScript consumers cover it` },
  async () => {
    const { payAndDispose } = await import('./await-using.js')
    const { url, balance } = await payAndDispose(MockServer, pact, PaymentsClient)
    assert.equal(balance, 99)
    await assert.rejects(fetch(`${url}/accounts/7/balance`))
  },
)
