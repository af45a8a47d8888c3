// MockServer end to end: V2, V3 and V4 pacts over real HTTP.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { MockServer } from '../index.js'
import { fixture, fixtureText, portRefuses, send, tempDir } from './helpers.mjs'

test('a V2 pact: matching and mismatching requests, all three kinds of result', async () => {
  const server = await MockServer.create(fixture('v2-users.json'))
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(server.host, '127.0.0.1')
    assert.equal(server.url, `http://127.0.0.1:${server.port}`)
    assert.equal(server.caCertificate, null)
    assert.equal(typeof server.id, 'string')

    const user = await send(`${server.url}/users/1`, { headers: { Accept: 'application/json' } })
    assert.equal(user.status, 200)
    assert.equal(user.headers.get('content-type'), 'application/json')
    assert.deepEqual(user.json, { id: 1, name: 'Ann', roles: ['admin'] })

    const wrongAge = await send(`${server.url}/users`, { method: 'POST', json: { name: 'Bob', age: 'old' } })
    assert.equal(wrongAge.status, 500)
    assert.equal(wrongAge.headers.get('x-pact'), 'Request-Mismatch')
    assert.match(wrongAge.json.error, /a request to create a user/)
    assert.equal(wrongAge.json.mismatches[0].type, 'request-mismatch')

    const unknown = await send(`${server.url}/teams`)
    assert.equal(unknown.status, 500)
    assert.equal(unknown.headers.get('x-pact'), 'Unexpected-Request')

    assert.equal(server.matched(), false)
    const results = server.mismatches()
    assert.deepEqual(
      results.map((r) => r.type),
      ['request-mismatch', 'request-not-found', 'missing-request'],
    )
    const [mismatch, notFound, missing] = results
    assert.equal(mismatch.method, 'POST')
    assert.equal(mismatch.path, '/users')
    assert.equal(mismatch.interaction, 'a request to create a user')
    assert.deepEqual(mismatch.request.body, { name: 'Bob', age: 'old' })
    assert.equal(mismatch.request.headers['content-type'], 'application/json')
    assert.equal(mismatch.mismatches.length, 1)
    assert.equal(mismatch.mismatches[0].type, 'BodyMismatch')
    assert.equal(mismatch.mismatches[0].path, '$.age')
    assert.equal(mismatch.mismatches[0].expected, '30')
    assert.equal(mismatch.mismatches[0].actual, '"old"')
    assert.match(mismatch.mismatches[0].mismatch, /Expected .*old.* \(String\) to be the same type as 30 \(Integer\)/)

    assert.deepEqual(notFound, {
      type: 'request-not-found',
      method: 'GET',
      path: '/teams',
      request: notFound.request,
    })
    assert.equal(notFound.request.path, '/teams')

    assert.equal(missing.type, 'missing-request')
    assert.equal(missing.interaction, 'a request to create a user')
    assert.equal(missing.method, 'POST')
    assert.deepEqual(missing.request.body, { name: 'Bob', age: 30 })
  } finally {
    await server.shutdown()
  }
})

test('a V2 pact is matched once every interaction arrived, and is written as V2', async () => {
  const server = await MockServer.create(fixtureText('v2-users.json'))
  try {
    await send(`${server.url}/users/1`, { headers: { Accept: 'application/json' } })
    const created = await send(`${server.url}/users`, { method: 'POST', json: { name: 'Cy', age: 41 } })
    assert.equal(created.status, 201)
    assert.equal(created.headers.get('location'), '/users/2')
    assert.equal(server.matched(), true)
    assert.deepEqual(server.mismatches(), [])

    const dir = tempDir()
    const path = await server.writePact(dir)
    assert.equal(path, join(dir, 'users-web-users-api.json'))
    const written = JSON.parse(readFileSync(path, 'utf8'))
    assert.equal(written.metadata.pactSpecification.version, '2.0.0')
    assert.equal(written.interactions.length, 2)
    assert.deepEqual(written.interactions[1].request.matchingRules['$.body.age'], { match: 'type' })
    assert.equal(written.interactions[0].providerState, 'user 1 exists')
  } finally {
    await server.shutdown()
  }
})

