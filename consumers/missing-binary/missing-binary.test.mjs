import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { version, optionalDependencies } = require('pact-mock-server/package.json')
// This machine's napi-rs platform name, e.g. linux-x64-gnu.
const glibc = Boolean(process.report.getReport().header.glibcVersionRuntime)
const platform = `${process.platform}-${process.arch}${process.platform === 'linux' ? (glibc ? '-gnu' : '-musl') : process.platform === 'win32' ? '-msvc' : ''}`

function assertSaysWhatToDo(error) {
  assert.equal(error.code, 'ERR_NATIVE_BINDING')
  assert.match(error.message, new RegExp(`no native binary could be loaded for ${platform} \\(Node\\.js ${process.version}`))
  assert.match(error.message, new RegExp(`Looked for the package pact-mock-server-${platform} and the file pact-mock-server\\.${platform}\\.node`))
  if (`pact-mock-server-${platform}` in optionalDependencies) {
    assert.ok(error.message.includes(`optional dependency pact-mock-server-${platform}, which is not installed`), error.message)
    assert.match(error.message, /Install without `--omit=optional`/)
    assert.ok(error.message.includes(`npm install pact-mock-server-${platform}@${version}`), error.message)
  } else {
    assert.match(error.message, /There is no prebuilt binary for/)
  }
  // The generated loader's own error, with each path it tried, stays reachable.
  assert.match(error.cause.message, /Cannot find native binding/)
}

test('require() fails with an error that names the platform and what to do', () => {
  assert.throws(() => require('pact-mock-server'), (error) => {
    assertSaysWhatToDo(error)
    return true
  })
})

test('import fails with the same error', async () => {
  await assert.rejects(import('pact-mock-server'), (error) => {
    assertSaysWhatToDo(error)
    return true
  })
})
