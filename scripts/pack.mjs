// Usage: node scripts/pack.mjs [out-dir] [artifacts-dir]        (npm run pack:all)
//
// Packs what a user installs, into out-dir (default: dist/):
//   pact-mock-server-<target>-<version>.tgz  one per npm/<target>/: the native binary, limited to
//                                            its platform by os/cpu/libc
//   pact-mock-server-<version>.tgz           the entry points and types; it names the packages
//                                            above as optional dependencies, so npm installs only
//                                            the one that fits the user's machine
// Without artifacts-dir it builds the release addon for this machine (on Linux glibc through
// zig, scripts/with-zig.sh, against glibc 2.17, so that it loads on older distributions than the
// build machine's); with it, it takes the `<binaryName>.<target>.node` files found there (one per
// configured target, e.g. built on several machines) and places them with `napi artifacts`.
//
// The root tarball is packed from a staged copy whose manifest has no `scripts` and no
// `devDependencies`: `prepare` builds the addon in a clone and must never reach users (npm
// does not run it for a tarball, but newer npm versions still list it as an install script).
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { arch, platform } from 'node:process'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(process.argv[2] ?? join(root, 'dist'))
const givenArtifacts = process.argv[3] && resolve(process.argv[3])
const manifest = readJson(join(root, 'package.json'))
const binaryName = manifest.napi.binaryName

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

/** The release addon for this machine, into dir. */
function buildForThisMachine(dir) {
  const build = ['napi', 'build', '--platform', '--release', '--features', 'node', '--output-dir', dir]
  const glibcTriple = { x64: 'x86_64-unknown-linux-gnu', arm64: 'aarch64-unknown-linux-gnu' }[arch]
  const glibc = platform === 'linux' && Boolean(process.report.getReport().header.glibcVersionRuntime)
  if (!glibc || !glibcTriple) {
    run('npx', build)
    return
  }
  // A target directory of its own: zig's build scripts and proc-macros would otherwise replace the
  // native build's in target/release, and each build would redo most of the other's work.
  const targetDir = join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'glibc-2.17')
  const zigBuild = [...build, '--cross-compile', '--target', `${glibcTriple}.2.17`, '--target-dir', targetDir]
  run('bash', [join(root, 'scripts', 'with-zig.sh'), 'npx', ...zigBuild])
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.node'))) {
    const versions = [...run('objdump', ['-T', join(dir, file)]).matchAll(/GLIBC_(\d+)\.(\d+)/g)]
    const newest = versions.map(([, major, minor]) => [Number(major), Number(minor)]).sort((a, b) => b[0] - a[0] || b[1] - a[1])[0]
    if (!newest || newest[0] > 2 || newest[1] > 17) fail(`${file} needs GLIBC_${newest?.join('.')}, more than 2.17`)
    console.error(`pack: ${file} needs glibc ${newest.join('.')} at most`)
  }
}

/** npm pack in dir; returns the tarball's path. */
function pack(dir, extraArgs = []) {
  const [result] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out, ...extraArgs], dir))
  return join(out, result.filename)
}

// The platform packages and the root's optional dependencies must name each other, at one version:
// the generated loader refuses a platform package of another version.
const platformDirs = readdirSync(join(root, 'npm')).map((name) => join(root, 'npm', name))
const platformPackages = platformDirs.map((dir) => readJson(join(dir, 'package.json')))
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

mkdirSync(out, { recursive: true })
const work = mkdtempSync(join(tmpdir(), 'pact-mock-server-pack-'))
try {
  let artifacts = givenArtifacts
  if (!artifacts) {
    artifacts = join(work, 'artifacts')
    buildForThisMachine(artifacts)
    // The build wrote its own index.js and index.d.ts there: the committed ones must be the same.
    for (const file of ['index.js', 'index.d.ts']) {
      if (readFileSync(join(artifacts, file), 'utf8') !== readFileSync(join(root, file), 'utf8')) {
        fail(`${file} is not what napi build generates from the sources: run \`npm run build\` and commit it`)
      }
      rmSync(join(artifacts, file))
    }
  }
  // Copies each <binaryName>.<target>.node into npm/<target>/, and fails when a configured target has none.
  run('npx', ['napi', 'artifacts', '--output-dir', artifacts, '--npm-dir', 'npm'])

  const tarballs = platformDirs.map((dir) => pack(dir))

  const stage = join(work, 'package')
  const [dryRun] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']))
  for (const { path } of dryRun.files) {
    mkdirSync(dirname(join(stage, path)), { recursive: true })
    copyFileSync(join(root, path), join(stage, path))
  }
  run('npm', ['pkg', 'delete', 'scripts', 'devDependencies'], stage)
  tarballs.push(pack(stage))

  for (const tarball of tarballs) {
    console.log(`${tarball}\t${(statSync(tarball).size / 1024).toFixed(0)} KiB`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
