// The pact the load tests serve: three interactions that every request mix reaches.
export const loadPact = {
  consumer: { name: 'load-web' },
  provider: { name: 'load-api' },
  interactions: [
    { description: 'item 1', request: { method: 'GET', path: '/items/1' },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, name: 'one' } } },
    { description: 'a new item', request: { method: 'POST', path: '/items', headers: { 'Content-Type': 'application/json' }, body: { name: 'x' },
        matchingRules: { '$.body.name': { match: 'type' } } },
      response: { status: 201, headers: { 'Content-Type': 'application/json' }, body: { created: true } } },
    { description: 'a search', request: { method: 'GET', path: '/search', query: 'q=term1',
        matchingRules: { '$.query.q': { match: 'regex', regex: '^term\\d+$' } } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { results: [] } } },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
}
