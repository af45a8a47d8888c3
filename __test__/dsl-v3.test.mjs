// PactV3 end to end against the real server: given/uponReceiving/withRequest/willRespondWith,
// addInteraction({...}), the binary, multipart and matching-rules variants, executeTest.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { MatchersV3 as M, PactMismatchError, PactV3, SpecificationVersion } from '../index.mjs'
import { portRefuses, tempDir } from './helpers.mjs'

function setup(t, options = {}) {
  const dir = tempDir('pact-dsl-v3-')
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const pact = new PactV3({ consumer: 'app', provider: 'users', dir, ...options })
  const file = join(dir, 'app-users.json')
  return { dir, pact, file, read: () => JSON.parse(readFileSync(file, 'utf8')) }
}

test('the chained calls, with matchers, written at V3', async (t) => {
  const { pact, read } = setup(t)
  pact
    .given('a user', { id: 1 })
    .uponReceiving('a request for a user')
    .withRequest({ method: 'GET', path: M.regex('/users/\\d+', '/users/1'), query: { fields: M.regex('[a-z,]+', 'name') }, headers: { Accept: 'application/json' } })
    .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: M.integer(1), name: M.string('Ann'), roles: M.eachLike('admin') } })
  const body = await pact.executeTest(async (server) => {
    const response = await fetch(`${server.url}/users/42?fields=name,email`, { headers: { Accept: 'application/json' } })
    return response.json()
  })
  assert.deepEqual(body, { id: 1, name: 'Ann', roles: ['admin'] })
  const written = read()
  assert.equal(written.metadata.pactSpecification.version, '3.0.0')
  const [interaction] = written.interactions
  assert.deepEqual(interaction.providerStates, [{ name: 'a user', params: { id: 1 } }])
  assert.equal(interaction.request.path, '/users/1')
  assert.equal(interaction.request.matchingRules.path.matchers[0].regex, '/users/\\d+')
  assert.equal(interaction.request.matchingRules.query.fields.matchers[0].match, 'regex')
  assert.deepEqual(interaction.response.body, { id: 1, name: 'Ann', roles: ['admin'] })
  assert.deepEqual(interaction.response.matchingRules.body['$.roles'].matchers[0], { match: 'type', min: 1 })
})

