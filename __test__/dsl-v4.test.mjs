// PactV4 (Pact) end to end against the real server: the builder's calls, executeTest's semantics
// (fresh server per run, resolves to the test's value, merge on success, write nothing and reject
// with PactMismatchError on a mismatch, rethrow the test's own error with the mismatches, always
// shut down), bodies of every kind, and the options' errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { MatchersV3 as M, Pact, PactMismatchError, PactV4, SpecificationVersion, HTTPResponseStatusClass } from '../index.mjs'
import { portRefuses, tempDir } from './helpers.mjs'

function setup(t, options = {}) {
  const dir = tempDir('pact-dsl-v4-')
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const pact = new PactV4({ consumer: 'web', provider: 'orders', dir, ...options })
  const file = join(dir, 'web-orders.json')
  return { dir, pact, file, read: () => JSON.parse(readFileSync(file, 'utf8')) }
}

test('Pact is PactV4', () => {
  assert.equal(Pact, PactV4)
})

test('a test with matchers everywhere: the server answers the examples and the pact holds the rules', async (t) => {
  const { pact, read } = setup(t)
  const value = await pact
    .addInteraction()
    .given('an order exists', { id: 7 })
    .given('the user is logged in')
    .uponReceiving('a request to update order 7')
    .withRequest('PUT', M.regex('/orders/\\d+', '/orders/7'), (builder) => {
      builder
        .query({ version: M.integer(3), tag: ['a', M.regex('[a-z]+', 'b')] })
        .headers({ 'X-Request-Id': M.uuid('e2490de5-5bd3-43d5-b7c4-526e33f71305') })
        .jsonBody({ quantity: M.integer(2), lines: M.eachLike({ sku: M.string('A-1') }) })
    })
    .willRespondWith(M.matchStatus(202, HTTPResponseStatusClass.Success), (builder) => {
      builder.headers({ 'X-Version': M.regex('\\d+', '4') }).jsonBody({ id: M.integer(7), updatedAt: M.iso8601DateTime(), token: M.uuid() })
    })
    .executeTest(async (server) => {
      const response = await fetch(`${server.url}/orders/123?version=9&tag=x&tag=yz`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
        body: JSON.stringify({ quantity: 5, lines: [{ sku: 'B' }, { sku: 'C' }] }),
      })
      return { status: response.status, version: response.headers.get('x-version'), body: await response.json() }
    })
  assert.equal(value.status, 202)
  assert.equal(value.version, '4')
  assert.equal(value.body.id, 7)
  assert.equal(value.body.updatedAt, '2015-08-06T16:53:10+01:00')
  assert.match(value.body.token, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.notEqual(value.body.token, 'e2490de5-5bd3-43d5-b7c4-526e33f71304', 'the Uuid generator made a new one')

  const written = read()
  assert.equal(written.metadata.pactSpecification.version, '4.0')
  const [interaction] = written.interactions
  assert.equal(interaction.type, 'Synchronous/HTTP')
  assert.deepEqual(interaction.providerStates, [{ name: 'an order exists', params: { id: 7 } }, { name: 'the user is logged in' }])
  assert.equal(interaction.request.path, '/orders/7')
  assert.deepEqual(interaction.request.query, { version: ['3'], tag: ['a', 'b'] })
  assert.deepEqual(interaction.request.body.content, { quantity: 2, lines: [{ sku: 'A-1' }] })
  assert.equal(interaction.request.matchingRules.path.matchers[0].match, 'regex')
  assert.equal(interaction.request.matchingRules.body['$.quantity'].matchers[0].match, 'integer')
  assert.deepEqual(interaction.request.matchingRules.body['$.lines'].matchers[0], { match: 'type', min: 1 })
  assert.equal(interaction.request.matchingRules.header['X-Request-Id'].matchers[0].match, 'regex')
  assert.equal(interaction.response.status, 202)
  assert.deepEqual(interaction.response.matchingRules.status.$.matchers[0], { match: 'statusCode', status: 'success' })
  assert.equal(interaction.response.generators.body['$.token'].type, 'Uuid')
})

