'use strict'
// Matchers V3 (`MatchersV3`, also exported as `Matchers`) and the V4 rules pact-js has no helper
// for. Each returns pact-js's matcher JSON ({"pact:matcher:type": ..., "value": ...}); the engine
// turns that JSON into the example, the matching rules and the generators, so nothing here
// computes rules. What is checked here is the matcher's own example: one that breaks its matcher
// throws at the call with code ERR_INVALID_MATCHER, naming the matcher and the example.

const formats = require('./formats')
const { fitsDateTimeFormat } = require('./datetime-format')
const { exampleFromRegex } = require('./regex-example')
const { invalidMatcher, show } = require('./errors')

const MATCHER = 'pact:matcher:type'
const GENERATOR = 'pact:generator:type'

/** pact-js's enum values (facts of the pact JSON / of its public API). */
const HTTPResponseStatusClass = Object.freeze({
  Information: 'information',
  Success: 'success',
  Redirect: 'redirect',
  ClientError: 'clientError',
  ServerError: 'serverError',
  NonError: 'nonError',
  Error: 'error',
})

const SpecificationVersion = Object.freeze({
  SPECIFICATION_VERSION_V2: 3,
  SPECIFICATION_VERSION_V3: 4,
  SPECIFICATION_VERSION_V4: 5,
  3: 'SPECIFICATION_VERSION_V2',
  4: 'SPECIFICATION_VERSION_V3',
  5: 'SPECIFICATION_VERSION_V4',
})

const STATUS_CLASSES = {
  information: [100, 199],
  success: [200, 299],
  redirect: [300, 399],
  clientError: [400, 499],
  serverError: [500, 599],
  nonError: [100, 399],
  error: [400, 599],
}

/** A matcher object as pact-js recognises one: a matcher type and an example value. */
function isMatcher(value) {
  return value != null && value[MATCHER] !== undefined && value.value !== undefined
}

const isStatusCodeMatcher = (status) => isMatcher(status) && status[MATCHER] === 'statusCode'

/** Text stays text; everything else becomes its JSON (how pact-js hands values to its core). */
const matcherValueOrString = (value) => (typeof value === 'string' ? value : JSON.stringify(value))

// ---- checks shared by the matchers ----

/** The example must be something a pact can hold: not undefined, not a function, no undefined inside. */
function requireTemplate(name, template) {
  if (template === undefined) throw invalidMatcher(name, 'needs an example (a template), got undefined')
  const bad = firstUnwritable(template, '$')
  if (bad) throw invalidMatcher(name, `the example ${show(template)} holds ${bad}, which a pact cannot store`)
}

