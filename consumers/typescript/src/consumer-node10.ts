// moduleResolution node10 (the old "node"): types come from the package's `types` field.
import { MockServer, type MatchResult } from 'pact-mock-server'

export async function unmatched(pact: object): Promise<MatchResult[]> {
  await using server = await MockServer.create(pact, { cors: true })
  return server.mismatches()
}
