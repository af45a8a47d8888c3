import { fileURLToPath } from 'node:url'

export const PACT_DIR = fileURLToPath(new URL('../pacts', import.meta.url))

export function pactWith(interactions: object[]) {
  return {
    consumer: { name: 'vitest-shop' },
    provider: { name: 'books-api' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  }
}
