#!/usr/bin/env node
// npm run bench [-- --smoke] [-- --no-build] [-- --node-load] [-- --subjects ours,reference] [-- --measures 1,2,6]
//
// Compares, in one run, on the same pact and the same load generator: this package, the
// reference mock server (through @pact-foundation/pact-core), a bare hyper server (the floor)
// and node's own http server. See bench/RESULTS.md for what each measure is.
//
// The full run writes bench/results.json and the generated part of bench/RESULTS.md. --smoke
// runs every measure for a few seconds, checks that every subject answers correctly and that
// every load request matched, and writes nothing into the repository.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual, parseArgs } from 'node:util'

import { consumerTable, measureConsumerSuite } from './consumer.mjs'
import { runNodeLoad, runWrk, singleRequestLatencies, request, wrkVersion, writePostScript } from './load.mjs'
import { GET_PATH, POST_PATH, writeFixtures } from './pact.mjs'
import { markdownTable, median, p99, summarize } from './report.mjs'
import { LABELS, SUBJECTS, cpuTimes, createShutdownTimes, idleServersRss, setup, startServer } from './subjects.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

const FULL = {
  repetitions: 3,
  createShutdownCount: 200,
  idleServers: 100,
  connections: 50,
  wrkThreads: 2,
  loadSeconds: 10,
  warmUpSeconds: 2,
  aloneWarmUp: 20,
  aloneCount: 100,
  memoryRequests: 1_000_000,
  // The reference slows down as it stores every request: stop its load after this long and
  // scale its growth to a million (the figures say how many requests it took).
  memoryMaxSeconds: 240,
  reportRepeat: 3,
  // (6) the consumer suite: tests per suite run, and writePact into a file of `existing`.
  consumerTests: 200,
  consumerWrites: 50,
  consumerExisting: 1000,
}
const SMOKE = {
  ...FULL,
  repetitions: 1,
  createShutdownCount: 10,
  idleServers: 5,
  loadSeconds: 1,
  warmUpSeconds: 0,
  aloneWarmUp: 2,
  aloneCount: 5,
  memoryRequests: 5_000,
  reportRepeat: 2,
  memoryMaxSeconds: 10,
  consumerTests: 10,
  consumerWrites: 5,
}

const { values: options } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    // The in-process Node load generator even where wrk is installed (to test the fallback).
    'node-load': { type: 'boolean', default: false },
    subjects: { type: 'string' },
    measures: { type: 'string' },
  },
})
const plan = options.smoke ? SMOKE : FULL
const subjects = options.subjects ? options.subjects.split(',') : SUBJECTS
const measures = new Set((options.measures ?? '1,2,3,4,6').split(',').map(Number))
for (const subject of subjects) if (!SUBJECTS.includes(subject)) throw new Error(`unknown subject ${subject}: one of ${SUBJECTS}`)
const complete = subjects.length === SUBJECTS.length && measures.size === 5

const log = (text) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
const sh = (command, args, extra = {}) => execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', ...extra })

// ---------------------------------------------------------------------------------------------
// Setup: builds, the load generator, the pact and the files the load generator sends.

function buildFloor() {
  const args = ['build', '--example', 'bench-hyper-floor', '--message-format=json-render-diagnostics']
  if (!options.smoke) args.splice(1, 0, '--release')
  log(`cargo ${args.join(' ')}`)
  const output = sh('cargo', args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue
    const message = JSON.parse(line)
    if (message.reason === 'compiler-artifact' && message.target.name === 'bench-hyper-floor' && message.executable) {
      return message.executable
    }
  }
  throw new Error('cargo built no bench-hyper-floor executable')
}

/** The names of an ELF file's sections (64-bit little-endian, as the addon is here). */
function elfSectionNames(bytes) {
  const sectionsAt = Number(bytes.readBigUInt64LE(0x28))
  const entrySize = bytes.readUInt16LE(0x3a)
  const count = bytes.readUInt16LE(0x3c)
  const namesIndex = bytes.readUInt16LE(0x3e)
  const header = (index) => sectionsAt + index * entrySize
  const namesAt = Number(bytes.readBigUInt64LE(header(namesIndex) + 0x18))
  return Array.from({ length: count }, (_, index) => {
    const start = namesAt + bytes.readUInt32LE(header(index))
    return bytes.toString('latin1', start, bytes.indexOf(0, start))
  })
}

