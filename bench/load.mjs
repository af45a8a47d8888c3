// Load generators. wrk (another process, C, the same for every subject) is the real one; the
// in-process Node generator is the smoke mode's fallback where wrk is not installed.
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export function wrkVersion() {
  try {
    // `wrk -v` prints its version and exits with status 1.
    execFileSync('wrk', ['-v'], { stdio: 'pipe' })
  } catch (error) {
    const text = `${error.stdout ?? ''}${error.stderr ?? ''}`
    if (error.code === 'ENOENT') return null
    // e.g. "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer"
    return /^wrk \S+/.exec(text.trim())?.[0] ?? 'wrk'
  }
  return 'wrk'
}

/** A wrk Lua script that sends `bodyPath` as a POST with a JSON content type. */
export function writePostScript(dir, bodyPath) {
  const script = path.join(dir, 'post.lua')
  fs.writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `local file = io.open(${JSON.stringify(bodyPath)}, "rb")`,
      'wrk.body = file:read("*a")',
      'file:close()',
      'wrk.headers["Content-Type"] = "application/json"',
      '',
    ].join('\n'),
  )
  return script
}

const UNIT_MS = { us: 1e-3, ms: 1, s: 1000, m: 60_000 }

function durationMs(text) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text)
  if (!match) throw new Error(`wrk printed a duration this script cannot read: ${text}`)
  return Number(match[1]) * UNIT_MS[match[2]]
}

/** Parses `wrk --latency` output. */
export function parseWrk(output) {
  const number = (regex) => {
    const match = regex.exec(output)
    if (!match) throw new Error(`wrk output lacks ${regex}:\n${output}`)
    return match
  }
  const [, requests, elapsed] = number(/(\d+) requests in ([\d.]+\w+),/)
  const [, rps] = number(/Requests\/sec:\s+([\d.]+)/)
  const [, p50] = number(/^\s+50%\s+(\S+)\s*$/m)
  const [, p99] = number(/^\s+99%\s+(\S+)\s*$/m)
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output)
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  return {
    requests: Number(requests),
    seconds: durationMs(elapsed) / 1000,
    rps: Number(rps),
    p50Ms: durationMs(p50),
    p99Ms: durationMs(p99),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  }
}

export async function runWrk({ url, connections, threads, seconds, script }) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s']
  if (script) args.push('-s', script)
  args.push(url)
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 })
  return { ...parseWrk(stdout), command: `wrk ${args.join(' ')}` }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]
}

/** One request over `agent`, resolving to {status, body, ms}. */
export function request(url, { method = 'GET', body, headers = {}, agent } = {}) {
  return new Promise((resolve, reject) => {
    const began = process.hrtime.bigint()
    const outgoing = http.request(url, { method, headers, agent }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: Number(process.hrtime.bigint() - began) / 1e6,
        }),
      )
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

/** The fallback generator: `connections` keep-alive connections for `seconds`, from this process. */
export async function runNodeLoad({ url, connections, seconds, method, body, headers }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const latencies = []
  let non2xx = 0
  const began = process.hrtime.bigint()
  const deadline = began + BigInt(Math.round(seconds * 1e9))
  async function worker() {
    while (process.hrtime.bigint() < deadline) {
      const answer = await request(url, { method, body, headers, agent })
      if (answer.status < 200 || answer.status >= 400) non2xx += 1
      latencies.push(answer.ms)
    }
  }
  await Promise.all(Array.from({ length: connections }, worker))
  const elapsed = Number(process.hrtime.bigint() - began) / 1e9
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    requests: latencies.length,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    non2xx,
    socketErrors: 0,
    command: `in-process Node generator: ${connections} connections, ${seconds} s`,
  }
}

/** Sequential requests over one keep-alive connection: the latency of one request alone. */
export async function singleRequestLatencies(url, { method, body, headers, warmUp, count }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const ms = []
  for (let i = 0; i < warmUp + count; i += 1) {
    const answer = await request(url, { method, body, headers, agent })
    if (answer.status >= 400) throw new Error(`${method} ${url} answered ${answer.status}: ${answer.body.slice(0, 300)}`)
    if (i >= warmUp) ms.push(answer.ms)
  }
  agent.destroy()
  return ms
}

export { percentile }
