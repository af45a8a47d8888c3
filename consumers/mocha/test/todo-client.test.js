const assert = require('node:assert/strict')
const { mkdtempSync, readFileSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

const { MockServer } = require('pact-mock-server')
const { todoClient } = require('../todo-client')

const pactText = readFileSync(join(__dirname, '..', 'todos-pact.json'), 'utf8')

describe('the todo client against the todo-api pact (V2)', function () {
  let server
  let client
  before(async function () {
    server = await MockServer.create(pactText)
    client = todoClient(server.url)
  })
  after(async function () {
    await server.shutdown()
  })

  it('lists, adds and completes todos as the pact says', async function () {
    assert.deepEqual(await client.list('ann'), {
      status: 200,
      body: [{ id: 1, title: 'water the plants', done: false }],
    })
    const added = await client.add('ann', 'call the plumber')
    assert.equal(added.status, 201)
    assert.equal(added.body.id, 2)
    assert.equal(await client.complete(1), 204)
  })

  it('has received exactly the pact, and writes it at V2', async function () {
    assert.deepEqual(server.mismatches(), [])
    assert.equal(server.matched(), true)
    assert.equal(server.requestCount, 3)
    assert.deepEqual(
      server.requests().map((request) => request.outcome.type),
      ['matched', 'matched', 'matched'],
    )
    const file = await server.writePact(mkdtempSync(join(tmpdir(), 'todo-pacts-')))
    const written = JSON.parse(readFileSync(file, 'utf8'))
    assert.equal(written.metadata.pactSpecification.version, '2.0.0')
    assert.equal(written.interactions.length, 3)
  })
})

describe('the todo client when it breaks the contract', function () {
  let server
  beforeEach(async function () {
    server = await MockServer.create(pactText)
  })
  afterEach(async function () {
    await server.shutdown()
  })

  it('a request to a path the pact does not have is request-not-found', async function () {
    const response = await fetch(`${server.url}/projects`)
    assert.equal(response.status, 500)
    assert.equal(response.headers.get('x-pact'), 'Unexpected-Request')
    assert.deepEqual(server.mismatches()[0], {
      type: 'request-not-found',
      method: 'GET',
      path: '/projects',
      request: server.mismatches()[0].request,
    })
    assert.equal(server.matched(), false)
  })

  it('a header that does not match is a HeaderMismatch, answered 500 with X-Pact', async function () {
    const response = await fetch(`${server.url}/todos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic secret' },
      body: JSON.stringify({ owner: 'ann', title: 'buy milk', done: false }),
    })
    assert.equal(response.status, 500)
    assert.equal(response.headers.get('x-pact'), 'Request-Mismatch')
    const [result] = server.mismatches()
    assert.equal(result.type, 'request-mismatch')
    assert.equal(result.mismatches[0].type, 'HeaderMismatch')
    assert.equal(result.mismatches[0].key, 'Authorization')
  })

  it('a query the pact does not have is a QueryMismatch, and what never came is missing', async function () {
    const { status } = await todoClient(server.url).list('bob')
    assert.equal(status, 500)
    const results = server.mismatches()
    assert.equal(results[0].type, 'request-mismatch')
    assert.equal(results[0].mismatches[0].type, 'QueryMismatch')
    assert.deepEqual(
      results.filter((result) => result.type === 'missing-request').map((result) => result.path),
      ['/todos', '/todos', '/todos/1/done'],
    )
  })
})
