// The same contract written with the pact-js-compatible DSL: PactV4, matchers, jsonBody<Forecast>
// checked against the client's own type, executeTest resolving to the test's value.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { MatchersV3, PactMismatchError, PactV4 } from 'pact-mock-server'
import { WeatherClient, type Forecast } from '../src/weather-client'

const { like, eachLike, integer, decimal, date } = MatchersV3
const dir = mkdtempSync(join(tmpdir(), 'weather-dsl-pacts-'))
const provider = new PactV4({ consumer: 'weather-app-dsl', provider: 'weather-api', dir })

test('a forecast, with matchers, written as V4', async () => {
  const forecast: Forecast = await provider
    .addInteraction()
    .given('forecasts for Oslo exist', { city: 'Oslo' })
    .uponReceiving('a forecast for Oslo')
    .withRequest('GET', '/forecasts/Oslo', (builder) => builder.query({ days: integer(2) }).headers({ Accept: 'application/json' }))
    .willRespondWith(200, (builder) =>
      builder.jsonBody<Forecast>({ city: like('Oslo'), days: eachLike({ date: date('yyyy-MM-dd', '2026-01-01'), high: integer(-2), low: integer(-9) }) }),
    )
    .executeTest((server) => new WeatherClient(server.url).forecast('Oslo', 5))
  expect(forecast).toEqual({ city: 'Oslo', days: [{ date: '2026-01-01', high: -2, low: -9 }] })

  const written = JSON.parse(readFileSync(join(dir, 'weather-app-dsl-weather-api.json'), 'utf8'))
  expect(written.interactions[0].response.matchingRules.body['$.days'].matchers[0]).toEqual({ match: 'type', min: 1 })
})

test('an observation the contract does not allow rejects with PactMismatchError', async () => {
  const run = provider
    .addInteraction()
    .uponReceiving('an observation from Oslo')
    .withRequest('POST', '/observations', (builder) => builder.jsonBody({ city: like('Oslo'), temperature: decimal(-3.5) }))
    .willRespondWith(204)
    .executeTest((server) => new WeatherClient(server.url).report('Oslo', 'warm' as unknown as number))
  await expect(run).rejects.toBeInstanceOf(PactMismatchError)
  await expect(run).rejects.toMatchObject({ code: 'ERR_PACT_MISMATCH' })
})