/** The addon index.js loads, and whether it is a release build (release builds carry no debug info). */
function addonBuild() {
  const addon = fs.readdirSync(ROOT).find((name) => name.startsWith('pact-mock-server.') && name.endsWith('.node'))
  if (!addon) throw new Error('no pact-mock-server.*.node here: run `npm run build` (or `npm run build:debug` for --smoke) first')
  const bytes = fs.readFileSync(path.join(ROOT, addon))
  const debug = elfSectionNames(bytes).includes('.debug_info')
  return { file: addon, profile: debug ? 'debug' : 'release', bytes: bytes.length }
}

function ensureWrk() {
  if (options['node-load']) return null
  let version = wrkVersion()
  if (version || options.smoke) return version
  log('wrk is missing: installing it with apt-get')
  try {
    const asRoot = process.getuid?.() === 0
    const command = asRoot ? ['apt-get', ['install', '-y', 'wrk']] : ['sudo', ['apt-get', 'install', '-y', 'wrk']]
    execFileSync(command[0], command[1], { stdio: ['ignore', 'ignore', 'inherit'] })
    version = wrkVersion()
  } catch (error) {
    log(`wrk could not be installed (${error.message.split('\n')[0]}): falling back to the in-process Node load generator`)
  }
  return version
}

/** Busy and total CPU ticks of the whole machine, and the ticks of this process and its waited children. */
function cpuTicks() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const busy = user + nice + system + irq + softirq + steal
  const stat = fs.readFileSync('/proc/self/stat', 'utf8')
  const [utime, stime, cutime, cstime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 15).map(Number)
  return { busy, total: busy + idle + iowait, own: utime + stime + cutime + cstime }
}

/** The share of the machine's CPU that processes other than this benchmark used between two readings. */
function foreignShare(before, after) {
  const foreign = after.busy - before.busy - (after.own - before.own)
  return Math.max(0, foreign) / (after.total - before.total)
}

function machine() {
  const cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model
  let rustc = null
  try {
    rustc = sh('rustc', ['--version']).trim()
  } catch {}
  return {
    cpu: cpuModel,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    rustc,
  }
}

// ---------------------------------------------------------------------------------------------
// The measures. Subjects take turns inside each repetition, so that a change in the machine's
// other load hits all of them alike and ratios within a run stay fair.

const raw = Object.fromEntries(subjects.map((subject) => [subject, {}]))
const push = (subject, key, value) => (raw[subject][key] ??= []).push(value)

async function load(url, { seconds, script, method, body, headers }) {
  const result = setup.wrk
    ? await runWrk({ url, connections: plan.connections, threads: plan.wrkThreads, seconds, script })
    : await runNodeLoad({ url, connections: plan.connections, seconds, method, body, headers })
  if (result.non2xx > 0) {
    throw new Error(`${url} answered ${result.non2xx} of ${result.requests} requests with an error status: they did not match`)
  }
  if (result.socketErrors > 0) log(`  warning: ${result.socketErrors} socket errors against ${url}`)
  return result
}

const getLoad = (url, seconds) => load(`${url}${GET_PATH}`, { seconds, method: 'GET' })
const postLoad = (url, seconds) =>
  load(`${url}${POST_PATH}`, { seconds, script: setup.postScript, method: 'POST', body: setup.postBody, headers: { 'content-type': 'application/json' } })

/** Every subject must answer the two measured requests as the pact says before it is measured. */
async function checkAnswers(server) {
  const get = await request(`${server.url}${GET_PATH}`)
  const post = await request(`${server.url}${POST_PATH}`, { method: 'POST', body: setup.postBody, headers: { 'content-type': 'application/json' } })
  for (const [name, answer, expected] of [
    ['GET', get, setup.responses.get],
    ['POST', post, setup.responses.post],
  ]) {
    if (answer.status !== expected.status || !isDeepStrictEqual(JSON.parse(answer.body || 'null'), JSON.parse(expected.body))) {
      throw new Error(`${LABELS[server.subject]} answered the ${name} with ${answer.status} ${answer.body.slice(0, 500)}`)
    }
  }
}

/** No request of the load may have been a mismatch or unexpected (the servers that record). */
async function checkNoProblems(server) {
  const reports = await server.reports(1)
  if (reports && reports.problems !== 0) throw new Error(`${LABELS[server.subject]} recorded ${reports.problems} problems`)
}

async function withServers(body) {
  const servers = []
  try {
    for (const subject of subjects) {
      const server = await startServer(subject)
      servers.push(server)
      await checkAnswers(server)
    }
    return await body(servers)
  } finally {
    for (const server of servers) await server.close()
  }
}

