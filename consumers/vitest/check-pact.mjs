// After `vitest run`: both test files merged their interactions into one pact file.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

const pact = JSON.parse(readFileSync(new URL('./pacts/vitest-shop-books-api.json', import.meta.url), 'utf8'))
assert.deepEqual(pact.interactions.map((interaction) => interaction.description).sort(), [
  'a request for a book that does not exist',
  'a request for the book 978-0',
  'a search for dune',
])
console.log(`check-pact: ${pact.interactions.length} interactions merged into vitest-shop-books-api.json`)