test('a V3 pact: query and header rules, generators in the response', async () => {
  const server = await MockServer.create(fixture('v3-orders.json'))
  try {
    const orders = await send(`${server.url}/orders?status=open&page=7`)
    assert.equal(orders.status, 200)
    const [order] = orders.json.orders
    assert.ok(order.id >= 1000 && order.id <= 9999, `generated id ${order.id}`)
    assert.match(order.ref, /^ORD-\d{4}$/)
    assert.equal(order.href, `${server.url}/orders/10`, 'MockServerURL uses the real url')

    const update = await send(`${server.url}/orders/10`, {
      method: 'PUT',
      headers: { 'X-Request-Id': 'xyz-987' },
      json: { status: 'shipped', items: 5 },
    })
    assert.equal(update.status, 204)
    assert.equal(server.matched(), true)

    const badHeader = await send(`${server.url}/orders/10`, {
      method: 'PUT',
      headers: { 'X-Request-Id': 'nope' },
      json: { status: 'shipped', items: 2.5 },
    })
    assert.equal(badHeader.status, 500)
    const [result] = server.mismatches()
    assert.equal(result.type, 'request-mismatch')
    assert.deepEqual(
      result.mismatches.map((m) => m.type),
      ['HeaderMismatch', 'BodyMismatch'],
      'items are ordered method, path, query, headers, body',
    )
    assert.equal(result.mismatches[0].key, 'X-Request-Id')
    assert.equal(result.mismatches[1].path, '$.items')

    const badQuery = await send(`${server.url}/orders?status=open&page=first`)
    assert.equal(badQuery.status, 500)
    const query = server.mismatches()[1]
    assert.equal(query.mismatches[0].type, 'QueryMismatch')
    assert.equal(query.mismatches[0].parameter, 'page')
    assert.deepEqual(query.request.query, { status: ['open'], page: ['first'] })
  } finally {
    await server.shutdown()
  }
})

test('a V4 pact: HTTP interactions are served, the message interaction is kept', async () => {
  const server = await MockServer.create(fixture('v4-catalog.json'))
  try {
    const product = await send(`${server.url}/products/7`)
    assert.equal(product.status, 200, 'the path regex matches any product id')
    assert.equal(product.json.name, 'Lamp')
    assert.match(product.json.sku, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.notEqual(product.json.sku, 'a1b2c3d4-0000-4000-8000-000000000000', 'the Uuid generator ran')

    const created = await send(`${server.url}/products`, { method: 'POST', json: { name: 'Desk', price: 99.99 } })
    assert.equal(created.status, 201)
    assert.equal(server.matched(), true, JSON.stringify(server.mismatches()))

    const dir = tempDir()
    const written = JSON.parse(readFileSync(await server.writePact(dir), 'utf8'))
    assert.equal(written.metadata.pactSpecification.version, '4.0')
    assert.equal(written.interactions.length, 3)
    assert.ok(written.interactions.some((i) => i.type === 'Asynchronous/Messages'))
  } finally {
    await server.shutdown()
  }
})

test('shutdown closes the port, can be repeated, and keeps what was recorded', async () => {
  const server = await MockServer.create(fixture('v2-users.json'))
  const { port, url } = server
  await send(`${url}/nothing`)
  await server.shutdown()
  assert.equal(await portRefuses(port), true)
  await server.shutdown()
  await Promise.all([server.shutdown(), server.shutdown()])
  assert.equal(server.mismatches()[0].type, 'request-not-found')
})

test('several servers run at once, each on its own port', async () => {
  const servers = await Promise.all([1, 2, 3, 4].map((n) => MockServer.create(fixture('v2-users.json'), { id: `multi-${n}` })))
  try {
    assert.equal(new Set(servers.map((s) => s.port)).size, 4)
    assert.deepEqual(servers.map((s) => s.id), ['multi-1', 'multi-2', 'multi-3', 'multi-4'])
    await Promise.all(servers.map((s) => send(`${s.url}/users/1`, { headers: { Accept: 'application/json' } })))
    for (const server of servers) {
      assert.deepEqual(server.mismatches().map((r) => r.type), ['missing-request'])
    }
  } finally {
    await Promise.all(servers.map((s) => s.shutdown()))
  }
})

test('requests() lists what arrived and how it ended', async () => {
  const server = await MockServer.create(fixture('v2-users.json'), { requestLogLimit: 2 })
  try {
    await send(`${server.url}/users/1`, { headers: { Accept: 'application/json' } })
    await send(`${server.url}/users`, { method: 'POST', json: { name: 'Bob', age: 'x' } })
    await send(`${server.url}/elsewhere?x=1`)
    const log = server.requests()
    assert.equal(server.requestCount, 3)
    assert.deepEqual(log.map((r) => r.seq), [2, 3])
    assert.equal(log[0].outcome.type, 'mismatched')
    assert.equal(log[0].outcome.interaction, 'a request to create a user')
    assert.equal(log[0].outcome.mismatches[0].path, '$.age')
    assert.deepEqual(log[1].outcome, { type: 'not-found' })
    assert.deepEqual(log[1].query, { x: ['1'] })
  } finally {
    await server.shutdown()
  }
})
