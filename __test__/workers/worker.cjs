'use strict'
// One worker thread of __test__/workers.test.mjs. It loads the package itself (as a runner's
// worker does), then obeys workerData.task; it reports over parentPort and ends when it is done,
// whatever servers it still has running, unless the task says to wait.
const { parentPort, workerData } = require('node:worker_threads')
const { MockServer } = require('../../load.cjs')

function interaction(description, path) {
  return {
    description,
    request: { method: 'GET', path },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { path } },
  }
}

function pact(interactions, consumer = 'worker-consumer') {
  return {
    consumer: { name: consumer },
    provider: { name: 'worker-provider' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  }
}

const tasks = {
  /** Creates a server, fetches from it, verifies, writes the pact, shuts down. */
  async roundTrip({ name, dir }) {
    const path = `/items/${name}`
    const server = await MockServer.create(pact([interaction(`item ${name}`, path)]))
    const response = await fetch(`${server.url}${path}`)
    const body = await response.json()
    server.verify()
    const written = await server.writePact(dir)
    await server.shutdown()
    return { status: response.status, body, written }
  },

  /** Writes `count` interactions, one server each, into the shared pact file in `dir`. */
  async writeMany({ name, dir, count }) {
    for (let n = 0; n < count; n++) {
      const path = `/writes/${name}/${n}`
      await MockServer.run(pact([interaction(`write ${name} ${n}`, path)]), { dir }, async (server) => {
        await fetch(`${server.url}${path}`).then((response) => response.arrayBuffer())
      })
    }
    return { wrote: count }
  },

  /** Starts servers and reports their ports; stays alive only when told to wait for 'end'. */
  async serve({ servers, wait }) {
    const started = []
    for (let n = 0; n < servers; n++) {
      started.push(await MockServer.create(pact([interaction('served', '/served')])))
    }
    parentPort.postMessage({ ports: started.map((server) => server.port) })
    if (wait) await new Promise((resolve) => parentPort.once('message', resolve))
    return { ended: true }
  },
}

tasks[workerData.task](workerData)
  .then((result) => parentPort.postMessage({ result }))
  .catch((error) => parentPort.postMessage({ error: { message: error.message, code: error.code } }))
