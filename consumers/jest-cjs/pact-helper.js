// One pact per test file, all between the same consumer and provider: every file merges its
// interactions into pacts/jest-web-inventory-api.json, from whichever Jest worker runs it.
const { appendFileSync, mkdirSync } = require('node:fs')
const { join } = require('node:path')

const PACT_DIR = join(__dirname, 'pacts')
const WORKERS_LOG = join(__dirname, 'workers.log')

function pactWith(interactions) {
  return {
    consumer: { name: 'jest-web' },
    provider: { name: 'inventory-api' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  }
}

/** Notes which process ran a test file, so check-pact.js can tell that several workers wrote. */
function noteWorker(file) {
  mkdirSync(__dirname, { recursive: true })
  appendFileSync(WORKERS_LOG, `${process.pid} ${file}\n`)
}

module.exports = { PACT_DIR, WORKERS_LOG, pactWith, noteWorker }
