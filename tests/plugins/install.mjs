// Installs the repository's test Pact plugins into a plugin directory (PACT_PLUGIN_DIR).
//   import { installTestPlugins } from './tests/plugins/install.mjs'
//   node tests/plugins/install.mjs <dir>
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { gunzipSync } from 'node:zlib'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = resolve(here, '..', '..')

const NAME = 'test-csv'
const VERSION = '0.1.0'

/** The pact-plugin-driver release whose plugin.proto the test plugin implements. */
const DRIVER_VERSION = '1.2.6'

/** plugin.proto from the crate's sources in cargo's registry, if cargo has them. */
export function protoPath() {
  const cargoHome = process.env.CARGO_HOME || join(homedir(), '.cargo')
  const registry = join(cargoHome, 'registry', 'src')
  const candidates = existsSync(registry)
    ? readdirSync(registry).map((index) => join(registry, index, `pact-plugin-driver-${DRIVER_VERSION}`, 'plugin.proto'))
    : []
  return candidates.find((p) => existsSync(p))
}

/**
 * plugin.proto of pact-plugin-driver: from cargo's registry, else taken out of the crate that
 * crates.io serves (a gzipped tar), kept in the temporary directory for the next run.
 */
export async function findProto() {
  const local = protoPath()
  if (local) return local
  const cached = join(tmpdir(), `pact-plugin-driver-${DRIVER_VERSION}-plugin.proto`)
  if (existsSync(cached)) return cached
  const url = `https://static.crates.io/crates/pact-plugin-driver/pact-plugin-driver-${DRIVER_VERSION}.crate`
  const response = await fetch(url, { headers: { 'User-Agent': 'pact-mock-server tests' } })
  if (!response.ok) throw new Error(`plugin.proto of pact-plugin-driver ${DRIVER_VERSION}: ${url} answered ${response.status}`)
  const tar = gunzipSync(Buffer.from(await response.arrayBuffer()))
  const wanted = `pact-plugin-driver-${DRIVER_VERSION}/plugin.proto`
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '')
    const size = parseInt(tar.toString('utf8', offset + 124, offset + 136).replace(/\0.*$/s, '').trim() || '0', 8)
    if (name === wanted) {
      writeFileSync(cached, tar.subarray(offset + 512, offset + 512 + size))
      return cached
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  throw new Error(`plugin.proto is not in the crate pact-plugin-driver ${DRIVER_VERSION} from crates.io`)
}

/** Writes dir/test-csv-0.1.0/pact-plugin.json pointing at this checkout's plugin.js. */
export async function installTestPlugins(dir) {
  const proto = await findProto()
  const pluginDir = join(dir, `${NAME}-${VERSION}`)
  mkdirSync(pluginDir, { recursive: true })
  const manifest = {
    manifestVersion: 1,
    pluginInterfaceVersion: 1,
    name: NAME,
    version: VERSION,
    executableType: 'exec',
    minimumRequiredVersion: null,
    entryPoint: process.execPath,
    args: [join(here, 'test-csv', 'plugin.js'), '--proto', proto],
    dependencies: null,
  }
  writeFileSync(join(pluginDir, 'pact-plugin.json'), JSON.stringify(manifest, null, 2) + '\n')
  return { dir, name: NAME, version: VERSION }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2]
  if (!target) {
    console.error('usage: node tests/plugins/install.mjs <plugin dir>')
    process.exit(2)
  }
  try {
    const { dir } = await installTestPlugins(resolve(target))
    console.log(dir)
  } catch (err) {
    console.error(err.message)
    process.exit(1)
  }
}
