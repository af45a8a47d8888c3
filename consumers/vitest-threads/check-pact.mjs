// After `vitest run`: all six files merged into one pact file, from more worker threads than ran
// at once (so threads ended and new ones loaded the addon), all in one process.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

const pact = JSON.parse(readFileSync(new URL('./pacts/vitest-threads-web-items-api.json', import.meta.url), 'utf8'))
const descriptions = pact.interactions.map((interaction) => interaction.description).sort()
assert.deepEqual(descriptions, [1, 2, 3, 4, 5, 6].map((item) => `a request for item ${item}`))
const runs = readFileSync(new URL('./threads.log', import.meta.url), 'utf8').trim().split('\n').map((line) => line.split(' '))
const processes = new Set(runs.map(([pid]) => pid))
const threads = new Set(runs.map(([, threadId]) => threadId))
assert.equal(processes.size, 1, 'every file ran in one process')
assert.ok(threads.size > 2, `expected more worker threads than the 2 at a time, saw ${threads.size}`)
console.log(`check-pact: ${descriptions.length} interactions merged from ${threads.size} worker threads of one process`)
