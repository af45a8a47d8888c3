// Pact files: names, versions, merging, atomic and locked writes, errors; through the real addon.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

import { MockServer, createMockServer, shutdownMockServer, writePactFile } from '../index.js'
import { fixture, fixtureText, tempDir } from './helpers.mjs'

// A pact directory's entries; on Windows without the `.<file>.lock` beside each pact, which stays
// there by design (an open file cannot be removed; README, "Atomic, locked").
const entries = (dir) =>
  readdirSync(dir).filter((name) => process.platform !== 'win32' || !/^\..+\.json\.lock$/.test(name))

const packageVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

/** Starts a server for the pact, runs `use(server)`, always shuts it down. */
async function withServer(pact, options, use) {
  const server = await MockServer.create(pact, options)
  try {
    return await use(server)
  } finally {
    await server.shutdown()
  }
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function pactOf(version, interactions, extra = {}) {
  return {
    consumer: { name: 'web' },
    provider: { name: 'api' },
    interactions,
    ...extra,
    metadata: { pactSpecification: { version }, ...extra.metadata },
  }
}

function http(description, path, extra = {}) {
  return { description, request: { method: 'GET', path }, response: { status: 200 }, ...extra }
}

const examples = [
  ['v1-accounts.json', '1.0.0', 'billing-web-accounts-api.json'],
  ['v2-inventory.json', '2.0.0', 'shop-web-inventory-api.json'],
  ['v3-payments.json', '3.0.0', 'checkout-web-payments-api.json'],
  ['v4-shipping.json', '4.0', 'warehouse-app-shipping-api.json'],
]

for (const [name, version, fileName] of examples) {
  test(`round trip of a ${version} pact (${name}) keeps every interaction, rule and generator`, async () => {
    const given = fixture(name)
    const dir = tempDir()
    const path = await withServer(fixtureText(name), undefined, (server) => server.writePact(dir, { overwrite: true }))
    assert.equal(path, join(dir, fileName))
    const written = readJson(path)
    assert.deepEqual(written.interactions, given.interactions)
    assert.deepEqual(written.consumer, given.consumer)
    assert.deepEqual(written.provider, given.provider)
    assert.deepEqual(written.metadata, {
      pactSpecification: { version },
      pactMockServer: { name: 'pact-mock-server', version: packageVersion },
    })

    const again = await withServer(written, undefined, (server) => server.writePact(dir, { overwrite: true }))
    assert.equal(readFileSync(again, 'utf8'), readFileSync(path, 'utf8'), 'loading and writing it again changes nothing')

    // The legacy function writes the same file.
    const legacyDir = tempDir()
    const port = await createMockServer(fixtureText(name))
    try {
      assert.equal(await writePactFile(port, legacyDir, true), undefined)
    } finally {
      await shutdownMockServer(port)
    }
    assert.equal(readFileSync(join(legacyDir, fileName), 'utf8'), readFileSync(path, 'utf8'))
  })
}

test('V4-only data is kept in V4 files: pending, key, comments, messages, V4 bodies', async () => {
  const dir = tempDir()
  const written = readJson(await withServer(fixture('v4-shipping.json'), undefined, (s) => s.writePact(dir)))
  const byDescription = Object.fromEntries(written.interactions.map((i) => [i.description, i]))
  const creation = byDescription['a shipment creation']
  assert.equal(creation.pending, true)
  assert.equal(creation.key, 'shipment-creation-v2')
  assert.deepEqual(creation.comments.text, ['the provider is adding multi-parcel shipments', 'pending until that ships'])
  assert.equal(creation.request.matchingRules.body['$.parcels'].matchers[0].match, 'arrayContains')
  assert.equal(byDescription['a shipment dispatched event'].type, 'Asynchronous/Messages')
  assert.equal(byDescription['a tracking query'].type, 'Synchronous/Messages')
  assert.deepEqual(byDescription['a label download'].response.body, {
    content: 'iVBORw0KGgoAAAANSUhEUv/+',
    contentType: 'image/png',
    encoded: 'base64',
  })
})

test('the specification option converts, and refuses with the reason when something would be lost', async () => {
  const dir = tempDir()
  const upgraded = readJson(
    await withServer(fixture('v2-inventory.json'), { specification: 'V4' }, (s) => s.writePact(dir)),
  )
  assert.equal(upgraded.metadata.pactSpecification.version, '4.0')
  assert.equal(upgraded.interactions.length, 3)
  assert.ok(upgraded.interactions.every((i) => i.type === 'Synchronous/HTTP'))
  const search = upgraded.interactions.find((i) => i.description === 'a stock search')
  assert.deepEqual(search.providerStates, [{ name: 'there is stock' }])
  assert.deepEqual(search.response.matchingRules.body['$.items'].matchers, [{ match: 'type', min: 1 }])

  for (const [name, specification, reason] of [
    ['v4-shipping.json', 'V3', /mixed interaction types/],
    ['v3-orders.json', 'V2', /would lose or change the `response\.generators` of interaction 'a search for open orders'/],
    ['v3-payments.json', 'V2', /interaction 'a payment creation'/],
    ['v2-inventory.json', 'V1', /`regex` matching rule, which V1 pacts do not have/],
  ]) {
    const target = tempDir()
    await withServer(fixture(name), { specification }, async (server) => {
      await assert.rejects(server.writePact(target), (err) => {
        assert.equal(err.code, 'ERR_PACT_WRITE')
        assert.match(err.message, reason)
        assert.match(err.message, new RegExp(`cannot be written as a ${specification.replace('_', '.')} pact`))
        assert.ok(err.message.includes(target), 'names the path')
        return true
      })
    })
    assert.deepEqual(readdirSync(target), [], `${name} at ${specification}: nothing written`)
  }

  const v4Only = pactOf('4.0', [
    { type: 'Synchronous/HTTP', ...http('a parcel', '/parcels/1'), pending: true },
  ])
  await withServer(v4Only, { specification: 'V3' }, async (server) => {
    await assert.rejects(server.writePact(tempDir()), { code: 'ERR_PACT_WRITE', message: /`pending` of interaction 'a parcel'/ })
  })
})

test('merging replaces the same interaction, keeps the others, and keeps the keys of both files', async () => {
  const dir = tempDir()
  const theirs = pactOf(
    '2.0.0',
    [
      http('a user', '/users/old', { providerState: 'user 1 exists' }),
      http('a user', '/users/no-state'),
      http('a team', '/teams'),
    ],
    { _links: { self: 'broker' }, metadata: { pactJs: { version: '12.1.0' }, pactRust: { ffi: '0.4.0' } } },
  )
  writeFileSync(join(dir, 'web-api.json'), JSON.stringify(theirs))

  const ours = pactOf(
    '3.0.0',
    [
      http('a user', '/users/new', { providerStates: [{ name: 'user 1 exists' }] }),
      http('an order', '/orders'),
    ],
    { metadata: { pactRust: { models: '1.3.17' }, team: { name: 'checkout' } } },
  )
  const path = await withServer(ours, undefined, (server) => server.writePact(dir))
  const merged = readJson(path)
  assert.deepEqual(
    merged.interactions.map((i) => i.request.path),
    ['/users/new', '/users/no-state', '/teams', '/orders'],
    "the V2 file's providerState is the V3 providerStates of ours",
  )
  assert.deepEqual(merged.interactions[0].providerStates, [{ name: 'user 1 exists' }])
  assert.deepEqual(merged._links, { self: 'broker' })
  assert.deepEqual(merged.metadata, {
    pactSpecification: { version: '3.0.0' },
    pactJs: { version: '12.1.0' },
    pactRust: { ffi: '0.4.0', models: '1.3.17' },
    team: { name: 'checkout' },
    pactMockServer: { name: 'pact-mock-server', version: packageVersion },
  })

  const replaced = await withServer(pactOf('3.0.0', [http('x', '/x')]), undefined, (s) => s.writePact(dir, { overwrite: true }))
  assert.deepEqual(readJson(replaced).interactions, [http('x', '/x')], 'overwrite: true replaces the file')
})

test('in V4 files interactions are joined on their key when both have one', async () => {
  const dir = tempDir()
  const v4 = (description, path, key) => ({ type: 'Synchronous/HTTP', ...http(description, path), pending: false, key })
  writeFileSync(
    join(dir, 'web-api.json'),
    JSON.stringify(pactOf('4.0', [v4('the old wording', '/keyed', 'k1'), v4('same words', '/other-key', 'k2')])),
  )
  const ours = pactOf('4.0', [v4('the new wording', '/keyed-new', 'k1'), v4('same words', '/new-key', 'k3')])
  const merged = readJson(await withServer(ours, undefined, (s) => s.writePact(dir)))
  assert.deepEqual(
    merged.interactions.map((i) => [i.key, i.request.path]),
    [['k1', '/keyed-new'], ['k2', '/other-key'], ['k3', '/new-key']],
  )
})

test('a pact of another consumer or provider is not merged into', async () => {
  const dir = tempDir()
  const theirs = pactOf('3.0.0', [http('a', '/a')])
  theirs.consumer.name = 'web?'
  const text = JSON.stringify(theirs)
  writeFileSync(join(dir, 'web_-api.json'), text)
  const ours = pactOf('3.0.0', [http('b', '/b')])
  ours.consumer.name = 'web/'
  await withServer(ours, undefined, async (server) => {
    await assert.rejects(server.writePact(dir), { code: 'ERR_PACT_WRITE', message: /consumer "web\?", not "web\/"/ })
  })
  assert.equal(readFileSync(join(dir, 'web_-api.json'), 'utf8'), text)
})

test('a corrupt existing file is an error naming the path, and is left byte for byte', async () => {
  const dir = tempDir()
  const path = join(dir, 'users-web-users-api.json')
  const corrupt = '{"consumer": {"name": "users-web"}, "interactions": [ \u00e9\u0000'
  writeFileSync(path, corrupt)
  await withServer(fixture('v2-users.json'), undefined, async (server) => {
    await assert.rejects(server.writePact(dir), (err) => {
      assert.equal(err.code, 'ERR_PACT_WRITE')
      assert.ok(err.message.includes(path), err.message)
      assert.match(err.message, /not valid JSON/)
      assert.match(err.message, /left untouched/)
      return true
    })
    await assert.rejects(writePactFile(server.port, dir, false), { code: 'ERR_PACT_WRITE', message: /not valid JSON/ })
  })
  assert.equal(readFileSync(path, 'utf8'), corrupt)
  assert.deepEqual(entries(dir), ['users-web-users-api.json'], 'no lock or temporary file left')

  const replaced = await withServer(fixture('v2-users.json'), undefined, (s) => s.writePact(dir, { overwrite: true }))
  assert.equal(readJson(replaced).interactions.length, 2, 'overwrite: true replaces a corrupt file')
})

test('a consumer named ../x cannot write outside dir', async () => {
  const root = tempDir()
  const dir = join(root, 'pacts')
  const pact = pactOf('3.0.0', [http('a', '/a')])
  pact.consumer.name = '../x'
  pact.provider.name = '/etc/passwd'
  const path = await withServer(pact, undefined, (server) => server.writePact(dir))
  assert.equal(path, join(dir, '___x-_etc_passwd.json'))
  assert.deepEqual(readdirSync(root), ['pacts'])
  assert.deepEqual(entries(dir), ['___x-_etc_passwd.json'])
  assert.equal(readJson(path).consumer.name, '../x', 'the name in the pact is kept')
})

test('dir is created when missing; a relative or absent dir resolves to an absolute path', async () => {
  const root = tempDir()
  const nested = join(root, 'a', 'b', 'c')
  const pact = fixture('v2-users.json')
  assert.equal(await withServer(pact, undefined, (s) => s.writePact(nested)), join(nested, 'users-web-users-api.json'))

  const before = process.cwd()
  process.chdir(root)
  try {
    const paths = await withServer(pact, undefined, async (server) => [
      await server.writePact('relative/pacts'),
      await server.writePact(),
      await server.writePact(undefined, { overwrite: true }),
    ])
    assert.deepEqual(paths, [
      join(root, 'relative', 'pacts', 'users-web-users-api.json'),
      join(root, 'users-web-users-api.json'),
      join(root, 'users-web-users-api.json'),
    ])
    const port = await createMockServer(JSON.stringify(pact))
    try {
      await writePactFile(port)
      await writePactFile(port, 'legacy')
    } finally {
      await shutdownMockServer(port)
    }
    assert.ok(existsSync(join(root, 'legacy', 'users-web-users-api.json')))
  } finally {
    process.chdir(before)
  }
})

// Eight processes merge 25 interactions each into one file at the same moment, half through
// writePact and half through the legacy writePactFile, while this process keeps reading the
// file: every run must end with all 200 interactions in a valid file, and no read may see a
// partial one. The writers are started once and given a fresh directory per run (starting them
// is most of the cost). The directories are on tmpfs when there is one: locking and renaming
// are the same there, and the 4000 fsyncs of a disk would make the test take minutes.
const WRITERS = 8
const PER_WRITER = 25
const RUNS = 20
const writerScript = fileURLToPath(new URL('./pact-writer-process.mjs', import.meta.url))

function startWriter(writer) {
  const how = writer % 2 === 0 ? 'writePact' : 'writePactFile'
  const child = spawn(process.execPath, [writerScript, String(writer), String(PER_WRITER), how], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
  /** The next line the writer says, or an error when it exits first. */
  async function next() {
    const line = await Promise.race([lines.next(), exited.then((code) => ({ exit: code }))])
    if (line.done || line.exit !== undefined) throw new Error(`writer ${writer} exited (${line.exit}): ${stderr}`)
    return line.value
  }
  return { child, next, exited }
}

async function concurrentRun(writers, dir) {
  const file = join(dir, 'crowd-web-crowd-api.json')
  let reads = 0
  const partial = []
  const reader = setInterval(() => {
    let text
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return // not written yet
    }
    reads += 1
    try {
      JSON.parse(text)
    } catch (err) {
      partial.push(err.message)
    }
  }, 5)
  for (const writer of writers) writer.child.stdin.write(`${dir}\n`)
  const answers = await Promise.all(writers.map((writer) => writer.next())).finally(() => clearInterval(reader))
  answers.forEach((answer, writer) => assert.equal(answer, 'done', `writer ${writer}`))
  assert.deepEqual(partial, [], 'a reader saw a partial file')
  const pact = readJson(file)
  const expected = []
  for (let writer = 0; writer < WRITERS; writer++) {
    for (let n = 0; n < PER_WRITER; n++) expected.push(`writer ${writer} interaction ${n}`)
  }
  assert.deepEqual(pact.interactions.map((i) => i.description).sort(), expected.sort())
  assert.deepEqual(entries(dir), ['crowd-web-crowd-api.json'], 'no lock or temporary file left')
  return { pact, reads }
}

test(`${WRITERS} processes merging ${PER_WRITER} interactions each into one file lose nothing (${RUNS} runs)`, { timeout: 600_000 }, async (t) => {
  const root = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/pact-mock-server-') : tempDir()
  const started = Date.now()
  const writers = Array.from({ length: WRITERS }, (_, writer) => startWriter(writer))
  try {
    assert.deepEqual(await Promise.all(writers.map((writer) => writer.next())), Array(WRITERS).fill('ready'))
    let reads = 0
    let last
    for (let run = 0; run < RUNS; run++) {
      const dir = join(root, `run-${run}`)
      mkdirSync(dir)
      const result = await concurrentRun(writers, dir)
      assert.equal(result.pact.interactions.length, WRITERS * PER_WRITER, `run ${run}`)
      reads += result.reads
      last = result.pact
    }
    // The result is a pact this package loads and serves.
    await withServer(last, undefined, async (server) => assert.equal(server.mismatches().length, WRITERS * PER_WRITER))
    t.diagnostic(
      `${RUNS}/${RUNS} runs, ${WRITERS * PER_WRITER}/${WRITERS * PER_WRITER} interactions each, ` +
        `${reads} reads while writing, none partial, in ${root}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
  } finally {
    for (const writer of writers) writer.child.stdin.end()
    await Promise.all(writers.map((writer) => writer.exited))
    rmSync(root, { recursive: true, force: true })
  }
})
