'use strict'
// `pact-mock-server serve`: serve pact files until Ctrl-C or SIGTERM, then sum up.

const { parse, port } = require('./args')
const { pactFiles } = require('./pacts')
const { Servers, SERVER_FLAGS, serverOptions } = require('./servers')

const HELP = `Usage: pact-mock-server serve <pact file or dir>... [options]

Serves each pact file on its own mock server (a directory means every *.json in it) and prints
a line per request. Ctrl-C or SIGTERM prints a summary and exits 0 when everything matched, 1
otherwise.

Options:
  --host <host>        interface to bind (default 127.0.0.1)
  -p, --port <port>    port, with one pact file (default: a free port)
  --tls                HTTPS with a generated certificate
  --cors               answer CORS preflight requests
  -o, --output <dir>   on exit, write (merge) the pacts into this directory
  --watch              reload a server when its pact file changes
  --quiet              no line per request
  --no-report          no live report page at /__pact/
  --log-level <level>  level of each server's logs(): error, warn, info, debug, trace
  -h, --help           this help
`

async function serve(argv) {
  const { values, positionals } = parse(
    'serve',
    argv,
    { ...SERVER_FLAGS, watch: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } },
    { positionals: true },
  )
  if (values.help) return process.stdout.write(HELP)
  const files = pactFiles(positionals)
  const options = serverOptions(values, files.length, port('port', values.port))
  const servers = new Servers(process.stdout, { quiet: values.quiet })
  await servers.start(files, options)
  servers.announce()
  if (values.port !== undefined && files.length > 1) {
    process.stdout.write(`--port ${values.port} is for one pact file; with ${files.length}, each server has a free port (above)\n`)
  }
  if (values.watch) servers.watch(options)

  let stopping = false
  const stop = async (signal) => {
    if (stopping) return
    stopping = true
    const { ok, text } = servers.summary()
    process.stdout.write(`\n${signal}: summary\n${text}\n`)
    if (values.output !== undefined) {
      for (const file of await servers.writePacts(values.output)) process.stdout.write(`wrote ${file}\n`)
    }
    await servers.shutdown()
    process.exit(ok ? 0 : 1)
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // The request poll keeps the process alive until a signal arrives.
}

module.exports = { serve, HELP }
