'use strict'
// Errors of the DSL: plain Errors (TypeErrors for wrong types) with the package's stable `code`s.

/** An Error with a `code`; `Type` is Error or TypeError. */
function codedError(code, message, Type = Error) {
  const error = new Type(message)
  error.code = code
  return error
}

/** A matcher whose own example (or arguments) breaks it. */
function invalidMatcher(matcher, message) {
  return codedError('ERR_INVALID_MATCHER', `${matcher}: ${message}`)
}

/** An option, argument or builder call that cannot be used. */
function invalidOption(message, Type = TypeError) {
  return codedError('ERR_INVALID_OPTION', message, Type)
}

/** A value as a message shows it: strings quoted, the rest as JSON (or String() when not JSON). */
function show(value) {
  if (typeof value === 'string') return `'${value}'`
  if (value === undefined) return 'undefined'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number') return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

module.exports = { codedError, invalidMatcher, invalidOption, show }
