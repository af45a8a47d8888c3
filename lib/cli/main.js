#!/usr/bin/env node
'use strict'
// The `pact-mock-server` command. Bad input exits 2 with a message; nothing else is special.

const { UsageError } = require('./args')

const USAGE = `Usage: pact-mock-server <command> [options]

Commands:
  serve <pact>...              serve pact files, a line per request; Ctrl-C prints a summary
  run <pact>... -- <command>   serve, run the command with PACT_MOCK_SERVER_URL, verify
  start                        the master server: a REST API over mock servers
  create --file <pact>         create a mock server on the master
  list                         list the master's mock servers
  verify -i <id> | -m <port>   verify one of them
  shutdown -i <id> | -m <port> shut one of them down
  shutdown-master --server-key <key>

Run \`pact-mock-server <command> --help\` for a command's options.
`

function commands() {
  const client = require('./client')
  return {
    serve: require('./serve').serve,
    run: require('./run').run,
    start: require('./master').start,
    create: client.create,
    list: client.list,
    verify: client.verify,
    shutdown: client.shutdown,
    'shutdown-master': client['shutdown-master'],
  }
}

async function main(argv) {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE)
    if (name === undefined) process.exitCode = 2
    return
  }
  const command = commands()[name]
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}\n\n${USAGE}`)
  await command(rest)
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    process.stderr.write(`pact-mock-server: ${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`pact-mock-server: ${error?.code ? error.code + ': ' : ''}${error?.message ?? error}\n`)
  process.exit(1)
})