async function measureCreateShutdown() {
  log(`(1) create + shutdown: ${plan.createShutdownCount} cycles x ${plan.repetitions}`)
  for (let rep = 0; rep < plan.repetitions; rep += 1) {
    for (const subject of subjects) {
      const ms = await createShutdownTimes(subject, plan.createShutdownCount)
      push(subject, 'createShutdown', { medianMs: median(ms), p99Ms: p99(ms), count: ms.length })
      const fresh = await createShutdownTimes(subject, plan.createShutdownCount, true)
      if (fresh) push(subject, 'createShutdownNewPact', { medianMs: median(fresh), p99Ms: p99(fresh), count: fresh.length })
      const freshText = fresh ? `; of a new pact: median ${median(fresh).toFixed(3)} ms` : ''
      log(`  ${subject}: median ${median(ms).toFixed(3)} ms, p99 ${p99(ms).toFixed(3)} ms${freshText}`)
    }
  }
}

async function measureGet() {
  log(`(2) GET ${GET_PATH}: ${plan.connections} connections, ${plan.loadSeconds} s x ${plan.repetitions}`)
  await withServers(async (servers) => {
    if (plan.warmUpSeconds) for (const server of servers) await getLoad(server.url, plan.warmUpSeconds)
    for (let rep = 0; rep < plan.repetitions; rep += 1) {
      for (const server of servers) {
        await server.markEventLoop()
        const before = cpuTimes(server.pid)
        const result = await getLoad(server.url, plan.loadSeconds)
        const after = cpuTimes(server.pid)
        const eventLoop = await server.eventLoopSinceMark()
        const per10k = (ms) => (ms * 10_000) / result.requests
        push(server.subject, 'get', {
          ...result,
          mainThreadMsPer10k: per10k(after.mainThreadMs - before.mainThreadMs),
          processMsPer10k: per10k(after.processMs - before.processMs),
          eventLoopUtilization: eventLoop ? eventLoop.utilization : null,
        })
        log(`  ${server.subject}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`)
      }
    }
    for (const server of servers) await checkNoProblems(server)
  })
}

async function measurePost() {
  log(`(3) POST ${POST_PATH} (${setup.postBody.length} bytes): ${plan.connections} connections, ${plan.loadSeconds} s x ${plan.repetitions}`)
  await withServers(async (servers) => {
    if (plan.warmUpSeconds) for (const server of servers) await postLoad(server.url, plan.warmUpSeconds)
    for (let rep = 0; rep < plan.repetitions; rep += 1) {
      for (const server of servers) {
        const result = await postLoad(server.url, plan.loadSeconds)
        push(server.subject, 'post', result)
        log(`  ${server.subject}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms} ms`)
      }
      for (const server of servers) {
        const ms = await singleRequestLatencies(`${server.url}${POST_PATH}`, {
          method: 'POST',
          body: setup.postBody,
          headers: { 'content-type': 'application/json' },
          warmUp: plan.aloneWarmUp,
          count: plan.aloneCount,
        })
        push(server.subject, 'postAlone', { medianMs: median(ms), p99Ms: p99(ms), count: ms.length })
        log(`  ${server.subject}: one POST alone ${median(ms).toFixed(3)} ms`)
      }
    }
    for (const server of servers) await checkNoProblems(server)
  })
}

