'use strict'
// executeTest as pact-js runs it, on this package's server: a fresh server with the interactions
// given since the last run; the test gets its url, port, host, id and caCertificate; then the
// server is verified, the pact merged into `dir` only when everything matched, and the server
// always shut down. A mismatch rejects with PactMismatchError and writes nothing; a test that
// throws has its own error rethrown, with the server's mismatches attached.

const { MockServer } = require('../../index.js')
const { invalidOption } = require('./errors')
const { pactText } = require('./pact-json')
const { resolvePluginContents } = require('./plugins')

/** What the test function receives (pact-js's V3MockServer, plus host and caCertificate). */
function serverInfo(server) {
  return { url: server.url, port: server.port, host: server.host, id: server.id, caCertificate: server.caCertificate }
}

async function executeTest(settings, drafts, testFn, where) {
  if (typeof testFn !== 'function') {
    throw invalidOption(`${where}: executeTest(fn) needs a function that receives the mock server`)
  }
  const plugins = await resolvePluginContents(drafts)
  const pact = pactText(settings.consumer, settings.provider, drafts, settings.server.specification, plugins)
  return MockServer.run(pact, { ...settings.server, dir: settings.dir }, (server) => testFn(serverInfo(server)))
}

module.exports = { executeTest, serverInfo }
