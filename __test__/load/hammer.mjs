// Sends `count` GET requests to `url` over `connections` keep-alive connections, then prints
// {"sent": n, "ok": n} on stdout. Run in its own process so that the client's garbage does not
// count towards the memory of the process hosting the mock server.
import http from 'node:http'

const [url, countText, connectionsText] = process.argv.slice(2)
const count = Number(countText)
const connections = Number(connectionsText ?? 16)
const agent = new http.Agent({ keepAlive: true, maxSockets: connections })

let sent = 0
let ok = 0
function one() {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      if (response.statusCode === 200) ok += 1
      response.resume()
      response.on('end', resolve)
    })
    request.on('error', reject)
  })
}

async function worker() {
  while (sent < count) {
    sent += 1
    await one()
  }
}

await Promise.all(Array.from({ length: connections }, worker))
agent.destroy()
process.stdout.write(JSON.stringify({ sent, ok }))
