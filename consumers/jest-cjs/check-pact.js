// After a Jest run: the merged pact file holds the interactions of every test file, written by
// at least <min-workers> processes (argv[2]).
const assert = require('node:assert/strict')
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { PACT_DIR, WORKERS_LOG } = require('./pact-helper')

const minWorkers = Number(process.argv[2] ?? 1)
const pact = JSON.parse(readFileSync(join(PACT_DIR, 'jest-web-inventory-api.json'), 'utf8'))

assert.equal(pact.consumer.name, 'jest-web')
assert.equal(pact.provider.name, 'inventory-api')
assert.equal(pact.metadata.pactSpecification.version, '3.0.0')
const descriptions = pact.interactions.map((interaction) => interaction.description).sort()
assert.deepEqual(descriptions, [
  'a request for item A-1',
  'a request for item Z-9, which does not exist',
  'a request for supplier 7',
  'a request for the warehouses in the north',
  'a request to reserve 2 of item A-1',
])

const runs = readFileSync(WORKERS_LOG, 'utf8').trim().split('\n')
const files = new Set(runs.map((line) => line.split(' ')[1]))
const pids = new Set(runs.map((line) => line.split(' ')[0]))
assert.equal(files.size, 4, `every test file ran: ${[...files]}`)
assert.ok(pids.size >= minWorkers, `expected at least ${minWorkers} worker processes, saw ${pids.size}`)
console.log(`check-pact: ${descriptions.length} interactions merged from ${files.size} test files in ${pids.size} process(es)`)
