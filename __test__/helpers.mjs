// Shared helpers for the node:test suites.
import { readFileSync, mkdtempSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function fixture(name) {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
}

export function fixtureText(name) {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}

export function tempDir(prefix = 'pact-mock-server-') {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** fetch, with a JSON body when `json` is given. Resolves to { status, headers, text, json }. */
export async function send(url, { method = 'GET', headers = {}, json, body } = {}) {
  const init = { method, headers: { ...headers } }
  if (json !== undefined) {
    init.body = JSON.stringify(json)
    init.headers['Content-Type'] ??= 'application/json'
  } else if (body !== undefined) {
    init.body = body
  }
  const response = await fetch(url, init)
  const text = await response.text()
  let parsed
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  return { status: response.status, headers: response.headers, text, json: parsed }
}

/** Resolves true when a TCP connection to the port is refused. */
export function portRefuses(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

/** Resolves true when this machine can listen on ::1; IPv6 tests skip, saying so, when it cannot. */
export function ipv6Available() {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)))
  })
}
