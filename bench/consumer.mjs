// Measure (6): a consumer suite written with the DSL, as a pact-js user writes it: N tests, each
// one interaction, `executeTest`, a fetch, and the pact merged into one file. Each subject runs
// the suite in a fresh process (bench/consumer.mjs --child SUBJECT); subjects alternate inside
// each repetition. Per test: from `addInteraction()` to `executeTest` resolving (pact written).
//
// Ours runs the same DSL code when the package exports `PactV4`; until then it runs the
// equivalent with `MockServer.run` and a pact written by hand (the figures say which).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const SELF = fileURLToPath(import.meta.url)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CONSUMER = 'bench-web'
const PROVIDER = 'bench-users-api'

// ours-run: this package's MockServer.run with the same pact written by hand (no DSL), to split
// the DSL's share from the engine's.
export const CONSUMER_SUBJECTS = ['pact-js', 'ours', 'ours-run']

// ---------------------------------------------------------------------------------------------
// The suite, in the child process.

/** One test written with pact-js's V4 DSL; `lib` is pact-js or this package. */
async function dslTest(lib, pact, n) {
  const M = lib.MatchersV3
  return pact
    .addInteraction()
    .given('a user exists', { id: n })
    .uponReceiving(`a request for user ${n}`)
    .withRequest('GET', `/users/${n}`, (b) => b.headers({ Accept: 'application/json' }))
    .willRespondWith(200, (b) => b.jsonBody({ id: M.integer(n), name: M.string('Ann'), email: M.email('ann@example.com'), roles: M.eachLike('admin') }))
    .executeTest(async (server) => {
      const response = await fetch(`${server.url}/users/${n}`, { headers: { Accept: 'application/json' } })
      const user = await response.json()
      if (user.id !== n) throw new Error(`user ${n}: got ${JSON.stringify(user)}`)
    })
}

