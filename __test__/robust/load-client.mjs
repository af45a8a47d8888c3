// Sends `perServer` requests to each server over `connections` keep-alive connections per server,
// a fixed mix of matching, mismatching and unexpected requests, checks every answer, and prints
// what it sent and what came back as JSON. Its own process, so that the client's work does not
// count against the process hosting the mock servers.
import http from 'node:http'

const { urls, connections, perServer } = JSON.parse(process.argv[2])

/** The mix, by request number: what is sent and the answer that proves it was handled. */
const KINDS = [
  { kind: 'matched', method: 'GET', path: () => '/items/1', status: 200, check: (t) => JSON.parse(t).id === 1 },
  { kind: 'matched', method: 'POST', path: () => '/items', body: (n) => JSON.stringify({ name: `item ${n}` }), status: 201, check: (t) => JSON.parse(t).created === true },
  { kind: 'matched', method: 'GET', path: (n) => `/search?q=term${n}`, status: 200, check: (t) => Array.isArray(JSON.parse(t).results) },
  { kind: 'mismatched', method: 'POST', path: () => '/items', body: (n) => JSON.stringify({ name: n }), status: 500, xPact: 'Request-Mismatch' },
  { kind: 'not-found', method: 'GET', path: (n) => `/nope/${n}`, status: 500, xPact: 'Unexpected-Request' },
]

function one(agent, url, n) {
  const spec = KINDS[n % KINDS.length]
  const body = spec.body?.(n)
  const headers = body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}
  return new Promise((resolve) => {
    const request = http.request(url + spec.path(n), { method: spec.method, headers, agent }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let ok = response.statusCode === spec.status
        try {
          if (ok && spec.check) ok = spec.check(text)
        } catch {
          ok = false
        }
        if (ok && spec.xPact) ok = response.headers['x-pact'] === spec.xPact
        resolve({ kind: spec.kind, ok, detail: ok ? undefined : `${spec.method} ${spec.path(n)}: ${response.statusCode} ${text.slice(0, 200)}` })
      })
    })
    request.on('error', (error) => resolve({ kind: spec.kind, ok: false, detail: `${spec.method} ${spec.path(n)}: ${error.message}` }))
    request.end(body)
  })
}

async function load(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const sent = { matched: 0, mismatched: 0, 'not-found': 0 }
  const ok = { matched: 0, mismatched: 0, 'not-found': 0 }
  const failures = []
  let next = 0
  const worker = async () => {
    while (next < perServer) {
      const n = next
      next += 1
      const result = await one(agent, url, n)
      sent[result.kind] += 1
      if (result.ok) ok[result.kind] += 1
      else if (failures.length < 20) failures.push(result.detail)
    }
  }
  await Promise.all(Array.from({ length: connections }, worker))
  agent.destroy()
  return { url, sent, ok, failures }
}

const started = Date.now()
const servers = await Promise.all(urls.map(load))
process.stdout.write(JSON.stringify({ servers, seconds: (Date.now() - started) / 1000 }))
