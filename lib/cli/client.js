'use strict'
// The sub-commands that talk to a running master server over its REST API.

const fs = require('node:fs')
const http = require('node:http')
const { parse, port, UsageError } = require('./args')

const MASTER_FLAGS = {
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
}
const MASTER_HELP = `  --host <host>        the master server's host (default 127.0.0.1)
  -p, --port <port>    the master server's port (default 8080)
  -h, --help           this help
`
const SERVER_FLAGS = {
  'mock-server-id': { type: 'string', short: 'i' },
  'mock-server-port': { type: 'string', short: 'm' },
}
const SERVER_HELP = `  -i, --mock-server-id <id>      the mock server's id
  -m, --mock-server-port <port>  or its port
`

const HELP = {
  create: `Usage: pact-mock-server create --file <pact file> [options]\n\nCreates a mock server on the master server from a pact file and prints its id and port.\n\nOptions:\n  -f, --file <file>    the pact file\n${MASTER_HELP}`,
  list: `Usage: pact-mock-server list [options]\n\nLists the master server's mock servers: id, port, provider, status.\n\nOptions:\n${MASTER_HELP}`,
  verify: `Usage: pact-mock-server verify (--mock-server-id <id> | --mock-server-port <port>) [options]\n\nVerifies a mock server; when all matched the master writes its pact to its --output.\nExits 0 when verified, 1 with the mismatches otherwise.\n\nOptions:\n${SERVER_HELP}${MASTER_HELP}`,
  shutdown: `Usage: pact-mock-server shutdown (--mock-server-id <id> | --mock-server-port <port>) [options]\n\nShuts a mock server down.\n\nOptions:\n${SERVER_HELP}${MASTER_HELP}`,
  'shutdown-master': `Usage: pact-mock-server shutdown-master --server-key <key> [options]\n\nStops the master server and all its mock servers.\n\nOptions:\n  --server-key <key>   the key the master was started with (printed by start)\n${MASTER_HELP}`,
}

function master(values) {
  return { host: values.host ?? '127.0.0.1', port: port('port', values.port) ?? 8080 }
}

function call({ host, port: masterPort }, method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port: masterPort, method, path, headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) } }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json = null
        try {
          json = text ? JSON.parse(text) : null
        } catch {
          json = { error: text }
        }
        resolve({ status: response.statusCode, body: json })
      })
    })
    request.on('error', (error) =>
      reject(new UsageError(`no master server answers at http://${host}:${masterPort} (${error.code ?? error.message}); start one with \`pact-mock-server start\``)),
    )
    request.end(body)
  })
}

function serverKey(values) {
  const id = values['mock-server-id']
  const byPort = values['mock-server-port']
  if ((id === undefined) === (byPort === undefined)) throw new UsageError('give either --mock-server-id or --mock-server-port')
  return id ?? String(port('mock-server-port', byPort))
}

async function create(argv) {
  const { values } = parse('create', argv, { ...MASTER_FLAGS, file: { type: 'string', short: 'f' } })
  if (values.help) return process.stdout.write(HELP.create)
  if (values.file === undefined) throw new UsageError('give the pact file with --file')
  let text
  try {
    text = fs.readFileSync(values.file, 'utf8')
  } catch (error) {
    throw new UsageError(`the pact file ${values.file} cannot be read: ${error.message}`)
  }
  const { status, body } = await call(master(values), 'POST', '/', { body: text })
  if (status !== 200) throw new UsageError(`the pact file ${values.file} was refused: ${body?.error ?? status}`)
  process.stdout.write(`Mock server "${body.mockServer.id}" started on port ${body.mockServer.port}\n`)
}

async function list(argv) {
  const { values } = parse('list', argv, MASTER_FLAGS)
  if (values.help) return process.stdout.write(HELP.list)
  const { body } = await call(master(values), 'GET', '/')
  const rows = [['Mock Server Id', 'Port', 'Provider', 'Status'], ...body.mockServers.map((s) => [s.id, String(s.port), s.provider, s.status])]
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  for (const row of rows) process.stdout.write(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd() + '\n')
}

async function verify(argv) {
  const { values } = parse('verify', argv, { ...MASTER_FLAGS, ...SERVER_FLAGS })
  if (values.help) return process.stdout.write(HELP.verify)
  const key = serverKey(values)
  const { status, body } = await call(master(values), 'POST', `/mockserver/${encodeURIComponent(key)}/verify`)
  if (status === 204) {
    process.stdout.write(`Mock server ${key} verified ok\n`)
    return
  }
  if (status === 404) throw new UsageError(body?.error ?? `no mock server ${key}`)
  const mismatches = body?.mismatches ?? []
  process.stdout.write(`Mock server ${body?.mockServer?.id ?? key}/${body?.mockServer?.port ?? ''} failed verification with ${mismatches.length} problems\n`)
  mismatches.forEach((problem, index) => process.stdout.write(`${index + 1}) ${problem.type}: ${problem.method} ${problem.path}${problem.interaction ? ` ('${problem.interaction}')` : ''}\n`))
  if (body?.error) process.stdout.write(`${body.error}\n`)
  process.exitCode = 1
}

async function shutdown(argv) {
  const { values } = parse('shutdown', argv, { ...MASTER_FLAGS, ...SERVER_FLAGS })
  if (values.help) return process.stdout.write(HELP.shutdown)
  const key = serverKey(values)
  const { status, body } = await call(master(values), 'DELETE', `/mockserver/${encodeURIComponent(key)}`)
  if (status !== 204) throw new UsageError(body?.error ?? `no mock server ${key}`)
  process.stdout.write(`Mock server ${key} shut down\n`)
}

async function shutdownMaster(argv) {
  const { values } = parse('shutdown-master', argv, { ...MASTER_FLAGS, 'server-key': { type: 'string' } })
  if (values.help) return process.stdout.write(HELP['shutdown-master'])
  if (values['server-key'] === undefined) throw new UsageError('give the key the master was started with: --server-key <key>')
  const { status, body } = await call(master(values), 'POST', '/shutdown', { headers: { Authorization: `Bearer ${values['server-key']}` } })
  if (status !== 204) throw new UsageError(body?.error ?? `the master refused with status ${status}`)
  process.stdout.write('Master server shut down\n')
}

module.exports = { create, list, verify, shutdown, 'shutdown-master': shutdownMaster, HELP }
