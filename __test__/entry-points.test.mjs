// The package's entry points: CommonJS (load.cjs over the generated index.js) and ESM (index.mjs),
// Symbol.asyncDispose, and the error when no native binary loads.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import * as esm from '../index.mjs'
import { fixture, portRefuses, tempDir } from './helpers.mjs'

const require = createRequire(import.meta.url)
const cjs = require('../load.cjs')
const manifest = require('../package.json')

test('the package.json entry points are the files tested here', () => {
  assert.equal(manifest.main, 'load.cjs')
  assert.deepEqual(manifest.exports['.'], {
    import: { types: './index.d.mts', default: './index.mjs' },
    require: { types: './index.d.ts', default: './load.cjs' },
  })
  for (const file of ['index.js', 'index.d.ts', 'load.cjs', 'index.mjs', 'index.d.mts']) {
    assert.ok(manifest.files.includes(file), `${file} is packed`)
  }
})

test('index.mjs exports every export of load.cjs: the generated index.js and the DSL, the same objects', () => {
  const generated = require('../index.js')
  const dsl = require('../lib/dsl/index.js')
  for (const name of Object.keys(generated)) assert.equal(cjs[name], generated[name], `load.cjs passes ${name} through`)
  for (const name of Object.keys(dsl)) assert.equal(cjs[name], dsl[name], `load.cjs exports the DSL's ${name}`)
  assert.deepEqual(Object.keys(cjs).sort(), [...new Set([...Object.keys(generated), ...Object.keys(dsl)])].sort())
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort())
  for (const name of Object.keys(cjs)) assert.equal(esm[name], cjs[name], name)
})

test('Symbol.asyncDispose shuts the server down, and is safe to repeat', async () => {
  const server = await esm.MockServer.create(fixture('v2-users.json'))
  assert.equal(await portRefuses(server.port), false)
  assert.equal(await server[Symbol.asyncDispose](), undefined)
  assert.equal(await portRefuses(server.port), true)
  await server[Symbol.asyncDispose]()
  await server.shutdown()
})

/** The entry points and the generated loader, copied where no native binary can be found. */
function packageWithoutBinary(t, editManifest) {
  const dir = tempDir('pact-mock-server-no-binary-')
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  for (const file of ['index.js', 'load.cjs', 'index.mjs']) {
    copyFileSync(new URL(`../${file}`, import.meta.url), join(dir, file))
  }
  const copied = editManifest(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')))
  writeFileSync(join(dir, 'package.json'), JSON.stringify(copied))
  return dir
}

// The name napi-rs gives this machine's platform package, e.g. linux-x64-gnu.
const glibc = Boolean(process.report.getReport().header.glibcVersionRuntime)
const platform = `${process.platform}-${process.arch}${process.platform === 'linux' ? (glibc ? '-gnu' : '-musl') : process.platform === 'win32' ? '-msvc' : ''}`

test('without its binary, require and import fail naming the platform and the package to install', async (t) => {
  const dir = packageWithoutBinary(t, (m) => ({ ...m, optionalDependencies: { [`${m.name}-${platform}`]: m.version } }))
  const check = (error) => {
    assert.equal(error.code, 'ERR_NATIVE_BINDING')
    assert.ok(error.message.startsWith(`pact-mock-server: no native binary could be loaded for ${platform} (Node.js ${process.version}`), error.message)
    assert.ok(error.message.includes(`Looked for the package pact-mock-server-${platform} and the file pact-mock-server.${platform}.node`))
    assert.ok(error.message.includes(`optional dependency pact-mock-server-${platform}, which is not installed`))
    assert.ok(error.message.includes(`npm install pact-mock-server-${platform}@${manifest.version}`))
    assert.ok(error.message.includes(`What failed: Cannot find module './pact-mock-server.${platform}.node'; Cannot find module 'pact-mock-server-${platform}'`), error.message)
    assert.match(error.cause.message, /Cannot find native binding/)
    return true
  }
  assert.throws(() => require(join(dir, 'load.cjs')), check)
  await assert.rejects(import(pathToFileURL(join(dir, 'index.mjs')).href), check)
})

test('on a platform without a prebuilt binary, the error says which platforms have one', (t) => {
  const dir = packageWithoutBinary(t, (m) => ({ ...m, optionalDependencies: { [`${m.name}-sunos-x64`]: m.version } }))
  assert.throws(() => require(join(dir, 'load.cjs')), (error) => {
    assert.equal(error.code, 'ERR_NATIVE_BINDING')
    assert.ok(error.message.includes(`There is no prebuilt binary for ${platform}; this version has them for: sunos-x64.`), error.message)
    assert.match(error.message, /Build one from source/)
    return true
  })
})

test('a platform package that is installed but does not load: the error shows why', (t) => {
  const dir = packageWithoutBinary(t, (m) => ({ ...m, optionalDependencies: { [`${m.name}-${platform}`]: m.version } }))
  const installed = join(dir, 'node_modules', `pact-mock-server-${platform}`)
  mkdirSync(installed, { recursive: true })
  const binary = `pact-mock-server.${platform}.node`
  writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: `pact-mock-server-${platform}`, version: manifest.version, main: binary }))
  writeFileSync(join(installed, binary), 'a truncated download, not a shared library')
  assert.throws(() => require(join(dir, 'load.cjs')), (error) => {
    assert.equal(error.code, 'ERR_NATIVE_BINDING')
    assert.ok(error.message.includes(`pact-mock-server-${platform} is installed but did not load`), error.message)
    // The dynamic loader's reason names the file (Linux and macOS: '<path>: …'; Windows: '\\?\<path> is not a valid Win32 application').
    const failed = error.message.slice(error.message.indexOf('What failed: '))
    assert.ok(failed.includes(join(installed, binary)), `the dynamic loader's reason is in the message: ${failed}`)
    return true
  })
})
