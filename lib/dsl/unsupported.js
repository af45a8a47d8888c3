'use strict'
// pact-js names this package does not support yet: importing them works, using them throws an
// error that says so (instead of "X is not a constructor").

const { invalidOption } = require('./errors')

function unsupported(name, what) {
  const Stub = class {
    constructor() {
      throw invalidOption(`${name}: ${what} not supported yet by pact-mock-server; use @pact-foundation/pact for these tests`, Error)
    }
  }
  Object.defineProperty(Stub, 'name', { value: name })
  return Stub
}

module.exports = {
  MessageConsumerPact: unsupported('MessageConsumerPact', 'message pacts are'),
  MessageProviderPact: unsupported('MessageProviderPact', 'message pacts are'),
  Verifier: unsupported('Verifier', 'provider verification is'),
}
