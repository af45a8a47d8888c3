// The consumer's own API client: the code these Pact tests exercise.
export interface Forecast {
  city: string
  days: { date: string; high: number; low: number }[]
}

export class WeatherClient {
  constructor(private readonly baseUrl: string) {}

  async forecast(city: string, days: number): Promise<Forecast> {
    const response = await fetch(`${this.baseUrl}/forecasts/${encodeURIComponent(city)}?days=${days}`, {
      headers: { Accept: 'application/json' },
    })
    if (!response.ok) throw new Error(`forecast for ${city}: HTTP ${response.status}`)
    return (await response.json()) as Forecast
  }

  async report(city: string, temperature: number): Promise<number> {
    const response = await fetch(`${this.baseUrl}/observations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ city, temperature }),
    })
    return response.status
  }
}
