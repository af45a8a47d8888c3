'use strict'
// Checks that an example fits a date/time format written as Pact writes them: the pattern language
// of Java's DateTimeFormatter (yyyy-MM-dd'T'HH:mm:ss.SSSX, EEE, dd MMM yyyy HH:mm:ss Z, ...). The
// pattern becomes a regular expression, and the captured fields are range-checked (month 1-12,
// hour 0-23, the day existing in its month, ...), so "2020-02-30" does not fit yyyy-MM-dd.

const SHORT_MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec'
const LONG_MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December'
const SHORT_DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun'
const LONG_DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday'
const MONTH_NAMES = [...SHORT_MONTHS.split('|'), ...LONG_MONTHS.split('|')]

/** One or two digits when the letter is single, exactly `count` digits otherwise. */
const digits = (count) => (count === 1 ? '\\d{1,2}' : `\\d{${count}}`)

/**
 * The regular expression for a run of `count` pattern letters, and the range its captured value
 * must lie in (null: no range check, or no capture). Undefined: a letter this checker does not know.
 */
function field(letter, count) {
  const ranged = (source, min, max, role) => ({ source: `(${source})`, range: [min, max], role })
  switch (letter) {
    case 'G':
      return { source: count === 4 ? '(?:Anno Domini|Before Christ)' : count === 5 ? '[AB]' : '(?:AD|BC)' }
    case 'u':
    case 'y':
    case 'Y': {
      const sign = letter === 'u' ? '[+-]?' : ''
      if (count === 2) return { source: '(\\d{2})', role: 'year2' }
      return { source: `(${sign}\\d{${count === 1 ? 1 : count},})`, role: 'year' }
    }
    case 'Q':
    case 'q':
      if (count <= 2) return ranged(digits(count), 1, 4)
      if (count === 3) return { source: 'Q[1-4]' }
      if (count === 4) return { source: '[1-4](?:st|nd|rd|th) quarter' }
      return { source: '[1-4]' }
    case 'M':
    case 'L':
      if (count <= 2) return ranged(digits(count), 1, 12, 'month')
      if (count === 3) return { source: `(${SHORT_MONTHS})`, role: 'monthName' }
      if (count === 4) return { source: `(${LONG_MONTHS})`, role: 'monthName' }
      return { source: '[JFMASOND]' }
    case 'w':
      return ranged(digits(Math.min(count, 2)), 1, 53)
    case 'W':
    case 'F':
      return ranged('\\d', 0, 6)
    case 'E':
      return { source: count === 4 ? `(?:${LONG_DAYS})` : count === 5 ? '[MTWFS]' : `(?:${SHORT_DAYS})` }
    case 'e':
    case 'c':
      if (count <= 2) return ranged(count === 1 ? '\\d' : '\\d{2}', 1, 7)
      return { source: count === 4 ? `(?:${LONG_DAYS})` : count === 5 ? '[MTWFS]' : `(?:${SHORT_DAYS})` }
    case 'd':
      return ranged(digits(Math.min(count, 2)), 1, 31, 'day')
    case 'D':
      return ranged(count === 1 ? '\\d{1,3}' : count === 2 ? '\\d{2,3}' : '\\d{3}', 1, 366)
    case 'a':
      return { source: '(?:AM|PM|am|pm)' }
    case 'h':
      return ranged(digits(Math.min(count, 2)), 1, 12)
    case 'K':
      return ranged(digits(Math.min(count, 2)), 0, 11)
    case 'k':
      return ranged(digits(Math.min(count, 2)), 1, 24)
    case 'H':
      return ranged(digits(Math.min(count, 2)), 0, 23)
    case 'm':
      return ranged(digits(Math.min(count, 2)), 0, 59)
    case 's':
      return ranged(digits(Math.min(count, 2)), 0, 59)
    case 'S':
      return { source: `\\d{${count}}` }
    case 'n':
    case 'N':
    case 'A':
      return { source: '\\d+' }
    case 'V':
      return { source: '(?:[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*|Z|[+-]\\d{2}:?\\d{2})' }
    case 'z':
    case 'v':
      return { source: '[A-Za-z][A-Za-z0-9+:_/-]*' }
    case 'O':
      return { source: count === 4 ? 'GMT(?:[+-]\\d{2}:\\d{2})?' : 'GMT(?:[+-]\\d{1,2}(?::\\d{2})?)?' }
    case 'X':
    case 'x': {
      const offsets = ['[+-]\\d{2}(?:\\d{2})?', '[+-]\\d{4}', '[+-]\\d{2}:\\d{2}', '[+-]\\d{4}(?:\\d{2})?', '[+-]\\d{2}:\\d{2}(?::\\d{2})?']
      const offset = offsets[Math.min(count, 5) - 1]
      return { source: letter === 'X' ? `(?:Z|${offset})` : offset }
    }
    case 'Z':
      if (count <= 3) return { source: '[+-]\\d{4}' }
      if (count === 4) return { source: 'GMT(?:[+-]\\d{2}:\\d{2})?' }
      return { source: '(?:Z|[+-]\\d{2}:\\d{2})' }
    default:
      return undefined
  }
}

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

