'use strict'
// `pact-mock-server start`: the master server. Its REST API follows the reference
// pact_mock_server_cli's paths and JSON fields, plus mismatches, requests, metrics and logs.

const http = require('node:http')
const crypto = require('node:crypto')
const { MockServer } = require('../../load.cjs')
const { parse, port, UsageError } = require('./args')

const HELP = `Usage: pact-mock-server start [options]

Starts the master server: a REST API that creates, verifies and shuts down mock servers.

  GET    /                          list the mock servers
  POST   /                          create one from the pact in the JSON body
  GET    /mockserver/:id            one mock server (:id is its id or its port)
  POST   /mockserver/:id/verify     204 (and the pact written to --output), or 422 with the mismatches
  DELETE /mockserver/:id            shut it down
  GET    /mockserver/:id/mismatches | /requests | /metrics | /logs
  POST   /shutdown                  stop the master (header Authorization: Bearer <server key>)

Options:
  --host <host>         interface to bind (default 127.0.0.1)
  -p, --port <port>     port of the master server (default 8080)
  -o, --output <dir>    where verify writes (merges) pact files; absent: none is written
  --base-port <port>    mock servers take ports from this one up (default: free ports)
  --server-key <key>    the key shutdown-master needs (default: a random one, printed)
  --no-report           no live report page at /__pact/ on the mock servers
  --log-level <level>   level of each mock server's logs: error, warn, info, debug, trace
  -h, --help            this help
`

const MAX_BODY = 64 * 1024 * 1024
const PORTS_TRIED = 200

function send(response, status, body) {
  if (body === undefined) {
    response.writeHead(status).end()
    return
  }
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  response.end(text)
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    request.on('data', (chunk) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('the body is larger than 64 MiB'), { status: 413 }))
        request.destroy()
      } else {
        chunks.push(chunk)
      }
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

class Master {
  constructor({ output, basePort, serverKey, report, logLevel }) {
    this.output = output
    this.basePort = basePort
    this.serverKey = serverKey
    this.report = report
    this.logLevel = logLevel
    this.mockServers = new Map()
    this.nextPort = basePort
  }

  describe(entry) {
    return {
      id: entry.server.id,
      port: entry.server.port,
      provider: entry.provider,
      status: entry.server.matched() ? 'ok' : 'error',
      url: entry.server.url,
      reportUrl: entry.server.reportUrl,
    }
  }

  find(key) {
    for (const entry of this.mockServers.values()) {
      if (entry.server.id === key || String(entry.server.port) === key) return entry
    }
    return undefined
  }

  async create(text) {
    let pact
    try {
      pact = JSON.parse(text)
    } catch (error) {
      return [422, { error: `the body is not a JSON pact: ${error.message}` }]
    }
    const options = { report: this.report }
    if (this.logLevel !== undefined) options.logLevel = this.logLevel
    for (let attempt = 0; ; attempt++) {
      if (this.basePort !== undefined) options.port = this.nextPort++
      try {
        const server = await MockServer.create(pact, options)
        this.mockServers.set(server.id, { server, provider: String(pact?.provider?.name ?? '') })
        return [200, { mockServer: { id: server.id, port: server.port, url: server.url, reportUrl: server.reportUrl } }]
      } catch (error) {
        const retry = error?.code === 'ERR_ADDRESS_IN_USE' && this.basePort !== undefined && attempt < PORTS_TRIED
        if (!retry) return [422, { error: error.message, code: error.code }]
      }
    }
  }

  async verify(entry) {
    const mismatches = entry.server.mismatches()
    if (mismatches.length > 0) return [422, { mismatches, mockServer: this.describe(entry) }]
    if (this.output !== undefined) {
      try {
        await entry.server.writePact(this.output)
      } catch (error) {
        return [500, { error: error.message, code: error.code }]
      }
    }
    return [204, undefined]
  }

  async handle(request, response) {
    const url = new URL(request.url, 'http://master')
    const parts = url.pathname.split('/').filter(Boolean)
    const method = request.method
    if (parts.length === 0) {
      if (method === 'GET') return send(response, 200, { mockServers: [...this.mockServers.values()].map((entry) => this.describe(entry)) })
      if (method === 'POST') return send(response, ...(await this.create(await readBody(request))))
    }
    if (parts.length === 1 && parts[0] === 'shutdown' && method === 'POST') {
      if (request.headers.authorization !== `Bearer ${this.serverKey}`) {
        return send(response, 401, { error: 'shutting the master down needs the header Authorization: Bearer <server key>' })
      }
      send(response, 204)
      return this.onShutdown?.()
    }
    if (parts[0] === 'mockserver' && parts.length >= 2 && parts.length <= 3) {
      const entry = this.find(decodeURIComponent(parts[1]))
      if (!entry) return send(response, 404, { error: `no mock server has the id or port ${parts[1]}` })
      const action = parts[2]
      if (action === undefined && method === 'GET') return send(response, 200, this.describe(entry))
      if (action === undefined && method === 'DELETE') {
        this.mockServers.delete(entry.server.id)
        await entry.server.shutdown()
        return send(response, 204)
      }
      if (action === 'verify' && method === 'POST') return send(response, ...(await this.verify(entry)))
      if (method === 'GET') {
        const read = { mismatches: 'mismatches', requests: 'requests', metrics: 'metrics', logs: 'logs' }[action]
        if (read) return send(response, 200, entry.server[read]())
      }
    }
    send(response, 404, { error: `no route ${method} ${url.pathname}; see pact-mock-server start --help` })
  }

  async shutdownAll() {
    const entries = [...this.mockServers.values()]
    this.mockServers.clear()
    await Promise.all(entries.map((entry) => entry.server.shutdown()))
  }
}

async function start(argv) {
  const { values } = parse('start', argv, {
    host: { type: 'string' },
    port: { type: 'string', short: 'p' },
    output: { type: 'string', short: 'o' },
    'base-port': { type: 'string' },
    'server-key': { type: 'string' },
    'no-report': { type: 'boolean' },
    'log-level': { type: 'string' },
  })
  if (values.help) return process.stdout.write(HELP)
  const host = values.host ?? '127.0.0.1'
  const masterPort = port('port', values.port) ?? 8080
  const basePort = port('base-port', values['base-port'])
  const logLevel = values['log-level']
  if (logLevel !== undefined && !['error', 'warn', 'info', 'debug', 'trace'].includes(logLevel)) {
    throw new UsageError(`--log-level must be one of error, warn, info, debug, trace, got ${JSON.stringify(logLevel)}`)
  }
  const generatedKey = values['server-key'] === undefined
  const serverKey = values['server-key'] ?? crypto.randomBytes(16).toString('hex')
  const master = new Master({ output: values.output, basePort, serverKey, report: !values['no-report'], logLevel })
  const server = http.createServer((request, response) => {
    master.handle(request, response).catch((error) => {
      if (!response.headersSent) send(response, error.status ?? 500, { error: error.message })
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') reject(new UsageError(`the port ${masterPort} on ${host} is already in use; choose another with --port`))
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new UsageError(`cannot listen on ${host}: ${error.message}`))
      else reject(error)
    })
    server.listen(masterPort, host, resolve)
  })
  const address = server.address()
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  process.stdout.write(`Master server on http://${shown}:${address.port}\n`)
  if (generatedKey) process.stdout.write(`Server key: ${serverKey}\n`)
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    server.close()
    server.closeAllConnections?.()
    await master.shutdownAll()
    process.stdout.write('Master server stopped\n')
  }
  master.onShutdown = stop
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

module.exports = { start, HELP }
