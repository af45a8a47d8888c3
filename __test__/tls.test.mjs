// HTTPS: a generated certificate that Node verifies against server.caCertificate, the user's own
// PEMs, ALPN, clear ERR_TLS_CONFIG errors, and handshakes that never hold up other clients.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import https from 'node:https'
import http2 from 'node:http2'
import { createConnection } from 'node:net'
import tls from 'node:tls'
import { fileURLToPath } from 'node:url'

import { MockServer } from '../index.js'
import { fixture, ipv6Available } from './helpers.mjs'

const tlsFixture = (name) => readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url), 'utf8')
const testCa = tlsFixture('ca.pem')

// Node 22.23 runs an IPv6 literal through domainToASCII (which gives '') before asking whether it
// is an IP, so it refuses every certificate for https://[::1]; Node 20 and 24 do not.
const nodeRefusesIpv6Literals = tls.checkServerIdentity('::1', { subject: {}, subjectaltname: 'IP Address:0:0:0:0:0:0:0:1' }) !== undefined

/** The same decision for an IP literal, made with X509Certificate.checkIP. */
function checkIpIdentity(host, cert) {
  if (new X509Certificate(cert.raw).checkIP(host) === undefined) {
    return new Error(`${host} is not among the certificate's IP addresses: ${cert.subjectaltname}`)
  }
  return undefined
}

/** GET over https with certificate verification on (Node's default). */
function httpsGet(url, { ca, headers = {}, checkServerIdentity } = {}) {
  return new Promise((resolve, reject) => {
    const options = { ca, headers, agent: false, ...(checkServerIdentity && { checkServerIdentity }) }
    const request = https.get(url, options, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text, socket: response.socket }))
    })
    request.on('error', reject)
  })
}

/** The protocol ALPN settles on when the client offers `protocols`. */
function negotiated(port, ca, protocols) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, ALPNProtocols: protocols, servername: 'localhost' }, () => {
      resolve(socket.alpnProtocol)
      socket.end()
    })
    socket.on('error', reject)
  })
}

test('tls: true serves https that Node verifies with server.caCertificate', async () => {
  const server = await MockServer.create(fixture('v3-orders.json'), { tls: true })
  try {
    assert.equal(server.url, `https://127.0.0.1:${server.port}`)
    assert.match(server.caCertificate, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/)

    const orders = await httpsGet(`${server.url}/orders?status=open&page=1`, { ca: server.caCertificate })
    assert.equal(orders.status, 200)
    assert.equal(orders.socket.authorized, true)
    // The MockServerURL generator names the https url.
    assert.equal(JSON.parse(orders.text).orders[0].href, `https://127.0.0.1:${server.port}/orders/10`)

    // Verification is really on: without the CA the certificate is refused.
    await assert.rejects(httpsGet(`${server.url}/orders?status=open&page=1`), (err) => {
      assert.match(err.code, /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/)
      return true
    })
    // ...and so is a CA that did not sign it.
    await assert.rejects(httpsGet(`${server.url}/orders?status=open&page=1`, { ca: testCa }))
  } finally {
    await server.shutdown()
  }
})

test('the generated certificate is valid for localhost, 127.0.0.1 and ::1, from one CA per process', async (t) => {
  const server = await MockServer.create(fixture('v3-orders.json'), { tls: true, host: 'localhost' })
  const other = await MockServer.create(fixture('v3-orders.json'), { tls: true })
  try {
    assert.equal(server.url, `https://localhost:${server.port}`)
    assert.equal(other.caCertificate, server.caCertificate, 'the CA is generated once per process')
    const ca = server.caCertificate
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      if (host === '[::1]' && !(await ipv6Available())) {
        t.diagnostic('skipped [::1]: IPv6 is not available on this machine')
        continue
      }
      let checkServerIdentity
      if (host === '[::1]' && nodeRefusesIpv6Literals) {
        t.diagnostic(`${process.version} refuses any certificate for an IPv6 literal; [::1] checked with X509Certificate.checkIP`)
        checkServerIdentity = checkIpIdentity
      }
      const answer = await httpsGet(`https://${host}:${server.port}/orders?status=open&page=1`, { ca, checkServerIdentity })
      assert.equal(answer.status, 200, host)
      assert.equal(answer.socket.authorized, true, host)
    }
  } finally {
    await server.shutdown()
    await other.shutdown()
  }
})

