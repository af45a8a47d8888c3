// `npm run example` (first part): the same users client tested with the pact-js-compatible DSL.
// A passing test writes ./pacts/example-web-dsl-example-users-api.json; a failing one shows the report.
const { join } = require('node:path')
const { PactV4, MatchersV3 } = require('..')

const { like, eachLike, integer, email, iso8601DateTime, regex } = MatchersV3

/** The consumer's own API client: the code a Pact test exercises. */
function usersClient(baseUrl) {
  return {
    async getUser(id) {
      const response = await fetch(`${baseUrl}/users/${id}`, { headers: { Accept: 'application/json' } })
      return response.json()
    },
    async createUser(user) {
      const response = await fetch(`${baseUrl}/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(user),
      })
      return { status: response.status, body: await response.json() }
    },
  }
}

const provider = new PactV4({ consumer: 'example-web-dsl', provider: 'example-users-api', dir: join(process.cwd(), 'pacts') })

async function main() {
  // 1. A passing test: any user id, any name, the email's format, the friends list's shape.
  const user = await provider
    .addInteraction()
    .given('a user with id 1 exists', { id: 1 })
    .uponReceiving('a request for a user')
    .withRequest('GET', regex('/users/\\d+', '/users/1'), (builder) => builder.headers({ Accept: 'application/json' }))
    .willRespondWith(200, (builder) =>
      builder.jsonBody({
        id: integer(1),
        name: like('Ann'),
        email: email('ann@example.com'),
        createdAt: iso8601DateTime('2024-01-02T10:00:00Z'),
        friends: eachLike({ id: integer(2), name: like('Bo') }),
      }),
    )
    .executeTest(async (mockServer) => usersClient(mockServer.url).getUser(42))
  console.log('GET /users/42 ->', user)
  console.log('passed: the pact is merged into ./pacts/example-web-dsl-example-users-api.json')

  // 2. A failing test: the client sends an email the contract does not allow.
  try {
    await provider
      .addInteraction()
      .uponReceiving('a request to create a user')
      .withRequest('POST', '/users', (builder) => builder.jsonBody({ name: like('Cy'), email: email('cy@example.com') }))
      .willRespondWith(201, (builder) => builder.jsonBody({ id: integer(3) }))
      .executeTest(async (mockServer) => usersClient(mockServer.url).createUser({ name: 'Di', email: 'not-an-email' }))
  } catch (error) {
    console.log(`\nfailed as expected (${error.code}), nothing written for it. The report:\n`)
    console.log(error.message)
  }

  // 3. A matcher whose own example breaks it fails at the call.
  try {
    integer(1.5)
  } catch (error) {
    console.log(`\n${error.code}: ${error.message}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
