// Usage: node scripts/test-consumers.mjs [project ...]        (npm run test:consumers)
//
// Tests the package the way users meet it: each project under consumers/ (all, or those named)
// is copied into a fresh temporary directory, installed there with npm from the packed tarballs,
// and its own `npm test` is run, on the Node that runs this script (scripts/with-node.sh picks it).
//
// PACT_MOCK_SERVER_TARBALLS=<dir> tests the tarballs scripts/pack.mjs left in dir (CI packs once
// and tests the same tarballs under every Node version); without it the tarballs are packed now.
// A project whose package.json has "consumerTest": { "withoutPlatformPackage": true } is
// installed with the root tarball alone, as on a machine where the binary's package is missing.
// PACT_MOCK_SERVER_KEEP=1 keeps the temporary directories.
import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'pact-mock-server-consumers-'))
const log = (message) => console.error(`test-consumers: ${message}`)
// npm is npm.cmd on Windows, which only a shell runs.
const shell = process.platform === 'win32'

function tarballs() {
  let dir = process.env.PACT_MOCK_SERVER_TARBALLS
  if (!dir) {
    dir = join(work, 'tarballs')
    execFileSync(process.execPath, [join(root, 'scripts', 'pack.mjs'), dir], { cwd: root, stdio: 'inherit' })
  }
  dir = resolve(dir)
  const rootTarball = join(dir, `${manifest.name}-${manifest.version}.tgz`)
  const platformTarballs = Object.keys(manifest.optionalDependencies ?? {}).map((name) =>
    join(dir, `${name}-${manifest.version}.tgz`),
  )
  for (const file of [rootTarball, ...platformTarballs]) {
    try {
      accessSync(file, constants.R_OK)
    } catch {
      throw new Error(`${file} is missing: run \`npm run pack:all -- ${dir}\` first`)
    }
  }
  return { rootTarball, platformTarballs }
}

/**
 * The environment of a user's shell: none of the variables `npm run` adds (they would point the
 * nested npm at this repository), none of this repository's node_modules/.bin, and no Rust
 * toolchain, so that an install that tried to build the addon would fail.
 */
function userEnvironment() {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE') env[key] = value
  }
  const hasRust = (dir) =>
    ['cargo', 'rustc'].some((tool) => {
      try {
        accessSync(join(dir, tool), constants.X_OK)
        return true
      } catch {
        return false
      }
    })
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(dir) && !hasRust(dir))
    .join(delimiter)
  env.CI = 'true'
  // What the projects' tests put in the temporary directory goes with the project's directory.
  env.TMPDIR = join(work, 'tmp')
  mkdirSync(env.TMPDIR)
  return env
}

function run(command, args, cwd, env) {
  const started = Date.now()
  const result = spawnSync(command, args, { cwd, env, shell, stdio: 'inherit', timeout: 15 * 60_000 })
  const seconds = (Date.now() - started) / 1000
  const ok = result.status === 0
  if (!ok) log(`${command} ${args.join(' ')} failed in ${cwd}: ${result.error?.message ?? `exit ${result.status}`}`)
  return { ok, seconds }
}

/** What npm put in node_modules for the package: the tarball's files and no install step. */
function checkInstalled(dir, withPlatformPackage) {
  const problems = []
  const installed = join(dir, 'node_modules', manifest.name)
  const installedManifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
  if (installedManifest.scripts) problems.push(`the installed manifest has scripts: ${Object.keys(installedManifest.scripts)}`)
  if (installedManifest.devDependencies) problems.push('the installed manifest has devDependencies')
  // An entry of `files` may be a directory path (lib/dsl/): its first segment is what node_modules shows.
  const packed = manifest.files.map((file) => file.split('/')[0])
  const extra = readdirSync(installed).filter((file) => !['package.json', 'README.md', ...packed].includes(file))
  if (extra.length) problems.push(`unexpected files in node_modules/${manifest.name}: ${extra}`)
  for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
    const present = readdirSync(join(dir, 'node_modules')).includes(name)
    if (present !== withPlatformPackage) problems.push(`${name} is ${present ? '' : 'not '}installed`)
  }
  return problems
}

const { rootTarball, platformTarballs } = tarballs()
const wanted = process.argv.slice(2)
const projects = readdirSync(join(root, 'consumers'))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort()
if (wanted.length && projects.length !== wanted.length) {
  throw new Error(`no such project under consumers/: ${wanted.filter((name) => !projects.includes(name))}`)
}

const env = userEnvironment()
const nodeVersion = execFileSync('node', ['--version'], { env, shell, encoding: 'utf8' }).trim()
const npmVersion = execFileSync('npm', ['--version'], { env, shell, encoding: 'utf8' }).trim()
log(`Node ${nodeVersion}, npm ${npmVersion}; tarballs: ${[rootTarball, ...platformTarballs].map((file) => basename(file))}`)

const results = []
for (const project of projects) {
  const dir = join(work, project)
  cpSync(join(root, 'consumers', project), dir, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|package-lock\.json|pacts|dist|\.jest-cache)$/.test(source),
  })
  const config = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).consumerTest ?? {}
  const withPlatformPackage = !config.withoutPlatformPackage
  const packages = withPlatformPackage ? [rootTarball, ...platformTarballs] : [rootTarball]

  log(`${project}: npm install ${packages.map((file) => basename(file)).join(' ')}`)
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', ...(withPlatformPackage ? [] : ['--omit=optional']), ...packages],
    dir,
    env,
  )
  const problems = install.ok ? checkInstalled(dir, withPlatformPackage) : ['npm install failed']
  let test = { ok: false, seconds: 0 }
  if (problems.length === 0) {
    log(`${project}: npm test`)
    test = run('npm', ['test'], dir, env)
    if (!test.ok) problems.push('npm test failed')
  }
  for (const problem of problems) log(`${project}: ${problem}`)
  results.push({ project, ok: problems.length === 0, install: install.seconds, test: test.seconds })
}

console.log(`\nconsumer projects on Node ${nodeVersion} (npm ${npmVersion}):`)
for (const { project, ok, install, test } of results) {
  console.log(`  ${ok ? 'pass' : 'FAIL'}  ${project.padEnd(16)} install ${install.toFixed(1)}s  test ${test.toFixed(1)}s`)
}
const failed = results.filter((result) => !result.ok)
if (failed.length === 0 && !process.env.PACT_MOCK_SERVER_KEEP) {
  rmSync(work, { recursive: true, force: true })
} else {
  log(`the projects' directories are kept in ${work}`)
}
process.exitCode = failed.length === 0 ? 0 : 1
