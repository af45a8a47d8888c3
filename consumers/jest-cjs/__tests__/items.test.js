const { MockServer } = require('pact-mock-server')
const { InventoryClient } = require('../inventory-client')
const { PACT_DIR, pactWith, noteWorker } = require('../pact-helper')

const pact = pactWith([
  {
    description: 'a request for item A-1',
    providerStates: [{ name: 'item A-1 is in stock' }],
    request: { method: 'GET', path: '/items/A-1', headers: { Accept: 'application/json' } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { sku: 'A-1', name: 'Anvil', inStock: 12 },
      matchingRules: { body: { '$.inStock': { matchers: [{ match: 'integer' }] } } },
    },
  },
  {
    description: 'a request for item Z-9, which does not exist',
    request: { method: 'GET', path: '/items/Z-9', headers: { Accept: 'application/json' } },
    response: { status: 404, headers: { 'Content-Type': 'application/json' }, body: { error: 'no such item' } },
  },
])

let server
beforeAll(async () => {
  noteWorker('items')
  server = await MockServer.create(pact)
})
afterAll(async () => {
  await server.writePact(PACT_DIR)
  await server.shutdown()
})

test('an item in stock', async () => {
  const item = await new InventoryClient(server.url).item('A-1')
  expect(item).toEqual({ sku: 'A-1', name: 'Anvil', inStock: 12 })
})

test('an item that does not exist is null', async () => {
  expect(await new InventoryClient(server.url).item('Z-9')).toBeNull()
})

test('both interactions were received, nothing else', () => {
  expect(server.mismatches()).toEqual([])
  expect(server.matched()).toBe(true)
  expect(server.requestCount).toBe(2)
})
