#!/usr/bin/env node
// node bench/fixtures.mjs DIR: writes the bench pact, canned responses and POST body into DIR,
// for profiling the engine alone (see "Profiling" in bench/RESULTS.md).
import fs from 'node:fs'
import { createRequire } from 'node:module'

import { writeFixtures } from './pact.mjs'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node bench/fixtures.mjs DIR')
  process.exit(2)
}
fs.mkdirSync(dir, { recursive: true })
process.env.PACT_DO_NOT_TRACK = 'true'
const { files } = writeFixtures(createRequire(import.meta.url)('@pact-foundation/pact-core'), dir)
console.log(JSON.stringify(files))
