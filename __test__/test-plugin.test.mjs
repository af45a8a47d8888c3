// The test-csv Pact plugin (tests/plugins/test-csv), driven over gRPC the way pact-plugin-driver does.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { once } from 'node:events'

import { findProto, installTestPlugins } from '../tests/plugins/install.mjs'
import { tempDir, portRefuses } from './helpers.mjs'

const require = createRequire(import.meta.url)

let skipReason = null
let proto
try {
  proto = await findProto()
  require.resolve('@grpc/grpc-js')
  require.resolve('@grpc/proto-loader')
} catch (err) {
  skipReason = err.message
  console.log(`test-plugin tests skipped: ${skipReason}`)
}

const children = new Set()
let grpc
let PactPlugin

/** Starts the plugin like the driver: spawn the manifest's entry point and read one JSON line from stdout. */
async function startPlugin(dir) {
  const pluginDir = join(dir, 'test-csv-0.1.0')
  const manifest = JSON.parse(readFileSync(join(pluginDir, 'pact-plugin.json'), 'utf8'))
  const child = spawn(manifest.entryPoint, manifest.args, { cwd: pluginDir, stdio: ['pipe', 'pipe', 'pipe'] })
  children.add(child)
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = once(child, 'exit')
  child.exited = exited
  const info = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)))
    })
    exited.then(([code]) => reject(new Error(`plugin exited with ${code} before starting: ${stderr}`)))
  })
  const client = new PactPlugin(`127.0.0.1:${info.port}`, grpc.credentials.createInsecure())
  return { child, info, client, stderr: () => stderr }
}

/** Promisified unary call with a deadline. */
function call(client, method, request, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + timeoutMs }, (err, response) =>
      err ? reject(err) : resolve(response),
    )
  })
}

// Struct <-> JS, for building requests and reading responses (proto-loader gives Structs as { fields }).
const value = (v) =>
  typeof v === 'number' ? { numberValue: v }
    : typeof v === 'string' ? { stringValue: v }
    : typeof v === 'boolean' ? { boolValue: v }
    : { structValue: struct(v) }
const struct = (obj) => ({ fields: Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, value(v)])) })
const plain = (s) =>
  Object.fromEntries(Object.entries(s?.fields ?? {}).map(([k, v]) => [k, v.kind === 'structValue' ? plain(v.structValue) : v[v.kind]]))

const csv = (text) => ({ contentType: 'text/csv', content: { value: Buffer.from(text) } })
const text = (bytesValue) => Buffer.from(bytesValue.value).toString('utf8')
const rules = (obj) =>
  Object.fromEntries(Object.entries(obj).map(([path, rs]) => [
    path,
    { rule: rs.map(([type, values = {}]) => ({ type, values: struct(values) })) },
  ]))

/** Sends lines over one TCP connection, resolves with the response lines. */
function tcpExchange(port, lines) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    let data = ''
    socket.on('error', reject)
    socket.on('data', (d) => {
      data += d
      if (data.split('\n').length > lines.length) {
        socket.end()
        resolve(data.split('\n').slice(0, lines.length))
      }
    })
    socket.on('connect', () => socket.write(lines.map((l) => l + '\n').join('')))
  })
}

