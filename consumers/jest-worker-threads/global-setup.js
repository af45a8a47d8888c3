// Every run starts without a pact file and without a threads log.
const { rmSync } = require('node:fs')
const { PACT_DIR, THREADS_LOG } = require('./item-test-paths')

module.exports = async () => {
  rmSync(PACT_DIR, { recursive: true, force: true })
  rmSync(THREADS_LOG, { force: true })
}
