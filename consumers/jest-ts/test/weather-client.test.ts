import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { MockServer, type MatchResult } from 'pact-mock-server'
import { WeatherClient } from '../src/weather-client'

const pact = {
  consumer: { name: 'weather-app' },
  provider: { name: 'weather-api' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'a 2-day forecast for Oslo',
      request: { method: 'GET', path: '/forecasts/Oslo', query: { days: ['2'] }, headers: { Accept: ['application/json'] } },
      response: {
        status: 200,
        headers: { 'Content-Type': ['application/json'] },
        body: {
          contentType: 'application/json',
          content: { city: 'Oslo', days: [{ date: '2026-01-01', high: -2, low: -9 }] },
        },
        matchingRules: { body: { '$.days': { combine: 'AND', matchers: [{ match: 'type', min: 1 }] } } },
      },
    },
    {
      type: 'Synchronous/HTTP',
      description: 'an observation from Oslo',
      request: {
        method: 'POST',
        path: '/observations',
        headers: { 'Content-Type': ['application/json'] },
        body: { contentType: 'application/json', content: { city: 'Oslo', temperature: -3.5 } },
        matchingRules: { body: { '$.temperature': { combine: 'AND', matchers: [{ match: 'number' }] } } },
      },
      response: { status: 204 },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
}

test('a forecast and an observation match the pact, which is written as V4', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weather-pacts-'))
  let port: number
  {
    await using server = await MockServer.create(pact)
    port = server.port
    const client = new WeatherClient(server.url)

    const forecast = await client.forecast('Oslo', 2)
    expect(forecast.city).toBe('Oslo')
    expect(forecast.days).toHaveLength(1)
    expect(await client.report('Oslo', 1.5)).toBe(204)

    expect(server.mismatches()).toEqual([])
    expect(server.matched()).toBe(true)

    const written = JSON.parse(readFileSync(await server.writePact(dir), 'utf8'))
    expect(written.metadata.pactSpecification.version).toBe('4.0')
    expect(written.interactions.map((interaction: { description: string }) => interaction.description)).toEqual([
      'a 2-day forecast for Oslo',
      'an observation from Oslo',
    ])
  }
  // `await using` shut the server down when the block ended.
  await expect(fetch(`http://127.0.0.1:${port}/forecasts/Oslo?days=2`)).rejects.toThrow()
})

test('a mismatch is typed: narrowing on `type` reaches the fields of each kind', async () => {
  await using server = await MockServer.create(pact)
  await expect(new WeatherClient(server.url).forecast('Oslo', 7)).rejects.toThrow(/HTTP 500/)

  const results: MatchResult[] = server.mismatches()
  const kinds = results.map((result) => {
    switch (result.type) {
      case 'request-mismatch':
        return `${result.interaction}: ${result.mismatches.map((mismatch) => mismatch.type).join(', ')}`
      case 'missing-request':
        return `missing: ${result.interaction}`
      case 'request-not-found':
        return `not found: ${result.path}`
      case 'internal-error':
        return `internal error: ${result.error}`
    }
  })
  expect(kinds).toEqual([
    'a 2-day forecast for Oslo: QueryMismatch',
    'missing: a 2-day forecast for Oslo',
    'missing: an observation from Oslo',
  ])
  expect(server.matched()).toBe(false)
})
