// Usage: <node|bun|deno run -A> scripts/smoke.mjs <install-dir>
//
// The smoke test of an installed package, for every platform and runtime (Node, Bun, Deno; under
// qemu or wine too): loads pact-mock-server from <install-dir>/node_modules (as a user's project
// would, from the tarballs), then create, a request that matches and one that does not,
// mismatches(), writePact, HTTPS with the generated CA, shutdown. Only node: modules are used, so
// that Bun and Deno run it unchanged. Exits 0 and prints one "smoke: ok" line on success.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'

const installDir = resolve(process.argv[2] ?? '.')
const started = Date.now()
const step = (name) => console.error(`smoke: ${name} (${Date.now() - started} ms)`)

const require = createRequire(join(installDir, 'package.json'))
const { MockServer } = require('pact-mock-server')
step(`loaded ${require.resolve('pact-mock-server')}`)

const pact = {
  consumer: { name: 'smoke-consumer' },
  provider: { name: 'smoke-provider' },
  interactions: [
    {
      description: 'a request for user 1',
      request: { method: 'GET', path: '/users/1', query: { lang: ['en'] } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, name: 'Ann' } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
}

/** GET url; resolves to { status, body } (node:http/https: what every runtime implements). */
function get(url, options = {}) {
  const client = url.startsWith('https:') ? https : http
  return new Promise((resolveGet, reject) => {
    const request = client.get(url, { ...options, agent: false }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolveGet({ status: response.statusCode, body }))
    })
    request.on('error', reject)
  })
}

const server = await MockServer.create(pact)
step(`created ${server.url}`)
const matching = await get(`${server.url}/users/1?lang=en`)
assert.equal(matching.status, 200)
assert.deepEqual(JSON.parse(matching.body), { id: 1, name: 'Ann' })
const mismatching = await get(`${server.url}/users/1?lang=de`)
assert.equal(mismatching.status, 500)
const mismatches = server.mismatches()
assert.equal(mismatches.length, 1, JSON.stringify(mismatches))
assert.equal(mismatches[0].type, 'request-mismatch')
assert.equal(mismatches[0].interaction, 'a request for user 1')
assert.equal(mismatches[0].mismatches[0].type, 'QueryMismatch')
assert.equal(server.matched(), false)
step('a matching and a mismatching request, mismatches()')

const pactDir = mkdtempSync(join(tmpdir(), 'pact-mock-server-smoke-'))
try {
  const written = await server.writePact(pactDir)
  const pactFile = JSON.parse(readFileSync(written, 'utf8'))
  assert.equal(pactFile.consumer.name, 'smoke-consumer')
  assert.equal(pactFile.interactions.length, 1)
  assert.equal(pactFile.interactions[0].description, 'a request for user 1')
  step(`writePact: ${written}`)
} finally {
  rmSync(pactDir, { recursive: true, force: true })
}

const tlsServer = await MockServer.create(pact, { tls: true })
assert.match(tlsServer.url, /^https:/)
assert.match(tlsServer.caCertificate, /^-----BEGIN CERTIFICATE-----/)
const overTls = await get(`${tlsServer.url}/users/1?lang=en`, { ca: tlsServer.caCertificate })
assert.equal(overTls.status, 200)
assert.deepEqual(JSON.parse(overTls.body), { id: 1, name: 'Ann' })
// Without the CA the certificate must be refused: verification was really on.
await assert.rejects(get(`${tlsServer.url}/users/1?lang=en`), /certificate|self.signed|verify|issuer/i)
assert.equal(tlsServer.matched(), true)
step('HTTPS with the generated CA')

await tlsServer.shutdown()
await server.shutdown()
await assert.rejects(get(`${server.url}/users/1?lang=en`), /ECONNREFUSED|refused|connect/i)
step('shutdown')

const runtime = globalThis.Bun ? `bun ${globalThis.Bun.version}` : globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : `node ${process.version}`
console.log(`smoke: ok (${runtime}, ${process.platform}-${process.arch}, ${Date.now() - started} ms)`)
