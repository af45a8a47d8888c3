export const pact = {
  consumer: { name: 'checkout' },
  provider: { name: 'payments-api' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'a payment of 12.50 EUR for invoice 42',
      providerStates: [{ name: 'invoice 42 is open' }],
      request: {
        method: 'POST',
        path: '/invoices/42/payments',
        headers: { 'Content-Type': ['application/json'], 'Idempotency-Key': ['42-1250'] },
        body: { contentType: 'application/json', content: { amount: { cents: 1250, currency: 'EUR' } } },
        matchingRules: {
          header: { 'Idempotency-Key': { combine: 'AND', matchers: [{ match: 'regex', regex: '^\\d+-\\d+$' }] } },
        },
      },
      response: {
        status: 201,
        headers: { 'Content-Type': ['application/json'] },
        body: { contentType: 'application/json', content: { id: 'p-1', status: 'settled' } },
        generators: { body: { '$.id': { type: 'Uuid' } } },
      },
    },
    {
      type: 'Synchronous/HTTP',
      description: 'the balance of account 7',
      request: { method: 'GET', path: '/accounts/7/balance' },
      response: {
        status: 200,
        headers: { 'Content-Type': ['application/json'] },
        body: { contentType: 'application/json', content: { cents: 99 } },
      },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
}
