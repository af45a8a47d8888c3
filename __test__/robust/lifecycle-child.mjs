// Run with --expose-gc: `cycles` create/shutdown cycles (each answering one request), then
// `alive` servers at once; prints the open file descriptors, threads and RSS before and after.
import { readdirSync, readFileSync } from 'node:fs'

import { MockServer } from '../../index.js'
import { exchange } from './raw-http.mjs'

const [cycles, alive] = process.argv.slice(2).map(Number)
const pact = {
  consumer: { name: 'cycle-web' },
  provider: { name: 'cycle-api' },
  interactions: [{ description: 'ping', request: { method: 'GET', path: '/ping' }, response: { status: 200, body: { pong: true } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
}
const ping = Buffer.from('GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')

const fds = () => readdirSync('/proc/self/fd').length
const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1])
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
async function settledRss() {
  for (let i = 0; i < 3; i += 1) {
    global.gc()
    await sleep(50)
  }
  return process.memoryUsage().rss
}

/** Polls until the counts come back to `start` (idle pool threads end on their own), up to 15 s. */
async function settled(start) {
  for (let waited = 0; waited < 15_000; waited += 250) {
    if (fds() <= start.fds && threads() <= start.threads) break
    await sleep(250)
  }
  return { fds: fds(), threads: threads() }
}

async function cycle(n) {
  const server = await MockServer.create(pact, n % 10 === 0 ? { tls: true } : undefined)
  if (n % 10 !== 0) {
    const answer = await exchange(server.port, ping, { timeoutMs: 10_000 })
    if (answer.statuses[0] !== 200) throw new Error(`cycle ${n}: answered ${answer.statuses}`)
  }
  await server.shutdown()
}

for (let n = 0; n < 50; n += 1) await cycle(n)
const start = { fds: fds(), threads: threads() }
const rssStart = await settledRss()
const started = Date.now()
for (let n = 0; n < cycles; n += 1) await cycle(n)
const cycleSeconds = (Date.now() - started) / 1000
const afterCycles = await settled(start)
const rssAfterCycles = await settledRss()

const servers = []
for (let n = 0; n < alive; n += 1) servers.push(await MockServer.create(pact))
const answers = await Promise.all(servers.map((server) => exchange(server.port, ping, { timeoutMs: 20_000 })))
const answered = answers.filter((answer) => answer.statuses[0] === 200).length
const ports = new Set(servers.map((server) => server.port)).size
await Promise.all(servers.map((server) => server.shutdown()))
const afterAlive = await settled(start)

process.stdout.write(JSON.stringify({
  cycles, cycleSeconds, start, afterCycles, afterAlive, alive, answered, ports,
  rssGrowthMiB: (rssAfterCycles - rssStart) / (1024 * 1024),
}))
