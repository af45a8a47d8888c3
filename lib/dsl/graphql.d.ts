// pact-js's GraphQL helpers: HTTP POSTs whose JSON body holds operationName, query and variables.
import type { Interaction, InteractionStateComplete } from './v2'
import type { PactV3 } from './v3'
import type { V4InteractionWithRequest } from './v4'
import type { JsonMap, Path, TemplateHeaders, TemplateQuery, V3Request, V3Response } from './types'

export interface GraphQLVariables {
  [name: string]: unknown
}

/** A parsed GraphQL document (graphql's DocumentNode); printed with the graphql package. */
export interface GraphQLDocument {
  readonly kind: 'Document'
}

export declare enum OperationType {
  Mutation = 'Mutation',
  Query = 'Query',
}

export declare class ConfigurationError extends Error {
  readonly code: 'ERR_INVALID_OPTION'
}

export declare class GraphQLQueryError extends Error {
  readonly code: 'ERR_INVALID_OPTION'
}

export declare class GraphQLInteraction extends Interaction {
  withOperation(operation: string | null): this
  withVariables(variables: GraphQLVariables): this
  withQuery(query: string): this
  withMutation(mutation: string): this
  json(): InteractionStateComplete
}

/** GraphQLInteraction with Apollo's defaults: variables {} and operationName null. */
export declare class ApolloGraphQLInteraction extends GraphQLInteraction {}

export declare class GraphQLPactV3 extends PactV3 {
  given(providerState: string, parameters?: JsonMap): GraphQLPactV3
  uponReceiving(description: string): GraphQLPactV3
  withOperation(operation: string): GraphQLPactV3
  withVariables(variables: GraphQLVariables): GraphQLPactV3
  withQuery(query: string | GraphQLDocument): GraphQLPactV3
  withMutation(mutation: string | GraphQLDocument): GraphQLPactV3
  withRequest(req: V3Request): GraphQLPactV3
  willRespondWith(res: V3Response): GraphQLPactV3
  /** Only GraphQL operations: throws. */
  addInteraction(): never
  /** Only GraphQL operations: throws. */
  withRequestBinaryFile(): never
  /** Only GraphQL operations: throws. */
  withRequestMultipartFileUpload(): never
}

export interface V4GraphQLRequestBuilder {
  query(query: TemplateQuery): V4GraphQLRequestBuilder
  headers(headers: TemplateHeaders): V4GraphQLRequestBuilder
}

export type V4GraphQLRequestBuilderFunc = (builder: V4GraphQLRequestBuilder) => void

export interface V4GraphQLInteractionWithRequest {
  withQuery(query: string | GraphQLDocument): V4InteractionWithRequest
  withMutation(mutation: string | GraphQLDocument): V4InteractionWithRequest
}

export interface V4UnconfiguredGraphQLInteraction {
  given(state: string, parameters?: JsonMap): V4UnconfiguredGraphQLInteraction
  uponReceiving(description: string): V4UnconfiguredGraphQLInteraction
  withOperation(operation: string): V4UnconfiguredGraphQLInteraction
  withVariables(variables: GraphQLVariables): V4UnconfiguredGraphQLInteraction
  withRequest(method: string, path: Path, builder?: V4GraphQLRequestBuilderFunc): V4GraphQLInteractionWithRequest
}

export type GraphqlRequest = {
  operation?: string
  mutation?: string
  variables?: GraphQLVariables
}

/** The class behind addGraphQLInteraction()'s result (made by PactV4, not constructed by users). */
export declare const UnconfiguredGraphQLInteraction: { readonly prototype: V4UnconfiguredGraphQLInteraction }
