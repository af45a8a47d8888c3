// The `pact-mock-server` command, spawned as a process: serve, run, --watch, signals, exit codes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

import { spawnCli, runCli, usersPact, writeJson, freePort } from './cli-helpers.mjs'
import { tempDir } from './helpers.mjs'

const URL_LINE = /on (http:\/\/127\.0\.0\.1:(\d+))\s+report: (\S+)/

test('serve prints a line per request; SIGINT prints a summary and exits 1 when something did not match', async () => {
  const dir = tempDir()
  const file = writeJson(dir, 'users.json', usersPact())
  const port = await freePort()
  const cli = spawnCli(['serve', file, '--port', String(port)])
  const [, url, shownPort, reportUrl] = await cli.waitFor(URL_LINE)
  assert.equal(Number(shownPort), port, '--port is honoured with one file')
  assert.equal(reportUrl, `${url}/__pact/`)

  assert.equal((await fetch(`${url}/users/1`)).status, 200)
  await cli.waitFor(/GET \/users\/1 200 'user 1'/)
  assert.equal((await fetch(`${url}/users/1?page=2`)).status, 500)
  await cli.waitFor(/GET \/users\/1\?page=2 500 mismatch with 'user 1': .*page/)
  assert.equal((await fetch(`${url}/nope`)).status, 500)
  await cli.waitFor(/GET \/nope 500 unexpected/)
  assert.doesNotMatch(cli.stdout(), /\u001b\[/, 'no colour when stdout is not a TTY')

  cli.child.kill('SIGINT')
  const { code, stdout } = await cli.exited
  assert.equal(code, 1)
  assert.match(stdout, /SIGINT: summary/)
  assert.match(stdout, /web -> users-api: 3 requests \(1 matched, 1 mismatched, 1 unexpected\), 1 of 2 interactions received/)
  assert.match(stdout, /Missing-Request: interaction 'health'/)
  assert.deepEqual(readdirSync(dir), ['users.json'], 'nothing is written without --output')
})

test('serve: SIGTERM after everything matched exits 0 and --output merges the pacts', async () => {
  const dir = tempDir()
  const out = tempDir()
  const users = writeJson(dir, 'users.json', usersPact('users-api'))
  writeJson(dir, 'orders.json', usersPact('orders-api'))
  const cli = spawnCli(['serve', dir, '--output', out, '--quiet'])
  await cli.waitFor(/users-api.*\n.*orders-api|orders-api.*\n.*users-api/)
  const urls = [...cli.output().matchAll(/on (http:\S+)/g)].map((match) => match[1])
  assert.equal(urls.length, 2, 'a directory serves each *.json in it, each URL printed')
  for (const url of urls) {
    assert.equal((await fetch(`${url}/users/1`)).status, 200)
    assert.equal((await fetch(`${url}/health`)).status, 204)
  }
  cli.child.kill('SIGTERM')
  const { code, stdout } = await cli.exited
  assert.equal(code, 0, stdout)
  assert.match(stdout, /SIGTERM: summary/)
  assert.equal((stdout.match(/all matched/g) ?? []).length, 2)
  assert.doesNotMatch(stdout, /GET \/health/, '--quiet turns the request lines off')
  assert.deepEqual(readdirSync(out).sort(), ['web-orders-api.json', 'web-users-api.json'])
  const written = JSON.parse(readFileSync(join(out, 'web-users-api.json'), 'utf8'))
  assert.deepEqual(written.interactions.map((i) => i.description).sort(), ['health', 'user 1'])
  assert.ok(users)
})

test('serve --watch reloads a changed pact and keeps the old one when the file becomes invalid', async () => {
  const dir = tempDir()
  const file = writeJson(dir, 'users.json', usersPact())
  const cli = spawnCli(['serve', file, '--watch'])
  const [, url] = await cli.waitFor(URL_LINE)
  assert.equal((await fetch(`${url}/orders`)).status, 500)

  const changed = usersPact()
  changed.interactions.push({ description: 'orders', request: { method: 'GET', path: '/orders' }, response: { status: 200, body: [] } })
  let from = cli.output().length
  writeJson(dir, 'users.json', changed)
  await cli.waitFor(/reloaded .*users\.json \(3 interactions\)/, { from })
  assert.equal((await fetch(`${url}/orders`)).status, 200, 'the reloaded pact answers on the same URL')

  from = cli.output().length
  writeJson(dir, 'users.json', '{ "consumer": ')
  await cli.waitFor(/users\.json is invalid, still serving the previous pact: .*JSON/, { from })
  assert.equal((await fetch(`${url}/orders`)).status, 200, 'the previous pact still answers')

  from = cli.output().length
  writeJson(dir, 'users.json', { consumer: { name: 'web' }, interactions: [] })
  await cli.waitFor(/users\.json is invalid, still serving the previous pact: .*provider/, { from })

  cli.child.kill('SIGINT')
  const { code, stdout } = await cli.exited
  assert.equal(code, 1)
  assert.match(stdout, /1 problem before the last reload:\n  - request-not-found GET \/orders/, 'the unexpected /orders before the reload still counts')
})

test('bad input exits 2 with a one-line reason and no stack trace', async (t) => {
  const dir = tempDir()
  const valid = writeJson(dir, 'users.json', usersPact())
  const broken = writeJson(dir, 'broken.json', '{"consumer": {"name": "web"}, "interactions": []}')
  const notJson = writeJson(dir, 'notjson.json', 'hello')
  const blocker = createServer()
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.after(() => blocker.close())
  const cases = [
    [['serve', valid, '--prot', '1'], /Unknown option '--prot'/],
    [['serve', join(dir, 'missing.json')], /missing\.json does not exist/],
    [['serve', notJson], /notjson\.json is not valid JSON/],
    [['serve', broken], /broken\.json: .*provider/],
    [['serve', valid, '--port', String(blocker.address().port)], /in use/i],
    [['serve', valid, '--port', 'eighty'], /--port must be a port number/],
    [['serve'], /at least one pact file/],
    [['run', valid], /give the command to run after --/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['verify'], /--mock-server-id or --mock-server-port/],
    [['shutdown-master'], /--server-key/],
  ]
  for (const [args, reason] of cases) {
    const { code, stderr } = await runCli(args)
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`)
    assert.match(stderr, reason, args.join(' '))
    assert.doesNotMatch(stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`)
  }
})

