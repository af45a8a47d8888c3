import { afterAll, beforeAll, expect, test } from 'vitest'
import { MockServer } from 'pact-mock-server'

import { booksClient } from '../books-client'
import { PACT_DIR, pactWith } from './pact'

let server: MockServer
beforeAll(async () => {
  server = await MockServer.create(
    pactWith([
      {
        description: 'a request for the book 978-0',
        request: { method: 'GET', path: '/books/978-0', headers: { Accept: 'application/json' } },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { isbn: '978-0', title: 'Dune', authors: ['Frank Herbert'] },
        },
      },
      {
        description: 'a request for a book that does not exist',
        request: { method: 'GET', path: '/books/000-0', headers: { Accept: 'application/json' } },
        response: { status: 404 },
      },
    ]),
  )
})
afterAll(async () => {
  await server.writePact(PACT_DIR)
  await server.shutdown()
})

test('a book by ISBN, and null for one that does not exist', async () => {
  const client = booksClient(server.url)
  expect(await client.byIsbn('978-0')).toEqual({ isbn: '978-0', title: 'Dune', authors: ['Frank Herbert'] })
  expect(await client.byIsbn('000-0')).toBeNull()
  expect(server.mismatches()).toEqual([])
  expect(server.matched()).toBe(true)
})

test('runs in a forked child process, not in a worker thread', async () => {
  const { isMainThread } = await import('node:worker_threads')
  expect(isMainThread).toBe(true)
  expect(process.send).toBeTypeOf('function')
})
