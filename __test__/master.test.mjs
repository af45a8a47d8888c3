// The master server (`pact-mock-server start`) driven by curl, as a non-Node client would, and
// by the CLI's own sub-commands.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { spawnCli, runCli, usersPact, writeJson, freePort } from './cli-helpers.mjs'
import { tempDir } from './helpers.mjs'

const run = promisify(execFile)

/** curl, returning the status and the parsed JSON body (null when empty). */
async function curl(method, url, { data, headers = [] } = {}) {
  const args = ['-s', '-X', method, '-w', '\n%{http_code}', ...headers.flatMap((header) => ['-H', header])]
  if (data !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', data)
  const { stdout } = await run('curl', [...args, url])
  const split = stdout.lastIndexOf('\n')
  const body = stdout.slice(0, split)
  return { status: Number(stdout.slice(split + 1)), json: body ? JSON.parse(body) : null }
}

async function startMaster(t, extra = []) {
  const port = await freePort()
  const output = tempDir()
  const master = spawnCli(['start', '--port', String(port), '--output', output, '--server-key', 'the-key', ...extra])
  t.after(() => master.child.kill('SIGTERM'))
  await master.waitFor(/Master server on http:\/\/127\.0\.0\.1:\d+/)
  return { master, port, base: `http://127.0.0.1:${port}`, output }
}

test('the REST API: create, list, get, requests, metrics, logs, mismatches, verify, delete', async (t) => {
  const { base, output, master } = await startMaster(t, ['--log-level', 'info'])
  const created = await curl('POST', `${base}/`, { data: JSON.stringify(usersPact()) })
  assert.equal(created.status, 200)
  const { id, port } = created.json.mockServer
  assert.equal(typeof id, 'string')
  assert.ok(port > 0)
  assert.equal(created.json.mockServer.reportUrl, `http://127.0.0.1:${port}/__pact/`)

  const listed = await curl('GET', `${base}/`)
  assert.deepEqual(listed.json.mockServers.map(({ id, port, provider, status }) => ({ id, port, provider, status })), [
    { id, port, provider: 'users-api', status: 'error' },
  ])
  const byPort = await curl('GET', `${base}/mockserver/${port}`)
  assert.equal(byPort.json.id, id, 'a mock server is found by its port')
  assert.equal((await curl('GET', `${base}/mockserver/${id}`)).json.port, port, 'and by its id')

  assert.equal((await curl('GET', `http://127.0.0.1:${port}/users/1`)).status, 200)
  assert.equal((await curl('GET', `http://127.0.0.1:${port}/nope`)).status, 500)

  const verifyFailed = await curl('POST', `${base}/mockserver/${port}/verify`)
  assert.equal(verifyFailed.status, 422)
  assert.deepEqual(verifyFailed.json.mismatches.map((m) => m.type), ['request-not-found', 'missing-request'])
  assert.equal(verifyFailed.json.mockServer.id, id)
  assert.deepEqual(readdirSync(output), [], 'no pact written when verification fails')

  const requests = await curl('GET', `${base}/mockserver/${id}/requests`)
  assert.deepEqual(requests.json.map((r) => [r.path, r.outcome.type]), [['/users/1', 'matched'], ['/nope', 'not-found']])
  const metrics = await curl('GET', `${base}/mockserver/${id}/metrics`)
  assert.deepEqual(metrics.json, { requests: 2, requestsByPath: { '/nope': 1, '/users/1': 1 }, matched: 1, mismatched: 0, notFound: 1, rejected: 0 })
  const logs = await curl('GET', `${base}/mockserver/${id}/logs`)
  const messages = logs.json.map((line) => `${line.level} ${line.message}`)
  assert.ok(messages.includes("info matched interaction 'user 1'"), messages.join('\n'))
  assert.ok(messages.some((m) => m.startsWith('warn Unexpected-Request: no interaction in the pact has GET /nope')), messages.join('\n'))
  const mismatches = await curl('GET', `${base}/mockserver/${id}/mismatches`)
  assert.equal(mismatches.json.length, 2)

  assert.equal((await curl('DELETE', `${base}/mockserver/${id}`)).status, 204)
  assert.equal((await curl('GET', `${base}/mockserver/${id}`)).status, 404)
  assert.equal((await curl('GET', `${base}/`)).json.mockServers.length, 0)

  // A second server that matches everything: verify answers 204 and writes the pact to --output.
  const second = (await curl('POST', `${base}/`, { data: JSON.stringify(usersPact('orders-api')) })).json.mockServer
  await curl('GET', `http://127.0.0.1:${second.port}/users/1`)
  await curl('GET', `http://127.0.0.1:${second.port}/health`)
  const verified = await curl('POST', `${base}/mockserver/${second.id}/verify`)
  assert.equal(verified.status, 204)
  assert.deepEqual(readdirSync(output), ['web-orders-api.json'])
  assert.equal(JSON.parse(readFileSync(join(output, 'web-orders-api.json'), 'utf8')).interactions.length, 2)

  const badPact = await curl('POST', `${base}/`, { data: '{"consumer": {"name": "web"}}' })
  assert.equal(badPact.status, 422)
  assert.match(badPact.json.error, /provider/)
  assert.equal((await curl('POST', `${base}/`, { data: 'not json' })).status, 422)

  assert.equal((await curl('POST', `${base}/shutdown`)).status, 401, 'shutting down needs the key')
  assert.equal((await curl('POST', `${base}/shutdown`, { headers: ['Authorization: Bearer wrong'] })).status, 401)
  assert.equal((await curl('POST', `${base}/shutdown`, { headers: ['Authorization: Bearer the-key'] })).status, 204)
  const { code } = await master.exited
  assert.equal(code, 0, 'the master exits after shutdown')
})

test('the sub-commands talk to the master: create, list, verify, shutdown, shutdown-master', async (t) => {
  const basePort = await freePort()
  const { port, master } = await startMaster(t, ['--base-port', String(basePort)])
  const flags = ['--port', String(port)]
  const file = writeJson(tempDir(), 'users.json', usersPact())

  const created = await runCli(['create', '--file', file, ...flags])
  assert.equal(created.code, 0, created.stderr)
  const [, id, mockPort] = created.stdout.match(/Mock server "([^"]+)" started on port (\d+)/)
  assert.ok(Number(mockPort) >= basePort, '--base-port: ports are taken from it up')

  const listed = await runCli(['list', ...flags])
  assert.match(listed.stdout, /Mock Server Id\s+Port\s+Provider\s+Status/)
  assert.match(listed.stdout, new RegExp(`${id}\\s+${mockPort}\\s+users-api\\s+error`))

  const failed = await runCli(['verify', '--mock-server-port', mockPort, ...flags])
  assert.equal(failed.code, 1)
  assert.match(failed.stdout, /failed verification with 2 problems/)
  assert.match(failed.stdout, /missing-request: GET \/health \('health'\)/)

  await fetch(`http://127.0.0.1:${mockPort}/users/1`)
  await fetch(`http://127.0.0.1:${mockPort}/health`)
  const passed = await runCli(['verify', '-i', id, ...flags])
  assert.equal(passed.code, 0, passed.stdout)
  assert.match(passed.stdout, /verified ok/)

  assert.equal((await runCli(['shutdown', '-m', mockPort, ...flags])).code, 0)
  const gone = await runCli(['verify', '-m', mockPort, ...flags])
  assert.equal(gone.code, 2)
  assert.match(gone.stderr, /no mock server/)

  const badFile = await runCli(['create', '--file', writeJson(tempDir(), 'bad.json', '{}'), ...flags])
  assert.equal(badFile.code, 2)
  assert.match(badFile.stderr, /was refused/)

  const wrongKey = await runCli(['shutdown-master', '--server-key', 'nope', ...flags])
  assert.equal(wrongKey.code, 2)
  assert.equal((await runCli(['shutdown-master', '--server-key', 'the-key', ...flags])).code, 0)
  assert.equal((await master.exited).code, 0)

  const noMaster = await runCli(['list', ...flags])
  assert.equal(noMaster.code, 2)
  assert.match(noMaster.stderr, /no master server answers/)
})

test('start: a port in use is exit code 2', async (t) => {
  const { port } = await startMaster(t)
  const second = await runCli(['start', '--port', String(port)])
  assert.equal(second.code, 2)
  assert.match(second.stderr, /already in use/)
})
