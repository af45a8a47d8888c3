// Broken and extreme pacts. Each case is a pact (text, object or other value) and what must come
// of it: `reject` (a rejected promise with this code) or `serve` (a server that answers `request`
// with `status`; `problem` is the type of the mismatch it then records, if any).

const consumer = { name: 'corpus-web' }
const provider = { name: 'corpus-api' }
const v3 = { pactSpecification: { version: '3.0.0' } }

function pact(interactions, metadata = v3) {
  return { consumer, provider, interactions, metadata }
}

function interaction(request = {}, response = {}, extra = {}) {
  return {
    description: 'an interaction',
    request: { method: 'GET', path: '/thing', ...request },
    response: { status: 200, ...response },
    ...extra,
  }
}

function nested(depth, leaf = 1) {
  let value = leaf
  for (let i = 0; i < depth; i += 1) value = [value]
  return value
}

function nestedText(depth) {
  return '['.repeat(depth) + '1' + ']'.repeat(depth)
}

/** Pseudo-random bytes from a fixed seed, so that every run sends the same garbage. */
export function garbage(length, seed = 7) {
  const bytes = Buffer.alloc(length)
  let state = seed
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    bytes[i] = state >> 16
  }
  return bytes
}

const get = { method: 'GET', path: '/thing' }
const reject = (code = 'ERR_PACT_INVALID') => ({ expect: 'reject', code })
const serves = (status, problem) => ({ expect: 'serve', request: get, status, problem })

const MiB = 1024 * 1024

