// The bench pact, defined once and built through the reference's interaction builder
// (@pact-foundation/pact-core has no call that loads a whole pact). The pact file the builder
// writes is what this package loads, so both servers serve exactly the same interactions.
import fs from 'node:fs'
import path from 'node:path'

// pact-core's FfiSpecificationVersion.SPECIFICATION_VERSION_V3 (the enum itself is not exported).
const SPECIFICATION_V3 = 4

export const CONSUMER = 'bench-web'
export const PROVIDER = 'bench-api'

/** The two requests the load generator sends. */
export const GET_PATH = '/users/1'
export const POST_PATH = '/orders'

const type = (value, extra = {}) => ({ 'pact:matcher:type': 'type', value, ...extra })

function orderItem(n) {
  return {
    sku: `SKU-${String(n).padStart(6, '0')}`,
    name: `Item number ${n}`,
    quantity: (n % 7) + 1,
    unitPrice: Math.round(((n * 37) % 10000) * 1.01) / 100,
    inStock: n % 3 !== 0,
    tags: ['bench', `group-${n % 10}`, n % 2 ? 'odd' : 'even'],
    dimensions: { width: n % 50, height: (n * 3) % 70, depth: (n * 7) % 90 },
    note: 'lorem ipsum dolor sit amet consectetur',
  }
}

/** The ~100 KB JSON body the POST sends. Deterministic, so every run sends the same bytes. */
export function largeOrderBody() {
  const items = []
  let n = 0
  const body = () => ({ orderId: 'ord-20260101-0001', customer: { id: 7, name: 'Ann Example', email: 'ann@example.com' }, items })
  while (JSON.stringify(body()).length < 100 * 1024) items.push(orderItem(n++))
  return JSON.stringify(body())
}

/**
 * The interactions, in the shape the builder takes. Bodies use pact-ffi's integration JSON
 * (`pact:matcher:type`), which the builder turns into matching rules in the written pact.
 */
export const interactions = [
  {
    description: 'a request for the list of users',
    request: { method: 'GET', path: '/users' },
    response: { status: 200, body: [{ id: 1, name: 'Ann Example' }, { id: 2, name: 'Bo Example' }] },
  },
  {
    description: 'a request for user 1',
    request: { method: 'GET', path: GET_PATH },
    response: { status: 200, body: { id: 1, name: 'Ann Example', email: 'ann@example.com', roles: ['admin', 'dev'] } },
  },
  {
    description: 'a request to create a user',
    request: { method: 'POST', path: '/users', body: { name: type('Cy Example'), email: type('cy@example.com') } },
    response: { status: 201, body: { id: 3 } },
  },
  {
    description: 'a request to delete user 2',
    request: { method: 'DELETE', path: '/users/2' },
    response: { status: 204 },
  },
  {
    description: 'a request to place a large order',
    request: {
      method: 'POST',
      path: POST_PATH,
      headers: { 'Content-Type': 'application/json' },
      body: {
        orderId: type('ord-1'),
        customer: type({ id: 1, name: 'A', email: 'a@example.com' }),
        // Each item is matched by type against this one example.
        items: type([orderItem(0)], { min: 1 }),
      },
    },
    response: { status: 201, body: { id: 'ord-20260101-0001', status: 'accepted' } },
  },
]

/** Builds the interactions into a new pact of the reference; returns pact-core's ConsumerPact. */
export function buildReferencePact(pactCore) {
  const pact = pactCore.makeConsumerPact(CONSUMER, PROVIDER, SPECIFICATION_V3, 'error')
  for (const spec of interactions) {
    const interaction = pact.newInteraction(spec.description)
    interaction.uponReceiving(spec.description)
    interaction.withRequest(spec.request.method, spec.request.path)
    for (const [name, value] of Object.entries(spec.request.headers ?? {})) interaction.withRequestHeader(name, 0, value)
    if (spec.request.body !== undefined) interaction.withRequestBody(JSON.stringify(spec.request.body), 'application/json')
    interaction.withStatus(spec.response.status)
    if (spec.response.body !== undefined) {
      interaction.withResponseHeader('Content-Type', 0, 'application/json')
      interaction.withResponseBody(JSON.stringify(spec.response.body), 'application/json')
    }
  }
  return pact
}

/** Writes the pact through the reference and returns the file's text. */
export function writeBenchPact(pactCore, dir) {
  buildReferencePact(pactCore).writePactFile(dir, false)
  return fs.readFileSync(path.join(dir, `${CONSUMER}-${PROVIDER}.json`), 'utf8')
}

/**
 * Writes what a run needs into `dir`: the pact (pact.json, as the reference wrote it), the
 * floors' canned responses (responses.json) and the POST body (order.json).
 */
export function writeFixtures(pactCore, dir) {
  const pactText = writeBenchPact(pactCore, dir)
  const responses = cannedResponses(pactText)
  const postBody = largeOrderBody()
  const files = { pact: path.join(dir, 'pact.json'), responses: path.join(dir, 'responses.json'), postBody: path.join(dir, 'order.json') }
  fs.writeFileSync(files.pact, pactText)
  fs.writeFileSync(files.responses, JSON.stringify(responses))
  fs.writeFileSync(files.postBody, postBody)
  return { pactText, responses, postBody, files }
}

/** The canned responses the floors answer with, taken from the written pact. */
export function cannedResponses(pactText) {
  const pact = JSON.parse(pactText)
  const responseOf = (method, requestPath) => {
    const found = pact.interactions.find((i) => i.request.method === method && i.request.path === requestPath)
    if (!found) throw new Error(`the bench pact has no ${method} ${requestPath}`)
    const { status, body } = found.response
    return { status, contentType: 'application/json', body: JSON.stringify(body) }
  }
  return { getPath: GET_PATH, get: responseOf('GET', GET_PATH), postPath: POST_PATH, post: responseOf('POST', POST_PATH) }
}
