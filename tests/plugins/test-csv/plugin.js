#!/usr/bin/env node
'use strict'
// Test-only Pact plugin (plugin interface V1) for CSV contents and a line-based TCP transport.
// Usage: node plugin.js --proto <path to pact-plugin-driver's plugin.proto>
// Prints exactly one JSON line on stdout ({"port", "serverKey"}); everything else goes to stderr.

const fs = require('node:fs')
const net = require('node:net')
const { randomUUID, randomInt } = require('node:crypto')
const grpc = require('@grpc/grpc-js')
const protoLoader = require('@grpc/proto-loader')

const log = (...args) => console.error('[test-csv]', ...args)

function argValue(name) {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

// ---------------------------------------------------------------------------
// google.protobuf.Struct / Value <-> plain JS values

function toValue(v) {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' }
  if (typeof v === 'number') return { numberValue: v }
  if (typeof v === 'string') return { stringValue: v }
  if (typeof v === 'boolean') return { boolValue: v }
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } }
  return { structValue: toStruct(v) }
}

function toStruct(obj) {
  const fields = {}
  for (const [k, v] of Object.entries(obj ?? {})) fields[k] = toValue(v)
  return { fields }
}

function fromValue(v) {
  if (!v) return null
  switch (v.kind) {
    case 'numberValue': return v.numberValue
    case 'stringValue': return v.stringValue
    case 'boolValue': return v.boolValue
    case 'structValue': return fromStruct(v.structValue)
    case 'listValue': return (v.listValue?.values ?? []).map(fromValue)
    default: return null
  }
}

function fromStruct(s) {
  const out = {}
  for (const [k, v] of Object.entries(s?.fields ?? {})) out[k] = fromValue(v)
  return out
}

// ---------------------------------------------------------------------------
// CSV helpers

// Body.content is a google.protobuf.BytesValue wrapper: { value: Buffer }.
const bodyText = (body) => Buffer.from(body?.content?.value ?? []).toString('utf8')

function parseCsv(text) {
  const lines = text.replace(/\r/g, '').split('\n')
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.map((line) => line.split(','))
}

const formatCsv = (rows, trailingNewline) => rows.map((r) => r.join(',')).join('\n') + (trailingNewline ? '\n' : '')
const bytes = (s) => ({ value: Buffer.from(String(s), 'utf8') })
// '$[*][N]' -> N (a number), anything else -> undefined
function columnOf(path) {
  const m = /^\$\[\*\]\[(\d+)\]$/.exec(path)
  return m ? Number(m[1]) : undefined
}

function csvBody(text) {
  return { contentType: 'text/csv', content: bytes(text), contentTypeHint: 'TEXT' }
}

// ---------------------------------------------------------------------------
// Content matcher

// Returns a mismatch text for the cell, or null when it matches.
function checkCell(expected, actual, rules, row, col) {
  const where = `at row ${row}, column ${col}`
  if (!rules || rules.length === 0) {
    return expected === actual ? null : `Expected '${expected}' ${where} but got '${actual}'`
  }
  for (const rule of rules) {
    const values = fromStruct(rule.values)
    if (rule.type === 'regex') {
      if (!new RegExp(`^(?:${values.regex})$`).test(actual)) {
        return `'${actual}' ${where} does not match the regex '${values.regex}'`
      }
    } else if (rule.type === 'integer') {
      if (!/^-?\d+$/.test(actual)) return `'${actual}' ${where} is not an integer`
    } else if (rule.type !== 'type') {
      return `Unsupported matching rule '${rule.type}' ${where}`
    }
  }
  return null
}

function compareContents(request) {
  const expected = parseCsv(bodyText(request.expected))
  const actual = parseCsv(bodyText(request.actual))

  // Deliberate test hooks, driven by the actual body.
  const first = actual[0]?.[0]
  if (first === '__crash__') process.exit(3)
  if (first === '__hang__') return new Promise(() => {})

  const results = {}
  const add = (path, exp, act, mismatch) => {
    results[path] = { mismatches: [{ expected: bytes(exp), actual: bytes(act), mismatch, path, mismatchType: 'body' }] }
  }
  if (expected.length !== actual.length) {
    add('$', bodyText(request.expected), bodyText(request.actual),
      `Expected ${expected.length} rows but got ${actual.length}`)
    return { results }
  }

  const columnRules = {}
  for (const [path, rules] of Object.entries(request.rules ?? {})) {
    const col = columnOf(path)
    if (col !== undefined) columnRules[col] = rules.rule ?? []
  }
  expected.forEach((expRow, r) => {
    const width = Math.max(expRow.length, actual[r].length)
    for (let c = 0; c < width; c++) {
      const exp = expRow[c] ?? ''
      const act = actual[r][c] ?? ''
      const mismatch = checkCell(exp, act, columnRules[c], r, c)
      if (mismatch) add(`$[${r}][${c}]`, exp, act, mismatch)
    }
  })
  return { results }
}

