// A headless Chromium driven over the DevTools protocol, with a minimal WebSocket client on
// node:http (Node 20 has no global WebSocket without a flag), so the test needs no dependency.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** A WebSocket connection that sends and receives text messages (all CDP needs). */
function connect(url) {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64')
    const req = request(url.replace(/^ws:/, 'http:'), {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' },
    })
    req.on('error', reject)
    req.on('response', (response) => reject(new Error(`no WebSocket upgrade: ${response.statusCode}`)))
    req.on('upgrade', (_response, socket, head) => {
      let buffer = head
      let onMessage = () => {}
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk])
        for (;;) {
          if (buffer.length < 2) return
          let length = buffer[1] & 0x7f
          let offset = 2
          if (length === 126) {
            if (buffer.length < 4) return
            length = buffer.readUInt16BE(2)
            offset = 4
          } else if (length === 127) {
            if (buffer.length < 10) return
            length = Number(buffer.readBigUInt64BE(2))
            offset = 10
          }
          if (buffer.length < offset + length) return
          const opcode = buffer[0] & 0x0f
          const payload = buffer.subarray(offset, offset + length)
          buffer = buffer.subarray(offset + length)
          if (opcode === 1) onMessage(payload.toString('utf8'))
        }
      })
      resolve({
        send(text) {
          const payload = Buffer.from(text, 'utf8')
          const mask = randomBytes(4)
          let header
          if (payload.length < 126) header = Buffer.from([0x81, 0x80 | payload.length])
          else if (payload.length < 65536) {
            header = Buffer.alloc(4)
            header[0] = 0x81
            header[1] = 0x80 | 126
            header.writeUInt16BE(payload.length, 2)
          } else {
            header = Buffer.alloc(10)
            header[0] = 0x81
            header[1] = 0x80 | 127
            header.writeBigUInt64BE(BigInt(payload.length), 2)
          }
          const masked = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]))
          socket.write(Buffer.concat([header, mask, masked]))
        },
        onMessage(handler) {
          onMessage = handler
        },
        close() {
          socket.destroy()
        },
      })
    })
    req.end()
  })
}

/** Starts Chromium with a fresh profile and returns a page to drive. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'pact-report-chromium-'))
  const browser = spawn(
    CHROMIUM,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const endpoint = await new Promise((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr}`)), 30_000)
    browser.stderr.on('data', (chunk) => {
      stderr += chunk
      const match = stderr.match(/DevTools listening on (ws:\/\/[^\s]+)/)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    browser.on('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${stderr}`)))
  })
  const { host } = new URL(endpoint)
  const targets = await (await fetch(`http://${host}/json/list`)).json()
  const pageTarget = targets.find((target) => target.type === 'page')
  const socket = await connect(pageTarget.webSocketDebuggerUrl)
  let nextId = 1
  const pending = new Map()
  socket.onMessage((text) => {
    const message = JSON.parse(text)
    const waiter = pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`))
    else waiter.resolve(message.result)
  })
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject, method })
      socket.send(JSON.stringify({ id, method, params }))
    })

  const page = {
    send,
    /** The value of a JavaScript expression in the page. */
    async evaluate(expression) {
      const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })
      if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
      return result.value
    },
    /** Polls an expression until it is truthy; returns its value. */
    async waitFor(expression, timeout = 10_000) {
      const deadline = Date.now() + timeout
      for (;;) {
        const value = await page.evaluate(expression)
        if (value) return value
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    async viewport(width, height, mobile = false) {
      await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile })
    },
    async screenshot() {
      const { data } = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true })
      return Buffer.from(data, 'base64')
    },
    async close() {
      const exited = new Promise((resolve) => (browser.exitCode === null ? browser.once('exit', resolve) : resolve()))
      // Browser.close lets Chromium's helper processes finish writing the profile before it goes.
      send('Browser.close').catch(() => {})
      const killer = setTimeout(() => browser.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(killer)
      socket.close()
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    },
  }
  await send('Page.enable')
  return page
}