function firstUnwritable(value, path) {
  if (typeof value === 'function') return `a function at ${path}`
  if (typeof value === 'symbol' || typeof value === 'bigint') return `a ${typeof value} at ${path}`
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} at ${path}`
  if (value === null || typeof value !== 'object' || isXmlLike(value)) return null
  if (Buffer.isBuffer(value)) return null
  const entries = Array.isArray(value) ? value.map((item, i) => [`${path}[${i}]`, item]) : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v])
  for (const [childPath, child] of entries) {
    if (child === undefined && Array.isArray(value)) return `undefined at ${childPath}`
    if (child === undefined) continue // JSON.stringify drops it, as pact-js does
    const bad = firstUnwritable(child, childPath)
    if (bad) return bad
  }
  return null
}

const isXmlLike = (value) => typeof value.toJSON === 'function'

function requireCount(name, label, value, minimum) {
  if (!Number.isInteger(value) || value < minimum) {
    throw invalidMatcher(name, `${label} must be an integer of at least ${minimum}, got ${show(value)}`)
  }
}

function requireString(name, example) {
  if (typeof example !== 'string') throw invalidMatcher(name, `the example must be a string, got ${show(example)}`)
}

/** `count` copies of the template, as pact-js writes array examples. */
const copies = (template, count) => Array.from({ length: count }, () => template)

// ---- type and array matchers ----

const like = (template) => {
  requireTemplate('like', template)
  return { [MATCHER]: 'type', value: template }
}

function eachLike(template, min = 1) {
  requireTemplate('eachLike', template)
  requireCount('eachLike', 'min', min, 0)
  return { min, [MATCHER]: 'type', value: copies(template, min) }
}

function atLeastOneLike(template, count = 1) {
  requireTemplate('atLeastOneLike', template)
  requireCount('atLeastOneLike', 'the number of examples', count, 1)
  return { min: 1, [MATCHER]: 'type', value: copies(template, count) }
}

function atLeastLike(template, min, count) {
  requireTemplate('atLeastLike', template)
  requireCount('atLeastLike', 'min', min, 0)
  if (count !== undefined && count !== 0) requireCount('atLeastLike', 'the number of examples', count, 0)
  const examples = count || min
  if (examples < min) {
    throw invalidMatcher('atLeastLike', `min is ${min} but only ${examples} examples were asked for: ask for at least ${min}`)
  }
  return { min, [MATCHER]: 'type', value: copies(template, examples) }
}

function atMostLike(template, max, count) {
  requireTemplate('atMostLike', template)
  requireCount('atMostLike', 'max', max, 0)
  if (count !== undefined && count !== 0) requireCount('atMostLike', 'the number of examples', count, 0)
  const examples = count || 1
  if (examples > max) {
    throw invalidMatcher('atMostLike', `max is ${max} but ${examples} examples were asked for: ask for at most ${max}`)
  }
  return { max, [MATCHER]: 'type', value: copies(template, examples) }
}

function constrainedArrayLike(template, min, max, count) {
  requireTemplate('constrainedArrayLike', template)
  requireCount('constrainedArrayLike', 'min', min, 0)
  requireCount('constrainedArrayLike', 'max', max, 0)
  if (min > max) throw invalidMatcher('constrainedArrayLike', `min (${min}) is greater than max (${max})`)
  if (count !== undefined && count !== 0) requireCount('constrainedArrayLike', 'the number of examples', count, 0)
  const examples = count || min
  if (examples < min || examples > max) {
    throw invalidMatcher('constrainedArrayLike', `${examples} examples were asked for, outside min ${min} and max ${max}`)
  }
  return { min, max, [MATCHER]: 'type', value: copies(template, examples) }
}

// ---- primitives ----

function boolean(example = true) {
  if (typeof example !== 'boolean') throw invalidMatcher('boolean', `the example must be true or false, got ${show(example)}`)
  return { [MATCHER]: 'type', value: example }
}

function string(example = 'some string') {
  requireString('string', example)
  return { [MATCHER]: 'type', value: example }
}

function integer(example) {
  if (example === undefined || example === null) {
    return { [GENERATOR]: 'RandomInt', [MATCHER]: 'integer', value: 101 }
  }
  if (!Number.isInteger(example)) {
    throw invalidMatcher('integer', `the example ${show(example)} is not an integer`)
  }
  return { [MATCHER]: 'integer', value: example }
}

function decimal(example) {
  if (example === undefined || example === null) {
    return { [GENERATOR]: 'RandomDecimal', [MATCHER]: 'decimal', value: 12.34 }
  }
  if (typeof example !== 'number' || !Number.isFinite(example)) {
    throw invalidMatcher('decimal', `the example ${show(example)} is not a finite number`)
  }
  return { [MATCHER]: 'decimal', value: example }
}

function number(example) {
  if (example === undefined || example === null) {
    return { [GENERATOR]: 'RandomInt', [MATCHER]: 'number', value: 1234 }
  }
  if (typeof example !== 'number' || !Number.isFinite(example)) {
    throw invalidMatcher('number', `the example ${show(example)} is not a finite number`)
  }
  return { [MATCHER]: 'number', value: example }
}

// ---- regular expressions and formats ----

function regex(pattern, example) {
  const source = pattern instanceof RegExp ? pattern.source : pattern
  if (typeof source !== 'string' || source === '') {
    throw invalidMatcher('regex', `the expression must be a RegExp or a non-empty string, got ${show(pattern)}`)
  }
  requireString('regex', example)
  checkRegexExample('regex', source, example, pattern instanceof RegExp && pattern.flags ? ` (the flags /${pattern.flags} are not written to the pact)` : '')
  return { [MATCHER]: 'regex', regex: source, value: example }
}

function checkRegexExample(name, source, example, note = '') {
  const compiled = formats.toJsRegex(source)
  if (compiled !== null && !compiled.test(example)) {
    throw invalidMatcher(name, `the example ${show(example)} does not match the regular expression ${show(source)}${note}`)
  }
}

/** A format matcher: pact-js's expression, its default example, and an extra check beyond the expression. */
function formatMatcher(name, pattern, defaultExample, example, extraCheck) {
  const value = example || defaultExample
  requireString(name, value)
  checkRegexExample(name, pattern, value)
  const problem = extraCheck && extraCheck(value)
  if (problem) throw invalidMatcher(name, `the example ${show(value)} ${problem}`)
  return { [MATCHER]: 'regex', regex: pattern, value }
}

function ipv4Problem(value) {
  const parts = value.split('.')
  if (parts.length !== 4) return 'does not have four parts'
  if (parts.some((part) => Number(part) > 255)) return 'has a part greater than 255'
  return null
}

/** Month 1-12, the day existing in its month, hour 0-23: what the format expressions let through. */
function dateTimeFieldsProblem(value) {
  const match = /^([+-]?\d{4})-(\d{2})(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value)
  if (!match) return null
  const [, year, month, day, hour, minute, second] = match.map((part) => (part === undefined ? undefined : Number(part)))
  if (month < 1 || month > 12) return `has month ${match[2]}`
  if (day !== undefined && (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())) return `has day ${match[3]}, which ${match[1]}-${match[2]} does not have`
  if (hour !== undefined && hour > 23) return `has hour ${match[4]}`
  if (minute !== undefined && minute > 59) return `has minute ${match[5]}`
  if (second !== undefined && second > 59) return `has second ${match[6]}`
  return null
}

const email = (address) => formatMatcher('email', formats.EMAIL_FORMAT, 'hello@pact.io', address)
const ipv4Address = (ip) => formatMatcher('ipv4Address', formats.IPV4_FORMAT, '127.0.0.13', ip, ipv4Problem)
const ipv6Address = (ip) => formatMatcher('ipv6Address', formats.IPV6_FORMAT, '::ffff:192.0.2.128', ip)
const iso8601DateTime = (value) =>
  formatMatcher('iso8601DateTime', formats.ISO8601_DATETIME_FORMAT, '2015-08-06T16:53:10+01:00', value, dateTimeFieldsProblem)
const iso8601DateTimeWithMillis = (value) =>
  formatMatcher('iso8601DateTimeWithMillis', formats.ISO8601_DATETIME_WITH_MILLIS_FORMAT, '2015-08-06T16:53:10.123+01:00', value, dateTimeFieldsProblem)
const iso8601Date = (value) => formatMatcher('iso8601Date', formats.ISO8601_DATE_FORMAT, '2013-02-01', value, dateTimeFieldsProblem)
const iso8601Time = (value) => formatMatcher('iso8601Time', formats.ISO8601_TIME_FORMAT, 'T22:44:30.652Z', value, timeProblem)
const rfc1123Timestamp = (value) =>
  formatMatcher('rfc1123Timestamp', formats.RFC1123_TIMESTAMP_FORMAT, 'Mon, 31 Oct 2016 15:21:41 -0400', value, (text) =>
    fitsDateTimeFormat('EEE, dd MMM yyyy HH:mm:ss Z', text) === false ? 'is not a real date and time' : null,
  )
const hexadecimal = (value) => formatMatcher('hexadecimal', formats.HEX_FORMAT, '3F', value)

function timeProblem(value) {
  const match = /^T(\d\d):(\d\d)(?::(\d\d))?/.exec(value)
  if (!match) return null
  if (Number(match[1]) > 23) return `has hour ${match[1]}`
  if (Number(match[2]) > 59) return `has minute ${match[2]}`
  if (match[3] !== undefined && Number(match[3]) > 59) return `has second ${match[3]}`
  return null
}

const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

function uuid(example) {
  if (example) {
    requireString('uuid', example)
    if (!new RegExp(`^${UUID_PATTERN}$`).test(example)) {
      throw invalidMatcher('uuid', `the example ${show(example)} is not a lower-case UUID (${UUID_PATTERN})`)
    }
    return { [MATCHER]: 'regex', regex: UUID_PATTERN, value: example }
  }
  return { [MATCHER]: 'regex', regex: UUID_PATTERN, [GENERATOR]: 'Uuid', value: 'e2490de5-5bd3-43d5-b7c4-526e33f71304' }
}

// ---- dates and times (Java DateTimeFormatter patterns) ----

function dateTimeMatcher(name, matcherType, format, example) {
  if (typeof format !== 'string' || format === '') throw invalidMatcher(name, `the format must be a non-empty string, got ${show(format)}`)
  if (!example) throw invalidMatcher(name, `needs an example that fits the format ${show(format)}`)
  requireString(name, example)
  if (fitsDateTimeFormat(format, example) === false) {
    throw invalidMatcher(name, `the example ${show(example)} does not fit the format ${show(format)}`)
  }
  return { [MATCHER]: matcherType, format, value: example }
}

const datetime = (format, example) => dateTimeMatcher('datetime', 'timestamp', format, example)
const timestamp = (format, example) => dateTimeMatcher('timestamp', 'timestamp', format, example)
const date = (format, example) => dateTimeMatcher('date', 'date', format, example)
const time = (format, example) => dateTimeMatcher('time', 'time', format, example)

// ---- other values ----

function includes(value) {
  requireString('includes', value)
  return { [MATCHER]: 'include', value }
}

const nullValue = () => ({ [MATCHER]: 'null', value: null })

function equal(value) {
  requireTemplate('equal', value)
  return { [MATCHER]: 'equality', value }
}

function contentType(value) {
  requireString('contentType', value)
  if (!/^[\w.+*-]+\/[\w.+*-]+/.test(value)) throw invalidMatcher('contentType', `the example ${show(value)} is not a content type such as 'image/png'`)
  return { [MATCHER]: 'contentType', value }
}

function fromProviderState(expression, exampleValue) {
  if (typeof expression !== 'string' || expression === '') {
    throw invalidMatcher('fromProviderState', `the expression must be a non-empty string, got ${show(expression)}`)
  }
  requireTemplate('fromProviderState', exampleValue)
  return { [MATCHER]: 'type', [GENERATOR]: 'ProviderState', expression, value: exampleValue }
}

function matchStatus(example, status) {
  if (!Number.isInteger(example) || example < 100 || example > 599) {
    throw invalidMatcher('matchStatus', `the example ${show(example)} is not an HTTP status code (100-599)`)
  }
  if (Array.isArray(status)) {
    if (status.length === 0 || !status.every((code) => Number.isInteger(code))) {
      throw invalidMatcher('matchStatus', `the allowed statuses must be a non-empty list of integers, got ${show(status)}`)
    }
    if (!status.includes(example)) throw invalidMatcher('matchStatus', `the example ${example} is not one of ${show(status)}`)
  } else {
    const range = STATUS_CLASSES[status]
    if (!range) {
      throw invalidMatcher('matchStatus', `${show(status)} is not an HTTPResponseStatusClass (${Object.keys(STATUS_CLASSES).join(', ')}) nor a list of codes`)
    }
    if (example < range[0] || example > range[1]) {
      throw invalidMatcher('matchStatus', `the example ${example} is not in the class ${status} (${range[0]}-${range[1]})`)
    }
  }
  return { [MATCHER]: 'statusCode', status, value: example }
}

// ---- URLs ----

function url2(basePath, pathFragments) {
  if (!Array.isArray(pathFragments)) throw invalidMatcher('url', `the path fragments must be an array, got ${show(pathFragments)}`)
  const pieces = pathFragments.map((fragment) => {
    if (fragment instanceof RegExp) {
      const example = exampleFromRegex(fragment.source)
      checkRegexExample('url', `^(?:${fragment.source})$`, example, ': give this fragment as regex(expression, example) instead')
      return { source: fragment.source, example }
    }
    if (fragment !== null && typeof fragment === 'object' && fragment[MATCHER] === 'regex') {
      return { source: fragment.regex, example: fragment.value }
    }
    if (typeof fragment !== 'string' && typeof fragment !== 'number') {
      throw invalidMatcher('url', `a path fragment must be a string, a RegExp or a regex matcher, got ${show(fragment)}`)
    }
    return { source: String(fragment), example: String(fragment) }
  })
  const expression = `.*(${pieces.map((piece) => `\\/${piece.source}`).join('')})$`
  const example = [basePath || 'http://localhost:8080', ...pieces.map((piece) => `/${piece.example}`)].join('')
  checkRegexExample('url', expression, example)
  if (basePath == null) {
    return { [MATCHER]: 'regex', [GENERATOR]: 'MockServerURL', regex: expression, value: example, example }
  }
  return { [MATCHER]: 'regex', regex: expression, value: example }
}

const url = (pathFragments) => url2(null, pathFragments)

// ---- collections ----

function arrayContaining(...variants) {
  if (variants.length === 0) throw invalidMatcher('arrayContaining', 'needs at least one variant')
  variants.forEach((variant) => requireTemplate('arrayContaining', variant))
  return { [MATCHER]: 'arrayContains', variants }
}

function eachKeyLike(keyTemplate, template) {
  requireString('eachKeyLike', keyTemplate)
  requireTemplate('eachKeyLike', template)
  return { [MATCHER]: 'values', value: { [keyTemplate]: template } }
}

function requirePlainObject(name, example) {
  if (example === null || typeof example !== 'object' || Array.isArray(example)) {
    throw invalidMatcher(name, `the example must be an object, got ${show(example)}`)
  }
}

function ruleList(name, rules) {
  const list = Array.isArray(rules) ? rules : [rules]
  if (list.length === 0) throw invalidMatcher(name, 'needs at least one rule')
  for (const rule of list) {
    if (rule === null || typeof rule !== 'object' || typeof rule[MATCHER] !== 'string') {
      throw invalidMatcher(name, `each rule must be a matcher (like, regex, integer, ...), got ${show(rule)}`)
    }
  }
  return list
}

/** Why `value` breaks `rule`, for the rules whose check is plain; null when it fits or is not checked. */
function ruleProblem(rule, value) {
  switch (rule[MATCHER]) {
    case 'regex': {
      const compiled = formats.toJsRegex(rule.regex)
      return compiled && !compiled.test(String(value)) ? `does not match the regular expression ${show(rule.regex)}` : null
    }
    case 'integer':
      return Number.isInteger(value) ? null : 'is not an integer'
    case 'decimal':
    case 'number':
      return typeof value === 'number' ? null : 'is not a number'
    case 'type':
      return jsonKind(value) === jsonKind(rule.value) ? null : `is not of the type of ${show(rule.value)}`
    case 'include':
      return String(value).includes(rule.value) ? null : `does not include ${show(rule.value)}`
    case 'notEmpty':
      return isEmptyValue(value) ? 'is empty' : null
    default:
      return null
  }
}

const jsonKind = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)

function eachKeyMatches(example, matchers = like('key'), name = 'eachKeyMatches') {
  requirePlainObject(name, example)
  const rules = ruleList(name, matchers)
  for (const key of Object.keys(example)) {
    for (const rule of rules) {
      const problem = ruleProblem(rule, key)
      if (problem) throw invalidMatcher(name, `the key ${show(key)} of the example ${problem}`)
    }
  }
  return { [MATCHER]: 'eachKey', rules, value: example }
}

function eachValueMatches(example, matchers, name = 'eachValueMatches') {
  requirePlainObject(name, example)
  requireTemplate(name, example)
  const rules = ruleList(name, matchers)
  for (const [key, value] of Object.entries(example)) {
    for (const rule of rules) {
      const problem = ruleProblem(rule, value)
      if (problem) throw invalidMatcher(name, `the value ${show(value)} at ${show(key)} ${problem}`)
    }
  }
  return { [MATCHER]: 'eachValue', rules, value: example }
}

// ---- V4 rules pact-js has no helper for ----

const isEmptyValue = (value) =>
  value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)

function notEmpty(example) {
  requireTemplate('notEmpty', example)
  if (isEmptyValue(example)) throw invalidMatcher('notEmpty', `the example ${show(example)} is empty`)
  return { [MATCHER]: 'notEmpty', value: example }
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

function semver(example = '1.0.0') {
  requireString('semver', example)
  if (!SEMVER.test(example)) throw invalidMatcher('semver', `the example ${show(example)} is not a semantic version such as '1.2.3'`)
  return { [MATCHER]: 'semver', value: example }
}

/** Object keys must all match every rule (several rules allowed). */
const eachKey = (example, rules) => eachKeyMatches(example, rules, 'eachKey')
/** Object values must all match every rule (several rules allowed). */
const eachValue = (example, rules) => eachValueMatches(example, rules, 'eachValue')

/** How many entries the array or object example has (null: neither). */
function sizeOf(example) {
  if (Array.isArray(example)) return example.length
  if (example !== null && typeof example === 'object') return Object.keys(example).length
  return null
}

function sizedType(name, example, min, max) {
  requireTemplate(name, example)
  const size = sizeOf(example)
  if (size === null) throw invalidMatcher(name, `the example must be an array or an object, got ${show(example)}`)
  if (min !== undefined) requireCount(name, 'min', min, 0)
  if (max !== undefined) requireCount(name, 'max', max, 0)
  if (min !== undefined && max !== undefined && min > max) throw invalidMatcher(name, `min (${min}) is greater than max (${max})`)
  if (min !== undefined && size < min) throw invalidMatcher(name, `the example ${show(example)} has ${size} entries, fewer than min ${min}`)
  if (max !== undefined && size > max) throw invalidMatcher(name, `the example ${show(example)} has ${size} entries, more than max ${max}`)
  const matcher = { [MATCHER]: 'type', value: example }
  if (min !== undefined) matcher.min = min
  if (max !== undefined) matcher.max = max
  return matcher
}

/** Same type, and at least `min` entries (array items or object keys). */
const minType = (example, min) => sizedType('minType', example, min, undefined)
/** Same type, and at most `max` entries (array items or object keys). */
const maxType = (example, max) => sizedType('maxType', example, undefined, max)
/** Same type, and between `min` and `max` entries (array items or object keys). */
const minMaxType = (example, min, max) => sizedType('minMaxType', example, min, max)

// ---- examples ----

/** The example a template stands for: every matcher replaced by its example, recursively. */
function reify(input) {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    if (input[MATCHER] === 'arrayContains' && Array.isArray(input.variants)) return input.variants.map(reify)
    if (isMatcher(input)) return reify(input.value)
    if (typeof input.toJSON === 'function') return reify(input.toJSON())
    if (typeof input.getValue === 'function' && input[MATCHER] !== undefined) return reify(input.getValue())
    const out = {}
    for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = reify(value)
    return out
  }
  if (Array.isArray(input)) return input.map(reify)
  if (input === null || typeof input === 'number' || typeof input === 'string' || typeof input === 'boolean') return input
  throw invalidMatcher('reify', `cannot take the example of ${show(input)}: a pact holds JSON values only`)
}

module.exports = {
  // format expressions and helpers pact-js exports beside its matchers
  ...formats,
  HTTPResponseStatusClass,
  SpecificationVersion,
  isMatcher,
  isStatusCodeMatcher,
  matcherValueOrString,
  // V3 matchers
  like,
  eachLike,
  atLeastOneLike,
  atLeastLike,
  atMostLike,
  constrainedArrayLike,
  boolean,
  string,
  integer,
  decimal,
  number,
  regex,
  email,
  uuid,
  ipv4Address,
  ipv6Address,
  hexadecimal,
  iso8601DateTime,
  iso8601DateTimeWithMillis,
  iso8601Date,
  iso8601Time,
  rfc1123Timestamp,
  datetime,
  timestamp,
  date,
  time,
  includes,
  nullValue,
  equal,
  url,
  url2,
  arrayContaining,
  eachKeyLike,
  eachKeyMatches,
  eachValueMatches,
  fromProviderState,
  matchStatus,
  contentType,
  reify,
  extractPayload: reify,
  // V4 rules
  notEmpty,
  semver,
  eachKey,
  eachValue,
  minType,
  maxType,
  minMaxType,
}
delete module.exports.toJsRegex
