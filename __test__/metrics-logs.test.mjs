// server.metrics(), server.logs() with the logLevel option, and the report option's page.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import { usersPact } from './cli-helpers.mjs'

import { MockServer } from '../index.js'

/** A server shut down when the test ends (Node 20 has no `await using`). */
async function create(t, pact, options) {
  const server = await MockServer.create(pact, options)
  t.after(() => server.shutdown())
  return server
}

test('metrics() counts every request and how it ended, exact once the response is received', async (t) => {
  const server = await create(t, usersPact(), { maxBodySize: 10 })
  assert.deepEqual(server.metrics(), { requests: 0, requestsByPath: {}, matched: 0, mismatched: 0, notFound: 0, rejected: 0 })
  await fetch(`${server.url}/users/1`)
  await fetch(`${server.url}/users/1`)
  await fetch(`${server.url}/health`)
  await fetch(`${server.url}/users/1?x=1`)
  await fetch(`${server.url}/nope`)
  await fetch(`${server.url}/users/1`, { method: 'POST', body: 'more than ten bytes' })
  assert.deepEqual(server.metrics(), {
    requests: 6,
    requestsByPath: { '/users/1': 4, '/health': 1, '/nope': 1 },
    matched: 3,
    mismatched: 1,
    notFound: 1,
    rejected: 1,
  })
})

test("logs() keeps this server's lines at its logLevel, warn by default", async (t) => {
  const quiet = await create(t, usersPact())
  const chatty = await create(t, usersPact(), { logLevel: 'debug' })
  for (const server of [quiet, chatty]) {
    await fetch(`${server.url}/users/1`)
    await fetch(`${server.url}/nope`)
  }
  assert.deepEqual(quiet.logs().map((line) => line.level), ['warn'])
  assert.match(quiet.logs()[0].message, /^Unexpected-Request: no interaction in the pact has GET \/nope/)

  const lines = chatty.logs()
  const messages = lines.map((line) => `${line.level} ${line.message}`)
  assert.equal(messages[0], 'info request received: GET /users/1')
  assert.match(messages[1], /^debug request: \{"method":"GET","path":"\/users\/1"/)
  assert.equal(messages[2], "info matched interaction 'user 1'")
  assert.equal(messages[3], 'info answered 200 to GET /users/1')
  assert.match(messages[4], /^debug response to GET \/users\/1: 200 \[.*\] \{"id":1,"name":"Ann"\}$/)
  assert.ok(messages.includes('info answered 500 to GET /nope'), messages.join('\n'))
  const time = lines[0].time
  assert.ok(Math.abs(time - Date.now()) < 60_000, 'time is milliseconds since the epoch')
  assert.notEqual(quiet.logs().length, chatty.logs().length, 'each server has its own buffer')
})

test('logLevel and report are checked like the other options', async () => {
  await assert.rejects(MockServer.create(usersPact(), { logLevel: 'verbose' }), { code: 'ERR_INVALID_OPTION', message: /logLevel/ })
  await assert.rejects(MockServer.create(usersPact(), { report: 'yes' }), { code: 'ERR_INVALID_OPTION', message: /report/ })
})

test('report: true serves the page at reportUrl; the pact answers first; off by default', async (t) => {
  const off = await create(t, usersPact())
  assert.equal(off.reportUrl, null)
  assert.equal((await fetch(`${off.url}/__pact/`)).status, 500, 'without the option /__pact/ is an unexpected request')

  const pact = usersPact()
  pact.interactions.push({ description: 'its own', request: { method: 'GET', path: '/__pact/data' }, response: { status: 418 } })
  const server = await create(t, pact, { report: true })
  assert.equal(server.reportUrl, `${server.url}/__pact/`)
  const page = await fetch(server.reportUrl)
  assert.equal(page.status, 200)
  assert.match(page.headers.get('content-type'), /^text\/html/)
  assert.match(await page.text(), /<title>Pact mock server report<\/title>/)
  assert.equal((await fetch(`${server.url}/__pact/data`)).status, 418, 'a request the pact matches is answered from the pact')
  assert.equal(server.requestCount, 1, "the page's own request is not recorded")
  assert.equal(server.metrics().requests, 1)
})

test('PACT_MOCK_SERVER_LOG still writes the process-wide log to stderr', async (t) => {
  const script = `
    const { MockServer } = require('./load.cjs')
    MockServer.create(${JSON.stringify(JSON.stringify(usersPact()))}).then(async (server) => {
      await fetch(server.url + '/users/1')
      await server.shutdown()
    })
  `
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, PACT_MOCK_SERVER_LOG: 'info' },
  })
  assert.equal(stdout, '', 'nothing on stdout')
  assert.match(stderr, /matched interaction 'user 1'/)
})