export function pactCorpus() {
  const cycle = pact([interaction()])
  cycle.self = cycle
  const throwingToJSON = { toJSON() { throw new Error('no JSON for you') } }
  return [
    // Not JSON, or not an object.
    { name: 'empty text', pact: '', ...reject() },
    { name: 'whitespace only', pact: '  \n\t ', ...reject() },
    { name: 'truncated object', pact: '{"consumer": {"name": "a"', ...reject() },
    { name: 'the text null', pact: 'null', ...reject() },
    { name: 'a JSON array', pact: '[]', ...reject() },
    { name: 'a JSON number', pact: '42', ...reject() },
    { name: 'a JSON string', pact: '"a pact"', ...reject() },
    { name: 'trailing garbage', pact: JSON.stringify(pact([interaction()])) + ' trailing', ...reject() },
    { name: 'NaN in the text', pact: '{"consumer": {"name": NaN}}', ...reject() },
    { name: 'single quotes', pact: "{'consumer': {'name': 'a'}}", ...reject() },
    { name: 'a byte order mark first', pact: '\uFEFF' + JSON.stringify(pact([interaction()])), ...reject() },
    { name: 'binary garbage as text', pact: garbage(4096).toString('latin1'), ...reject() },
    { name: 'binary garbage as a Buffer', pact: garbage(4096), ...reject() },
    { name: 'a number', pact: 42, ...reject() },
    { name: 'undefined', pact: undefined, ...reject() },
    { name: 'null', pact: null, ...reject() },
    { name: 'a function', pact: () => 1, ...reject() },
    { name: 'a symbol', pact: Symbol('pact'), ...reject() },
    { name: 'a bigint', pact: 10n, ...reject() },
    { name: 'an object with a cycle', pact: cycle, ...reject() },
    { name: 'an object whose toJSON throws', pact: throwingToJSON, ...reject() },
    { name: 'an object holding a bigint', pact: { ...pact([interaction()]), big: 1n }, ...reject() },
    // Wrong types and missing fields.
    { name: 'empty object', pact: {}, ...reject() },
    { name: 'consumer is a string', pact: { ...pact([interaction()]), consumer: 'web' }, ...reject() },
    { name: 'consumer name is a number', pact: { ...pact([interaction()]), consumer: { name: 7 } }, ...reject() },
    { name: 'provider missing', pact: { consumer, interactions: [], metadata: v3 }, ...reject() },
    { name: 'interactions missing', pact: { consumer, provider, metadata: v3 }, ...reject() },
    { name: 'interactions is an object', pact: { ...pact([]), interactions: {} }, ...reject() },
    { name: 'interactions is a string', pact: { ...pact([]), interactions: 'GET /' }, ...reject() },
    { name: 'an interaction is a number', pact: pact([42]), ...reject() },
    { name: 'an interaction is null', pact: pact([null]), ...reject() },
    { name: 'request is a string', pact: pact([{ description: 'x', request: 'GET /thing', response: { status: 200 } }]), ...serves(500, 'request-not-found') },
    { name: 'method is a number', pact: pact([interaction({ method: 42 })]), ...serves(500, 'request-not-found') },
    { name: 'path is a number', pact: pact([interaction({ path: 42 })]), ...serves(500, 'request-not-found') },
    { name: 'path missing', pact: pact([{ description: 'x', request: { method: 'GET' }, response: { status: 200 } }]), ...serves(500, 'request-not-found') },
    { name: 'headers is a string', pact: pact([interaction({ headers: 'Accept: x' })]), ...serves(200) },
    { name: 'header values are numbers', pact: pact([interaction({ headers: { 'X-N': [1, 2] } })]), ...serves(500, 'request-mismatch') },
    { name: 'query is a number', pact: pact([interaction({ query: 42 })]), ...serves(200) },
    { name: 'response missing', pact: pact([{ description: 'x', request: get }]), ...serves(200) },
    { name: 'status is a string (pact_models panics)', pact: pact([interaction({}, { status: '201' })]), ...reject() },
    { name: 'status is not an HTTP status', pact: pact([interaction({}, { status: 99999 })]), ...serves(500) },
    { name: 'status is negative (pact_models panics)', pact: pact([interaction({}, { status: -1 })]), ...reject() },
    { name: 'response header name with a space and newline', pact: pact([interaction({}, { headers: { 'bad name\n': 'x', 'X-Ok': 'y' } })]), ...serves(200) },
    { name: 'response header value with a newline', pact: pact([interaction({}, { headers: { 'X-Split': 'a\r\nInjected: yes' } })]), ...serves(200) },
    { name: 'description is a number', pact: pact([interaction({}, {}, { description: 7 })]), ...serves(200) },
    { name: 'metadata is a string', pact: { ...pact([interaction()]), metadata: 'v3' }, ...serves(200) },
    // Versions.
    { name: 'unknown specification version', pact: pact([interaction()], { pactSpecification: { version: '9.0.0' } }), ...reject() },
    { name: 'version is not a version', pact: pact([interaction()], { pactSpecification: { version: 'banana' } }), ...reject() },
    { name: 'version is a number', pact: pact([interaction()], { pactSpecification: { version: 3 } }), ...serves(200) },
    { name: 'V4 interaction of an unknown type', pact: pact([{ type: 'Synchronous/Telepathy', description: 'x', request: get, response: { status: 200 } }], { pactSpecification: { version: '4.0' } }), ...reject() },
    { name: 'V4 interaction without a type', pact: pact([{ description: 'x', request: get, response: { status: 200 } }], { pactSpecification: { version: '4.0' } }), ...reject() },
    { name: 'V4 body with broken base64', pact: pact([{ type: 'Synchronous/HTTP', description: 'x', request: get, response: { status: 200, body: { content: '%%%not base64', contentType: 'application/octet-stream', encoded: 'base64' } } }], { pactSpecification: { version: '4.0' } }), ...serves(200) },
    { name: 'messages only', pact: { consumer, provider, messages: [{ description: 'm', contents: { a: 1 } }], metadata: v3 }, ...serves(500, 'request-not-found') },
    // Matchers and generators.
    { name: 'invalid regex in a body matcher', pact: pact([interaction({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: { a: 'x' }, matchingRules: { body: { '$.a': { matchers: [{ match: 'regex', regex: '([' }] } } } })]), expect: 'serve', request: { method: 'POST', path: '/thing', headers: { 'Content-Type': 'application/json' }, body: '{"a":"y"}' }, status: 500, problem: 'request-mismatch' },
    { name: 'invalid regex in a path matcher', pact: pact([interaction({ matchingRules: { path: { matchers: [{ match: 'regex', regex: '*/' }] } } })]), ...serves(500, 'request-not-found') },
    { name: 'unknown matcher type', pact: pact([interaction({ headers: { 'X-A': 'b' }, matchingRules: { header: { 'X-A': { matchers: [{ match: 'telepathy' }] } } } })]), expect: 'serve', request: { ...get, headers: { 'X-A': 'b' } }, status: 500, problem: 'request-mismatch' },
    { name: 'matchingRules is a string', pact: pact([interaction({ matchingRules: 'all of them' })]), ...serves(200) },
    { name: 'unknown generator', pact: pact([interaction({}, { body: { id: 1 }, generators: { body: { '$.id': { type: 'Telepathy' } } } })]), ...serves(200) },
    { name: 'RandomString larger than u16', pact: pact([interaction({}, { body: { s: 'x' }, generators: { body: { '$.s': { type: 'RandomString', size: 10_000_000 } } } })]), ...serves(200) },
    { name: 'Regex generator with an invalid regex', pact: pact([interaction({}, { body: { s: 'x' }, generators: { body: { '$.s': { type: 'Regex', regex: '([' } } } })]), ...serves(200) },
    { name: 'Date generator with a broken format', pact: pact([interaction({}, { body: { d: 'x' }, generators: { body: { '$.d': { type: 'Date', format: "yyyy-MM-dd'unterminated" } } } })]), ...serves(200) },
    { name: 'MockServerURL generator whose regex has no capture group', pact: pact([interaction({}, { body: { link: 'http://x/users/1' }, generators: { body: { '$.link': { type: 'MockServerURL', example: 'http://x/users/1', regex: '.*/users/\\d+$' } } } })]), ...serves(500, 'internal-error') },
    { name: 'RandomInt generator with min above max', pact: pact([interaction({}, { body: { n: 1 }, generators: { body: { '$.n': { type: 'RandomInt', min: 10, max: 1 } } } })]), ...serves(500, 'internal-error') },
    // Extremes.
    { name: '10,000-level nested body as text', pact: JSON.stringify(pact([interaction({}, { body: 'PLACEHOLDER' })])).replace('"PLACEHOLDER"', nestedText(10_000)), ...reject() },
    { name: '10,000-level nested body as an object', pact: pact([interaction({}, { body: nested(10_000) })]), ...reject() },
    { name: '1,000,000-level nested body as an object', pact: pact([interaction({}, { body: nested(1_000_000) })]), ...reject() },
    { name: '200-level nested body as an object (over the engine limit of 128)', pact: pact([interaction({}, { body: nested(200) })]), ...reject() },
    { name: '100-level nested body (under the limit)', pact: pact([interaction({}, { body: nested(100) })]), ...serves(200) },
    { name: '50 MB response body', pact: pact([interaction({}, { headers: { 'Content-Type': 'text/plain' }, body: 'x'.repeat(50 * MiB) })]), ...serves(200), bodyLength: 50 * MiB },
    { name: '50 MB of garbage text', pact: garbage(50 * MiB, 3).toString('latin1'), ...reject() },
    { name: '10,000 interactions', pact: pact(Array.from({ length: 10_000 }, (_, n) => interaction({ path: `/thing/${n}` }, {}, { description: `interaction ${n}` }))), expect: 'serve', request: { method: 'GET', path: '/thing/9999' }, status: 200 },
    { name: 'a 1 MB path', pact: pact([interaction({ path: '/' + 'p'.repeat(MiB) })]), ...serves(500, 'request-not-found') },
    { name: 'duplicate keys in the text', pact: '{"consumer":{"name":"a"},"consumer":{"name":"b"},"provider":{"name":"c"},"interactions":[],"metadata":{"pactSpecification":{"version":"3.0.0"}}}', expect: 'serve', request: get, status: 500, problem: 'request-not-found' },
    { name: 'NUL in names', pact: { ...pact([interaction({ path: '/thing' }, {}, { description: 'a\u0000b' })]), consumer: { name: 'c\u0000' } }, ...serves(200) },
    { name: 'a lone surrogate in a name', pact: pact([interaction({}, {}, { description: 'a\uD800' })]), ...reject() },
  ]
}
