// The live report page in a real browser: headless Chromium (Debian's package) checks its content,
// that it updates live while requests arrive, and that it reads at 1280 px and 375 px.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { MockServer } from '../index.js'
import { CHROMIUM, launch } from './browser/cdp.mjs'
import { usersPact } from './cli-helpers.mjs'
import { tempDir } from './helpers.mjs'

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`
if (skip) console.log(`# SKIPPED report page in Chromium: ${skip}`)

const text = (selector) => `document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`

test('the report page shows the pact, updates live, and fits 1280 px and 375 px', { skip, timeout: 120_000 }, async (t) => {
  const pact = usersPact()
  pact.interactions.push({
    description: 'create an order',
    request: { method: 'POST', path: '/orders', headers: { 'Content-Type': 'application/json' }, body: { item: 'book', quantity: 2, gift: false } },
    response: { status: 201 },
  })
  const server = await MockServer.create(pact, { report: true })
  t.after(() => server.shutdown())
  const page = await launch()
  t.after(() => page.close())

  await page.viewport(1280, 900)
  await page.send('Page.navigate', { url: server.reportUrl })
  await page.waitFor(`location.href === ${JSON.stringify(server.reportUrl)} && (document.querySelector('#verdict')?.textContent ?? 'loading') !== 'loading'`)
  assert.equal(await page.evaluate(text('#title')), 'web → users-api')
  assert.equal(await page.evaluate(text('#verdict')), '3 problems', 'three interactions not received yet')
  const interactions = await page.evaluate(`[...document.querySelectorAll('#interactions li')].map((li) => li.textContent)`)
  assert.deepEqual(interactions, ['0×user 1GET /users/1 → 200', '0×healthGET /health → 204', '0×create an orderPOST /orders → 201'])
  assert.match(await page.evaluate(text('#requests')), /No requests yet/)
  assert.equal(server.requestCount, 0, 'opening the page records nothing (not even a /favicon.ico)')

  // Requests sent now appear without a reload.
  assert.equal((await fetch(`${server.url}/users/1`)).status, 200)
  const order = { item: 'book', quantity: 'two', gift: false }
  await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(order) })
  await page.waitFor(`document.querySelectorAll('#requests li').length === 2`)
  const requests = await page.evaluate(`[...document.querySelectorAll('#requests li')].map((li) => li.textContent)`)
  assert.match(requests[0], /^#2mismatchPOST \/orderscreate an order: /, 'newest first, with its outcome')
  assert.match(requests[1], /^#1matchedGET \/users\/1user 1$/)
  assert.equal(await page.evaluate(text('[data-interaction="user 1"] .badge')), '1×')
  assert.equal(await page.evaluate(text('[data-metric="requests"] b')), '2')
  assert.equal(await page.evaluate(text('[data-metric="mismatched"] b')), '1')

  const mismatch = await page.evaluate(text('.problem[data-kind="request-mismatch"]'))
  assert.match(mismatch, /Request-Mismatch: POST \/orders does not match interaction 'create an order'/)
  assert.match(mismatch, /\$\.quantity/, 'the table names where it differs')
  assert.match(mismatch, /expected.*2.*actual.*"?two"?/s, 'expected and actual values')
  const diff = await page.evaluate(text('.problem[data-kind="request-mismatch"] pre'))
  const verifyText = (() => {
    try {
      server.verify()
    } catch (error) {
      return error.message
    }
  })()
  const diffLines = diff.split('\n').slice(1)
  assert.ok(diffLines.length > 0 && diffLines.every((line) => verifyText.includes(line.trim())), `the page shows the diff verify() prints:\n${diff}`)

  const shots = tempDir('pact-report-screenshots-')
  writeFileSync(join(shots, 'report-1280.png'), await page.screenshot())
  assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 1280'), 'no horizontal scrolling at 1280 px')

  await page.viewport(375, 800, true)
  await page.waitFor(`document.documentElement.clientWidth === 375`)
  assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 375'), 'no horizontal scrolling at 375 px')
  writeFileSync(join(shots, 'report-375.png'), await page.screenshot())
  t.diagnostic(`screenshots: ${shots}`)

  const external = await page.evaluate(`performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => !name.startsWith(${JSON.stringify(server.url)}))`)
  assert.deepEqual(external, [], 'the page loads nothing from elsewhere')
})
