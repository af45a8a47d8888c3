'use strict'
// A deterministic example string for a simple regular expression, for `url`'s RegExp path
// fragments: literals, escapes (\d \w \s ...), classes, groups, alternation (the first branch) and
// quantifiers (the least count, at least one). The caller checks the result against the
// expression, so a construct handled badly here is reported, never written.

const ESCAPES = { d: '1', D: 'a', w: 'a', W: '-', s: ' ', S: 'a', t: '\t', n: '\n', r: '\r' }

function exampleFromRegex(source) {
  let index = 0

  function alternation() {
    const first = sequence()
    while (source[index] === '|') {
      index += 1
      sequence()
    }
    return first
  }

  function sequence() {
    let out = ''
    while (index < source.length && source[index] !== '|' && source[index] !== ')') {
      const text = atom()
      out += repeat(text)
    }
    return out
  }

  function repeat(text) {
    const char = source[index]
    let times = 1
    if (char === '*' || char === '+' || char === '?') {
      index += 1
    } else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index))
      if (match) {
        index += match[0].length
        times = Math.max(Number(match[1]), 1)
        if (match[3] !== undefined && match[3] !== '') times = Math.min(times, Number(match[3]))
      }
    } else {
      return text
    }
    if (source[index] === '?' || source[index] === '+') index += 1 // lazy or possessive
    return text.repeat(times)
  }

  function atom() {
    const char = source[index]
    if (char === '(') {
      index += 1
      if (source[index] === '?') {
        const named = /^\?(?::|<[A-Za-z_][A-Za-z0-9_]*>|P<[A-Za-z_][A-Za-z0-9_]*>|=|!|<=|<!)/.exec(source.slice(index))
        if (named) index += named[0].length
        if (named && /^\?(=|!|<=|<!)/.test(named[0])) {
          alternation()
          index += 1
          return ''
        }
      }
      const inner = alternation()
      index += 1 // ')'
      return inner
    }
    if (char === '[') return charClass()
    if (char === '\\') {
      const next = source[index + 1]
      index += 2
      if (next === 'b' || next === 'B' || next === 'A' || next === 'z' || next === 'Z') return ''
      if (next in ESCAPES) return ESCAPES[next]
      return next
    }
    index += 1
    if (char === '^' || char === '$') return ''
    if (char === '.') return 'a'
    return char
  }

  function charClass() {
    const end = findClassEnd()
    const body = source.slice(index + 1, end)
    index = end + 1
    const negated = body.startsWith('^')
    const members = negated ? body.slice(1) : body
    if (!negated) {
      if (members.startsWith('\\')) return ESCAPES[members[1]] ?? members[1]
      return members[0] ?? ''
    }
    const excluded = new RegExp(`[${body}]`)
    for (const candidate of ['a', 'x', '1', '-', '_']) if (excluded.test(candidate)) return candidate
    return 'a'
  }

  function findClassEnd() {
    let position = index + 1
    if (source[position] === '^') position += 1
    if (source[position] === ']') position += 1
    while (position < source.length && source[position] !== ']') {
      position += source[position] === '\\' ? 2 : 1
    }
    return position
  }

  return alternation()
}

module.exports = { exampleFromRegex }
