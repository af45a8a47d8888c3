// Raw-socket clients: bytes out exactly as given, whatever comes back.
import { createConnection } from 'node:net'
import http from 'node:http'

/**
 * Sends `bytes` on a new connection and collects the answer until the server closes the
 * connection or `timeoutMs` passes. `end` half-closes after sending, `reset` destroys the socket.
 * Resolves to { statuses, closed, received }.
 */
export function exchange(port, bytes, { end = false, reset = false, timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const chunks = []
    let settled = false
    const socket = createConnection({ port, host: '127.0.0.1' })
    const finish = (closed) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const received = Buffer.concat(chunks)
      resolve({ statuses: responseStatuses(received), closed, received })
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => finish(true))
    socket.on('close', () => finish(true))
    socket.on('error', () => finish(true))
    socket.on('connect', () => {
      socket.write(bytes, () => {
        if (reset) setTimeout(() => socket.resetAndDestroy(), 50)
        else if (end) socket.end()
      })
    })
  })
}

/** The statuses of the HTTP/1 responses in `received`, in order (bodies skipped by Content-Length). */
export function responseStatuses(received) {
  const statuses = []
  let at = 0
  while (at < received.length) {
    const headEnd = received.indexOf('\r\n\r\n', at)
    if (headEnd < 0) break
    const head = received.subarray(at, headEnd).toString('latin1')
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)
    if (!status) break
    statuses.push(Number(status[1]))
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)
    at = headEnd + 4 + (length ? Number(length[1]) : 0)
  }
  return statuses
}

/** Opens a connection and sends `bytes` (or nothing); resolves with the socket once connected. */
export function openIdle(port, bytes) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      if (bytes) socket.write(bytes)
      resolve(socket)
    })
    socket.on('error', reject)
  })
}

/** Resolves with the milliseconds until the server closes `socket` (null when it is not closed in time). */
export function closedWithin(socket, timeoutMs) {
  const started = Date.now()
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs)
    const done = () => {
      clearTimeout(timer)
      resolve(Date.now() - started)
    }
    if (socket.destroyed) return done()
    socket.resume()
    socket.once('close', done)
  })
}

/**
 * Sends well-formed requests over `connections` keep-alive connections until `stop()` is
 * called; every answer is checked with `check(kind, status, body)`.
 */
export function steadyTraffic(url, requests, connections = 4) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const counts = { sent: 0, ok: 0, failures: [] }
  let running = true
  const one = ({ method, path, headers, body, status, check }) =>
    new Promise((resolve) => {
      const req = http.request(url + path, { method, headers, agent }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode === status && (!check || check(text))) counts.ok += 1
          else counts.failures.push(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`)
          resolve()
        })
      })
      req.on('error', (err) => {
        counts.failures.push(`${method} ${path}: ${err.message}`)
        resolve()
      })
      req.end(body)
    })
  const worker = async (n) => {
    for (let i = n; running; i += 1) {
      counts.sent += 1
      await one(requests[i % requests.length])
    }
  }
  const workers = Promise.all(Array.from({ length: connections }, (_, n) => worker(n)))
  return {
    counts,
    async stop() {
      running = false
      await workers
      agent.destroy()
      return counts
    },
  }
}
