'use strict'
// `pact-mock-server run <pact>... -- <command...>`: serve, run the command, verify.

const { spawn } = require('node:child_process')
const { parse, port, UsageError } = require('./args')
const { pactFiles } = require('./pacts')
const { Servers, SERVER_FLAGS, serverOptions } = require('./servers')

const HELP = `Usage: pact-mock-server run <pact file or dir>... [options] -- <command> [args...]

Starts a mock server per pact file, runs the command with PACT_MOCK_SERVER_URL (the first
server's URL) and PACT_MOCK_SERVER_URLS (JSON: provider name -> URL) in its environment, then
verifies. Exits with the command's code, or 1 when the command passed and something did not
match. Request lines and the report go to stderr.

Options:
  --host <host>        interface to bind (default 127.0.0.1)
  -p, --port <port>    port, with one pact file (default: a free port)
  --tls                HTTPS with a generated certificate
  --cors               answer CORS preflight requests
  -o, --output <dir>   when everything matched, write (merge) the pacts into this directory
  --quiet              no line per request
  --no-report          no live report page at /__pact/
  --log-level <level>  level of each server's logs(): error, warn, info, debug, trace
  -h, --help           this help
`

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }

async function run(argv) {
  const separator = argv.indexOf('--')
  const ownArgs = separator === -1 ? argv : argv.slice(0, separator)
  const command = separator === -1 ? [] : argv.slice(separator + 1)
  const { values, positionals } = parse('run', ownArgs, { ...SERVER_FLAGS, quiet: { type: 'boolean', short: 'q' } }, { positionals: true })
  if (values.help) return process.stdout.write(HELP)
  if (command.length === 0) throw new UsageError('give the command to run after --, e.g. pact-mock-server run pact.json -- npm test')
  const files = pactFiles(positionals)
  const options = serverOptions(values, files.length, port('port', values.port))
  const servers = new Servers(process.stderr, { quiet: values.quiet })
  await servers.start(files, options)
  servers.announce()

  const urls = {}
  for (const served of servers.served) {
    let key = served.provider
    for (let n = 2; key in urls; n++) key = `${served.provider}#${n}`
    urls[key] = served.server.url
  }
  const env = {
    ...process.env,
    PACT_MOCK_SERVER_URL: servers.served[0].server.url,
    PACT_MOCK_SERVER_URLS: JSON.stringify(urls),
  }
  const exit = await new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env })
    const forward = (signal) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('error', (error) => resolve({ error }))
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
  if (exit.error) {
    await servers.shutdown()
    throw new UsageError(`the command ${command[0]} could not be started: ${exit.error.message}`)
  }
  const { ok, text } = servers.summary()
  process.stderr.write(`${text}\n`)
  const commandCode = exit.code ?? 128 + (SIGNAL_NUMBERS[exit.signal] ?? 1)
  if (ok && commandCode === 0 && values.output !== undefined) {
    for (const file of await servers.writePacts(values.output)) process.stderr.write(`wrote ${file}\n`)
  }
  await servers.shutdown()
  process.exitCode = commandCode !== 0 ? commandCode : ok ? 0 : 1
}

module.exports = { run, HELP }