test('executeTest gives the test the server (url, port, host, a real id, caCertificate) and resolves to its value', async (t) => {
  const { pact } = setup(t)
  let seen
  const value = await pact
    .addInteraction()
    .uponReceiving('a ping')
    .withRequest('GET', '/ping')
    .willRespondWith(204)
    .executeTest(async (server) => {
      seen = server
      await fetch(`${server.url}/ping`)
      return 'value of the test'
    })
  assert.equal(value, 'value of the test')
  assert.equal(seen.url, `http://127.0.0.1:${seen.port}`)
  assert.equal(seen.host, '127.0.0.1')
  assert.equal(typeof seen.id, 'string')
  assert.notEqual(seen.id, 'unknown')
  assert.ok(seen.id.length > 0)
  assert.equal(seen.caCertificate, null)
  assert.equal(await portRefuses(seen.port), true, 'the server is shut down')
})

test('a mismatch rejects with PactMismatchError, writes nothing and shuts the server down', async (t) => {
  const { pact, file } = setup(t)
  let port
  const run = pact
    .addInteraction()
    .uponReceiving('a request for order 1')
    .withRequest('GET', '/orders/1')
    .willRespondWith(200, (builder) => builder.jsonBody({ id: 1 }))
    .executeTest(async (server) => {
      port = server.port
      const response = await fetch(`${server.url}/orders/2`)
      return response.status
    })
  await assert.rejects(run, (error) => {
    assert.ok(error instanceof PactMismatchError)
    assert.equal(error.code, 'ERR_PACT_MISMATCH')
    assert.deepEqual(error.mismatches.map((result) => result.type).sort(), ['missing-request', 'request-not-found'])
    assert.match(error.message, /GET \/orders\/2/)
    return true
  })
  assert.equal(existsSync(file), false, 'nothing written')
  assert.equal(await portRefuses(port), true)
})

test("a test that throws has its own error rethrown, with the server's mismatches attached; nothing is written", async (t) => {
  const { pact, file } = setup(t)
  const thrown = new Error('the client failed')
  let port
  const run = pact
    .addInteraction()
    .uponReceiving('a request')
    .withRequest('GET', '/a')
    .willRespondWith(200)
    .executeTest(async (server) => {
      port = server.port
      await fetch(`${server.url}/b`)
      throw thrown
    })
  await assert.rejects(run, (error) => {
    assert.equal(error, thrown)
    assert.deepEqual(error.mismatches.map((result) => result.type).sort(), ['missing-request', 'request-not-found'])
    return true
  })
  assert.equal(existsSync(file), false)
  assert.equal(await portRefuses(port), true)
})

test('each executeTest runs the interactions added since the last one, and merges them into the file', async (t) => {
  const { pact, read } = setup(t)
  pact.addInteraction().uponReceiving('first').withRequest('GET', '/1').willRespondWith(200)
  const statuses = await pact
    .addInteraction()
    .uponReceiving('second')
    .withRequest('GET', '/2')
    .willRespondWith(201)
    .executeTest(async ({ url }) => [(await fetch(`${url}/1`)).status, (await fetch(`${url}/2`)).status])
  assert.deepEqual(statuses, [200, 201])
  // The next run has only its own interaction: /1 is no longer served.
  await assert.rejects(
    pact
      .addInteraction()
      .uponReceiving('third')
      .withRequest('GET', '/3')
      .willRespondWith(202)
      .executeTest(async ({ url }) => {
        await fetch(`${url}/3`)
        await fetch(`${url}/1`)
      }),
    { code: 'ERR_PACT_MISMATCH' },
  )
  await pact.addInteraction().uponReceiving('fourth').withRequest('GET', '/4').willRespondWith(200).executeTest(async ({ url }) => fetch(`${url}/4`))
  assert.deepEqual(read().interactions.map((interaction) => interaction.description), ['first', 'second', 'fourth'])
})

test('V4 metadata of an interaction: pending, comments, test name, references, key', async (t) => {
  const { pact, read } = setup(t)
  await pact
    .addInteraction()
    .uponReceiving('described')
    .pending()
    .comment('a text comment')
    .comment({ key: 'ticket', value: 'T-9' })
    .testName('orders › described')
    .reference('jira', 'issue', 'T-9')
    .key('described-1')
    .withRequest('GET', '/d')
    .willRespondWith(200)
    .executeTest(async ({ url }) => fetch(`${url}/d`))
  const [interaction] = read().interactions
  assert.equal(interaction.pending, true)
  assert.equal(interaction.key, 'described-1')
  assert.deepEqual(interaction.comments, { text: ['a text comment'], ticket: 'T-9', testname: 'orders › described', references: { jira: { issue: 'T-9' } } })
})

