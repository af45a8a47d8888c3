'use strict'
// pact-js's GraphQL helpers: a GraphQL query or mutation is an HTTP POST whose JSON body holds
// operationName, the query (a regex matcher that ignores whitespace differences) and variables.
// V2's GraphQLInteraction and ApolloGraphQLInteraction, V3's GraphQLPactV3, V4's addGraphQLInteraction.

const { Interaction } = require('./v2')
const { PactV3 } = require('./v3')
const json = require('./pact-json')
const v4 = require('./v4')
const matchersV2 = require('./matchers-v2')
const matchersV3 = require('./matchers')
const { show } = require('./errors')

const OperationType = Object.freeze({ Mutation: 'Mutation', Query: 'Query' })

class ConfigurationError extends Error {
  constructor(message) {
    super(message)
    this.name = 'ConfigurationError'
    this.code = 'ERR_INVALID_OPTION'
  }
}

class GraphQLQueryError extends Error {
  constructor(message) {
    super(message)
    this.name = 'GraphQLQueryError'
    this.code = 'ERR_INVALID_OPTION'
  }
}

const escapeSpace = (text) => text.replace(/\s+/g, '\\s*')
const escapeRegexChars = (text) => text.replace(/[-[\]/{}()*+?.\\^$|]/g, '\\$&')
/** The regular expression a query is matched with: itself, literally, with any whitespace anywhere it has some. */
const escapeGraphQlQuery = (text) => escapeSpace(escapeRegexChars(text))

/**
 * The query as text, after a syntax check: an operation or fragment whose brackets balance
 * (outside strings and comments). A parsed document (graphql's DocumentNode) is printed with the
 * `graphql` package when it is installed.
 */
function validateQuery(query, type) {
  const label = type === OperationType.Mutation ? 'mutation' : 'query'
  if (!query) throw new ConfigurationError(`You must provide a GraphQL ${label}.`)
  if (typeof query !== 'string') {
    if (query && query.kind === 'Document') {
      let graphql
      try {
        graphql = require('graphql')
      } catch {
        throw new ConfigurationError(`A parsed GraphQL ${label} needs the graphql package to print it; install it or pass the ${label} as text.`)
      }
      return graphql.print(query)
    }
    throw new ConfigurationError('You must provide a either a string or parsed GraphQL.')
  }
  const problem = syntaxProblem(query)
  if (problem) throw new GraphQLQueryError(`GraphQL ${label} is invalid: ${problem}`)
  return query
}