// ---------------------------------------------------------------------------
// Interaction configuration and generators

const RULE_KEYS = ['regex', 'type', 'integer']

// A request/response pair of text lines for the `lines` transport: { request, response }.
function configureLines(config) {
  for (const field of Object.keys(config)) {
    if (field !== 'request' && field !== 'response') return { error: `Unknown configuration field '${field}'` }
  }
  if (typeof config.request !== 'string' || typeof config.response !== 'string') {
    return { error: "Configuration fields 'request' and 'response' are required (lines of text)" }
  }
  const part = (partName, line) => ({
    contents: { contentType: 'text/plain', content: bytes(line), contentTypeHint: 'TEXT' },
    rules: {},
    generators: {},
    pluginConfiguration: { interactionConfiguration: toStruct({ line: true }), pactConfiguration: toStruct({ csvDialect: 'comma' }) },
    interactionMarkup: `\`${config.request}\` -> \`${config.response}\`\n`,
    interactionMarkupType: 'COMMON_MARK',
    partName,
  })
  return { interaction: [part('request', config.request), part('response', config.response)] }
}

function configureInteraction(request) {
  const config = fromStruct(request.contentsConfig)
  if (request.contentType.startsWith('text/plain')) return configureLines(config)
  for (const field of Object.keys(config)) {
    if (field !== 'csv' && field !== 'columns') return { error: `Unknown configuration field '${field}'` }
  }
  if (typeof config.csv !== 'string') return { error: "Configuration field 'csv' is required (a CSV string)" }

  const rules = {}
  const generators = {}
  for (const [col, spec] of Object.entries(config.columns ?? {})) {
    if (!/^\d+$/.test(col)) return { error: `columns: '${col}' is not a column index` }
    const path = `$[*][${col}]`
    for (const key of Object.keys(spec ?? {})) {
      if (key === 'generator') {
        const { type, ...values } = spec.generator ?? {}
        generators[path] = { type, values: toStruct(values) }
      } else if (RULE_KEYS.includes(key)) {
        const values = key === 'regex' ? { regex: spec.regex } : {}
        rules[path] = { rule: [...(rules[path]?.rule ?? []), { type: key, values: toStruct(values) }] }
      } else {
        return { error: `columns.${col}: unknown field '${key}'` }
      }
    }
  }

  const columns = parseCsv(config.csv)[0]?.length ?? 0
  return {
    interaction: [{
      contents: csvBody(config.csv),
      rules,
      generators,
      pluginConfiguration: {
        interactionConfiguration: toStruct({ columns }),
        pactConfiguration: toStruct({ csvDialect: 'comma' }),
      },
      interactionMarkup: '```csv\n' + config.csv + (config.csv.endsWith('\n') ? '' : '\n') + '```\n',
      interactionMarkupType: 'COMMON_MARK',
      partName: '',
    }],
  }
}

function generateContent(request) {
  const text = bodyText(request.contents)
  const rows = parseCsv(text)
  for (const [path, generator] of Object.entries(request.generators ?? {})) {
    const col = columnOf(path)
    if (col === undefined || generator.type !== 'RandomInt') continue
    const { min = 0, max = 10 } = fromStruct(generator.values)
    for (const row of rows) {
      if (col < row.length) row[col] = String(randomInt(Math.trunc(min), Math.trunc(max) + 1))
    }
  }
  return { contents: { ...request.contents, content: bytes(formatCsv(rows, text.endsWith('\n'))) } }
}

// ---------------------------------------------------------------------------
// "lines" transport: one request line -> one response line over TCP

const mockServers = new Map()

function startMockServer(request) {
  let pact
  try {
    pact = JSON.parse(request.pact)
  } catch (err) {
    return Promise.resolve({ error: `Invalid pact JSON: ${err.message}` })
  }
  const interactions = (pact.interactions ?? [])
    .filter((i) => i.type === 'Synchronous/Messages')
    .map((i) => ({
      description: i.description,
      request: String(i.request?.contents?.content ?? '').trim(),
      response: String(i.response?.[0]?.contents?.content ?? ''),
      received: 0,
    }))
  const state = { key: randomUUID(), interactions, unexpected: [], sockets: new Set() }

  const server = net.createServer((socket) => {
    state.sockets.add(socket)
    socket.on('close', () => state.sockets.delete(socket))
    socket.on('error', () => {})
    let buffered = ''
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8')
      let nl
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '')
        buffered = buffered.slice(nl + 1)
        const match = state.interactions.find((i) => i.request === line.trim())
        if (match) {
          match.received++
          socket.write(match.response + '\n')
        } else {
          state.unexpected.push(line)
          socket.write(`ERROR no interaction for '${line}'\n`)
        }
      }
    })
  })
  state.server = server

  const host = request.hostInterface || '127.0.0.1'
  return new Promise((resolve) => {
    server.once('error', (err) => resolve({ error: `Could not start the mock server: ${err.message}` }))
    server.listen(request.port || 0, host, () => {
      const { port } = server.address()
      mockServers.set(state.key, state)
      resolve({ details: { key: state.key, port, address: `tcp://${host}:${port}` } })
    })
  })
}

