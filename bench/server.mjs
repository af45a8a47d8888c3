// One subject of the benchmark in its own Node process, driven by bench/run.mjs over IPC, so
// that its RSS, its main thread's CPU time and its event loop are its own and the load comes
// from another process.
//
//   node --expose-gc bench/server.mjs <ours|reference|node>
//
// Messages in: {id, command, ...arguments}; out: {id, result} or {id, error}.
import http from 'node:http'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

import { buildReferencePact } from './pact.mjs'

const require = createRequire(import.meta.url)
const subject = process.argv[2]

/** What each subject does, behind one interface. */
const subjects = {
  ours() {
    const { MockServer } = require('../index.js')
    let pactText
    return {
      prepare(text) {
        pactText = text
      },
      async start(text = pactText) {
        const server = await MockServer.create(text)
        return { port: server.port, server }
      },
      /** A pact it has never seen: the same interactions for another consumer. */
      async startNew(n) {
        return this.start(pactText.replace('"bench-web"', `"bench-web-${n}"`))
      },
      async stop({ server }) {
        await server.shutdown()
      },
      matched: ({ server }) => server.matched(),
      mismatches: ({ server }) => server.mismatches(),
    }
  },

  reference() {
    const pactCore = require('@pact-foundation/pact-core')
    let pact
    return {
      prepare() {
        pact = buildReferencePact(pactCore)
      },
      async start(built = pact) {
        const port = built.createMockServer('127.0.0.1', 0)
        return { port, built }
      },
      /** A new pact: its interactions built through the builder, as a test does before each run. */
      async startNew() {
        return this.start(buildReferencePact(pactCore))
      },
      async stop({ port, built }) {
        built.cleanupMockServer(port)
      },
      matched: ({ port, built }) => built.mockServerMatchedSuccessfully(port),
      mismatches: ({ port, built }) => built.mockServerMismatches(port),
    }
  },

  node() {
    let canned
    const handler = (request, response) => {
      // Read the whole body, as a mock server must before it can match it.
      request.on('data', () => {})
      request.on('end', () => {
        const answer =
          request.method === 'GET' && request.url === canned.getPath
            ? canned.get
            : request.method === 'POST' && request.url === canned.postPath
              ? canned.post
              : { status: 404, contentType: 'text/plain', body: '' }
        response.writeHead(answer.status, { 'content-type': answer.contentType })
        response.end(answer.body)
      })
    }
    return {
      prepare(_text, responses) {
        canned = responses
      },
      async start() {
        const server = http.createServer({ keepAliveTimeout: 60_000 }, handler)
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
        return { port: server.address().port, server }
      },
      async stop({ server }) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      },
      matched: () => undefined,
      mismatches: () => undefined,
    }
  },
}

if (!subjects[subject]) {
  console.error(`usage: node bench/server.mjs <${Object.keys(subjects).join('|')}>`)
  process.exit(2)
}
const impl = subjects[subject]()
const running = []
let eluMark

function elapsedMs(fn) {
  const began = process.hrtime.bigint()
  const value = fn()
  return { ms: Number(process.hrtime.bigint() - began) / 1e6, value }
}

function rss() {
  globalThis.gc?.()
  return process.memoryUsage().rss
}

/** Results that are problems: not the interactions this benchmark never requests. */
function problemCount(results) {
  return results.filter((result) => result.type === 'request-mismatch' || result.type === 'request-not-found').length
}

const commands = {
  prepare({ pactText, responses }) {
    impl.prepare(pactText, responses)
  },

  async start() {
    const server = await impl.start()
    running.push(server)
    return { port: server.port }
  },

  /** `fresh`: each server gets a pact not seen before (ours parses it, the reference builds it). */
  async createShutdown({ count, fresh }) {
    if (fresh && !impl.startNew) return { ms: null }
    const ms = []
    for (let i = 0; i < count; i += 1) {
      const began = process.hrtime.bigint()
      await impl.stop(await (fresh ? impl.startNew(i) : impl.start()))
      ms.push(Number(process.hrtime.bigint() - began) / 1e6)
    }
    return { ms }
  },

  async idle({ count }) {
    // One server first, so that runtimes and thread pools exist before the baseline.
    await impl.stop(await impl.start())
    const rssBefore = rss()
    for (let i = 0; i < count; i += 1) running.push(await impl.start())
    return { rssBefore, rssAfter: rss() }
  },

  rss() {
    return { rss: rss() }
  },

  markEventLoop() {
    eluMark = performance.eventLoopUtilization()
  },

  eventLoopSinceMark() {
    const { active, idle, utilization } = performance.eventLoopUtilization(eluMark)
    return { activeMs: active, idleMs: idle, utilization }
  },

  /** How long the reports take on the first server, and how many problems it recorded. */
  reports({ repeat }) {
    const server = running[0]
    const matchedMs = []
    const mismatchesMs = []
    let mismatches
    for (let i = 0; i < repeat; i += 1) {
      matchedMs.push(elapsedMs(() => impl.matched(server)).ms)
      const timed = elapsedMs(() => impl.mismatches(server))
      mismatchesMs.push(timed.ms)
      mismatches = timed.value
    }
    return { matchedMs, mismatchesMs, problems: mismatches ? problemCount(mismatches) : null }
  },

  async exit() {
    for (const server of running.splice(0)) await impl.stop(server)
    setImmediate(() => process.exit(0))
  },
}

process.on('message', async ({ id, command, ...args }) => {
  try {
    const result = await commands[command](args)
    process.send({ id, result: result ?? null })
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) })
  }
})
process.on('disconnect', () => process.exit(0))
process.send({ ready: true })