const cache = new Map()

/** The compiled form of a pattern: { regex, fields } or null when it uses letters not known here. */
function compile(pattern) {
  if (cache.has(pattern)) return cache.get(pattern)
  let source = ''
  const fields = []
  let open = 0
  let index = 0
  while (index < pattern.length) {
    const char = pattern[index]
    if (char === "'") {
      const end = pattern.indexOf("'", index + 1)
      if (end === index + 1) {
        source += "'"
        index += 2
        continue
      }
      if (end < 0) return remember(pattern, null)
      source += escapeRegex(pattern.slice(index + 1, end).replace(/''/g, "'"))
      index = end + 1
      continue
    }
    if (char === '[') {
      source += '(?:'
      open += 1
      index += 1
      continue
    }
    if (char === ']') {
      if (open === 0) return remember(pattern, null)
      source += ')?'
      open -= 1
      index += 1
      continue
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1
      while (pattern[index + count] === char) count += 1
      const spec = field(char, count)
      if (spec === undefined) return remember(pattern, null)
      source += spec.source
      if (spec.source.startsWith('(') && !spec.source.startsWith('(?:')) fields.push(spec)
      index += count
      continue
    }
    source += escapeRegex(char)
    index += 1
  }
  while (open-- > 0) source += ')?'
  return remember(pattern, { regex: new RegExp(`^${source}$`), fields })
}

function remember(pattern, compiled) {
  cache.set(pattern, compiled)
  return compiled
}

/**
 * Whether `example` fits the Java DateTimeFormatter `pattern`: true, false, or undefined when the
 * pattern uses letters this checker does not know (then nothing is claimed).
 */
function fitsDateTimeFormat(pattern, example) {
  const compiled = compile(pattern)
  if (compiled === null) return undefined
  const match = compiled.regex.exec(example)
  if (!match) return false
  let year
  let month
  let day
  for (const [position, spec] of compiled.fields.entries()) {
    const text = match[position + 1]
    if (text === undefined) continue
    if (spec.range) {
      const value = Number(text)
      if (value < spec.range[0] || value > spec.range[1]) return false
    }
    if (spec.role === 'year') year = Number(text)
    if (spec.role === 'year2') year = 2000 + Number(text)
    if (spec.role === 'month') month = Number(text)
    if (spec.role === 'monthName') month = (MONTH_NAMES.indexOf(text) % 12) + 1
    if (spec.role === 'day') day = Number(text)
  }
  if (month !== undefined && day !== undefined) {
    // Without a year, February may have 29 days.
    const daysInMonth = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate()
    if (day > daysInMonth) return false
  }
  return true
}

module.exports = { fitsDateTimeFormat }
