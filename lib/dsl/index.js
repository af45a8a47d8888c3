'use strict'
// The consumer DSL, pact-js 17's names: exported from the package root by load.cjs and index.mjs.

const matchersV3 = require('./matchers')
const matchersV2 = require('./matchers-v2')
const { PactV4 } = require('./v4')
const { PactV3 } = require('./v3')
const { PactV2, Interaction, interactionToInteractionObject } = require('./v2')
const { XmlBuilder, XmlElement, XmlNode, XmlText } = require('./xml')
const graphql = require('./graphql')
const unsupported = require('./unsupported')

const MatchersV3 = Object.freeze({ ...matchersV3 })
const MatchersV2 = Object.freeze({ ...matchersV2 })

module.exports = {
  Pact: PactV4,
  PactV4,
  PactV3,
  PactV2,
  Interaction,
  interactionToInteractionObject,
  Matchers: MatchersV3,
  MatchersV3,
  MatchersV2,
  SpecificationVersion: matchersV3.SpecificationVersion,
  HTTPResponseStatusClass: matchersV3.HTTPResponseStatusClass,
  XmlBuilder,
  XmlElement,
  XmlNode,
  XmlText,
  GraphQLInteraction: graphql.GraphQLInteraction,
  ApolloGraphQLInteraction: graphql.ApolloGraphQLInteraction,
  GraphQLPactV3: graphql.GraphQLPactV3,
  UnconfiguredGraphQLInteraction: graphql.V4UnconfiguredGraphQLInteraction,
  OperationType: graphql.OperationType,
  ConfigurationError: graphql.ConfigurationError,
  GraphQLQueryError: graphql.GraphQLQueryError,
  reify: matchersV3.reify,
  extractPayload: matchersV3.reify,
  // Not supported yet: constructing one throws, saying so.
  MessageConsumerPact: unsupported.MessageConsumerPact,
  MessageProviderPact: unsupported.MessageProviderPact,
  Verifier: unsupported.Verifier,
}
