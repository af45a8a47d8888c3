import { expect, test } from 'vitest'
import { MockServer } from 'pact-mock-server'

import { booksClient } from '../books-client'
import { PACT_DIR, pactWith } from './pact'

const search = pactWith([
  {
    description: 'a search for dune',
    request: { method: 'GET', path: '/books', query: { q: ['dune'] } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: [{ isbn: '978-0', title: 'Dune', authors: ['Frank Herbert'] }],
      matchingRules: { body: { '$[*].isbn': { matchers: [{ match: 'regex', regex: '^[0-9-]+$' }] } } },
    },
  },
])

test('a search, written into the same pact file as the lookups', async () => {
  const server = await MockServer.create(search)
  try {
    const books = await booksClient(server.url).search('dune')
    expect(books.map((book) => book.title)).toEqual(['Dune'])
    expect(server.matched()).toBe(true)
    await server.writePact(PACT_DIR)
  } finally {
    await server.shutdown()
  }
})

test('a search the pact does not have fails the client and is reported', async () => {
  const server = await MockServer.create(search)
  try {
    await expect(booksClient(server.url).search('emma')).rejects.toThrow('HTTP 500')
    const [result] = server.mismatches()
    expect(result).toMatchObject({ type: 'request-mismatch', path: '/books', interaction: 'a search for dune' })
    expect(result.type === 'request-mismatch' && result.mismatches[0].type).toBe('QueryMismatch')
  } finally {
    await server.shutdown()
  }
})
