// The consumer's own API client: the code these Pact tests exercise.
export interface Book {
  isbn: string
  title: string
  authors: string[]
}

export function booksClient(baseUrl: string) {
  return {
    async byIsbn(isbn: string): Promise<Book | null> {
      const response = await fetch(`${baseUrl}/books/${isbn}`, { headers: { Accept: 'application/json' } })
      if (response.status === 404) return null
      if (!response.ok) throw new Error(`GET /books/${isbn}: HTTP ${response.status}`)
      return (await response.json()) as Book
    },
    async search(text: string): Promise<Book[]> {
      const response = await fetch(`${baseUrl}/books?q=${encodeURIComponent(text)}`)
      if (!response.ok) throw new Error(`GET /books: HTTP ${response.status}`)
      return (await response.json()) as Book[]
    },
  }
}
