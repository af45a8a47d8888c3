'use strict'
// The package's CommonJS entry (index.mjs, the ESM one, goes through it too). It loads the
// loader that `napi build` generates (index.js); when that finds no native binary for this
// machine, it throws instead an error that names the platform looked for and what to do.
// Then it adds the consumer DSL (lib/dsl/) to the binding's exports.

let binding
try {
  binding = require('./index.js')
} catch (loadError) {
  throw missingBindingError(loadError)
}
// The binding's exports, and beside them the consumer DSL (pact-js's names, lib/dsl/).
module.exports = { ...binding, ...require('./lib/dsl/index.js') }

function missingBindingError(loadError) {
  const manifest = require('./package.json')
  const platform = platformName()
  const platformPackage = `${manifest.name}-${platform}`
  const prebuilt = Object.keys(manifest.optionalDependencies || {})
    .filter((name) => name.startsWith(`${manifest.name}-`))
    .map((name) => name.slice(manifest.name.length + 1))
  const runtime = `Node.js ${process.version}, ${process.platform} ${process.arch}`
  const failures = attempts(loadError)

  let advice
  if (!prebuilt.includes(platform)) {
    advice =
      `There is no prebuilt binary for ${platform}; this version has them for: ${prebuilt.join(', ') || 'none'}. ` +
      `Build one from source (a clone of the repository, a Rust toolchain, then \`npm install\` and ` +
      '`npm pack`), or ask for the platform in an issue.'
  } else if (isInstalled(platformPackage)) {
    advice =
      `${platformPackage} is installed but did not load. If what failed names a GLIBC version, this ` +
      'system\'s C library is older than the binary needs (glibc 2.17 or later); otherwise reinstall it ' +
      `at version ${manifest.version} (\`npm install ${platformPackage}@${manifest.version}\`).`
  } else {
    advice =
      `The binary comes in the optional dependency ${platformPackage}, which is not installed. ` +
      'Install without `--omit=optional` / `--no-optional`; if package-lock.json was made on another platform, ' +
      'delete node_modules and package-lock.json and run `npm install` again ' +
      `(npm bug https://github.com/npm/cli/issues/4828), or add it: \`npm install ${platformPackage}@${manifest.version}\`.`
  }

  const error = new Error(
    `${manifest.name}: no native binary could be loaded for ${platform} (${runtime}). ` +
      `Looked for the package ${platformPackage} and the file ${manifest.napi.binaryName}.${platform}.node ` +
      `beside index.js. ${advice} What failed: ${failures.join('; ')}`,
  )
  error.code = 'ERR_NATIVE_BINDING'
  // Assigned, not passed as the `cause` option, so that it also shows where that option is ignored.
  error.cause = loadError
  return error
}

/**
 * The first line of each failed attempt, oldest first: the generated loader chains them as the
 * `cause`s of its own error; an error it throws directly (a version mismatch) is the only one.
 */
function attempts(loadError) {
  const firstLine = (error) => String((error && error.message) || error).split('\n')[0]
  const chained = []
  for (let error = loadError && loadError.cause; error && chained.length < 10; error = error.cause) {
    chained.unshift(firstLine(error))
  }
  return chained.length > 0 ? chained : [firstLine(loadError)]
}

/** The platform as napi-rs names its packages, e.g. linux-x64-gnu, darwin-arm64, win32-x64-msvc. */
function platformName() {
  const base = `${process.platform}-${process.arch}`
  if (process.platform === 'win32') return `${base}-msvc`
  if (process.platform !== 'linux') return base
  const libc = isGlibc() ? 'gnu' : 'musl'
  return process.arch === 'arm' ? `${base}-${libc}eabihf` : `${base}-${libc}`
}

function isGlibc() {
  try {
    const report = process.report.getReport()
    return Boolean(report.header.glibcVersionRuntime)
  } catch {
    return true
  }
}

function isInstalled(packageName) {
  try {
    require.resolve(`${packageName}/package.json`)
    return true
  } catch {
    return false
  }
}
