// PactV2 end to end: setup, addInteraction (objects and Interaction), verify (write on success,
// PactMismatchError and nothing written on failure), finalize, writePact, pactfileWriteMode.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { Interaction, MatchersV2 as V2, PactMismatchError, PactV2 } from '../index.mjs'
import { portRefuses, tempDir } from './helpers.mjs'

function setup(t, options = {}) {
  const dir = tempDir('pact-dsl-v2-')
  const provider = new PactV2({ consumer: 'shop', provider: 'stock', dir, ...options })
  t.after(async () => {
    await provider.finalize()
    rmSync(dir, { recursive: true, force: true })
  })
  const file = join(dir, 'shop-stock.json')
  return { provider, file, read: () => JSON.parse(readFileSync(file, 'utf8')) }
}

test('the V2 lifecycle writes a V2 pact with V2 matchers', async (t) => {
  const { provider, read } = setup(t)
  const options = await provider.setup()
  assert.ok(options.port > 0)
  assert.equal(provider.mockService.baseUrl, `http://127.0.0.1:${options.port}`)
  await provider.addInteraction({
    state: 'an item in stock',
    uponReceiving: 'a stock request',
    withRequest: { method: 'GET', path: '/stock/1', query: 'unit=kg', headers: { Accept: 'application/json' } },
    willRespondWith: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: V2.integer(1), items: V2.eachLike({ sku: V2.term({ generate: 'A-1', matcher: '^[A-Z]-\\d+$' }) }, { min: 2 }) } },
  })
  await provider.addInteraction(
    new Interaction().given('no stock').uponReceiving('a delete').withRequest({ method: 'DELETE', path: V2.term({ generate: '/stock/2', matcher: '/stock/\\d+' }) }).willRespondWith({ status: 204 }),
  )
  const base = provider.mockService.baseUrl
  const stock = await (await fetch(`${base}/stock/1?unit=kg`, { headers: { Accept: 'application/json' } })).json()
  assert.deepEqual(stock, { id: 1, items: [{ sku: 'A-1' }, { sku: 'A-1' }] })
  assert.equal((await fetch(`${base}/stock/99`, { method: 'DELETE' })).status, 204)
  assert.equal(await provider.verify(), '')
  assert.equal(await portRefuses(options.port), true, 'verify() stops the server')

  const written = read()
  assert.equal(written.metadata.pactSpecification.version, '2.0.0')
  const [first, second] = written.interactions
  assert.equal(first.providerState, 'an item in stock')
  assert.equal(first.request.query, 'unit=kg')
  assert.deepEqual(first.response.matchingRules['$.body.id'], { match: 'type' })
  assert.deepEqual(first.response.matchingRules['$.body.items'], { min: 2, match: 'type' })
  assert.equal(second.request.path, '/stock/2')
  assert.deepEqual(second.request.matchingRules['$.path'], { match: 'regex', regex: '/stock/\\d+' })
})

test('verify() rejects with PactMismatchError, writes nothing, and the next test starts clean', async (t) => {
  const { provider, file, read } = setup(t)
  await provider.setup()
  await provider.addInteraction({ uponReceiving: 'a', withRequest: { method: 'GET', path: '/a' }, willRespondWith: { status: 200 } })
  await fetch(`${provider.mockService.baseUrl}/b`)
  await assert.rejects(provider.verify(), (error) => error instanceof PactMismatchError && error.mismatches.length === 2)
  assert.equal(existsSync(file), false)
  await provider.addInteraction({ uponReceiving: 'c', withRequest: { method: 'GET', path: '/c' }, willRespondWith: { status: 200 } })
  assert.equal((await fetch(`${provider.mockService.baseUrl}/c`)).status, 200)
  await provider.verify()
  assert.deepEqual(read().interactions.map((i) => i.description), ['c'])
})

test("pactfileWriteMode 'overwrite' replaces the file at each verify; 'merge' keeps what was there", async (t) => {
  for (const [mode, expected] of [['overwrite', ['second']], ['merge', ['first', 'second']]]) {
    const { provider, read } = setup(t, { pactfileWriteMode: mode, port: 0 })
    await provider.setup()
    for (const name of ['first', 'second']) {
      await provider.addInteraction({ uponReceiving: name, withRequest: { method: 'GET', path: `/${name}` }, willRespondWith: { status: 200 } })
      await fetch(`${provider.mockService.baseUrl}/${name}`)
      await provider.verify()
    }
    assert.deepEqual(read().interactions.map((i) => i.description), expected, mode)
  }
})

test('before setup(), and with bad options or interactions, the calls fail clearly', async (t) => {
  const provider = new PactV2({ consumer: 'a', provider: 'b' })
  await assert.rejects(provider.addInteraction({}), /await provider.setup\(\) first/)
  await assert.rejects(provider.verify(), /await provider.setup\(\) first/)
  assert.throws(() => new PactV2({ consumer: 'a' }), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => new PactV2({ consumer: 'a', provider: 'b', spec: 5 }), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => new PactV2({ consumer: 'a', provider: 'b', ssl: 'yes' }), { code: 'ERR_INVALID_OPTION' })
  assert.throws(() => new PactV2({ consumer: 'a', provider: 'b', unknown: 1 }), /unknown option 'unknown'/)
  assert.throws(() => new Interaction().withRequest({ method: 'FETCH', path: '/' }), /the method must be one of GET/)
  assert.throws(() => new Interaction().withRequest({ method: 'GET' }), /give a path/)
  assert.throws(() => new Interaction().willRespondWith({}), /give a status code/)
  assert.throws(() => new Interaction().uponReceiving('x').json(), /give a request/)
  assert.equal(await provider.removeInteractions(), '')
  await provider.finalize()
  void t
})
