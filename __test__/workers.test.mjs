// Worker threads, as Vitest's `threads` pool and Jest's `workerThreads` use them: each worker loads
// the addon itself, and workers end (or are terminated) while the process goes on. Nothing here may
// crash or hang the process; a worker's servers stop with it, other threads' servers do not.
// This file never loads the package on the main thread until its last test: loading it there
// first hid the crash of a second worker's load (issue 13).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'

import { portRefuses, tempDir } from './helpers.mjs'

const workerFile = new URL('./workers/worker.cjs', import.meta.url)

/** Runs a worker to its end; resolves to what its task returned, and its exit code. */
function runWorker(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData })
    let outcome
    worker.on('message', (message) => {
      if ('result' in message || 'error' in message) outcome = message
    })
    worker.on('error', reject)
    worker.on('exit', (exitCode) => {
      if (outcome?.error) reject(Object.assign(new Error(outcome.error.message), outcome.error))
      else resolve({ exitCode, result: outcome?.result })
    })
  })
}

/** Starts a worker that serves; resolves once its servers are up, with their ports. */
function startServingWorker({ servers = 1, wait = true } = {}) {
  const worker = new Worker(workerFile, { workerData: { task: 'serve', servers, wait } })
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  const ready = new Promise((resolve, reject) => {
    worker.on('message', (message) => {
      if (message.ports) resolve(message.ports)
      if (message.error) reject(new Error(message.error.message))
    })
    worker.once('error', reject)
  })
  return { worker, exited, ready }
}

/** True once every port refuses connections, checked until `withinMs` have passed. */
async function refuseWithin(ports, withinMs) {
  const deadline = Date.now() + withinMs
  for (;;) {
    const refused = await Promise.all(ports.map((port) => portRefuses(port)))
    if (refused.every(Boolean)) return true
    if (Date.now() > deadline) return false
    await delay(25)
  }
}

test('workers one after another each load the addon and serve', async () => {
  const dir = tempDir()
  for (let n = 0; n < 5; n++) {
    const { exitCode, result } = await runWorker({ task: 'roundTrip', name: `seq-${n}`, dir })
    assert.equal(exitCode, 0)
    assert.equal(result.status, 200)
    assert.deepEqual(result.body, { path: `/items/seq-${n}` })
  }
  const written = JSON.parse(readFileSync(join(dir, 'worker-consumer-worker-provider.json'), 'utf8'))
  assert.equal(written.interactions.length, 5)
})

test('parallel workers recycled in rounds', async () => {
  const dir = tempDir()
  for (let round = 0; round < 4; round++) {
    const workers = Array.from({ length: 4 }, (_, n) =>
      runWorker({ task: 'roundTrip', name: `round-${round}-${n}`, dir }),
    )
    for (const { exitCode, result } of await Promise.all(workers)) {
      assert.equal(exitCode, 0)
      assert.equal(result.status, 200)
    }
  }
  const written = JSON.parse(readFileSync(join(dir, 'worker-consumer-worker-provider.json'), 'utf8'))
  assert.equal(written.interactions.length, 16)
})

test('a worker that ends with servers running: its ports refuse within a second', async () => {
  const { exited, ready } = startServingWorker({ servers: 3, wait: false })
  const ports = await ready
  assert.equal(await exited, 0)
  assert.ok(await refuseWithin(ports, 1000), `ports ${ports} still accept connections a second after the worker ended`)
})

test('a worker terminated while a request to its server is in flight', async () => {
  const { worker, exited, ready } = startServingWorker({ servers: 1 })
  const [port] = await ready
  // A request whose head is only half sent: in flight on the server when the worker goes.
  const socket = connect({ port, host: '127.0.0.1' })
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write('GET /served HTTP/1.1\r\nHost: localhost\r\n')
  const closed = new Promise((resolve) => {
    socket.once('close', resolve)
    socket.once('error', () => {})
  })
  try {
    await worker.terminate()
    await exited
    assert.ok(await refuseWithin([port], 1000), 'the port still accepts a second after terminate()')
    const stillOpen = delay(2000, 'still open', { ref: false })
    assert.notEqual(await Promise.race([closed, stillOpen]), 'still open', 'the in-flight connection was left open')
  } finally {
    socket.destroy()
  }
})

test('servers of other threads are untouched when a worker ends', async () => {
  const survivor = startServingWorker({ servers: 1 })
  const doomed = startServingWorker({ servers: 1 })
  const [survivorPort] = await survivor.ready
  const [doomedPort] = await doomed.ready
  await doomed.worker.terminate()
  assert.ok(await refuseWithin([doomedPort], 1000))
  const response = await fetch(`http://127.0.0.1:${survivorPort}/served`)
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), { path: '/served' })
  survivor.worker.postMessage('end')
  assert.equal(await survivor.exited, 0)
  assert.ok(await refuseWithin([survivorPort], 1000))
})

test('pact writes from several threads into one file take turns: nothing lost, nothing torn', async () => {
  const dir = tempDir()
  const writers = Array.from({ length: 6 }, (_, n) => runWorker({ task: 'writeMany', name: `w${n}`, dir, count: 8 }))
  for (const { exitCode, result } of await Promise.all(writers)) {
    assert.equal(exitCode, 0)
    assert.equal(result.wrote, 8)
  }
  const written = JSON.parse(readFileSync(join(dir, 'worker-consumer-worker-provider.json'), 'utf8'))
  const descriptions = written.interactions.map((interaction) => interaction.description).sort()
  const expected = Array.from({ length: 6 }, (_, w) => Array.from({ length: 8 }, (_, n) => `write w${w} ${n}`))
    .flat()
    .sort()
  assert.deepEqual(descriptions, expected)
})

test('the main thread loads the addon after all of that, and finds worker servers by port', async () => {
  // load.cjs's exports are built by a spread, which ESM cannot name: take them from its default.
  const { mockServerMatched, mockServerMismatches, MockServer } = (await import('../load.cjs')).default
  const serving = startServingWorker({ servers: 1 })
  const [port] = await serving.ready
  // A worker's server, seen from the main thread through the legacy functions: plain data.
  assert.equal(mockServerMatched(port), false)
  assert.deepEqual(
    mockServerMismatches(port).map((result) => result.type),
    ['missing-request'],
  )
  await fetch(`http://127.0.0.1:${port}/served`).then((response) => response.arrayBuffer())
  assert.equal(mockServerMatched(port), true)
  await serving.worker.terminate()
  assert.ok(await refuseWithin([port], 1000))
  // Once its environment is gone, the legacy functions no longer find it.
  assert.equal(mockServerMatched(port), false)
  assert.deepEqual(mockServerMismatches(port), [])

  const server = await MockServer.create({
    consumer: { name: 'main' },
    provider: { name: 'thread' },
    interactions: [{ description: 'main', request: { method: 'GET', path: '/main' }, response: { status: 204 } }],
  })
  assert.equal((await fetch(`${server.url}/main`)).status, 204)
  assert.ok(server.matched())
  await server.shutdown()
})
