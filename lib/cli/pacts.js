'use strict'
// Which pact files the arguments name, and reading one: a directory means every *.json in it.

const fs = require('node:fs')
const path = require('node:path')
const { UsageError } = require('./args')

function pactFiles(args) {
  if (args.length === 0) throw new UsageError('give at least one pact file or directory')
  const files = []
  for (const arg of args) {
    let stat
    try {
      stat = fs.statSync(arg)
    } catch {
      throw new UsageError(`the pact file ${arg} does not exist`)
    }
    if (stat.isDirectory()) {
      const found = fs
        .readdirSync(arg)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => path.join(arg, name))
      if (found.length === 0) throw new UsageError(`the directory ${arg} holds no *.json pact file`)
      files.push(...found)
    } else {
      files.push(arg)
    }
  }
  return files
}

/** The parsed pact; a file that cannot be read or parsed is an error that says which and why. */
function readPact(file) {
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`the pact file ${file} cannot be read: ${error.message}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`the pact file ${file} is not valid JSON: ${error.message}`)
  }
}

/** The response status of each interaction description, for the request lines. */
function statusByDescription(pact) {
  const statuses = new Map()
  for (const interaction of Array.isArray(pact?.interactions) ? pact.interactions : []) {
    if (interaction && typeof interaction.description === 'string') {
      statuses.set(interaction.description, interaction.response?.status ?? 200)
    }
  }
  return statuses
}

module.exports = { pactFiles, readPact, statusByDescription }