async function measureMemory() {
  log(`(4) RSS with ${plan.idleServers} idle servers x ${plan.repetitions}`)
  for (let rep = 0; rep < plan.repetitions; rep += 1) {
    for (const subject of subjects) {
      const { rssBefore, rssAfter } = await idleServersRss(subject, plan.idleServers)
      push(subject, 'idle', { rssBefore, rssAfter, count: plan.idleServers })
      log(`  ${subject}: ${(rssAfter / 2 ** 20).toFixed(1)} MiB (${((rssAfter - rssBefore) / plan.idleServers / 1024).toFixed(0)} KiB per server)`)
    }
  }
  log(`(4) RSS growth over ${plan.memoryRequests.toLocaleString('en-US')} matched GETs, then matched() and mismatches()`)
  for (const subject of subjects) {
    const server = await startServer(subject)
    try {
      await checkAnswers(server)
      await getLoad(server.url, Math.max(1, plan.warmUpSeconds))
      const rssBefore = await server.rss()
      let requests = 0
      let rate = 20_000
      const checkpoints = []
      const deadline = Date.now() + plan.memoryMaxSeconds * 1000
      while (requests < plan.memoryRequests && Date.now() < deadline) {
        const left = Math.ceil((deadline - Date.now()) / 1000)
        const seconds = Math.min(30, left, Math.max(1, Math.ceil((plan.memoryRequests - requests) / rate)))
        const result = await getLoad(server.url, seconds)
        requests += result.requests
        rate = Math.max(1, result.rps)
        checkpoints.push({ requests, rss: await server.rss() })
      }
      const rssAfter = checkpoints.at(-1).rss
      const reports = await server.reports(plan.reportRepeat)
      if (reports && reports.problems !== 0) throw new Error(`${LABELS[subject]} recorded ${reports.problems} problems`)
      const growthMiB = (rssAfter - rssBefore) / 2 ** 20
      raw[subject].growth = {
        requests,
        rssBefore,
        rssAfter,
        growthMiB,
        // Scaled to exactly one million (the load overshoots a little).
        growthPerMillionMiB: (growthMiB * 1_000_000) / requests,
        checkpoints,
        matchedMs: reports?.matchedMs ?? null,
        mismatchesMs: reports?.mismatchesMs ?? null,
      }
      const timing = reports ? `, matched() ${median(reports.matchedMs).toFixed(3)} ms, mismatches() ${median(reports.mismatchesMs).toFixed(3)} ms` : ''
      const short = requests < plan.memoryRequests ? ` (stopped after ${plan.memoryMaxSeconds} s)` : ''
      log(`  ${subject}: +${growthMiB.toFixed(1)} MiB over ${requests} requests${short}${timing}`)
    } finally {
      await server.close()
    }
  }
}

/** (6): pact-js and ours run the same consumer suite, alternating, each in a fresh process. */
function measureConsumer() {
  log(`(6) consumer suite: ${plan.consumerTests} tests x ${plan.repetitions}, pact-js and ours alternating; writePact into ${plan.consumerExisting} interactions`)
  return measureConsumerSuite({
    tests: plan.consumerTests,
    repetitions: plan.repetitions,
    writes: plan.consumerWrites,
    existing: plan.consumerExisting,
    log,
  })
}

// ---------------------------------------------------------------------------------------------

function writeResults(results, summary) {
  const table = markdownTable(summary, { withTargets: true })
  const missed = summary.filter((row) => row.met === false).map((row) => row.label)
  if (results.consumer && results.consumer.summary.speedup < 3) missed.push('(6) consumer suite, time per test (≥ 3x pact-js)')
  if (!complete || options.smoke) {
    const file = path.join(setup.dir, 'results.json')
    fs.writeFileSync(file, `${JSON.stringify({ ...results, summary }, null, 2)}\n`)
    log(`raw figures in ${file} (a ${options.smoke ? 'smoke' : 'partial'} run writes nothing into bench/)`)
    return
  }
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...results, summary }, null, 2)}\n`)
  const { machine: m } = results
  const generated = [
    '<!-- generated by `npm run bench`: everything up to the end marker is rewritten by each full run -->',
    `Run of ${results.date}, ${results.durationSeconds} s: ${results.quiet ? 'a quiet machine' : '**the machine was busy: these figures were taken under load and must be re-taken on a quiet machine**'} (1-minute load average ${results.loadAverage.before[0].toFixed(2)} before the run; other processes used ${(results.othersCpuShare * 100).toFixed(0)}% of the machine's CPU during it).`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.kernel}, Node ${m.node}, ${m.rustc}.`,
    `Load generator: ${results.loadGenerator}. Addon: ${results.addon.file} (${results.addon.profile}). Reference: @pact-foundation/pact-core ${results.versions.pactCore} (pact_ffi ${results.versions.pactFfi}).`,
    '',
    'Each figure is the median over the repetitions of one run; every ratio divides two medians of the same run (ours ÷ reference, ours ÷ hyper floor).',
    '',
    table,
    '',
    ...(results.consumer ? [consumerTable(results.consumer), ''] : []),
    missed.length ? `Targets missed in this run: ${missed.join('; ')}.` : 'Every target was met in this run.',
    ...Object.entries(results.raw)
      .filter(([, figures]) => figures.growth && figures.growth.requests < results.plan.memoryRequests)
      .map(([subject, figures]) => `\n${LABELS[subject]} answered only ${figures.growth.requests.toLocaleString('en-US')} GETs in the ${results.plan.memoryMaxSeconds} s allowed for (4); its growth is scaled to a million from them.`),
    '',
    'Commands of this run:',
    '',
    '```',
    ...results.commands,
    '```',
    '<!-- end of generated part -->',
  ].join('\n')
  const resultsMd = path.join(ROOT, 'bench', 'RESULTS.md')
  const existing = fs.existsSync(resultsMd) ? fs.readFileSync(resultsMd, 'utf8') : '# Benchmark results\n\n<!-- generated --><!-- end of generated part -->\n'
  const start = existing.indexOf('<!-- generated')
  const endMarker = '<!-- end of generated part -->'
  const end = existing.indexOf(endMarker)
  fs.writeFileSync(resultsMd, `${existing.slice(0, start)}${generated}${existing.slice(end + endMarker.length)}`)
  log('wrote bench/results.json and bench/RESULTS.md')
}

