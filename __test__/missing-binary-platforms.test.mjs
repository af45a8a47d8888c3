// The ERR_NATIVE_BINDING error on every platform the package ships for, and on one it does not:
// a child Node that takes itself for that platform (process.platform and process.arch replaced
// before anything loads) requires a copy of the package that has the real package.json (all the
// optional dependencies) and no binary, as after npm's optional-dependency bug with a lock file
// made elsewhere (https://github.com/npm/cli/issues/4828).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { tempDir } from './helpers.mjs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/** The message of the error that require() throws in a child that takes itself for platform-arch. */
function loadErrorOn(t, platform, arch) {
  const dir = tempDir('pact-mock-server-other-platform-')
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  for (const file of ['index.js', 'load.cjs', 'package.json']) copyFileSync(new URL(`../${file}`, import.meta.url), join(dir, file))
  const pretend = join(dir, 'pretend.cjs')
  writeFileSync(
    pretend,
    `Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} })\n` +
      `Object.defineProperty(process, 'arch', { value: ${JSON.stringify(arch)} })\n`,
  )
  const script = `try { require(${JSON.stringify(join(dir, 'load.cjs'))}); console.log('{}') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`
  return JSON.parse(execFileSync(process.execPath, ['--require', pretend, '-e', script], { encoding: 'utf8' }))
}

// Linux is left to entry-points.test.mjs (this machine's own libc decides gnu or musl there).
for (const [platform, arch, target] of [
  ['darwin', 'arm64', 'darwin-arm64'],
  ['darwin', 'x64', 'darwin-x64'],
  ['win32', 'x64', 'win32-x64-msvc'],
  ['win32', 'arm64', 'win32-arm64-msvc'],
]) {
  test(`${target} without its package: the error names it and says how to install it`, (t) => {
    const packageName = `${manifest.name}-${target}`
    assert.equal(manifest.optionalDependencies[packageName], manifest.version, `${packageName} is an optional dependency`)
    const error = loadErrorOn(t, platform, arch)
    assert.equal(error.code, 'ERR_NATIVE_BINDING')
    assert.ok(error.message.includes(`no native binary could be loaded for ${target} (Node.js ${process.version}, ${platform} ${arch})`), error.message)
    assert.ok(error.message.includes(`Looked for the package ${packageName} and the file pact-mock-server.${target}.node`), error.message)
    assert.ok(error.message.includes(`optional dependency ${packageName}, which is not installed`), error.message)
    assert.ok(error.message.includes('delete node_modules and package-lock.json and run `npm install` again'), error.message)
    assert.ok(error.message.includes(`npm install ${packageName}@${manifest.version}`), error.message)
  })
}

test('an unsupported platform: the error names it and lists the platforms that have a binary', (t) => {
  const error = loadErrorOn(t, 'freebsd', 'x64')
  assert.equal(error.code, 'ERR_NATIVE_BINDING')
  assert.ok(error.message.includes('no native binary could be loaded for freebsd-x64'), error.message)
  assert.ok(error.message.includes(`Looked for the package ${manifest.name}-freebsd-x64`), error.message)
  const listed = Object.keys(manifest.optionalDependencies).map((name) => name.slice(manifest.name.length + 1))
  assert.equal(listed.length, 8)
  assert.ok(error.message.includes(`There is no prebuilt binary for freebsd-x64; this version has them for: ${listed.join(', ')}.`), error.message)
  assert.match(error.message, /Build one from source/)
})
