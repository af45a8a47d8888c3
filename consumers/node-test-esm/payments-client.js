// The consumer's own API client: the code these Pact tests exercise.
export class PaymentsClient {
  #baseUrl

  constructor(baseUrl) {
    this.#baseUrl = baseUrl
  }

  async pay(invoice, cents) {
    const response = await fetch(`${this.#baseUrl}/invoices/${invoice}/payments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${invoice}-${cents}` },
      body: JSON.stringify({ amount: { cents, currency: 'EUR' } }),
    })
    return { status: response.status, body: await response.json() }
  }

  async balance(account) {
    const response = await fetch(`${this.#baseUrl}/accounts/${account}/balance`)
    return (await response.json()).cents
  }
}
