// Every run starts without a pact file and without a workers log.
const { rmSync } = require('node:fs')
const { PACT_DIR, WORKERS_LOG } = require('./pact-helper')

module.exports = async () => {
  rmSync(PACT_DIR, { recursive: true, force: true })
  rmSync(WORKERS_LOG, { force: true })
}