test('ALPN offers h2 and http/1.1, and HTTP/2 over TLS works', async () => {
  const server = await MockServer.create(fixture('v3-orders.json'), { tls: true })
  try {
    const ca = server.caCertificate
    assert.equal(await negotiated(server.port, ca, ['h2', 'http/1.1']), 'h2')
    assert.equal(await negotiated(server.port, ca, ['http/1.1']), 'http/1.1')

    const session = http2.connect(server.url, { ca })
    try {
      const { status, text } = await new Promise((resolve, reject) => {
        const stream = session.request({ ':path': '/orders?status=open&page=1' })
        let text = ''
        let status
        stream.on('response', (headers) => (status = headers[':status']))
        stream.setEncoding('utf8')
        stream.on('data', (chunk) => (text += chunk))
        stream.on('end', () => resolve({ status, text }))
        stream.on('error', reject)
      })
      assert.equal(status, 200)
      assert.equal(JSON.parse(text).orders[0].href, `${server.url}/orders/10`)
    } finally {
      session.close()
    }
  } finally {
    await server.shutdown()
  }
})

test("tls: { cert, key } serves the user's chain with PKCS#1, PKCS#8 and SEC1 keys", async () => {
  for (const [cert, key] of [
    ['rsa-chain.pem', 'rsa-pkcs1.key'],
    ['rsa-chain.pem', 'rsa-pkcs8.key'],
    ['ec-chain.pem', 'ec-sec1.key'],
    ['ec-chain.pem', 'ec-pkcs8.key'],
  ]) {
    const server = await MockServer.create(fixture('v3-orders.json'), {
      tls: { cert: tlsFixture(cert), key: tlsFixture(key) },
    })
    try {
      assert.equal(server.caCertificate, null, 'the CA of your own certificate is yours')
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/)
      const answer = await httpsGet(`https://localhost:${server.port}/orders?status=open&page=1`, { ca: testCa })
      assert.equal(answer.status, 200, `${cert} + ${key}`)
      assert.equal(answer.socket.authorized, true)
    } finally {
      await server.shutdown()
    }
  }
})

test('an unusable certificate or key is ERR_TLS_CONFIG saying what is wrong', async () => {
  const cert = tlsFixture('ec-chain.pem')
  const key = tlsFixture('ec-sec1.key')
  for (const [setting, reason] of [
    [{ cert: key, key: cert }, /are `cert` and `key` swapped/],
    [{ cert, key: tlsFixture('ec-encrypted.key') }, /encrypted with a passphrase/],
    [{ cert, key: tlsFixture('rsa-pkcs1.key') }, /not the key of the first certificate/],
    [{ cert: './cert.pem', key }, /not a file name/],
    [{ cert, key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }, /tls.key cannot be used/],
  ]) {
    await assert.rejects(MockServer.create(fixture('v3-orders.json'), { tls: setting }), (err) => {
      assert.equal(err.code, 'ERR_TLS_CONFIG')
      assert.match(err.message, reason)
      return true
    })
  }
  // Options of the wrong shape are caught as options.
  await assert.rejects(MockServer.create(fixture('v3-orders.json'), { tls: { cert } }), { code: 'ERR_INVALID_OPTION' })
})

test('a client that never sends its ClientHello holds up no other client', async () => {
  const server = await MockServer.create(fixture('v3-orders.json'), { tls: true })
  const silent = createConnection({ host: '127.0.0.1', port: server.port })
  try {
    await new Promise((resolve) => silent.once('connect', resolve))
    // The server waits 10 s for a handshake: served well before that means served beside it.
    const served = httpsGet(`${server.url}/orders?status=open&page=1`, { ca: server.caCertificate })
    let timer
    const heldUp = new Promise((resolve) => (timer = setTimeout(resolve, 3000, 'held up')))
    const first = await Promise.race([served.then((answer) => answer.status), heldUp])
    clearTimeout(timer)
    assert.equal(first, 200)
  } finally {
    silent.destroy()
    await server.shutdown()
  }
})

test("global fetch trusts the user's CA through NODE_EXTRA_CA_CERTS", async () => {
  const server = await MockServer.create(fixture('v3-orders.json'), {
    tls: { cert: tlsFixture('ec-chain.pem'), key: tlsFixture('ec-sec1.key') },
  })
  try {
    const script = 'fetch(process.argv[1]).then(async (r) => console.log(r.status, (await r.json()).orders.length))'
    const caFile = fileURLToPath(new URL('./fixtures/tls/ca.pem', import.meta.url))
    const output = await new Promise((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', script, `${server.url}/orders?status=open&page=1`],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    )
    assert.equal(output.trim(), '200 1')
  } finally {
    await server.shutdown()
  }
})
