// lib ES2022 only, no @types/node: the package's types compile without esnext.disposable.
import type { MockServer, PactMockServerErrorCode } from 'pact-mock-server'

export function describe(server: MockServer): string {
  return `${server.id} at ${server.url}`
}

export const invalid: PactMockServerErrorCode = 'ERR_PACT_INVALID'
