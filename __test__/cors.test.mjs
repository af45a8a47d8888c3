// CORS: with `cors: true` a browser's preflight is answered and every answer can be read by the
// page; without it, nothing is added and a preflight is an ordinary unexpected request.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { MockServer } from '../index.js'
import { fixture, send } from './helpers.mjs'

const origin = 'http://app.test:3000'
const preflight = {
  method: 'OPTIONS',
  headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-trace' },
}

/** The v2 users pact, with a header the pact itself declares on one response. */
function usersPact() {
  const pact = fixture('v2-users.json')
  pact.interactions[0].response.headers['Access-Control-Allow-Origin'] = '*'
  return pact
}

test('cors: true answers an unmatched preflight with 204 and does not count it as a mismatch', async () => {
  const server = await MockServer.create(usersPact(), { cors: true })
  try {
    const answer = await send(`${server.url}/users`, preflight)
    assert.equal(answer.status, 204)
    assert.equal(answer.headers.get('access-control-allow-origin'), origin)
    assert.match(answer.headers.get('access-control-allow-methods'), /\bPOST\b/)
    assert.equal(answer.headers.get('access-control-allow-headers'), 'content-type, x-trace')
    assert.equal(answer.headers.get('access-control-allow-credentials'), 'true')
    assert.equal(answer.text, '')

    assert.deepEqual(
      server.mismatches().map((result) => result.type),
      ['missing-request', 'missing-request'],
      'the preflight is no mismatch',
    )
    const [logged] = server.requests()
    assert.equal(logged.method, 'OPTIONS')
    assert.deepEqual(logged.outcome, { type: 'cors-preflight' })

    // The pact's requests then arrive as the browser sends them, and the server is matched.
    await send(`${server.url}/users/1`, { headers: { Accept: 'application/json', Origin: origin } })
    const created = await send(`${server.url}/users`, { method: 'POST', json: { name: 'Cy', age: 41 }, headers: { Origin: origin } })
    assert.equal(created.status, 201)
    assert.equal(server.matched(), true, JSON.stringify(server.mismatches()))
  } finally {
    await server.shutdown()
  }
})

test('cors: true adds CORS headers to answers, never a second copy of one the pact declares', async () => {
  const server = await MockServer.create(usersPact(), { cors: true })
  try {
    const created = await send(`${server.url}/users`, { method: 'POST', json: { name: 'Cy', age: 41 }, headers: { Origin: origin } })
    assert.equal(created.status, 201)
    assert.equal(created.headers.get('access-control-allow-origin'), origin)
    assert.equal(created.headers.get('access-control-allow-credentials'), 'true')
    // So that the page can read the Location the pact promises.
    assert.match(created.headers.get('access-control-expose-headers'), /\blocation\b/)

    const user = await send(`${server.url}/users/1`, { headers: { Accept: 'application/json', Origin: origin } })
    assert.equal(user.status, 200)
    // fetch joins repeated headers with ", ": one copy is exactly the pact's value.
    assert.equal(user.headers.get('access-control-allow-origin'), '*')

    // A mismatch reaches the page too, so that its explanation can be read.
    const wrong = await send(`${server.url}/teams`, { headers: { Origin: origin } })
    assert.equal(wrong.status, 500)
    assert.equal(wrong.headers.get('access-control-allow-origin'), origin)
    assert.match(wrong.json.error, /Unexpected-Request/)
  } finally {
    await server.shutdown()
  }
})

test('a preflight the pact describes is answered from the pact', async () => {
  const pact = fixture('v2-users.json')
  pact.interactions.push({
    description: 'a preflight for users',
    request: { method: 'OPTIONS', path: '/users' },
    response: { status: 200, headers: { 'Access-Control-Allow-Origin': 'http://only.test' } },
  })
  const server = await MockServer.create(pact, { cors: true })
  try {
    const answer = await send(`${server.url}/users`, preflight)
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://only.test')
    assert.deepEqual(server.requests()[0].outcome, { type: 'matched', interaction: 'a preflight for users' })
  } finally {
    await server.shutdown()
  }
})

test('cors off (the default): a preflight is an unexpected request and no CORS header is added', async () => {
  const server = await MockServer.create(fixture('v2-users.json'))
  try {
    const answer = await send(`${server.url}/users`, preflight)
    assert.equal(answer.status, 500)
    assert.equal(answer.headers.get('x-pact'), 'Unexpected-Request')
    assert.equal(answer.headers.get('access-control-allow-origin'), null)

    const user = await send(`${server.url}/users/1`, { headers: { Accept: 'application/json', Origin: origin } })
    assert.equal(user.status, 200)
    assert.deepEqual(
      [...user.headers.keys()].filter((name) => name.startsWith('access-control-')),
      [],
    )
    assert.equal(server.mismatches()[0].type, 'request-not-found')
    assert.equal(server.mismatches()[0].method, 'OPTIONS')
  } finally {
    await server.shutdown()
  }
})
