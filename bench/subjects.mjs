// The four subjects as processes: three Node processes running bench/server.mjs (this package,
// the reference through pact-core, node's http) and the hyper floor's binary.
import { execFile, fork, spawn } from 'node:child_process'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const SERVER_SCRIPT = fileURLToPath(new URL('./server.mjs', import.meta.url))
const run = promisify(execFile)

export const SUBJECTS = ['ours', 'reference', 'hyper', 'node']
export const LABELS = {
  ours: 'pact-mock-server',
  reference: 'reference (pact-core)',
  hyper: 'hyper floor',
  node: 'node http',
}

/** The setup every subject process gets: set by run.mjs before the first spawn. */
export const setup = { pactText: null, responses: null, responsesPath: null, floorBinary: null }

const CLOCK_TICK_MS = 10 // USER_HZ is 100 on Linux

/** utime + stime of a process, or of one of its threads, in ms. */
function cpuMs(statPath) {
  const stat = fs.readFileSync(statPath, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS
}

export function rssOfPid(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024
}

/** CPU times of a process: all its threads, and its main thread alone (whose tid is its pid). */
export function cpuTimes(pid) {
  return { processMs: cpuMs(`/proc/${pid}/stat`), mainThreadMs: cpuMs(`/proc/${pid}/task/${pid}/stat`) }
}

/** A bench/server.mjs process hosting one Node subject. */
class NodeProcess {
  constructor(subject) {
    this.subject = subject
    this.pending = new Map()
    this.nextId = 0
  }

  async spawn() {
    this.child = fork(SERVER_SCRIPT, [this.subject], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
      // pact-ffi logs every connection wrk closes at the end of a run, on stdout: hide that.
      stdio: ['ignore', this.subject === 'reference' ? 'ignore' : 'inherit', 'inherit', 'ipc'],
    })
    this.pid = this.child.pid
    await new Promise((resolve, reject) => {
      this.child.once('error', reject)
      this.child.once('exit', (code) => reject(new Error(`${this.subject} process exited (${code}) before it was ready`)))
      this.child.once('message', resolve)
    })
    this.child.removeAllListeners('exit')
    this.child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`${this.subject} process exited (${code})`))
      this.pending.clear()
    })
    this.child.on('message', ({ id, result, error }) => {
      const waiting = this.pending.get(id)
      this.pending.delete(id)
      if (error) waiting.reject(new Error(`${this.subject}: ${error}`))
      else waiting.resolve(result)
    })
    await this.call('prepare', { pactText: setup.pactText, responses: setup.responses })
    return this
  }

  call(command, args = {}) {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.child.send({ id, command, ...args })
    })
  }

  async close() {
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    await this.call('exit').catch(() => {})
    await exited
  }
}

/** The hyper floor's binary in one of its modes. */
class FloorProcess {
  constructor(mode, argument) {
    this.args = [mode, String(argument)]
  }

  /** Starts it and resolves to the first JSON line it prints. */
  async spawn() {
    this.child = spawn(setup.floorBinary, this.args, { stdio: ['pipe', 'pipe', 'inherit'] })
    this.pid = this.child.pid
    this.first = await new Promise((resolve, reject) => {
      let text = ''
      this.child.once('error', reject)
      this.child.once('exit', (code) => reject(new Error(`the hyper floor exited (${code}) before it answered`)))
      this.child.stdout.on('data', (chunk) => {
        text += chunk
        if (text.includes('\n')) resolve(JSON.parse(text.slice(0, text.indexOf('\n'))))
      })
    })
    this.child.removeAllListeners('exit')
    return this
  }

  async close() {
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.stdin.end()
    await exited
  }
}

/** A running server of `subject`, with what the measures need from it. */
export async function startServer(subject) {
  if (subject === 'hyper') {
    const floor = await new FloorProcess('serve', setup.responsesPath).spawn()
    return {
      subject,
      pid: floor.pid,
      url: `http://127.0.0.1:${floor.first.port}`,
      rss: async () => rssOfPid(floor.pid),
      markEventLoop: async () => {},
      eventLoopSinceMark: async () => null,
      reports: async () => null,
      close: () => floor.close(),
    }
  }
  const child = await new NodeProcess(subject).spawn()
  const { port } = await child.call('start')
  return {
    subject,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    rss: async () => (await child.call('rss')).rss,
    markEventLoop: () => child.call('markEventLoop'),
    eventLoopSinceMark: () => child.call('eventLoopSinceMark'),
    reports: (repeat) => (subject === 'node' ? null : child.call('reports', { repeat })),
    close: () => child.close(),
  }
}

/**
 * `count` create + shutdown cycles in a fresh process: the ms of each. `fresh`: each server of a
 * pact not seen before (null for the subjects that have no pact).
 */
export async function createShutdownTimes(subject, count, fresh = false) {
  if (subject === 'hyper') {
    if (fresh) return null
    const { stdout } = await run(setup.floorBinary, ['create-shutdown', String(count)])
    return JSON.parse(stdout).ms
  }
  const child = await new NodeProcess(subject).spawn()
  try {
    return (await child.call('createShutdown', { count, fresh })).ms
  } finally {
    await child.close()
  }
}

/** RSS of a fresh process before and after starting `count` idle servers. */
export async function idleServersRss(subject, count) {
  if (subject === 'hyper') {
    const floor = await new FloorProcess('idle', count).spawn()
    await floor.close()
    return floor.first
  }
  const child = await new NodeProcess(subject).spawn()
  try {
    return await child.call('idle', { count })
  } finally {
    await child.close()
  }
}