function syntaxProblem(text) {
  const body = text.replace(/#[^\n]*/g, '').trim()
  if (!/^(?:\{|(?:query|mutation|subscription|fragment)\b)/.test(body)) {
    return `it must start with '{', query, mutation, subscription or fragment, got ${show(body.slice(0, 20))}`
  }
  const closing = { '{': '}', '(': ')', '[': ']' }
  const stack = []
  let inString = false
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]
    if (inString) {
      if (char === '\\') index += 1
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') inString = true
    else if (closing[char]) stack.push(closing[char])
    else if (char === '}' || char === ')' || char === ']') {
      if (stack.pop() !== char) return `unexpected ${show(char)} at character ${index + 1}`
    }
  }
  if (inString) return 'a string is not closed'
  if (stack.length > 0) return `expected ${show(stack[stack.length - 1])} before the end`
  if (!body.includes('{')) return 'it has no selection set ({ ... })'
  return null
}

/** The JSON body of a GraphQL request; `regex` is the matcher set's regex (V2 term or V3 regex). */
function graphQLBody(operation, query, variables, regex) {
  const body = {}
  if (operation !== undefined) body.operationName = operation
  body.query = regex(query)
  if (variables !== undefined) body.variables = variables
  return body
}

const v2Regex = (query) => matchersV2.term({ generate: query, matcher: escapeGraphQlQuery(query) })
const v3Regex = (query) => matchersV3.regex(escapeGraphQlQuery(query), query)

/** V2: an Interaction whose request body is the GraphQL operation. */
class GraphQLInteraction extends Interaction {
  constructor() {
    super()
    this.operation = undefined
    this.variables = undefined
    this.query = undefined
  }

  withOperation(operation) {
    this.operation = operation
    return this
  }

  withVariables(variables) {
    this.variables = variables
    return this
  }

  withQuery(query) {
    this.query = validateQuery(query, OperationType.Query)
    return this
  }

  withMutation(mutation) {
    this.query = validateQuery(mutation, OperationType.Mutation)
    return this
  }

  json() {
    super.json()
    if (this.query === undefined) throw new ConfigurationError('You must provide a GraphQL query.')
    this.state.request = {
      body: graphQLBody(this.operation, this.query, this.variables, v2Regex),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
      ...this.state.request,
    }
    return this.state
  }
}

/** As GraphQLInteraction, with Apollo's defaults: variables {} and operationName null. */
class ApolloGraphQLInteraction extends GraphQLInteraction {
  constructor() {
    super()
    this.variables = {}
    this.operation = null
  }
}

/** V3: PactV3 for GraphQL operations only. */
class GraphQLPactV3 extends PactV3 {
  constructor(options) {
    super(options)
    Object.defineProperty(this, '_graphql', { value: { operation: undefined, variables: undefined, query: undefined, request: undefined }, writable: true })
  }

  withOperation(operation) {
    this._graphql.operation = operation
    return this
  }

  withVariables(variables) {
    this._graphql.variables = variables
    return this
  }

  withQuery(query) {
    this._graphql.query = validateQuery(query, OperationType.Query)
    return this
  }

  withMutation(mutation) {
    this._graphql.query = validateQuery(mutation, OperationType.Mutation)
    return this
  }

  withRequest(request) {
    this._graphql.request = request
    return this
  }

  willRespondWith(response) {
    const { operation, variables, query, request } = this._graphql
    if (!query) throw new ConfigurationError('You must provide a GraphQL query.')
    if (!request) throw new ConfigurationError('You must provide a GraphQL request.')
    const contentType = request.contentType || 'application/json'
    super.withRequest({
      ...request,
      method: request.method || 'POST',
      contentType,
      headers: { 'Content-Type': contentType },
      body: graphQLBody(operation, query, variables, v3Regex),
    })
    super.willRespondWith(response)
    this._graphql = { operation: undefined, variables: undefined, query: undefined, request: undefined }
    return this
  }

  addInteraction() {
    throw new ConfigurationError('Only GraphQL Queries are allowed')
  }

  withRequestBinaryFile() {
    throw new ConfigurationError('Only GraphQL Queries are allowed')
  }

  withRequestMultipartFileUpload() {
    throw new ConfigurationError('Only GraphQL Queries are allowed')
  }
}

/** V4: addGraphQLInteraction() -> given/uponReceiving/withOperation/withVariables -> withRequest -> withQuery/withMutation. */
class V4UnconfiguredGraphQLInteraction {
  constructor(pact, draft) {
    Object.defineProperty(this, '_pact', { value: pact })
    Object.defineProperty(this, '_graphql', { value: { operation: undefined, variables: undefined } })
    v4.drafts.set(this, draft)
  }

  given(state, parameters) {
    v4.drafts.get(this).providerStates.push(json.providerState(state, parameters, 'given'))
    return this
  }

  uponReceiving(description) {
    v4.V4UnconfiguredInteraction.prototype.uponReceiving.call(this, description)
    return this
  }

  withOperation(operation) {
    this._graphql.operation = operation
    return this
  }

  withVariables(variables) {
    this._graphql.variables = variables
    return this
  }

  withRequest(method, path, builder) {
    const draft = v4.drafts.get(this)
    draft.method = json.checkMethod('withRequest(method, path)', method)
    draft.path = json.checkPath('withRequest(method, path)', path)
    if (builder !== undefined) {
      const requestBuilder = new v4.V4RequestBuilder(draft.request, 'withRequest')
      // Only query and headers: the body is the GraphQL operation.
      const limited = {
        query: (query) => (requestBuilder.query(query), limited),
        headers: (headers) => (requestBuilder.headers(headers), limited),
      }
      builder(limited)
    }
    return new V4GraphQLInteractionWithRequest(this._pact, draft, this._graphql)
  }
}

class V4GraphQLInteractionWithRequest {
  constructor(pact, draft, graphql) {
    Object.defineProperty(this, '_pact', { value: pact })
    Object.defineProperty(this, '_graphql', { value: graphql })
    v4.drafts.set(this, draft)
  }

  withQuery(query) {
    return this._operation(validateQuery(query, OperationType.Query))
  }

  withMutation(mutation) {
    return this._operation(validateQuery(mutation, OperationType.Mutation))
  }

  _operation(query) {
    const draft = v4.drafts.get(this)
    json.setTemplateBody(draft.request, graphQLBody(this._graphql.operation, query, this._graphql.variables, v3Regex), 'application/json')
    return new v4.V4InteractionWithRequest(this._pact, draft)
  }
}

module.exports = {
  ApolloGraphQLInteraction,
  ConfigurationError,
  GraphQLInteraction,
  GraphQLPactV3,
  GraphQLQueryError,
  OperationType,
  V4UnconfiguredGraphQLInteraction,
  V4GraphQLInteractionWithRequest,
  escapeGraphQlQuery,
  validateQuery,
}
