// Usage: node scripts/macos-sdk-stubs.mjs <sdk-root>
//
// Writes a minimal macOS SDK root for linking the addon with zig from Linux (scripts/build-target.sh
// sets SDKROOT to it): text stubs (.tbd) of the two system frameworks the dependencies link,
// Security (rustls-platform-verifier and reqwest, in the pact crates) and CoreFoundation (those and
// chrono's iana-time-zone). A stub only tells the linker which symbols a framework exports and
// its install name; the real framework is the one on the user's Mac. The symbols are every
// `pub fn` and `pub static` that the -sys crates (core-foundation-sys, security-framework-sys)
// declare, read from their sources in cargo's registry: a superset of what gets linked.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const sdkRoot = resolve(process.argv[2] ?? 'MacOSX.sdk')
const frameworks = { CoreFoundation: 'core-foundation-sys', Security: 'security-framework-sys' }

const metadata = JSON.parse(
  execFileSync('cargo', ['metadata', '--format-version', '1', '--features', 'node', '--filter-platform', 'aarch64-apple-darwin'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
)

function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return rustFiles(path)
    return name.endsWith('.rs') ? [path] : []
  })
}

for (const [framework, crate] of Object.entries(frameworks)) {
  const packages = metadata.packages.filter((p) => p.name === crate)
  if (packages.length === 0) throw new Error(`${crate} is not a dependency for macOS any more: drop the ${framework} stub`)
  const symbols = new Set()
  for (const p of packages) {
    for (const file of rustFiles(join(dirname(p.manifest_path), 'src'))) {
      const source = readFileSync(file, 'utf8')
      for (const [, name] of source.matchAll(/\bpub\s+(?:unsafe\s+)?fn\s+([A-Za-z_]\w*)\s*[(<]/g)) symbols.add(`_${name}`)
      for (const [, name] of source.matchAll(/\bpub\s+static\s+(?:mut\s+)?([A-Za-z_]\w*)\s*:/g)) symbols.add(`_${name}`)
    }
  }
  const targets = '[ x86_64-macos, arm64-macos ]'
  const tbd = [
    '--- !tapi-tbd',
    'tbd-version:     4',
    `targets:         ${targets}`,
    `install-name:    '/System/Library/Frameworks/${framework}.framework/Versions/A/${framework}'`,
    'current-version: 1',
    'exports:',
    `  - targets:         ${targets}`,
    `    symbols:         [ ${[...symbols].sort().join(',\n                       ')} ]`,
    '...',
    '',
  ].join('\n')
  const dir = join(sdkRoot, 'System', 'Library', 'Frameworks', `${framework}.framework`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${framework}.tbd`), tbd)
  console.error(`macos-sdk-stubs: ${framework}.tbd, ${symbols.size} symbols from ${crate}`)
}
// What zig and the cc crate look for in an SDK root besides the frameworks.
mkdirSync(join(sdkRoot, 'usr', 'lib'), { recursive: true })
mkdirSync(join(sdkRoot, 'usr', 'include'), { recursive: true })
writeFileSync(
  join(sdkRoot, 'SDKSettings.json'),
  JSON.stringify({ CanonicalName: 'macosx11.0', Version: '11.0', DisplayName: 'generated stubs for pact-mock-server' }),
)