async function main() {
  const loadBefore = os.loadavg()
  const commands = [`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`]
  if (!options['no-build'] && !options.smoke) {
    log('npm run build (the release addon)')
    sh('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    commands.push('npm run build')
  }
  setup.floorBinary = buildFloor()
  commands.push(`cargo build ${options.smoke ? '' : '--release '}--example bench-hyper-floor`)
  const addon = addonBuild()
  if (addon.profile !== 'release' && !options.smoke) log('warning: the addon is a debug build; run `npm run build` for figures that mean anything')

  setup.wrk = ensureWrk()
  setup.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pact-bench-'))
  process.env.PACT_DO_NOT_TRACK = 'true'
  const pactCore = require('@pact-foundation/pact-core')
  const fixtures = writeFixtures(pactCore, setup.dir)
  Object.assign(setup, { pactText: fixtures.pactText, responses: fixtures.responses, responsesPath: fixtures.files.responses, postBody: fixtures.postBody })
  setup.postScript = writePostScript(setup.dir, fixtures.files.postBody)
  const loadGenerator = setup.wrk
    ? `${setup.wrk} (-t${plan.wrkThreads} -c${plan.connections} -d${plan.loadSeconds}s --latency)`
    : `in-process Node generator (${plan.connections} keep-alive connections, ${plan.loadSeconds} s)`
  log(`${options.smoke ? 'smoke run' : 'full run'}; subjects ${subjects.join(', ')}; load: ${loadGenerator}`)
  if (setup.wrk) {
    commands.push(
      `wrk -t${plan.wrkThreads} -c${plan.connections} -d${plan.loadSeconds}s --latency --timeout 10s http://127.0.0.1:PORT${GET_PATH}`,
      `wrk -t${plan.wrkThreads} -c${plan.connections} -d${plan.loadSeconds}s --latency --timeout 10s -s post.lua http://127.0.0.1:PORT${POST_PATH}`,
    )
  }

  const began = Date.now()
  const ticksBefore = cpuTicks()
  if (measures.has(1)) await measureCreateShutdown()
  if (measures.has(2)) await measureGet()
  if (measures.has(3)) await measurePost()
  if (measures.has(4)) await measureMemory()
  const consumer = measures.has(6) ? measureConsumer() : null

  const loadAfter = os.loadavg()
  // Every subject process and every wrk has exited and been waited for: their CPU is ours.
  const othersShare = foreignShare(ticksBefore, cpuTicks())
  const results = {
    date: new Date().toISOString(),
    mode: options.smoke ? 'smoke' : 'full',
    durationSeconds: Math.round((Date.now() - began) / 1000),
    quiet: loadBefore[0] < 0.7 && othersShare < 0.1,
    loadAverage: { before: loadBefore, after: loadAfter },
    othersCpuShare: othersShare,
    machine: machine(),
    addon,
    versions: { pactCore: require('@pact-foundation/pact-core/package.json').version, pactFfi: pactCore.PACT_FFI_VERSION },
    loadGenerator,
    plan,
    commands,
    raw,
    consumer,
  }
  const summary = summarize(raw, plan)
  process.stdout.write(`\n${markdownTable(summary, { withTargets: !options.smoke })}\n\n`)
  if (consumer) process.stdout.write(`${consumerTable(consumer)}\n\n`)
  writeResults(results, summary)
  log(`done in ${results.durationSeconds} s; other processes used ${(othersShare * 100).toFixed(0)}% of the CPU meanwhile`)
}

main().catch((error) => {
  log(`FAILED: ${error.stack ?? error}`)
  process.exit(1)
})
