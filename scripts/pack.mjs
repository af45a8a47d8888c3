// Usage: node scripts/pack.mjs [out-dir] [artifacts-dir] [--targets all|<t1>,<t2>,...]
//                                                               (npm run pack:all -- ...)
//
// Packs what a user installs, into out-dir (default: dist/):
//   pact-mock-server-<target>-<version>.tgz  one per target packed (npm/<target>/): the native
//                                            binary, limited to its platform by os/cpu/libc
//   pact-mock-server-<version>.tgz           the entry points and types; it names every platform
//                                            package as an optional dependency, so npm installs
//                                            only the one that fits the user's machine
// --targets picks the platform packages: `all` (every npm/<target>/), a comma-separated list
// (e.g. linux-arm64-gnu,darwin-arm64), or by default this machine's own target only.
// Without artifacts-dir it builds each target's release addon from source with
// scripts/build-target.sh (Linux glibc targets through zig against glibc 2.17, so that they load
// on older distributions than the build machine's; the others cross-compiled, see that script);
// with it, it takes the `<binaryName>.<target>.node` files found there (e.g. built on several
// machines) and fails when a chosen target has none.
//
// The root tarball is packed from a staged copy whose manifest has no `scripts` and no
// `devDependencies`: `prepare` builds the addon in a clone and must never reach users (npm
// does not run it for a tarball, but newer npm versions still list it as an install script).
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { arch, platform } from 'node:process'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { positionals, values: flags } = parseArgs({ allowPositionals: true, options: { targets: { type: 'string' } } })
const out = resolve(positionals[0] ?? join(root, 'dist'))
const givenArtifacts = positionals[1] && resolve(positionals[1])
const manifest = readJson(join(root, 'package.json'))
const binaryName = manifest.napi.binaryName
// What one platform package may weigh, packed (a download for every install on that platform).
const maxTarballSize = 6 * 1024 * 1024

function run(command, args, cwd = root) {
  console.error(`pack: ${command} ${args.join(' ')}${cwd === root ? '' : `   (in ${cwd})`}`)
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  })
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function fail(message) {
  console.error(`pack: ${message}`)
  process.exit(1)
}

/** This machine's target as napi-rs names its packages, e.g. linux-x64-gnu. */
function thisMachine() {
  const base = `${platform}-${arch}`
  if (platform === 'win32') return `${base}-msvc`
  if (platform !== 'linux') return base
  return `${base}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`
}

/** The release addon for target, built from source into dir (scripts/build-target.sh). */
function buildTarget(target, dir) {
  const started = Date.now()
  run('bash', [join(root, 'scripts', 'build-target.sh'), target, dir])
  console.error(`pack: built ${target} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  const file = join(dir, `${binaryName}.${target}.node`)
  if (target.endsWith('-gnu')) {
    // The glibc symbol versions the binary needs (readelf reads every architecture's ELF).
    const versions = [...run('readelf', ['--version-info', '--wide', file]).matchAll(/GLIBC_(\d+)\.(\d+)/g)]
    const newest = versions.map(([, major, minor]) => [Number(major), Number(minor)]).sort((a, b) => b[0] - a[0] || b[1] - a[1])[0]
    if (!newest || newest[0] > 2 || newest[1] > 17) fail(`${file} needs GLIBC_${newest?.join('.')}, more than 2.17`)
    console.error(`pack: ${target} needs glibc ${newest.join('.')} at most`)
  }
}

/** npm pack in dir; returns the tarball's path. */
function pack(dir, extraArgs = []) {
  const [result] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out, ...extraArgs], dir))
  return join(out, result.filename)
}

// The platform packages and the root's optional dependencies must name each other, at one version:
// the generated loader refuses a platform package of another version.
const allTargets = readdirSync(join(root, 'npm')).sort()
const platformPackages = allTargets.map((target) => readJson(join(root, 'npm', target, 'package.json')))
const optional = manifest.optionalDependencies ?? {}
for (const platform of platformPackages) {
  if (platform.version !== manifest.version) {
    fail(`${platform.name} is at ${platform.version}, the root at ${manifest.version}: run \`npx napi version\``)
  }
  if (optional[platform.name] !== manifest.version) {
    fail(`package.json's optionalDependencies must have "${platform.name}": "${manifest.version}"`)
  }
}
for (const name of Object.keys(optional)) {
  if (!platformPackages.some((platform) => platform.name === name)) {
    fail(`optional dependency ${name} has no directory under npm/: run \`npx napi create-npm-dirs\``)
  }
}

const chosen = flags.targets === 'all' ? allTargets : (flags.targets ?? thisMachine()).split(',').map((target) => target.trim())
for (const target of chosen) {
  if (!allTargets.includes(target)) fail(`no platform package for ${target}: the targets are ${allTargets.join(', ')}`)
}

mkdirSync(out, { recursive: true })
const work = mkdtempSync(join(tmpdir(), 'pact-mock-server-pack-'))
try {
  let artifacts = givenArtifacts
  if (!artifacts) {
    artifacts = join(work, 'artifacts')
    for (const target of chosen) buildTarget(target, artifacts)
    // The host build also wrote napi's index.js and index.d.ts: the committed ones must be the same.
    for (const file of ['index.js', 'index.d.ts'].filter((name) => readdirSync(artifacts).includes(name))) {
      if (readFileSync(join(artifacts, file), 'utf8') !== readFileSync(join(root, file), 'utf8')) {
        fail(`${file} is not what napi build generates from the sources: run \`npm run build\` and commit it`)
      }
    }
  }
  // Each platform package gets its one binary (what `napi artifacts` does, for the chosen targets only).
  const tarballs = []
  for (const target of chosen) {
    const binary = `${binaryName}.${target}.node`
    if (!readdirSync(artifacts).includes(binary)) fail(`${artifacts} has no ${binary}`)
    const dir = join(root, 'npm', target)
    for (const stale of readdirSync(dir).filter((name) => name.endsWith('.node'))) rmSync(join(dir, stale))
    copyFileSync(join(artifacts, binary), join(dir, binary))
    tarballs.push(pack(dir))
  }

  const stage = join(work, 'package')
  const [dryRun] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']))
  for (const { path } of dryRun.files) {
    mkdirSync(dirname(join(stage, path)), { recursive: true })
    copyFileSync(join(root, path), join(stage, path))
  }
  run('npm', ['pkg', 'delete', 'scripts', 'devDependencies'], stage)
  tarballs.push(pack(stage))

  for (const tarball of tarballs) {
    const size = statSync(tarball).size
    console.log(`${tarball}\t${(size / 1024).toFixed(0)} KiB`)
    if (size > maxTarballSize) fail(`${tarball} is ${(size / 1048576).toFixed(1)} MiB, more than 6 MiB`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