test('binary bodies (body, binaryFile) and a multipart upload', async (t) => {
  const { pact, dir, read } = setup(t)
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
  const imageFile = join(dir, 'logo.png')
  writeFileSync(imageFile, png)
  const textFile = join(dir, 'notes.txt')
  writeFileSync(textFile, 'some notes\n')
  pact.addInteraction().uponReceiving('a logo').withRequest('GET', '/logo').willRespondWith(200, (b) => b.binaryFile('image/png', imageFile))
  // Bytes are matched by the content type detected in them, as in pact-js: these are a PNG.
  pact.addInteraction().uponReceiving('raw bytes').withRequest('POST', '/raw', (b) => b.body('image/png', png)).willRespondWith(200, (b) => b.body('image/png', png))
  const result = await pact
    .addInteraction()
    .uponReceiving('an upload')
    .withRequest('POST', '/upload', (b) => b.multipartBody('text/plain', textFile, 'file', 'XyZ'))
    .willRespondWith(201)
    .executeTest(async ({ url }) => {
      const logo = await fetch(`${url}/logo`)
      const raw = await fetch(`${url}/raw`, { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: Buffer.concat([png, Buffer.from([1, 2])]) })
      const form = new FormData()
      form.append('file', new Blob(['other notes\n'], { type: 'text/plain' }), 'notes.txt')
      const upload = await fetch(`${url}/upload`, { method: 'POST', body: form })
      return {
        logo: [logo.headers.get('content-type'), Buffer.from(await logo.arrayBuffer())],
        raw: Buffer.from(await raw.arrayBuffer()),
        upload: upload.status,
      }
    })
  assert.equal(result.logo[0], 'image/png')
  assert.deepEqual(result.logo[1], png)
  assert.deepEqual(result.raw, png)
  assert.equal(result.upload, 201)
  const [logo, raw, upload] = read().interactions
  assert.deepEqual(logo.response.body, { content: png.toString('base64'), contentType: 'image/png', encoded: 'base64' })
  assert.deepEqual(logo.response.matchingRules.body.$.matchers, [{ match: 'contentType', value: 'image/png' }])
  assert.deepEqual(Buffer.from(raw.request.body.content, 'base64'), png)
  assert.deepEqual(upload.request.headers['Content-Type'], ['multipart/form-data; boundary=XyZ'])
  assert.equal(upload.request.matchingRules.header['Content-Type'].matchers[0].match, 'regex')
  assert.deepEqual(upload.request.matchingRules.body['$.file'].matchers, [{ match: 'contentType', value: 'text/plain' }])
  assert.match(Buffer.from(upload.request.body.content, 'base64').toString(), /^--XyZ\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text\/plain\r\n\r\nsome notes\n\r\n--XyZ--\r\n$/)
})