/** The pact the DSL test above describes, by hand (ours before the DSL lands). */
function handWrittenPact(n) {
  const rule = (match, extra = {}) => ({ combine: 'AND', matchers: [{ match, ...extra }] })
  return {
    consumer: { name: CONSUMER },
    provider: { name: PROVIDER },
    interactions: [
      {
        type: 'Synchronous/HTTP',
        description: `a request for user ${n}`,
        providerStates: [{ name: 'a user exists', params: { id: n } }],
        request: { method: 'GET', path: `/users/${n}`, headers: { Accept: ['application/json'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          body: { content: { id: n, name: 'Ann', email: 'ann@example.com', roles: ['admin'] }, contentType: 'application/json', encoded: false },
          matchingRules: {
            body: {
              '$.id': rule('integer'),
              '$.name': rule('type'),
              '$.email': rule('regex', { regex: '^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$' }),
              '$.roles': rule('type', { min: 1 }),
            },
          },
        },
      },
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  }
}

async function runChild(subject, tests, dir) {
  process.env.PACT_DO_NOT_TRACK = 'true'
  const times = []
  let mode
  if (subject === 'pact-js') {
    const lib = require('@pact-foundation/pact')
    const pact = new lib.PactV4({ consumer: CONSUMER, provider: PROVIDER, dir, logLevel: 'error' })
    mode = 'PactV4 DSL'
    for (let n = 1; n <= tests; n += 1) {
      const began = performance.now()
      await dslTest(lib, pact, n)
      times.push(performance.now() - began)
    }
  } else {
    const lib = require(path.join(ROOT, 'load.cjs'))
    if (typeof lib.PactV4 === 'function' && subject === 'ours') {
      mode = 'PactV4 DSL'
      const pact = new lib.PactV4({ consumer: CONSUMER, provider: PROVIDER, dir, logLevel: 'error' })
      for (let n = 1; n <= tests; n += 1) {
        const began = performance.now()
        await dslTest(lib, pact, n)
        times.push(performance.now() - began)
      }
    } else {
      mode = 'MockServer.run with a hand-written pact (the DSL is not exported yet)'
      for (let n = 1; n <= tests; n += 1) {
        const began = performance.now()
        const pactText = JSON.stringify(handWrittenPact(n))
        await lib.MockServer.run(pactText, { dir }, async (server) => {
          const response = await fetch(`${server.url}/users/${n}`, { headers: { Accept: 'application/json' } })
          const user = await response.json()
          if (user.id !== n) throw new Error(`user ${n}: got ${JSON.stringify(user)}`)
        })
        times.push(performance.now() - began)
      }
    }
  }
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.json'))
  const written = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  return { mode, times, interactions: written.interactions.length }
}

/**
 * writePact alone, into a file that already holds `existing` interactions: each call merges one
 * new interaction (the file grows by one per call). Ours only (pact-js has no separate call).
 */
async function runWriteChild(existing, writes, dir) {
  const lib = require(path.join(ROOT, 'load.cjs'))
  const seed = handWrittenPact(0)
  seed.interactions = Array.from({ length: existing }, (_, index) => handWrittenPact(100_000 + index).interactions[0])
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, `${CONSUMER}-${PROVIDER}.json`), JSON.stringify(seed, null, 2))
  const times = []
  for (let n = 1; n <= writes; n += 1) {
    const server = await lib.MockServer.create(JSON.stringify(handWrittenPact(n)))
    try {
      await fetch(`${server.url}/users/${n}`, { headers: { Accept: 'application/json' } }).then((r) => r.arrayBuffer())
      server.verify()
      const began = performance.now()
      await server.writePact(dir)
      times.push(performance.now() - began)
    } finally {
      await server.shutdown()
    }
  }
  const written = JSON.parse(fs.readFileSync(path.join(dir, `${CONSUMER}-${PROVIDER}.json`), 'utf8'))
  if (written.interactions.length !== existing + writes) throw new Error(`expected ${existing + writes} interactions, found ${written.interactions.length}`)
  return { times }
}

// ---------------------------------------------------------------------------------------------
// The parent: alternating children, figures.

function child(args) {
  const output = execFileSync(process.execPath, [SELF, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
    // pact-js prints its own log lines on stdout at some levels: the result is the last line.
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  })
  return JSON.parse(output.trim().split('\n').at(-1))
}

const sortedCopy = (values) => [...values].sort((a, b) => a - b)
export function quantile(values, q) {
  const sorted = sortedCopy(values)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]
}
const median = (values) => quantile(values, 0.5)

/**
 * Runs the suite `repetitions` times per subject, alternating, plus writePact into a file of
 * 1,000 interactions (ours). Returns raw times and a summary per subject.
 */
