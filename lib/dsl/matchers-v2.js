'use strict'
// Matchers V2 (`MatchersV2`): pact-js's older matcher set. The same matcher JSON as V3 (a V2 pact
// can hold type and regex rules), plus pact-js's `getValue()`, which JSON leaves out.

const formats = require('./formats')
const { invalidMatcher, show } = require('./errors')
const v3 = require('./matchers')

const MATCHER = 'pact:matcher:type'

/** A V2 matcher is recognised by its getValue function, as in pact-js. */
const isMatcher = (value) => value != null && typeof value.getValue === 'function'

function withGetValue(matcher) {
  Object.defineProperty(matcher, 'getValue', { value: () => matcher.value, enumerable: true })
  return matcher
}

function somethingLike(value) {
  if (value === undefined || value === null || typeof value === 'function') {
    throw invalidMatcher('somethingLike', `the example cannot be a function, null or undefined, got ${show(value)}`)
  }
  return withGetValue({ value, [MATCHER]: 'type' })
}

function eachLike(template, opts) {
  if (template === undefined) throw invalidMatcher('eachLike', 'needs an example (a template), got undefined')
  if (opts !== undefined && opts !== null && (typeof opts !== 'object' || !Number.isInteger(opts.min) || opts.min < 1)) {
    throw invalidMatcher('eachLike', `opts.min must be an integer of at least 1, got ${show(opts && opts.min)}`)
  }
  const min = opts && opts.min !== undefined ? opts.min : 1
  return withGetValue({ value: Array.from({ length: min }, () => template), [MATCHER]: 'type', min })
}

function term(opts) {
  const { generate, matcher } = opts || {}
  if (generate === undefined || generate === null || matcher === undefined || matcher === null) {
    throw invalidMatcher('term', 'needs an object with "generate" (the example) and "matcher" (the regular expression)')
  }
  const source = matcher instanceof RegExp ? matcher.source : String(matcher)
  const compiled = formats.toJsRegex(source)
  if (compiled !== null && !compiled.test(String(generate))) {
    throw invalidMatcher('term', `the example ${show(generate)} does not match the regular expression ${show(source)}`)
  }
  return withGetValue({ value: generate, regex: source, [MATCHER]: 'regex' })
}

/** The V2 format matchers: the V3 checks (fields in range, ...) on pact-js's V2 defaults. */
function formatTerm(v3Matcher, defaultExample, pattern) {
  return (example) => {
    const checked = v3Matcher(example || defaultExample)
    return term({ generate: checked.value, matcher: pattern ?? checked.regex })
  }
}

const email = formatTerm(v3.email, 'hello@pact.io')
const ipv4Address = formatTerm(v3.ipv4Address, '127.0.0.13')
const ipv6Address = formatTerm(v3.ipv6Address, '::ffff:192.0.2.128')
const iso8601DateTime = formatTerm(v3.iso8601DateTime, '2015-08-06T16:53:10+01:00')
const iso8601DateTimeWithMillis = formatTerm(v3.iso8601DateTimeWithMillis, '2015-08-06T16:53:10.123+01:00')
const iso8601Date = formatTerm(v3.iso8601Date, '2013-02-01')
const iso8601Time = formatTerm(v3.iso8601Time, 'T22:44:30.652Z')
const rfc1123Timestamp = formatTerm(v3.rfc1123Timestamp, 'Mon, 31 Oct 2016 15:21:41 -0400')
const hexadecimal = formatTerm(v3.hexadecimal, '3F')

function uuid(id) {
  const value = id || 'ce118b6e-d8e1-11e7-9296-cec278b6b50a'
  if (typeof value !== 'string' || !new RegExp(formats.UUID_V4_FORMAT).test(value)) {
    throw invalidMatcher('uuid', `the example ${show(value)} is not a lower-case UUID (${formats.UUID_V4_FORMAT})`)
  }
  return term({ generate: value, matcher: formats.UUID_V4_FORMAT })
}

function typed(name, check, defaultExample) {
  return (example) => {
    const value = example === undefined || example === null ? defaultExample : example
    const problem = check(value)
    if (problem) throw invalidMatcher(name, `the example ${show(value)} ${problem}`)
    return somethingLike(value)
  }
}

const decimal = typed('decimal', (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'is not a finite number'), 13.01)
const integer = typed('integer', (v) => (Number.isInteger(v) ? null : 'is not an integer'), 13)
const boolean = typed('boolean', (v) => (typeof v === 'boolean' ? null : 'is not true or false'), true)
const string = typed('string', (v) => (typeof v === 'string' ? null : 'is not a string'), 'iloveorange')

module.exports = {
  ...formats,
  isMatcher,
  matcherValueOrString: v3.matcherValueOrString,
  eachLike,
  somethingLike,
  like: somethingLike,
  term,
  regex: term,
  email,
  uuid,
  ipv4Address,
  ipv6Address,
  iso8601DateTime,
  iso8601DateTimeWithMillis,
  iso8601Date,
  iso8601Time,
  rfc1123Timestamp,
  hexadecimal,
  decimal,
  integer,
  boolean,
  string,
  extractPayload: v3.reify,
}
delete module.exports.toJsRegex
