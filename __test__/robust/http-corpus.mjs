// Malformed and hostile HTTP, as raw bytes. `path` is where a recorded request shows up in
// `requests()`; `expect` is what the server must do:
//   a number  answers with this 4xx status (hyper refuses it before our code sees it)
//   recorded  answers and records it as not matched (an unexpected request: 500 with X-Pact)
//   rejected  answers `status` (400 for a body that can't be read, 413 over the limit) and
//             records it as rejected
//   dropped   no complete request ever arrived: the server closes the connection, records nothing
import { garbage } from './pact-corpus.mjs'

const CRLF = '\r\n'

function request(path, { method = 'GET', headers = [], body = '', version = 'HTTP/1.1' } = {}) {
  const lines = [`${method} ${path} ${version}`, 'Host: localhost', 'Connection: close', ...headers]
  return Buffer.concat([Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1'), Buffer.from(body, 'latin1')])
}

export function httpCorpus() {
  const cases = []
  const add = (name, make, expect, options = {}) => {
    const path = `/bad-${cases.length}`
    cases.push({ name, path, expect, bytes: make(path), ...options })
  }
  const raw = (text) => () => Buffer.from(text, 'latin1')

  // Request lines.
  add('not HTTP at all', raw(`HELLO${CRLF}${CRLF}`), 400)
  add('three words, no version', (p) => Buffer.from(`GET ${p} HTTPS${CRLF}${CRLF}`), 400)
  add('HTTP/0.9 request line, then close', (p) => Buffer.from(`GET ${p}${CRLF}`), 400, { end: true })
  add('HTTP/0.9 request line with an empty line', (p) => Buffer.from(`GET ${p}${CRLF}${CRLF}`), 400)
  add('version HTTP/2.0 on an HTTP/1 connection', (p) => request(p, { version: 'HTTP/2.0' }), 400)
  add('version HTTP/1.2', (p) => request(p, { version: 'HTTP/1.2' }), 400)
  add('lower-case version', (p) => request(p, { version: 'http/1.1' }), 400)
  add('a space inside the path', (p) => request(`${p} x`), 400)
  add('a NUL in the path', (p) => request(`${p}\u0000x`), 400)
  add('raw UTF-8 bytes in the path', (p) => request(`${p}/\u00e9`), 400)
  add('method with an @', (p) => request(p, { method: 'G@T' }), 400)
  add('unknown method BREW', (p) => request(p, { method: 'BREW' }), 'recorded')
  add('CONNECT', () => Buffer.from(`CONNECT example.com:443 HTTP/1.1${CRLF}Host: example.com:443${CRLF}Connection: close${CRLF}${CRLF}`), 'recorded', { recordedAs: (entry) => entry.method === 'CONNECT' })
  add('absolute-form target', (p) => request(`http://example.com${p}`), 'recorded')
  add('asterisk-form target', () => request('*', { method: 'OPTIONS' }), 'recorded', { recordedAs: (entry) => entry.method === 'OPTIONS' && entry.path === '*' })
  add('64 KB target', (p) => request(`${p}?q=${'a'.repeat(64 * 1024)}`), 414)
  add('8 KB target', (p) => request(`${p}?q=${'a'.repeat(8 * 1024)}`), 'recorded')
  add('broken percent-encoding', (p) => request(`${p}?x=%zz&y=%ff%fe`), 'recorded')
  add('only an empty line, then close', raw(CRLF), 'dropped', { end: true })
  add('4 KB of binary garbage', () => garbage(4096, 11), 400)
  add('a TLS ClientHello on the plain port', raw('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' + 'r'.repeat(32)), 400)
  add('an HTTP/2 preface, then garbage', raw(`PRI * HTTP/2.0${CRLF}${CRLF}SM${CRLF}${CRLF}garbage garbage garbage`), 'dropped')
  // Headers.
  add('a header without a colon', (p) => request(p, { headers: ['NoColonHere'] }), 400)
  add('a space before the colon', (p) => request(p, { headers: ['X-A : b'] }), 400)
  add('a control byte in a header name', (p) => request(p, { headers: ['X-\u0001A: b'] }), 400)
  // Header values are repaired before hyper sees them (src/engine/transport/lenient_head.rs), so that they
  // are matched and reported like any other: NUL becomes a space, a fold is joined.
  add('a NUL in a header value', (p) => request(p, { headers: ['X-A: b\u0000c'] }), 'recorded')
  add('bytes 0x80-0xff in a header value', (p) => request(p, { headers: ['X-Latin: caf\u00e9 \u00ff\u0080'] }), 'recorded')
  add('an obsolete folded header line', (p) => request(p, { headers: ['X-Fold: a', ' continued'] }), 'recorded')
  add('a 64 KB header value', (p) => request(p, { headers: [`X-Big: ${'b'.repeat(64 * 1024)}`] }), 'recorded')
  add('1 MB of headers', (p) => request(p, { headers: Array.from({ length: 16 }, (_, n) => `X-Big-${n}: ${'b'.repeat(64 * 1024)}`) }), 431)
  add('200 headers', (p) => request(p, { headers: Array.from({ length: 200 }, (_, n) => `X-N-${n}: ${n}`) }), 431)
  add('no Host header on HTTP/1.1', (p) => Buffer.from(`GET ${p} HTTP/1.1${CRLF}Connection: close${CRLF}${CRLF}`), 'recorded')
  add('HTTP/1.0 without Host', (p) => Buffer.from(`GET ${p} HTTP/1.0${CRLF}${CRLF}`), 'recorded')
  add('an Upgrade to websocket', (p) => request(p, { headers: ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'] }), 'recorded')
  add('Expect: 100-continue and a body', (p) => request(p, { method: 'POST', headers: ['Expect: 100-continue', 'Content-Length: 5'], body: 'hello' }), 'recorded')
  // Bodies.
  add('Content-Length is not a number', (p) => request(p, { method: 'POST', headers: ['Content-Length: ten'], body: 'x' }), 400)
  add('Content-Length is negative', (p) => request(p, { method: 'POST', headers: ['Content-Length: -5'], body: 'x' }), 400)
  add('two different Content-Lengths', (p) => request(p, { method: 'POST', headers: ['Content-Length: 3', 'Content-Length: 5'], body: 'hello' }), 400)
  add('Content-Length and chunked together', (p) => request(p, { method: 'POST', headers: ['Content-Length: 5', 'Transfer-Encoding: chunked'], body: `5${CRLF}hello${CRLF}0${CRLF}${CRLF}` }), 'recorded')
  add('an unknown Transfer-Encoding', (p) => request(p, { method: 'POST', headers: ['Transfer-Encoding: banana'], body: 'hello' }), 400)
  add('a chunk size that is not hex', (p) => request(p, { method: 'POST', headers: ['Transfer-Encoding: chunked'], body: `zz${CRLF}hello${CRLF}0${CRLF}${CRLF}` }), 'rejected', { status: 400 })
  add('a chunk size that overflows', (p) => request(p, { method: 'POST', headers: ['Transfer-Encoding: chunked'], body: `ffffffffffffffffffff${CRLF}hello${CRLF}` }), 'rejected', { status: 400 })
  add('a chunk longer than its size', (p) => request(p, { method: 'POST', headers: ['Transfer-Encoding: chunked'], body: `2${CRLF}hello${CRLF}0${CRLF}${CRLF}` }), 'rejected', { status: 400 })
  add('chunked body cut off by the client', (p) => request(p, { method: 'POST', headers: ['Transfer-Encoding: chunked'], body: `5${CRLF}hel` }), 'rejected', { end: true, status: 400 })
  add('the client closes mid-body', (p) => request(p, { method: 'POST', headers: ['Content-Length: 100'], body: 'only ten b' }), 'rejected', { end: true, status: 400 })
  add('the client resets mid-body', (p) => request(p, { method: 'POST', headers: ['Content-Length: 100'], body: 'only ten b' }), 'rejected', { reset: true, status: 400, answerless: true })
  add('a JSON body nested 10,000 deep', (p) => request(p, { method: 'POST', headers: ['Content-Type: application/json', `Content-Length: ${20_001}`], body: '['.repeat(10_000) + '1' + ']'.repeat(10_000) }), 'recorded')
  add('a JSON body that is not JSON', (p) => request(p, { method: 'POST', headers: ['Content-Type: application/json', 'Content-Length: 9'], body: '{"a": nul' }), 'recorded')
  add('a body over maxBodySize', (p) => request(p, { method: 'POST', headers: ['Content-Length: 70000'], body: 'x'.repeat(70_000) }), 'rejected', { status: 413 })
  add('a chunked body over maxBodySize', (p) => request(p, { method: 'POST', headers: ['Transfer-Encoding: chunked'], body: `11170${CRLF}${'y'.repeat(70_000)}${CRLF}0${CRLF}${CRLF}` }), 'rejected', { status: 413 })
  // Several requests on one connection.
  add('three pipelined requests', (p) => Buffer.from(`GET ${p} HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}GET ${p} HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}GET ${p} HTTP/1.1${CRLF}Host: x${CRLF}Connection: close${CRLF}${CRLF}`), 'recorded', { count: 3 })
  add('a request, then the client half-closes', (p) => Buffer.from(`GET ${p} HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`), 'recorded', { end: true })
  add('a pipelined request, then garbage', (p) => Buffer.from(`GET ${p} HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}\u0001\u0002 garbage${CRLF}${CRLF}`), 'recorded', { thenStatus: 400 })
  return cases
}
