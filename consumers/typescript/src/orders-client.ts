// The consumer's own API client: the code this Pact test exercises.
export interface OrderLine {
  sku: string
  quantity: number
}

export interface Order {
  id: string
  lines: OrderLine[]
  total: number
}

export class OrdersClient {
  constructor(private readonly baseUrl: string) {}

  async place(lines: OrderLine[]): Promise<Order> {
    const response = await fetch(`${this.baseUrl}/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ lines }),
    })
    if (response.status !== 201) throw new Error(`POST /orders: HTTP ${response.status}`)
    return (await response.json()) as Order
  }

  async cancel(id: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/orders/${id}`, { method: 'DELETE' })
    if (response.status !== 204) throw new Error(`DELETE /orders/${id}: HTTP ${response.status}`)
  }
}
