// The part of the public surface only JavaScript can express: an Error subclass, and a helper
// that awaits the user's callback. Evaluated once per module instance by src/node/extras.rs with
// the module's exports; returns both, for verify() to throw the one and MockServer.run to call
// the other.
;(function installExtras(exports) {
  'use strict'

  class PactMismatchError extends Error {
    constructor(message, mismatches) {
      super(message)
      this.name = 'PactMismatchError'
      this.code = 'ERR_PACT_MISMATCH'
      this.mismatches = mismatches
    }
  }

  const { MockServer } = exports

  /** MockServer.run(pact, options, test): create, run the test, verify, write the pact, always shut down. */
  async function run(pact, options, test) {
    if (typeof test !== 'function') {
      const error = new TypeError('MockServer.run(pact, options, test): test must be a function that receives the server')
      error.code = 'ERR_INVALID_OPTION'
      throw error
    }
    const { dir, ...serverOptions } = options ?? {}
    const server = await MockServer.create(pact, serverOptions)
    try {
      let result
      try {
        result = await test(server)
      } catch (error) {
        if (error !== null && (typeof error === 'object' || typeof error === 'function') && Object.isExtensible(error)) {
          error.mismatches = server.mismatches()
        }
        throw error
      }
      server.verify()
      if (dir !== undefined && dir !== null) {
        await server.writePact(dir)
      }
      return result
    } finally {
      await server.shutdown()
    }
  }

  exports.PactMismatchError = PactMismatchError
  return { PactMismatchError, run }
})
