// A child process of pact-files.test.mjs. It starts one mock server per interaction and says
// "ready"; then for each directory it reads on stdin it merges all of them into the pact file
// there at once and says "done" (or "failed <code>: <message>"). It stops when stdin closes.
// Usage: node pact-writer-process.mjs <writer number> <interactions> <writePact|writePactFile>
import { createInterface } from 'node:readline'

import { MockServer, createMockServer, shutdownMockServer, writePactFile } from '../index.js'

const [writer, count, how] = process.argv.slice(2)

function pactFor(n) {
  return {
    consumer: { name: 'crowd-web' },
    provider: { name: 'crowd-api' },
    interactions: [
      {
        description: `writer ${writer} interaction ${n}`,
        providerStates: [{ name: 'a crowd', params: { writer: Number(writer), n } }],
        request: { method: 'GET', path: `/writers/${writer}/${n}` },
        response: { status: 200, body: { writer: Number(writer), n } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  }
}

const numbers = Array.from({ length: Number(count) }, (_, n) => n)
let writeAll, shutdownAll
if (how === 'writePactFile') {
  const ports = await Promise.all(numbers.map((n) => createMockServer(JSON.stringify(pactFor(n)))))
  writeAll = (dir) => Promise.all(ports.map((port) => writePactFile(port, dir, false)))
  shutdownAll = () => Promise.all(ports.map((port) => shutdownMockServer(port)))
} else {
  const servers = await Promise.all(numbers.map((n) => MockServer.create(pactFor(n))))
  writeAll = (dir) => Promise.all(servers.map((server) => server.writePact(dir)))
  shutdownAll = () => Promise.all(servers.map((server) => server.shutdown()))
}

process.stdout.write('ready\n')
for await (const dir of createInterface({ input: process.stdin })) {
  try {
    await writeAll(dir)
    process.stdout.write('done\n')
  } catch (err) {
    process.stdout.write(`failed ${err.code}: ${err.message}\n`)
  }
}
await shutdownAll()