function mockServerResults(state) {
  const results = [
    ...state.unexpected.map((line) => ({ path: line, error: `unexpected request '${line}'` })),
    ...state.interactions.filter((i) => i.received === 0)
      .map((i) => ({ path: i.description, error: `interaction '${i.description}' was not received` })),
  ]
  return { ok: results.length === 0, results }
}

// V1 has no error field on these responses: an unknown key is reported as a failed result.
const unknownServer = (key) => ({ ok: false, results: [{ path: '', error: `no mock server with key '${key}'` }] })

function shutdownMockServer(request) {
  const state = mockServers.get(request.serverKey)
  if (!state) return unknownServer(request.serverKey)
  mockServers.delete(request.serverKey)
  const results = mockServerResults(state)
  for (const socket of state.sockets) socket.destroy()
  return new Promise((resolve) => state.server.close(() => resolve(results)))
}

function getMockServerResults(request) {
  const state = mockServers.get(request.serverKey)
  return state ? mockServerResults(state) : unknownServer(request.serverKey)
}

// ---------------------------------------------------------------------------
// gRPC wiring

// Adapts a (request) => response | Promise<response> function to a grpc-js unary handler.
function unary(fn) {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((response) => callback(null, response))
      .catch((err) => {
        log('call failed:', err)
        callback({ code: grpc.status.INTERNAL, message: String(err?.message ?? err) })
      })
  }
}

const unimplemented = (name) => (_call, callback) =>
  callback({ code: grpc.status.UNIMPLEMENTED, message: `${name} is not implemented by test-csv` })

const contentTypes = { 'content-types': 'text/csv;application/csv' }
const handlers = {
  InitPlugin: unary((req) => {
    log(`InitPlugin from ${req.implementation} ${req.version}`)
    return {
      catalogue: [
        { type: 'CONTENT_MATCHER', key: 'csv', values: contentTypes },
        { type: 'CONTENT_GENERATOR', key: 'csv', values: contentTypes },
        { type: 'TRANSPORT', key: 'lines', values: {} },
      ],
    }
  }),
  UpdateCatalogue: unary(() => ({})),
  CompareContents: unary(compareContents),
  ConfigureInteraction: unary(configureInteraction),
  GenerateContent: unary(generateContent),
  StartMockServer: unary(startMockServer),
  ShutdownMockServer: unary(shutdownMockServer),
  GetMockServerResults: unary(getMockServerResults),
  PrepareInteractionForVerification: unimplemented('PrepareInteractionForVerification'),
  VerifyInteraction: unimplemented('VerifyInteraction'),
}

function main() {
  const protoPath = argValue('--proto')
  if (!protoPath || !fs.existsSync(protoPath)) {
    log(`missing or unreadable --proto argument: ${protoPath}`)
    process.exit(2)
  }
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true,
  })
  const service = grpc.loadPackageDefinition(definition).io.pact.plugin.PactPlugin.service

  const server = new grpc.Server()
  // Fill any RPC missing from the table (a newer proto) with UNIMPLEMENTED.
  const impl = {}
  for (const name of Object.keys(service)) impl[name] = handlers[name] ?? unimplemented(name)
  server.addService(service, impl)

  let stopping = false
  const stop = (reason) => {
    if (stopping) return
    stopping = true
    log(`stopping: ${reason}`)
    for (const state of mockServers.values()) {
      for (const socket of state.sockets) socket.destroy()
      state.server.close()
    }
    server.forceShutdown()
    process.exit(0)
  }

  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      log('could not bind the gRPC server:', err)
      process.exit(1)
    }
    process.stdout.write(JSON.stringify({ port, serverKey: randomUUID() }) + '\n')
    log(`listening on 127.0.0.1:${port}`)
  })

  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  // The Rust driver does not pipe stdin, the plugin inherits its host's. Only a pipe/socket
  // closing means "the host went away"; /dev/null or a TTY would read EOF (or block) at once.
  let stdin = null
  try {
    stdin = fs.fstatSync(0)
  } catch {}
  if (stdin && (stdin.isFIFO() || stdin.isSocket())) {
    process.stdin.on('end', () => stop('stdin closed'))
    process.stdin.on('error', () => stop('stdin error'))
    process.stdin.resume()
  }
  // And in every case: exit when the parent process dies (we get re-parented).
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) stop('parent process exited')
  }, 1000).unref()
}

main()