export function measureConsumerSuite({ tests, repetitions, writes, existing, log = () => {} }) {
  const raw = Object.fromEntries(CONSUMER_SUBJECTS.map((subject) => [subject, { runs: [] }]))
  for (let rep = 0; rep < repetitions; rep += 1) {
    const order = rep % 2 === 0 ? CONSUMER_SUBJECTS : [...CONSUMER_SUBJECTS].reverse()
    for (const subject of order) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pact-bench-consumer-${subject}-`))
      try {
        const began = performance.now()
        const result = child(['--child', subject, '--tests', String(tests), '--dir', dir])
        const wallMs = performance.now() - began
        if (result.interactions !== tests) throw new Error(`${subject} wrote ${result.interactions} interactions, not ${tests}`)
        raw[subject].mode = result.mode
        raw[subject].runs.push({ times: result.times, totalMs: result.times.reduce((a, b) => a + b, 0), processMs: wallMs })
        log(`  ${subject}: median ${median(result.times).toFixed(2)} ms, p90 ${quantile(result.times, 0.9).toFixed(2)} ms per test; ${tests} tests in ${(result.times.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s`)
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  const writeRuns = []
  for (let rep = 0; rep < repetitions; rep += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pact-bench-write-'))
    try {
      writeRuns.push(child(['--write', '--existing', String(existing), '--writes', String(writes), '--dir', dir]).times)
      log(`  ours: writePact into ${existing} interactions: median ${median(writeRuns.at(-1)).toFixed(2)} ms`)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const summary = {}
  for (const subject of CONSUMER_SUBJECTS) {
    const runs = raw[subject].runs
    summary[subject] = {
      mode: raw[subject].mode,
      medianMs: median(runs.map((run) => median(run.times))),
      p90Ms: median(runs.map((run) => quantile(run.times, 0.9))),
      totalMs: median(runs.map((run) => run.totalMs)),
      firstTestMs: median(runs.map((run) => run.times[0])),
    }
  }
  summary.writeInto1000 = { existing, writes, medianMs: median(writeRuns.map((times) => median(times))), p90Ms: median(writeRuns.map((times) => quantile(times, 0.9))) }
  summary.speedup = summary['pact-js'].medianMs / summary.ours.medianMs
  return { tests, repetitions, raw, summary }
}

export function consumerTable({ tests, repetitions, summary }) {
  const f = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2))
  const ours = summary.ours
  const ref = summary['pact-js']
  const rows = [
    `| (6) consumer suite: ${tests} tests, each one interaction + executeTest + fetch + merged pact | unit | pact-mock-server | pact-js 17 | pact-js ÷ ours | target | met |`,
    '|---|---|---|---|---|---|---|',
    `| time per test, median | ms | ${f(ours.medianMs)} | ${f(ref.medianMs)} | ${summary.speedup.toFixed(2)}x | ≥ 3x | ${summary.speedup >= 3 ? 'yes' : '**no**'} |`,
    `| time per test, p90 | ms | ${f(ours.p90Ms)} | ${f(ref.p90Ms)} | ${(ref.p90Ms / ours.p90Ms).toFixed(2)}x |  |  |`,
    `| the ${tests} tests, total | ms | ${f(ours.totalMs)} | ${f(ref.totalMs)} | ${(ref.totalMs / ours.totalMs).toFixed(2)}x |  |  |`,
    `| the first test of the process | ms | ${f(ours.firstTestMs)} | ${f(ref.firstTestMs)} | ${(ref.firstTestMs / ours.firstTestMs).toFixed(2)}x |  |  |`,
    `| ours through MockServer.run with the pact by hand (no DSL), per test median (p90) | ms | ${f(summary['ours-run'].medianMs)} (${f(summary['ours-run'].p90Ms)}) | — | ${(ref.medianMs / summary['ours-run'].medianMs).toFixed(2)}x |  |  |`,
    `| writePact of one interaction into a file of ${summary.writeInto1000.existing.toLocaleString('en-US')}, median (p90) | ms | ${f(summary.writeInto1000.medianMs)} (${f(summary.writeInto1000.p90Ms)}) | — | — |  |  |`,
  ]
  return [...rows, '', `Medians over ${repetitions} alternating repetitions, each subject in a fresh process. Ours: ${ours.mode}.`].join('\n')
}

// ---------------------------------------------------------------------------------------------

if (process.argv[1] === SELF) {
  const { parseArgs } = await import('node:util')
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      write: { type: 'boolean', default: false },
      tests: { type: 'string', default: '200' },
      existing: { type: 'string', default: '1000' },
      writes: { type: 'string', default: '50' },
      dir: { type: 'string' },
      repetitions: { type: 'string', default: '3' },
    },
  })
  if (values.child) {
    process.stdout.write(`${JSON.stringify(await runChild(values.child, Number(values.tests), values.dir))}\n`)
  } else if (values.write) {
    process.stdout.write(`${JSON.stringify(await runWriteChild(Number(values.existing), Number(values.writes), values.dir))}\n`)
  } else {
    // Standalone: node bench/consumer.mjs [--tests 200 --repetitions 3]
    const log = (text) => process.stderr.write(`[consumer ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
    const result = measureConsumerSuite({ tests: Number(values.tests), repetitions: Number(values.repetitions), writes: Number(values.writes), existing: Number(values.existing), log })
    process.stdout.write(`\n${consumerTable(result)}\n`)
  }
}
