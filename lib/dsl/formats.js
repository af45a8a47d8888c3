'use strict'
// The regular expressions pact-js's format matchers use (facts of its matcher JSON, which this
// package must write identically), and the example check shared by the V2 and V3 matchers.

const EMAIL_FORMAT = '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,}$'
const ISO8601_DATE_FORMAT =
  '^([\\+-]?\\d{4}(?!\\d{2}\\b))((-?)((0[1-9]|1[0-2])(\\3([12]\\d|0[1-9]|3[01]))?|W([0-4]\\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\\d|[12]\\d{2}|3([0-5]\\d|6[1-6])))?)$'
const ISO8601_DATETIME_FORMAT = '^\\d{4}-[01]\\d-[0-3]\\dT[0-2]\\d:[0-5]\\d:[0-5]\\d([+-][0-2]\\d:[0-5]\\d|Z)$'
const ISO8601_DATETIME_WITH_MILLIS_FORMAT =
  '^\\d{4}-[01]\\d-[0-3]\\dT[0-2]\\d:[0-5]\\d:[0-5]\\d\\.\\d+([+-][0-2]\\d(:?[0-5]\\d)?|Z)$'
const ISO8601_TIME_FORMAT = '^(T\\d\\d:\\d\\d(:\\d\\d)?(\\.\\d+)?(([+-]\\d\\d:\\d\\d)|Z)?)?$'
const RFC1123_TIMESTAMP_FORMAT =
  '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\\s\\d{2}\\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\s(\\+|-)\\d{4}$'
const UUID_V4_FORMAT = '^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$'
const IPV4_FORMAT = '^(\\d{1,3}\\.)+\\d{1,3}$'
const IPV6_FORMAT =
  '^(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))$'
const HEX_FORMAT = '^[0-9a-fA-F]+$'

/**
 * A JavaScript RegExp for a Pact (Rust `regex` crate) expression, or null when it uses syntax
 * JavaScript lacks; then no example check is made here and the engine judges the expression.
 */
function toJsRegex(pattern) {
  let source = String(pattern)
  let flags = ''
  const inline = /^\(\?([imsx]+)\)/.exec(source)
  if (inline) {
    source = source.slice(inline[0].length)
    if (inline[1].includes('x')) return null
    flags = [...new Set(inline[1])].join('')
  }
  source = source.replace(/\\A/g, '^').replace(/\\z/g, '$').replace(/\(\?P</g, '(?<')
  try {
    return new RegExp(source, flags + 'u')
  } catch {
    try {
      return new RegExp(source, flags)
    } catch {
      return null
    }
  }
}

/** Whether `example` matches the Pact expression (Pact matches anywhere in the value, as `test` does). */
function validateExample(example, pattern) {
  const regex = toJsRegex(pattern)
  return regex === null ? true : regex.test(String(example))
}

module.exports = {
  EMAIL_FORMAT,
  HEX_FORMAT,
  IPV4_FORMAT,
  IPV6_FORMAT,
  ISO8601_DATE_FORMAT,
  ISO8601_DATETIME_FORMAT,
  ISO8601_DATETIME_WITH_MILLIS_FORMAT,
  ISO8601_TIME_FORMAT,
  RFC1123_TIMESTAMP_FORMAT,
  UUID_V4_FORMAT,
  toJsRegex,
  validateExample,
}
