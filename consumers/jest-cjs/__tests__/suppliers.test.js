const { MockServer } = require('pact-mock-server')
const { InventoryClient } = require('../inventory-client')
const { PACT_DIR, pactWith, noteWorker } = require('../pact-helper')

test('a supplier; an interaction never called is reported missing', async () => {
  noteWorker('suppliers')
  const server = await MockServer.create(
    pactWith([
      {
        description: 'a request for supplier 7',
        request: { method: 'GET', path: '/suppliers/7', headers: { Accept: 'application/json' } },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 7, name: 'Acme' } },
      },
    ]),
  )
  try {
    expect(server.matched()).toBe(false)
    expect(server.mismatches()).toEqual([
      expect.objectContaining({ type: 'missing-request', method: 'GET', path: '/suppliers/7' }),
    ])
    expect(await new InventoryClient(server.url).supplier(7)).toEqual({ id: 7, name: 'Acme' })
    expect(server.matched()).toBe(true)
    await server.writePact(PACT_DIR)
  } finally {
    await server.shutdown()
  }
})