test('addInteraction({...}) and several interactions per executeTest; states go to the next interaction only', async (t) => {
  const { pact, read } = setup(t)
  pact.addInteraction({
    states: [{ description: 'no users' }],
    uponReceiving: 'a list request',
    withRequest: { method: 'GET', path: '/users' },
    willRespondWith: { status: 200, body: [] },
  })
  pact.given('a user').uponReceiving('a create request').withRequest({ method: 'POST', path: '/users', body: { name: M.string('Bo') } }).willRespondWith({ status: 201 })
  pact.uponReceiving('a delete request').withRequest({ method: 'DELETE', path: '/users/1' }).willRespondWith({ status: 204 })
  const statuses = await pact.executeTest(async ({ url }) => [
    (await fetch(`${url}/users`)).status,
    (await fetch(`${url}/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"Cy"}' })).status,
    (await fetch(`${url}/users/1`, { method: 'DELETE' })).status,
  ])
  assert.deepEqual(statuses, [200, 201, 204])
  const interactions = read().interactions
  assert.deepEqual(
    interactions.map((interaction) => [interaction.description, interaction.providerStates]),
    [
      ['a list request', [{ name: 'no users' }]],
      ['a create request', [{ name: 'a user' }]],
      ['a delete request', undefined],
    ],
  )
  assert.throws(() => pact.addInteraction({ uponReceiving: '', withRequest: { method: 'GET', path: '/' }, willRespondWith: { status: 200 } }), { code: 'ERR_INVALID_OPTION' })
})

test('a mismatch rejects with PactMismatchError and writes nothing; a throwing test is rethrown with mismatches', async (t) => {
  const { pact, file } = setup(t)
  pact.uponReceiving('x').withRequest({ method: 'GET', path: '/x' }).willRespondWith({ status: 200 })
  let port
  await assert.rejects(
    pact.executeTest(async (server) => {
      port = server.port
      await fetch(`${server.url}/y`)
    }),
    (error) => error instanceof PactMismatchError && error.mismatches.length === 2,
  )
  assert.equal(await portRefuses(port), true)
  pact.uponReceiving('x').withRequest({ method: 'GET', path: '/x' }).willRespondWith({ status: 200 })
  const mine = new TypeError('mine')
  await assert.rejects(
    pact.executeTest(async () => {
      throw mine
    }),
    (error) => error === mine && error.mismatches.length === 1 && error.mismatches[0].type === 'missing-request',
  )
  assert.equal(existsSync(file), false)
})

test('binary files, multipart uploads and explicit matching rules on requests and responses', async (t) => {
  const { pact, dir, read } = setup(t, { spec: SpecificationVersion.SPECIFICATION_VERSION_V4 })
  const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1')
  const gifFile = join(dir, 'pixel.gif')
  writeFileSync(gifFile, gif)
  // A text part: parts are matched by the content type detected in them, as in pact-js.
  const csvFile = join(dir, 'users.txt')
  writeFileSync(csvFile, 'id,name\n1,Ann\n')
  pact.uponReceiving('an avatar upload').withRequestBinaryFile({ method: 'PUT', path: '/avatar' }, 'image/gif', gifFile).willRespondWith({ status: 204 })
  pact.uponReceiving('an avatar').withRequest({ method: 'GET', path: '/avatar' }).withResponseBinaryFile({ status: 200 }, 'image/gif', gifFile)
  pact.uponReceiving('an import').withRequestMultipartFileUpload({ method: 'POST', path: '/import' }, 'text/plain', csvFile, 'users').willRespondWith({ status: 202 })
  pact
    .uponReceiving('a search')
    .withRequestMatchingRules({ method: 'GET', path: '/search', query: { q: 'ann' } }, { query: { path: 'q', rules: [M.regex('^[a-z]+$', 'ann')] } })
    .willRespondWith({ status: 200, body: { total: 3 } })
  const result = await pact.executeTest(async ({ url }) => {
    const upload = await fetch(`${url}/avatar`, { method: 'PUT', headers: { 'Content-Type': 'image/gif' }, body: gif })
    const avatar = await fetch(`${url}/avatar`)
    const form = new FormData()
    form.append('users', new Blob(['id,name\n2,Bo\n'], { type: 'text/plain' }), 'other.txt')
    const imported = await fetch(`${url}/import`, { method: 'POST', body: form })
    const search = await fetch(`${url}/search?q=bob`)
    return [upload.status, Buffer.from(await avatar.arrayBuffer()), imported.status, await search.json()]
  })
  assert.deepEqual(result, [204, gif, 202, { total: 3 }])
  const [upload, avatar, imported, search] = read().interactions
  assert.equal(upload.request.body.encoded, 'base64')
  assert.deepEqual(upload.request.matchingRules.body.$.matchers, [{ match: 'contentType', value: 'image/gif' }])
  assert.deepEqual(Buffer.from(avatar.response.body.content, 'base64'), gif)
  assert.deepEqual(imported.request.matchingRules.body['$.users'].matchers, [{ match: 'contentType', value: 'text/plain' }])
  assert.equal(search.request.matchingRules.query.q.matchers[0].regex, '^[a-z]+$')
})

test('calls out of order are reported', async (t) => {
  const { pact } = setup(t)
  assert.throws(() => pact.withRequest({ method: 'GET', path: '/' }), /call uponReceiving\(description\) first/)
  assert.throws(() => new PactV3({ consumer: 'a', provider: 'b', spec: 9 }), { code: 'ERR_INVALID_OPTION' })
  pact.uponReceiving('incomplete').withRequest({ method: 'GET', path: '/' })
  await assert.rejects(pact.executeTest(async () => 1), /'incomplete' has no willRespondWith/)
})

test('a form body given as fields with matchers, and a text response', async (t) => {
  const { pact, read } = setup(t)
  pact
    .uponReceiving('a login form')
    .withRequest({ method: 'POST', path: '/login', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: { user: M.regex('^[a-z]+$', 'ann'), remember: 'yes' } })
    .willRespondWith({ status: 200, body: 'welcome', contentType: 'text/plain' })
  const answer = await pact.executeTest(async ({ url }) => {
    const response = await fetch(`${url}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'user=bob&remember=yes' })
    return [response.headers.get('content-type'), await response.text()]
  })
  assert.deepEqual(answer, ['text/plain', 'welcome'])
  const [interaction] = read().interactions
  assert.equal(interaction.request.body, 'user=ann&remember=yes')
  assert.equal(interaction.request.matchingRules.body['$.user'].matchers[0].regex, '^[a-z]+$')
  assert.equal(interaction.response.body, 'welcome')
})

test('a multipart upload is written at V3 too (the body takes the header content type, with its boundary)', async (t) => {
  const { pact, dir, read } = setup(t)
  const notes = join(dir, 'notes.txt')
  writeFileSync(notes, 'line one\n')
  pact.uponReceiving('notes').withRequestMultipartFileUpload({ method: 'POST', path: '/notes' }, 'text/plain', notes, 'notes', 'b-1').willRespondWith({ status: 201 })
  const status = await pact.executeTest(async ({ url }) => {
    const form = new FormData()
    form.append('notes', new Blob(['other line\n'], { type: 'text/plain' }), 'n.txt')
    return (await fetch(`${url}/notes`, { method: 'POST', body: form })).status
  })
  assert.equal(status, 201)
  const [interaction] = read().interactions
  assert.equal(read().metadata.pactSpecification.version, '3.0.0')
  assert.equal(interaction.request.headers['Content-Type'], 'multipart/form-data; boundary=b-1')
  assert.match(interaction.request.body, /^--b-1\r\nContent-Disposition: form-data; name="notes"; filename="notes.txt"/)
  assert.deepEqual(interaction.request.matchingRules.body['$.notes'].matchers, [{ match: 'contentType', value: 'text/plain' }])
})