test('--help for each sub-command', async () => {
  for (const command of ['serve', 'run', 'start', 'create', 'list', 'verify', 'shutdown', 'shutdown-master']) {
    const { code, stdout } = await runCli([command, '--help'])
    assert.equal(code, 0, command)
    assert.match(stdout, new RegExp(`^Usage: pact-mock-server ${command}`), command)
  }
  const { code, stdout } = await runCli(['--help'])
  assert.equal(code, 0)
  assert.match(stdout, /serve <pact>\.\.\./)
})

test('run: the command gets PACT_MOCK_SERVER_URL(S); its exit code wins, else 1 on a mismatch', async () => {
  const dir = tempDir()
  const out = tempDir()
  const users = writeJson(dir, 'users.json', usersPact('users-api'))
  const orders = writeJson(dir, 'orders.json', usersPact('orders-api'))
  const client = `
    const urls = JSON.parse(process.env.PACT_MOCK_SERVER_URLS)
    for (const url of Object.values(urls)) {
      for (const path of process.argv.slice(1)) await fetch(url + path)
    }
    console.log('first=' + process.env.PACT_MOCK_SERVER_URL + ' all=' + Object.keys(urls).sort().join(','))
  `
  const passing = await runCli(['run', users, orders, '--output', out, '--', process.execPath, '--input-type=module', '-e', client, '/users/1', '/health'])
  assert.equal(passing.code, 0, passing.stderr)
  assert.match(passing.stdout, /first=http:\/\/127\.0\.0\.1:\d+ all=orders-api,users-api/, "the command's own output is untouched")
  assert.match(passing.stderr, /GET \/health 204 'health'/, 'request lines go to stderr')
  assert.match(passing.stderr, /users-api: 2 requests .* - all matched/)
  assert.deepEqual(readdirSync(out).sort(), ['web-orders-api.json', 'web-users-api.json'])

  const mismatched = await runCli(['run', users, '--output', tempDir(), '--', process.execPath, '--input-type=module', '-e', client, '/users/1'])
  assert.equal(mismatched.code, 1, 'the command passed but health was never requested')
  assert.match(mismatched.stderr, /Missing-Request: interaction 'health'/)

  const failing = await runCli(['run', users, '--', process.execPath, '-e', 'process.exit(3)'])
  assert.equal(failing.code, 3, "the command's exit code")
})
