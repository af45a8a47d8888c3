// The ESM entry: the named exports of the CommonJS entry, so that `import` and `require` share
// one native module and one set of classes. Loaded with require, not `import … from './load.cjs'`:
// on Node 20 a CommonJS module that throws while imported also leaves an unhandled rejection,
// which would crash a program that catches the failed import.
// Every export of load.cjs (index.js's and the DSL's) is listed here; a new one must be added below
// (__test__/entry-points.test.mjs fails when one is missing).
import { createRequire } from 'node:module'

const binding = createRequire(import.meta.url)('./load.cjs')

export const {
  __napiBindingTarget,
  MockServer,
  PactMismatchError,
  cleanupMockServer,
  configurePluginContents,
  createMockServer,
  mockServerMatched,
  mockServerMismatches,
  shutdownMockServer,
  writePactFile,
} = binding

// The consumer DSL (lib/dsl/), pact-js 17's names.
export const {
  ApolloGraphQLInteraction,
  ConfigurationError,
  GraphQLInteraction,
  GraphQLPactV3,
  GraphQLQueryError,
  HTTPResponseStatusClass,
  Interaction,
  Matchers,
  MatchersV2,
  MatchersV3,
  MessageConsumerPact,
  MessageProviderPact,
  OperationType,
  Pact,
  PactV2,
  PactV3,
  PactV4,
  SpecificationVersion,
  UnconfiguredGraphQLInteraction,
  Verifier,
  XmlBuilder,
  XmlElement,
  XmlNode,
  XmlText,
  extractPayload,
  interactionToInteractionObject,
  reify,
} = binding
