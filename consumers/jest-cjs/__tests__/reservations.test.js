const { MockServer } = require('pact-mock-server')
const { InventoryClient } = require('../inventory-client')
const { PACT_DIR, pactWith, noteWorker } = require('../pact-helper')

const reserve = {
  description: 'a request to reserve 2 of item A-1',
  request: {
    method: 'POST',
    path: '/reservations',
    headers: { 'Content-Type': 'application/json' },
    body: { sku: 'A-1', quantity: 2 },
    matchingRules: { body: { '$.quantity': { matchers: [{ match: 'integer' }] } } },
  },
  response: {
    status: 201,
    headers: { 'Content-Type': 'application/json' },
    body: { reservation: 'r-100', sku: 'A-1', quantity: 2 },
  },
}

beforeAll(() => noteWorker('reservations'))

test('a reservation, written to the shared pact file', async () => {
  const server = await MockServer.create(pactWith([reserve]))
  try {
    const result = await new InventoryClient(server.url).reserve('A-1', 2)
    expect(result).toEqual({ status: 201, body: { reservation: 'r-100', sku: 'A-1', quantity: 2 } })
    expect(server.matched()).toBe(true)
    const file = await server.writePact(PACT_DIR)
    expect(file).toMatch(/jest-web-inventory-api\.json$/)
  } finally {
    await server.shutdown()
  }
})

test('a reservation the contract does not allow is reported, and answered 500', async () => {
  const server = await MockServer.create(pactWith([reserve]))
  try {
    const result = await new InventoryClient(server.url).reserve('A-1', 'two')
    expect(result.status).toBe(500)
    expect(result.body.error).toMatch(/a request to reserve 2 of item A-1/)
    expect(server.matched()).toBe(false)
    const [mismatch] = server.mismatches()
    expect(mismatch).toMatchObject({
      type: 'request-mismatch',
      method: 'POST',
      path: '/reservations',
      interaction: 'a request to reserve 2 of item A-1',
    })
    expect(mismatch.mismatches).toEqual([
      expect.objectContaining({ type: 'BodyMismatch', path: '$.quantity' }),
    ])
  } finally {
    await server.shutdown()
  }
})
