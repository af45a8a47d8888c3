// The consumer's own API client: the code these Pact tests exercise.
class InventoryClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl
  }

  async item(sku) {
    const response = await fetch(`${this.baseUrl}/items/${encodeURIComponent(sku)}`, {
      headers: { Accept: 'application/json' },
    })
    if (response.status === 404) return null
    return response.json()
  }

  async reserve(sku, quantity) {
    const response = await fetch(`${this.baseUrl}/reservations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sku, quantity }),
    })
    return { status: response.status, body: await response.json() }
  }

  async warehouses(region) {
    const response = await fetch(`${this.baseUrl}/warehouses?region=${encodeURIComponent(region)}`)
    return response.json()
  }

  async supplier(id) {
    const response = await fetch(`${this.baseUrl}/suppliers/${id}`, { headers: { Accept: 'application/json' } })
    return response.json()
  }
}

module.exports = { InventoryClient }
