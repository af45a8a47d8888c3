'use strict'
// The servers of `serve` and `run`: one per pact file, each line printed as its request arrives,
// reloaded on change with --watch, and summed up at the end. Only the public MockServer API.

const fs = require('node:fs')
const path = require('node:path')
const { MockServer } = require('../../load.cjs')
const { UsageError } = require('./args')
const { readPact, statusByDescription } = require('./pacts')

const POLL_MS = 100
const WATCH_MS = 200

/** What tells one version of a file from the next: size, modification time and inode. */
function fileVersion(file) {
  try {
    const stat = fs.statSync(file)
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`
  } catch {
    return 'missing'
  }
}
// Errors of MockServer.create that mean the user's input is wrong: exit code 2.
const INPUT_ERRORS = new Set(['ERR_PACT_INVALID', 'ERR_INVALID_OPTION', 'ERR_ADDRESS_IN_USE', 'ERR_ADDRESS_INVALID', 'ERR_TLS_CONFIG'])

function colours(stream) {
  const on = Boolean(stream.isTTY) && !('NO_COLOR' in process.env)
  const paint = (code) => (text) => (on ? `\u001b[${code}m${text}\u001b[0m` : text)
  return { green: paint(32), red: paint(31), yellow: paint(33), dim: paint(2), bold: paint(1) }
}

async function createServer(file, pact, options) {
  try {
    return await MockServer.create(pact, options)
  } catch (error) {
    if (INPUT_ERRORS.has(error?.code)) throw new UsageError(`${file}: ${error.message}`)
    throw error
  }
}

/** One pact file and the server that serves it now. */
class ServedPact {
  constructor(file, pact, server) {
    this.file = file
    this.name = `${pact?.consumer?.name} -> ${pact?.provider?.name}`
    this.provider = String(pact?.provider?.name ?? path.basename(file, '.json'))
    this.interactionCount = Array.isArray(pact?.interactions) ? pact.interactions.length : 0
    this.statuses = statusByDescription(pact)
    this.server = server
    this.printedSeq = 0
    this.printedCount = 0
    // Problems of servers replaced by --watch: they still fail the run.
    this.earlierProblems = []
  }
}

class Servers {
  /** @param out the stream for request lines and messages (stdout for serve, stderr for run) */
  constructor(out, { quiet = false } = {}) {
    this.out = out
    this.quiet = quiet
    this.paint = colours(out)
    this.served = []
    this.watched = []
    this.timer = null
  }

  async start(files, options) {
    try {
      for (const file of files) {
        const version = fileVersion(file)
        const pact = readPact(file)
        const server = await createServer(file, pact, options)
        this.served.push(Object.assign(new ServedPact(file, pact, server), { version }))
      }
    } catch (error) {
      await this.shutdown()
      throw error
    }
    this.timer = setInterval(() => this.printNewRequests(), POLL_MS)
  }

  announce() {
    for (const served of this.served) {
      const report = served.server.reportUrl ? `  report: ${served.server.reportUrl}` : ''
      this.out.write(`${this.paint.bold(served.name)} (${served.file}) on ${served.server.url}${report}\n`)
    }
  }

  printNewRequests() {
    for (const served of this.served) {
      const count = served.server.requestCount
      if (count === served.printedCount) continue
      served.printedCount = count
      for (const entry of served.server.requests()) {
        if (entry.seq <= served.printedSeq) continue
        served.printedSeq = entry.seq
        if (!this.quiet) this.out.write(this.requestLine(served, entry) + '\n')
      }
    }
  }

  requestLine(served, entry) {
    const { green, red, yellow, dim } = this.paint
    const prefix = this.served.length > 1 ? dim(`[${served.provider}] `) : ''
    const query = Object.entries(entry.query ?? {})
      .flatMap(([key, values]) => values.map((value) => `${key}=${value}`))
      .join('&')
    const request = `${entry.method} ${entry.path}${query ? '?' + query : ''}`
    const outcome = entry.outcome
    switch (outcome.type) {
      case 'matched':
        return `${prefix}${request} ${green(String(served.statuses.get(outcome.interaction) ?? 200))} '${outcome.interaction}'`
      case 'mismatched':
        return `${prefix}${request} ${red('500 mismatch')} with '${outcome.interaction}': ${outcome.mismatches.map((m) => m.mismatch).join('; ')}`
      case 'not-found':
        return `${prefix}${request} ${red('500 unexpected')}: no interaction has this method and path`
      case 'rejected':
        return `${prefix}${request} ${red(String(outcome.status))} rejected: ${outcome.reason}`
      case 'cors-preflight':
        return `${prefix}${request} ${yellow('204')} CORS preflight`
      default:
        return `${prefix}${request} ${red('500 internal error')}: ${outcome.error ?? outcome.type}`
    }
  }

  /**
   * --watch: reload a server when its file changes; an invalid file keeps the old pact. Each
   * file is compared with the version read when its server was started, so a change made before
   * the first poll (a client quick off the mark) is not missed.
   */
  watch(options) {
    for (const served of this.served) {
      let reloading = Promise.resolve()
      const poll = setInterval(() => {
        const version = fileVersion(served.file)
        if (version === served.version) return
        served.version = version
        reloading = reloading.then(() => this.reload(served, options))
      }, WATCH_MS)
      this.watched.push(poll)
    }
  }

  async reload(served, options) {
    const { red, green } = this.paint
    let pact
    let trial
    try {
      pact = readPact(served.file)
      // Tried on a free port first, so that a bad pact leaves the running server alone.
      trial = await MockServer.create(pact, { ...options, port: 0, host: '127.0.0.1' })
    } catch (error) {
      this.out.write(red(`${served.file} is invalid, still serving the previous pact: ${error.message}`) + '\n')
      return
    } finally {
      await trial?.shutdown()
    }
    this.printNewRequests()
    const old = served.server
    served.earlierProblems.push(...old.mismatches().filter((problem) => problem.type !== 'missing-request'))
    await old.shutdown()
    try {
      served.server = await MockServer.create(pact, { ...options, port: old.port })
    } catch (error) {
      this.out.write(red(`${served.file} could not be reloaded on port ${old.port}: ${error.message}`) + '\n')
      served.server = await MockServer.create(readPact(served.file), { ...options, port: 0 })
    }
    Object.assign(served, new ServedPact(served.file, pact, served.server), { earlierProblems: served.earlierProblems })
    this.out.write(green(`reloaded ${served.file} (${served.interactionCount} interactions) on ${served.server.url}`) + '\n')
  }

  /** Whether everything matched, and the text that says so or lists what did not. */
  summary() {
    this.printNewRequests()
    let ok = true
    const lines = []
    for (const served of this.served) {
      const { server } = served
      const metrics = server.metrics()
      const problems = server.mismatches()
      const missing = problems.filter((problem) => problem.type === 'missing-request').length
      const matched = server.matched() && served.earlierProblems.length === 0
      ok &&= matched
      lines.push(
        `${served.name}: ${metrics.requests} requests (${metrics.matched} matched, ${metrics.mismatched} mismatched, ` +
          `${metrics.notFound} unexpected), ${served.interactionCount - missing} of ${served.interactionCount} interactions received` +
          (matched ? ' - all matched' : ''),
      )
      if (served.earlierProblems.length > 0) {
        const count = served.earlierProblems.length
        lines.push(`  ${count} ${count === 1 ? 'problem' : 'problems'} before the last reload:`)
        for (const problem of served.earlierProblems) lines.push(`  - ${problem.type} ${problem.method} ${problem.path}`)
      }
      if (!server.matched()) {
        try {
          server.verify()
        } catch (error) {
          lines.push(...String(error.message).split('\n').map((line) => (line ? '  ' + line : line)))
        }
      }
    }
    return { ok, text: lines.join('\n') }
  }

  async writePacts(dir) {
    const written = []
    for (const served of this.served) written.push(await served.server.writePact(dir))
    return written
  }

  async shutdown() {
    clearInterval(this.timer)
    for (const poll of this.watched) clearInterval(poll)
    this.watched = []
    await Promise.all(this.served.map((served) => served.server.shutdown()))
  }
}

/** The options of MockServer.create that `serve` and `run` take as flags. */
const SERVER_FLAGS = {
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  tls: { type: 'boolean' },
  cors: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  'no-report': { type: 'boolean' },
  'log-level': { type: 'string' },
}

function serverOptions(values, fileCount, portFlag) {
  const options = { report: !values['no-report'] }
  if (values.host !== undefined) options.host = values.host
  if (values.tls) options.tls = true
  if (values.cors) options.cors = true
  if (values['log-level'] !== undefined) options.logLevel = values['log-level']
  // With several files each server takes a free port; their URLs are printed.
  if (portFlag !== undefined && fileCount === 1) options.port = portFlag
  return options
}

module.exports = { Servers, SERVER_FLAGS, serverOptions }
