const { join } = require('node:path')

module.exports = { PACT_DIR: join(__dirname, 'pacts'), THREADS_LOG: join(__dirname, 'threads.log') }
