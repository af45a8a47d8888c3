export const ordersPact = {
  consumer: { name: 'typed-shop' },
  provider: { name: 'orders-api' },
  interactions: [
    {
      description: 'an order for two widgets',
      request: {
        method: 'POST',
        path: '/orders',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: { lines: [{ sku: 'W-1', quantity: 2 }] },
        matchingRules: { body: { '$.lines': { matchers: [{ match: 'type', min: 1 }] } } },
      },
      response: {
        status: 201,
        headers: { 'Content-Type': 'application/json' },
        body: { id: 'o-1', lines: [{ sku: 'W-1', quantity: 2 }], total: 1998 },
      },
    },
    {
      description: 'a cancellation of order o-1',
      request: { method: 'DELETE', path: '/orders/o-1' },
      response: { status: 204 },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
}
