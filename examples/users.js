// `npm run example`: a consumer's API client against the mock server, printing what matched and
// what did not, then writing the pact file to ./pacts.
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { MockServer } = require('..')

/** The consumer's own API client: the code a Pact test exercises. */
function usersClient(baseUrl) {
  return {
    async getUser(id) {
      const response = await fetch(`${baseUrl}/users/${id}`, { headers: { Accept: 'application/json' } })
      return { status: response.status, body: await response.json() }
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

async function main() {
  const pact = readFileSync(join(__dirname, 'users-pact.json'), 'utf8')
  const server = await MockServer.create(pact)
  console.log(`mock server for example-users-api at ${server.url}`)
  try {
    const client = usersClient(server.url)
    console.log('GET /users/1        ->', await client.getUser(1))
    console.log('POST /users         ->', await client.createUser({ name: 'Cy', email: 'cy@example.com' }))
    console.log('matched after two good requests:', server.matched())

    // A request the contract does not allow: the mock server answers 500 and says why.
    const bad = await client.createUser({ name: 'Di', email: 'not-an-email' })
    console.log('POST /users (bad)   ->', bad.status, bad.body.error)
    console.log('matched now:', server.matched())
    for (const result of server.mismatches()) {
      console.log(`- ${result.type}: ${result.method} ${result.path}`)
      for (const mismatch of result.mismatches ?? []) {
        console.log(`    ${mismatch.type} ${mismatch.path ?? ''}: ${mismatch.mismatch}`)
      }
    }

    const file = await server.writePact(join(process.cwd(), 'pacts'), { overwrite: true })
    console.log(`pact written to ${file}`)
  } finally {
    await server.shutdown()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
