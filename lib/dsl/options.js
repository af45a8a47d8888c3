'use strict'
// The builders' options: checked at construction (an unknown option or a wrong type is
// ERR_INVALID_OPTION), then split into the pact's names, where to write it, and MockServer's options.

const { invalidOption, show } = require('./errors')
const { SpecificationVersion } = require('./matchers')

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error']

const isString = (value) => typeof value === 'string'
const isBoolean = (value) => typeof value === 'boolean'
const isPort = (value) => Number.isInteger(value) && value >= 0 && value <= 65535
const isPositiveInteger = (value) => Number.isInteger(value) && value > 0
const isTls = (value) =>
  isBoolean(value) || (value !== null && typeof value === 'object' && isString(value.cert) && isString(value.key) && Object.keys(value).length === 2)
const isLogLevel = (value) => isString(value) && LOG_LEVELS.includes(value.toLowerCase())

/** The options every builder takes (pact-js's PactV3Options/PactV4Options, and this package's own). */
const COMMON = {
  consumer: [isString, 'a non-empty string'],
  provider: [isString, 'a non-empty string'],
  dir: [isString, 'a directory path (string)'],
  port: [isPort, 'an integer from 0 to 65535'],
  host: [isString, 'a host name or address (string)'],
  tls: [isTls, 'true, false, or { cert, key } in PEM'],
  cors: [isBoolean, 'true or false'],
  logLevel: [isLogLevel, `one of ${LOG_LEVELS.join(', ')}`],
  maxBodySize: [isPositiveInteger, 'a positive integer (bytes)'],
  requestLogLimit: [isPositiveInteger, 'a positive integer'],
}

const V3_V4 = {
  ...COMMON,
  spec: [(value) => [3, 4, 5].includes(value), 'a SpecificationVersion (SPECIFICATION_VERSION_V2, _V3 or _V4)'],
}

/** PactV2's options: pact-js's V2 names; `log`, `timeout` and `pactfileWriteMode: 'update'` have nothing to do here. */
const V2 = {
  ...COMMON,
  spec: [(value) => [1, 2, 3, 4].includes(value), 'a specification number: 1, 2, 3 or 4'],
  ssl: [isBoolean, 'true or false'],
  sslcert: [isString, 'the path of a PEM certificate'],
  sslkey: [isString, 'the path of a PEM key'],
  log: [isString, 'a file path (accepted for pact-js compatibility; nothing is logged there)'],
  timeout: [(value) => Number.isFinite(value) && value >= 0, 'a number of milliseconds'],
  pactfileWriteMode: [(value) => ['overwrite', 'update', 'merge'].includes(value), "'overwrite', 'update' or 'merge'"],
}

function check(builder, options, known) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidOption(`new ${builder}(options): options must be an object with at least consumer and provider, got ${show(options)}`)
  }
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue
    const rule = known[name]
    if (!rule) {
      throw invalidOption(`new ${builder}(options): unknown option ${show(name)}; the options are ${Object.keys(known).join(', ')}`)
    }
    if (!rule[0](value)) throw invalidOption(`new ${builder}(options): ${name} must be ${rule[1]}, got ${show(value)}`)
  }
  for (const name of ['consumer', 'provider']) {
    if (!isString(options[name]) || options[name].trim() === '') {
      throw invalidOption(`new ${builder}(options): ${name} is required: the name of the ${name} (a non-empty string)`)
    }
  }
}

const SPEC_NAMES = { 3: 'V2', 4: 'V3', 5: 'V4' }
const V2_SPEC_NAMES = { 1: 'V1', 2: 'V2', 3: 'V3', 4: 'V4' }

/** MockServer's options from the builder's. */
function serverOptions(options, specification) {
  const server = { specification }
  if (options.host !== undefined) server.host = options.host
  if (options.port !== undefined) server.port = options.port
  if (options.tls !== undefined) server.tls = options.tls
  server.cors = options.cors
  if (options.maxBodySize !== undefined) server.maxBodySize = options.maxBodySize
  if (options.requestLogLimit !== undefined) server.requestLogLimit = options.requestLogLimit
  return server
}

/**
 * PactV3/PactV4 options: the pact's names, the directory (default ./pacts), the server options.
 * `cors` defaults to true there, as in pact-js.
 */
function v3v4Options(builder, options, defaultSpec) {
  check(builder, options, V3_V4)
  return {
    consumer: options.consumer,
    provider: options.provider,
    dir: options.dir ?? './pacts',
    server: serverOptions({ ...options, cors: options.cors ?? true }, SPEC_NAMES[options.spec ?? defaultSpec]),
  }
}

/** PactV2 options; `cors` defaults to false there, as in pact-js, and `ssl` means `tls`. */
function v2Options(options) {
  check('PactV2', options, V2)
  if (options.tls !== undefined && options.ssl !== undefined) {
    throw invalidOption('new PactV2(options): give ssl (with sslcert and sslkey) or tls, not both')
  }
  let tls = options.tls
  if (options.ssl) {
    if ((options.sslcert === undefined) !== (options.sslkey === undefined)) {
      throw invalidOption('new PactV2(options): sslcert and sslkey go together: give both or neither')
    }
    const fs = require('node:fs')
    const read = (name) => {
      try {
        return fs.readFileSync(options[name], 'utf8')
      } catch (error) {
        throw invalidOption(`new PactV2(options): cannot read ${name} ${show(options[name])}: ${error.message}`, Error)
      }
    }
    tls = options.sslcert === undefined ? true : { cert: read('sslcert'), key: read('sslkey') }
  }
  return {
    consumer: options.consumer,
    provider: options.provider,
    dir: options.dir ?? require('node:path').resolve(process.cwd(), 'pacts'),
    overwrite: options.pactfileWriteMode === 'overwrite',
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tls: Boolean(tls),
    server: serverOptions({ ...options, tls, cors: options.cors ?? false }, V2_SPEC_NAMES[options.spec ?? 2]),
  }
}

module.exports = { v3v4Options, v2Options, SpecificationVersion, LOG_LEVELS }
