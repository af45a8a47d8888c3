// Helpers for the tests that spawn the `pact-mock-server` command as a process.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after } from 'node:test'

export const CLI = fileURLToPath(new URL('../lib/cli/main.js', import.meta.url))

// A test that fails before its CLI exits must not leave it running: its pipes would keep the
// test file's process, and so the whole run, waiting.
const running = new Set()
after(() => {
  for (const child of running) child.kill('SIGKILL')
})

/** A small pact: two GET interactions. */
export function usersPact(provider = 'users-api') {
  return {
    consumer: { name: 'web' },
    provider: { name: provider },
    interactions: [
      { description: 'user 1', request: { method: 'GET', path: '/users/1' }, response: { status: 200, body: { id: 1, name: 'Ann' } } },
      { description: 'health', request: { method: 'GET', path: '/health' }, response: { status: 204 } },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  }
}

export function writeJson(dir, name, value) {
  const file = join(dir, name)
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}

/** Spawns the CLI; `waitFor(pattern)` resolves with the match once stdout+stderr has it. */
export function spawnCli(args, { cwd, env } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const waiters = []
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = (stdout + stderr).slice(waiter.from).match(waiter.pattern)
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1)
        clearTimeout(waiter.timer)
        waiter.resolve(match)
      }
    }
  }
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    check()
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
    check()
  })
  running.add(child)
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child)
      resolve({ code, signal, stdout, stderr })
    }),
  )
  exited.then(() => {
    for (const waiter of waiters.splice(0)) {
      clearTimeout(waiter.timer)
      waiter.reject(new Error(`the CLI exited before printing ${waiter.pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`))
    }
  })
  return {
    child,
    exited,
    output: () => stdout + stderr,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Waits for `pattern` in what is printed after `from` characters (default: everything). */
    waitFor(pattern, { from = 0, timeout = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        const waiter = { pattern, from, resolve, reject }
        waiter.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1)
          reject(new Error(`timed out waiting for ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`))
        }, timeout)
        waiters.push(waiter)
        check()
      })
    },
  }
}

/** Runs the CLI to its end. */
export function runCli(args, options) {
  return spawnCli(args, options).exited
}

/** A port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}
