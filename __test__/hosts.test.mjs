// The hosts a server binds, the url it reports for each (always one a client can connect to), and
// the errors for an address that cannot be bound or a port that is taken.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { get } from 'node:http'
import { createServer } from 'node:net'

import { MockServer, createMockServer } from '../index.js'
import { fixture, ipv6Available, portRefuses } from './helpers.mjs'

const pact = () => fixture('v2-users.json')

/** GET /users/1 on one exact address (no name resolution), resolving to the status. */
function statusAt(address, port) {
  return new Promise((resolve, reject) => {
    const request = get({ host: address, port, path: '/users/1', headers: { Accept: 'application/json' }, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode))
    })
    request.on('error', reject)
  })
}

/** GET on a url as a client would, by the name or address it contains. */
function statusOf(url) {
  return new Promise((resolve, reject) => {
    get(`${url}/users/1`, { headers: { Accept: 'application/json' }, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode))
    }).on('error', reject)
  })
}

function listen(host, port = 0) {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ host, port, ipv6Only: true }, () => resolve(server))
  })
}

test('the default host is 127.0.0.1', async () => {
  const server = await MockServer.create(pact())
  try {
    assert.equal(server.host, '127.0.0.1')
    assert.equal(server.url, `http://127.0.0.1:${server.port}`)
    assert.equal(await statusOf(server.url), 200)
  } finally {
    await server.shutdown()
  }
})

test('localhost serves 127.0.0.1 and ::1 on the same port, and the url says localhost', async (t) => {
  const server = await MockServer.create(pact(), { host: 'localhost' })
  try {
    assert.equal(server.host, 'localhost')
    assert.equal(server.url, `http://localhost:${server.port}`)
    assert.equal(await statusOf(server.url), 200)
    assert.equal(await statusAt('127.0.0.1', server.port), 200)
    if (await ipv6Available()) {
      assert.equal(await statusAt('::1', server.port), 200)
    } else {
      t.diagnostic('skipped ::1: IPv6 is not available on this machine')
    }
  } finally {
    await server.shutdown()
  }
  assert.equal(await portRefuses(server.port, '127.0.0.1'), true)
  if (await ipv6Available()) assert.equal(await portRefuses(server.port, '::1'), true)
})

test('::1 serves IPv6 with the address in brackets in the url', async (t) => {
  if (!(await ipv6Available())) {
    t.skip('IPv6 is not available on this machine')
    return
  }
  const server = await MockServer.create(pact(), { host: '::1' })
  try {
    assert.equal(server.url, `http://[::1]:${server.port}`)
    assert.equal(await statusOf(server.url), 200)
  } finally {
    await server.shutdown()
  }
})

test('0.0.0.0 and :: bind every interface, and the url names a loopback address', async (t) => {
  const hosts = [['0.0.0.0', '127.0.0.1']]
  if (await ipv6Available()) hosts.push(['::', '[::1]'])
  else t.diagnostic('skipped ::: IPv6 is not available on this machine')
  for (const [host, urlHost] of hosts) {
    const server = await MockServer.create(pact(), { host })
    try {
      assert.equal(server.host, host)
      assert.equal(server.url, `http://${urlHost}:${server.port}`)
      assert.doesNotMatch(server.url, /0\.0\.0\.0|\[::\]/)
      assert.equal(await statusOf(server.url), 200, host)
    } finally {
      await server.shutdown()
    }
  }
})

test('an address that cannot be bound is ERR_ADDRESS_INVALID naming it', async () => {
  // 192.0.2.1 is reserved for documentation: no machine has it.
  for (const host of ['192.0.2.1', 'no-such-host.invalid']) {
    await assert.rejects(MockServer.create(pact(), { host }), (err) => {
      assert.equal(err.code, 'ERR_ADDRESS_INVALID')
      assert.ok(err.message.includes(host), err.message)
      return true
    })
  }
})

test('a port in use is ERR_ADDRESS_IN_USE, also when localhost finds it taken on ::1 only', async (t) => {
  const taken = await listen('127.0.0.1')
  try {
    const { port } = taken.address()
    await assert.rejects(MockServer.create(pact(), { port }), { code: 'ERR_ADDRESS_IN_USE', message: /port 0 lets|pass port 0/ })
    await assert.rejects(createMockServer(JSON.stringify(pact()), port), { code: 'ERR_ADDRESS_IN_USE' })
  } finally {
    taken.close()
  }
  if (!(await ipv6Available())) {
    t.diagnostic('skipped the ::1 case: IPv6 is not available on this machine')
    return
  }
  const takenOnV6 = await listen('::1')
  try {
    const { port } = takenOnV6.address()
    await assert.rejects(MockServer.create(pact(), { host: 'localhost', port }), { code: 'ERR_ADDRESS_IN_USE' })
    // The failed start left nothing bound on 127.0.0.1.
    assert.equal(await portRefuses(port, '127.0.0.1'), true)
  } finally {
    takenOnV6.close()
  }
})
