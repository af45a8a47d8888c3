const { MockServer } = require('pact-mock-server')
const { InventoryClient } = require('../inventory-client')
const { PACT_DIR, pactWith, noteWorker } = require('../pact-helper')

const pact = pactWith([
  {
    description: 'a request for the warehouses in the north',
    request: { method: 'GET', path: '/warehouses', query: { region: ['north'] } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: [{ id: 'w-1', city: 'Oslo' }],
      matchingRules: { body: { '$': { matchers: [{ match: 'type', min: 1 }] } } },
    },
  },
])

test('the warehouses of a region', async () => {
  noteWorker('warehouses')
  const server = await MockServer.create(pact)
  try {
    expect(await new InventoryClient(server.url).warehouses('north')).toEqual([{ id: 'w-1', city: 'Oslo' }])
    expect(server.mismatches()).toEqual([])
    await server.writePact(PACT_DIR)
  } finally {
    await server.shutdown()
  }
})

test('an unexpected region is a request-mismatch on the query', async () => {
  const server = await MockServer.create(pact)
  try {
    await new InventoryClient(server.url).warehouses('south')
    const [result, missing] = server.mismatches()
    expect(result.type).toBe('request-mismatch')
    expect(result.mismatches[0]).toMatchObject({ type: 'QueryMismatch', parameter: 'region' })
    expect(missing).toMatchObject({ type: 'missing-request', path: '/warehouses' })
  } finally {
    await server.shutdown()
  }
})