test('withCompleteRequest / withCompleteResponse, explicit matchingRules, and the spec option', async (t) => {
  const { pact, read } = setup(t, { spec: SpecificationVersion.SPECIFICATION_VERSION_V3 })
  pact
    .addInteraction()
    .uponReceiving('complete')
    .withCompleteRequest({ method: 'POST', path: '/c', headers: { 'Content-Type': 'application/json' }, body: { n: M.integer(1) } })
    .withCompleteResponse({ status: 200, body: { ok: M.boolean(true) } })
  const body = await pact
    .addInteraction()
    .uponReceiving('with rules')
    .withRequest('GET', '/r', (b) => b.headers({ 'X-Count': '5' }).matchingRules({ header: { path: 'X-Count', rules: [M.regex('\\d+', '5')] } }))
    .willRespondWith(200, (b) => b.jsonBody({ a: 'x' }).matchingRules({ body: [{ path: '$.a', rules: [M.like('x')] }] }))
    .executeTest(async ({ url }) => {
      await fetch(`${url}/c`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n":42}' })
      return (await fetch(`${url}/r`, { headers: { 'X-Count': '12345' } })).json()
    })
  assert.deepEqual(body, { a: 'x' })
  const written = read()
  assert.equal(written.metadata.pactSpecification.version, '3.0.0')
  assert.equal(written.interactions[0].request.matchingRules.body['$.n'].matchers[0].match, 'integer')
  // As pact-js writes them: a matcher's example is not part of its rule.
  assert.deepEqual(written.interactions[1].request.matchingRules.header['X-Count'].matchers, [{ match: 'regex', regex: '\\d+' }])
  assert.deepEqual(written.interactions[1].response.matchingRules.body['$.a'].matchers, [{ match: 'type' }])
})

test('TLS: an https url and the CA certificate; CORS preflights are answered by default', async (t) => {
  const { pact } = setup(t, { tls: true })
  const seen = await pact
    .addInteraction()
    .uponReceiving('secure')
    .withRequest('GET', '/s')
    .willRespondWith(200)
    .executeTest(async (server) => {
      const https = await import('node:https')
      const get = (path, method = 'GET') =>
        new Promise((resolve, reject) => {
          const request = https.request(`${server.url}${path}`, { ca: server.caCertificate, method, headers: { Origin: 'http://x', 'Access-Control-Request-Method': 'GET' } }, (response) => {
            response.resume()
            response.on('end', () => resolve(response.statusCode))
          })
          request.on('error', reject)
          request.end()
        })
      return { url: server.url, ca: server.caCertificate, status: await get('/s'), preflight: await get('/other', 'OPTIONS') }
    })
  assert.match(seen.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.match(seen.ca, /BEGIN CERTIFICATE/)
  assert.equal(seen.status, 200)
  assert.equal(seen.preflight, 204)
})

test('wrong options and calls are ERR_INVALID_OPTION; a bad plugin config is one; messages say they are not supported', (t) => {
  const bad = [
    [{ consumer: 'a' }, /provider is required/],
    [{ provider: 'b' }, /consumer is required/],
    [{ consumer: 'a', provider: 'b', colour: 'red' }, /unknown option 'colour'/],
    [{ consumer: 'a', provider: 'b', port: 'x' }, /port must be an integer/],
    [{ consumer: 'a', provider: 'b', port: 70000 }, /port must be/],
    [{ consumer: 'a', provider: 'b', cors: 'yes' }, /cors must be true or false/],
    [{ consumer: 'a', provider: 'b', logLevel: 'loud' }, /logLevel must be one of/],
    [{ consumer: 'a', provider: 'b', spec: 2 }, /spec must be a SpecificationVersion/],
    [{ consumer: 'a', provider: 'b', dir: 5 }, /dir must be/],
    [{ consumer: 'a', provider: 'b', tls: 'on' }, /tls must be/],
    [{ consumer: 'a', provider: 'b', maxBodySize: -1 }, /maxBodySize must be/],
    [null, /options must be an object/],
  ]
  for (const [options, message] of bad) {
    assert.throws(() => new PactV4(options), (error) => error.code === 'ERR_INVALID_OPTION' && message.test(error.message), JSON.stringify(options))
  }
  const { pact } = setup(t)
  const interaction = pact.addInteraction()
  assert.throws(() => interaction.given('s', { when: undefined, nested: { f: undefined } }), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => interaction.withRequest('GET', 5), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => interaction.withRequest('GET', '/').willRespondWith(42), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => pact.addInteraction().withRequest('GET', '/', (b) => b.headers({ A: 5n })), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => pact.addInteraction().withRequest('GET', '/', (b) => b.matchingRules({ cookies: [] })), /unknown part 'cookies'/)
  assert.throws(() => pact.addInteraction().withRequest('GET', '/', (b) => b.binaryFile('image/png', '/no/such/file.png')), /cannot read the file/)
  assert.throws(() => pact.addInteraction().usingPlugin({ version: '1' }), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => pact.addInteraction().usingPlugin({ plugin: 'protobuf', version: 1 }), /version must be a string/)
  assert.throws(() => pact.addAsynchronousInteraction(), /message pacts are not supported yet/)
  assert.throws(() => pact.addSynchronousInteraction('x').withRequest(() => {}), /message pacts without a plugin are not supported yet/)
  assert.throws(() => pact.addSynchronousInteraction(5), { code: 'ERR_INVALID_OPTION' })
})

test('executeTest without a function, or with an unfinished interaction, rejects', async (t) => {
  const { pact } = setup(t)
  const ready = pact.addInteraction().withRequest('GET', '/').willRespondWith(200)
  await assert.rejects(ready.executeTest('not a function'), { code: 'ERR_INVALID_OPTION' })
  pact.addInteraction().uponReceiving('no response yet').withRequest('GET', '/x')
  await assert.rejects(
    pact.addInteraction().withRequest('GET', '/y').willRespondWith(200).executeTest(async () => 1),
    /\('no response yet'\) has no response/,
  )
})

test("pact-js names not supported yet can be imported; constructing one says it is not supported", async () => {
  const { MessageConsumerPact, MessageProviderPact, Verifier } = await import('../index.mjs')
  for (const [Class, what] of [[MessageConsumerPact, /message pacts are not supported yet/], [MessageProviderPact, /message pacts are not supported yet/], [Verifier, /provider verification is not supported yet/]]) {
    assert.throws(() => new Class({ consumer: 'a', provider: 'b' }), (error) => error.code === 'ERR_INVALID_OPTION' && what.test(error.message))
  }
})

test("a list header's text is split into its values (as pact-js's core does); other headers keep theirs whole", async (t) => {
  const { pact, read } = setup(t)
  const headers = { Accept: 'application/json, text/plain', 'X-Note': 'one, two', 'If-None-Match': ['"a", "b"'] }
  const status = await pact
    .addInteraction()
    .uponReceiving('headers with commas')
    .withRequest('GET', '/h', (b) => b.headers(headers))
    .willRespondWith(200, (b) => b.headers({ 'Cache-Control': 'no-cache, no-store' }))
    .executeTest(async ({ url }) => (await fetch(`${url}/h`, { headers: { Accept: 'application/json, text/plain', 'X-Note': 'one, two', 'If-None-Match': '"a", "b"' } })).status)
  assert.equal(status, 200)
  const [interaction] = read().interactions
  assert.deepEqual(interaction.request.headers, { Accept: ['application/json', 'text/plain'], 'X-Note': ['one, two'], 'If-None-Match': ['"a"', '"b"'] })
  assert.deepEqual(interaction.response.headers, { 'Cache-Control': ['no-cache, no-store'] })
})

// pact-js's iso8601Date expression has a look-ahead: the engine checks it with pact_matching's own
// regex engine, which has look-arounds.
test('iso8601Date works in a body, as with pact-js', async (t) => {
  const { pact } = setup(t)
  const body = await pact
    .addInteraction()
    .uponReceiving('a date')
    .withRequest('POST', '/d', (b) => b.jsonBody({ on: M.iso8601Date() }))
    .willRespondWith(200, (b) => b.jsonBody({ on: M.iso8601Date('2020-01-02') }))
    .executeTest(async ({ url }) => (await fetch(`${url}/d`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"on":"2021-12-31"}' })).json())
  assert.deepEqual(body, { on: '2020-01-02' })
})

test('setup() drops the interactions added since the last executeTest', async (t) => {
  const { pact } = setup(t)
  pact.addInteraction().uponReceiving('dropped').withRequest('GET', '/dropped').willRespondWith(200)
  pact.setup()
  const status = await pact.addInteraction().uponReceiving('kept').withRequest('GET', '/kept').willRespondWith(200).executeTest(async ({ url }) => (await fetch(`${url}/kept`)).status)
  assert.equal(status, 200)
})

test("url() answers with the mock server's own URL; fromProviderState and eachKeyMatches are served their examples", async (t) => {
  const { pact, read } = setup(t)
  const { body, url } = await pact
    .addInteraction()
    .given('user 5', { id: 5 })
    .uponReceiving('links')
    .withRequest('GET', '/links')
    .willRespondWith(200, (b) => b.jsonBody({ self: M.url(['users', M.regex('\\d+', '5')]), id: M.fromProviderState('${id}', 5), byName: M.eachKeyMatches({ ann: 1 }, M.regex('^[a-z]+$', 'ann')) }))
    .executeTest(async (server) => ({ body: await (await fetch(`${server.url}/links`)).json(), url: server.url }))
  assert.deepEqual(body, { self: `${url}/users/5`, id: 5, byName: { ann: 1 } })
  const [interaction] = read().interactions
  assert.equal(interaction.response.generators.body['$.self'].type, 'MockServerURL')
  assert.equal(interaction.response.generators.body['$.id'].type, 'ProviderState')
  assert.equal(interaction.response.matchingRules.body['$.byName'].matchers[0].match, 'eachKey')
})
