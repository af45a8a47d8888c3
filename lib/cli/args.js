'use strict'
// Argument parsing for every sub-command: node:util's parseArgs, plus the one error type the
// entry point turns into exit code 2 with a message and no stack trace.

const { parseArgs } = require('node:util')

class UsageError extends Error {
  constructor(message) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Parses `argv` for `command` with parseArgs options; unknown flags are usage errors. */
function parse(command, argv, options, { positionals = false } = {}) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    })
  } catch (error) {
    // parseArgs' messages name the flag; its long hint about '--' is not needed here.
    const message = String(error.message).split('\n')[0].replace(/\. To specify a positional.*$/, '')
    throw new UsageError(`${message}\nRun \`pact-mock-server ${command} --help\` for the options.`)
  }
}

/** A TCP port from a flag's text; 0 lets the system choose. */
function port(flag, text) {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!/^\d+$/.test(String(text)) || value > 65535) {
    throw new UsageError(`--${flag} must be a port number from 0 to 65535, got ${JSON.stringify(text)}`)
  }
  return value
}

module.exports = { UsageError, parse, port }