if (skipReason) test.skip(`test-csv plugin (${skipReason})`, () => {})
else describe('test-csv plugin', () => {
  let plugin
  let dir

  before(async () => {
    grpc = require('@grpc/grpc-js')
    const loader = require('@grpc/proto-loader')
    const definition = loader.loadSync(proto, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true })
    PactPlugin = grpc.loadPackageDefinition(definition).io.pact.plugin.PactPlugin
    dir = tempDir('pact-plugins-')
    const installed = await installTestPlugins(dir)
    assert.deepEqual(installed, { dir, name: 'test-csv', version: '0.1.0' })
    plugin = await startPlugin(dir)
  })

  after(() => {
    plugin?.client.close()
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })

  test('the manifest follows the driver format', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'test-csv-0.1.0', 'pact-plugin.json'), 'utf8'))
    assert.equal(manifest.pluginInterfaceVersion, 1)
    assert.equal(manifest.executableType, 'exec')
    assert.equal(manifest.entryPoint, process.execPath)
    assert.deepEqual(manifest.args.slice(1), ['--proto', proto])
    assert.match(plugin.info.serverKey, /^[0-9a-f-]{36}$/)
  })

  test('InitPlugin returns the catalogue', async () => {
    const response = await call(plugin.client, 'InitPlugin', { implementation: 'test', version: '0' })
    const types = { 'content-types': 'text/csv;application/csv' }
    assert.deepEqual(response.catalogue, [
      { type: 'CONTENT_MATCHER', key: 'csv', values: types },
      { type: 'CONTENT_GENERATOR', key: 'csv', values: types },
      { type: 'TRANSPORT', key: 'lines', values: {} },
    ])
    assert.deepEqual(await call(plugin.client, 'UpdateCatalogue', { catalogue: [] }), {})
  })

  test('CompareContents: matching bodies give no results', async () => {
    const response = await call(plugin.client, 'CompareContents', {
      expected: csv('name,age\nBob,42\n'),
      actual: csv('name,99\r\nBob,42'), // CRLF, no trailing newline; column 1 has a type rule
      rules: rules({ '$[*][1]': [['type']] }),
    })
    assert.equal(response.error, '')
    assert.deepEqual(response.results, {})
  })

  test('CompareContents: a regex column mismatch', async () => {
    const response = await call(plugin.client, 'CompareContents', {
      expected: csv('a,1\nb,2\n'),
      actual: csv('a,x\nb,3\n'),
      rules: rules({ '$[*][1]': [['regex', { regex: '\\d+' }]] }),
    })
    assert.deepEqual(Object.keys(response.results), ['$[0][1]'])
    const [mismatch] = response.results['$[0][1]'].mismatches
    assert.equal(mismatch.path, '$[0][1]')
    assert.equal(mismatch.mismatch, "'x' at row 0, column 1 does not match the regex '\\d+'")
    assert.equal(mismatch.mismatchType, 'body')
    assert.equal(text(mismatch.expected), '1')
    assert.equal(text(mismatch.actual), 'x')
  })

  test('CompareContents: an equality mismatch and a row count mismatch', async () => {
    let response = await call(plugin.client, 'CompareContents', {
      expected: csv('x,1\nBob,2\n'),
      actual: csv('x,1\nAl,2\n'),
    })
    assert.equal(response.results['$[1][0]'].mismatches[0].mismatch, "Expected 'Bob' at row 1, column 0 but got 'Al'")

    response = await call(plugin.client, 'CompareContents', {
      expected: csv('a\nb\n'),
      actual: csv('a\nb\nc\n'),
    })
    assert.deepEqual(Object.keys(response.results), ['$'])
    assert.equal(response.results.$.mismatches[0].mismatch, 'Expected 2 rows but got 3')
  })

  test('ConfigureInteraction builds contents, rules and generators', async () => {
    const response = await call(plugin.client, 'ConfigureInteraction', {
      contentType: 'text/csv',
      contentsConfig: struct({
        csv: 'id,name,code\n1,Bob,A1\n',
        columns: {
          0: { integer: true, generator: { type: 'RandomInt', min: 1, max: 9 } },
          1: { type: true },
          2: { regex: '[A-Z]\\d' },
        },
      }),
    })
    assert.equal(response.error, '')
    assert.equal(response.interaction.length, 1)
    const [interaction] = response.interaction
    assert.equal(interaction.contents.contentType, 'text/csv')
    assert.equal(interaction.contents.contentTypeHint, 'TEXT')
    assert.equal(text(interaction.contents.content), 'id,name,code\n1,Bob,A1\n')
    assert.deepEqual(Object.keys(interaction.rules).sort(), ['$[*][0]', '$[*][1]', '$[*][2]'])
    assert.equal(interaction.rules['$[*][0]'].rule[0].type, 'integer')
    assert.equal(interaction.rules['$[*][1]'].rule[0].type, 'type')
    assert.equal(interaction.rules['$[*][2]'].rule[0].type, 'regex')
    assert.deepEqual(plain(interaction.rules['$[*][2]'].rule[0].values), { regex: '[A-Z]\\d' })
    assert.deepEqual(Object.keys(interaction.generators), ['$[*][0]'])
    assert.equal(interaction.generators['$[*][0]'].type, 'RandomInt')
    assert.deepEqual(plain(interaction.generators['$[*][0]'].values), { min: 1, max: 9 })
    assert.deepEqual(plain(interaction.pluginConfiguration.interactionConfiguration), { columns: 3 })
    assert.deepEqual(plain(interaction.pluginConfiguration.pactConfiguration), { csvDialect: 'comma' })
    assert.equal(interaction.interactionMarkup, '```csv\nid,name,code\n1,Bob,A1\n```\n')
    assert.equal(interaction.interactionMarkupType, 'COMMON_MARK')
    assert.equal(interaction.partName, '')
  })

  test('ConfigureInteraction reports unknown fields and a missing csv', async () => {
    let response = await call(plugin.client, 'ConfigureInteraction', {
      contentType: 'text/csv',
      contentsConfig: struct({ csv: 'a\n', delimiter: ';' }),
    })
    assert.match(response.error, /delimiter/)
    assert.deepEqual(response.interaction, [])
    response = await call(plugin.client, 'ConfigureInteraction', { contentType: 'text/csv', contentsConfig: struct({}) })
    assert.match(response.error, /'csv'/)
  })

  test('GenerateContent applies RandomInt to a column', async () => {
    const response = await call(plugin.client, 'GenerateContent', {
      contents: csv('1,a\n2,b\n3,c\n'),
      generators: {
        '$[*][0]': { type: 'RandomInt', values: struct({ min: 5, max: 7 }) },
        '$[*][1]': { type: 'Uuid', values: struct({}) },
      },
    })
    assert.equal(response.contents.contentType, 'text/csv')
    const rows = text(response.contents.content).trimEnd().split('\n').map((r) => r.split(','))
    assert.deepEqual(rows.map((r) => r[1]), ['a', 'b', 'c'])
    for (const [n] of rows) {
      assert.match(n, /^\d+$/)
      assert.ok(Number(n) >= 5 && Number(n) <= 7, `${n} in [5, 7]`)
    }
  })

  test('the lines transport serves the pact and reports results', async () => {
    const pact = {
      consumer: { name: 'c' },
      provider: { name: 'p' },
      interactions: [
        {
          type: 'Synchronous/Messages',
          description: 'ping',
          request: { contents: { content: 'PING', contentType: 'text/plain' } },
          response: [{ contents: { content: 'PONG', contentType: 'text/plain' } }],
        },
        {
          type: 'Synchronous/Messages',
          description: 'never sent',
          request: { contents: { content: 'HELLO' } },
          response: [{ contents: { content: 'WORLD' } }],
        },
      ],
      metadata: { pactSpecification: { version: '4.0' } },
    }
    const started = await call(plugin.client, 'StartMockServer', {
      hostInterface: '127.0.0.1',
      port: 0,
      tls: false,
      pact: JSON.stringify(pact),
    })
    assert.equal(started.response, 'details')
    const { key, port, address } = started.details
    assert.ok(port > 0)
    assert.equal(address, `tcp://127.0.0.1:${port}`)

    assert.deepEqual(await tcpExchange(port, ['PING', 'NOPE']), ['PONG', "ERROR no interaction for 'NOPE'"])

    const results = await call(plugin.client, 'GetMockServerResults', { serverKey: key })
    assert.equal(results.ok, false)
    assert.deepEqual(
      results.results.map(({ path, error }) => ({ path, error })),
      [
        { path: 'NOPE', error: "unexpected request 'NOPE'" },
        { path: 'never sent', error: "interaction 'never sent' was not received" },
      ],
    )

    const shutdown = await call(plugin.client, 'ShutdownMockServer', { serverKey: key })
    assert.equal(shutdown.ok, false)
    assert.equal(shutdown.results.length, 2)
    assert.ok(await portRefuses(port), 'mock server port is closed')

    const unknown = await call(plugin.client, 'GetMockServerResults', { serverKey: key })
    assert.equal(unknown.ok, false)
    assert.match(unknown.results[0].error, /no mock server/)
  })

  test('unimplemented RPCs answer UNIMPLEMENTED', async () => {
    await assert.rejects(call(plugin.client, 'VerifyInteraction', {}), (err) => err.code === grpc.status.UNIMPLEMENTED)
  })

  test('__crash__ makes the plugin exit with code 3', async () => {
    const crashing = await startPlugin(dir)
    try {
      await assert.rejects(call(crashing.client, 'CompareContents', { expected: csv('a\n'), actual: csv('__crash__\n') }))
      const [code] = await crashing.child.exited
      assert.equal(code, 3)
    } finally {
      crashing.client.close()
    }
  })

  test('__hang__ never answers', async () => {
    await assert.rejects(
      call(plugin.client, 'CompareContents', { expected: csv('a\n'), actual: csv('__hang__\n') }, 300),
      (err) => err.code === grpc.status.DEADLINE_EXCEEDED,
    )
  })

  test('the plugin exits on SIGTERM', async () => {
    const other = await startPlugin(dir)
    other.client.close()
    other.child.kill('SIGTERM')
    const [code] = await other.child.exited
    assert.equal(code, 0)
  })

  test('the plugin exits when its stdin closes', async () => {
    const other = await startPlugin(dir)
    other.client.close()
    other.child.stdin.end()
    const [code, signal] = await other.child.exited
    assert.equal(signal, null)
    assert.equal(code, 0)
  })
})
