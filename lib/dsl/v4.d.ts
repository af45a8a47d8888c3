// PactV4 (also exported as Pact). Each step's type offers only the next legal steps, so
// executeTest before willRespondWith does not compile; executeTest<T> resolves to T.
import type {
  AnyTemplate,
  JsonMap,
  Path,
  PactV3Options,
  Rules,
  StatusCodeMatcher,
  Template,
  TemplateHeaders,
  TemplateQuery,
  V3MockServer,
  V3ProviderState,
  V3Request,
  V3Response,
} from './types'
import type { V4UnconfiguredGraphQLInteraction } from './graphql'

export type PactV4Options = PactV3Options
export type V4ProviderState = V3ProviderState
export type V4MockServer = V3MockServer
export type V4Request = V3Request
export type V4Response = V3Response
export type TemplateHeaderArrayValue = string[] | import('./types').Matcher<string>[]
export type Comment = string
export type CustomComment = { key: string; value: string }
export interface PluginConfig {
  plugin: string
  /** Absent: the newest version installed. */
  version?: string
}

/** A body template checked against `T` when given (`jsonBody<Order>(...)`), any template otherwise. */
export type BodyTemplate<T> = unknown extends T ? AnyTemplate : Template<T>

/** What both the request and the response builders offer. */
export interface V4BodyBuilder<Self> {
  headers(headers: TemplateHeaders): Self
  /** A JSON body; with a type argument the template is checked against it. */
  jsonBody<T = unknown>(body: BodyTemplate<T>): Self
  /** An XML body: XmlBuilder's build() result, or XML text. */
  xmlBody(body: string | AnyTemplate): Self
  /** The file's bytes as the body, matched by content type. */
  binaryFile(contentType: string, file: string): Self
  /** A multipart/form-data body with the file as the part `mimePartName` of type `contentType`. */
  multipartBody(contentType: string, filename: string, mimePartName: string, boundary?: string): Self
  /** Explicit matching rules by part. */
  matchingRules(rules: Rules): Self
  /** These bytes (a Buffer or any Uint8Array) as the body, matched by content type. */
  body(contentType: string, body: Uint8Array): Self
}

export interface V4RequestBuilder extends V4BodyBuilder<V4RequestBuilder> {
  query(query: TemplateQuery): V4RequestBuilder
}

export interface V4ResponseBuilder extends V4BodyBuilder<V4ResponseBuilder> {}

export type V4RequestBuilderFunc = (builder: V4RequestBuilder) => void
export type V4ResponseBuilderFunc = (builder: V4ResponseBuilder) => void
export type TestFunction<T> = (mockServer: V4MockServer) => Promise<T> | T

export interface V4InteractionWithResponse {
  /**
   * Runs the interactions added since the last executeTest on a fresh mock server, calls `testFn`
   * with it, and resolves to what it returns. Everything matched: the pact is merged into `dir`.
   * Something did not: rejects with PactMismatchError and writes nothing. `testFn` threw: that
   * error, with `mismatches` attached. The server is always shut down.
   */
  executeTest<T>(testFn: TestFunction<T>): Promise<T>
}

export interface V4InteractionWithRequest {
  willRespondWith(status: number | StatusCodeMatcher<number>, builder?: V4ResponseBuilderFunc): V4InteractionWithResponse
}

export interface V4InteractionWithCompleteRequest {
  withCompleteResponse(response: V4Response): V4InteractionWithResponse
}

export interface V4UnconfiguredInteraction {
  given(state: string, parameters?: JsonMap): V4UnconfiguredInteraction
  uponReceiving(description: string): V4UnconfiguredInteraction
  /** Pending interactions do not fail the provider's build. Default true when called. */
  pending(pending?: boolean): V4UnconfiguredInteraction
  comment(comment: Comment | CustomComment): V4UnconfiguredInteraction
  testName(name: string): V4UnconfiguredInteraction
  /** The interaction's V4 key (merging replaces the interaction with the same key). */
  key(key: string): V4UnconfiguredInteraction
  reference(group: string, name: string, value: string): V4UnconfiguredInteraction
  withRequest(method: string, path: Path, builder?: V4RequestBuilderFunc): V4InteractionWithRequest
  withCompleteRequest(request: V4Request): V4InteractionWithCompleteRequest
  /** Uses a Pact plugin (found in $PACT_PLUGIN_DIR or ~/.pact/plugins); the builders get `pluginContents`. */
  usingPlugin(config: PluginConfig): V4InteractionWithPlugin
}

/** What `startTransport`'s `executeTest` gives the test: where the plugin's mock server listens. */
export interface TransportConfig {
  port: number
  address: string
}

/** The two messages as the plugin described them. */
export interface SynchronousMessage {
  Request: { content: unknown }
  Response: Array<{ content: unknown }>
}

export interface V4UnconfiguredSynchronousMessage {
  given(state: string, parameters?: JsonMap): V4UnconfiguredSynchronousMessage
  pending(pending?: boolean): V4UnconfiguredSynchronousMessage
  comment(comment: Comment | CustomComment): V4UnconfiguredSynchronousMessage
  testName(name: string): V4UnconfiguredSynchronousMessage
  reference(group: string, name: string, value: string): V4UnconfiguredSynchronousMessage
  usingPlugin(config: PluginConfig): V4SynchronousMessageWithPlugin
  /** Messages without a plugin are not supported yet: throws. */
  withRequest(builder: unknown): never
}

export interface V4SynchronousMessageWithPlugin {
  usingPlugin(config: PluginConfig): V4SynchronousMessageWithPlugin
  /** The plugin's own description of both messages (for most plugins JSON text). */
  withPluginContents(contents: string, contentType: string): V4SynchronousMessageWithPluginContents
}

export interface V4SynchronousMessageWithPluginContents {
  /** The plugin's transport (e.g. 'grpc') on `address` (default the pact's host). */
  startTransport(transport: string, address?: string, config?: JsonMap): V4SynchronousMessageWithTransport
  /** Without a transport: not supported yet, throws. */
  executeTest(testFn: unknown): never
}

export interface V4SynchronousMessageWithTransport {
  executeTest<T>(testFn: (transport: TransportConfig, message: SynchronousMessage) => Promise<T> | T): Promise<T>
}

export interface V4InteractionWithPlugin {
  usingPlugin(config: PluginConfig): V4InteractionWithPlugin
  withRequest(method: string, path: Path, builder?: V4PluginRequestBuilderFunc): V4InteractionWithPluginRequest
}

export interface V4InteractionWithPluginRequest {
  willRespondWith(status: number, builder?: V4PluginResponseBuilderFunc): V4InteractionWithResponse
}

export interface V4RequestWithPluginBuilder extends V4RequestBuilder {
  /** The plugin's own description of the body (for most plugins JSON text), turned into body, rules and generators by it. */
  pluginContents(contentType: string, contents: string): V4RequestWithPluginBuilder
}

export interface V4ResponseWithPluginBuilder extends V4ResponseBuilder {
  pluginContents(contentType: string, contents: string): V4ResponseWithPluginBuilder
}

export type V4PluginRequestBuilderFunc = (builder: V4RequestWithPluginBuilder) => void
export type V4PluginResponseBuilderFunc = (builder: V4ResponseWithPluginBuilder) => void

export declare class PactV4 {
  constructor(options: PactV4Options)
  /** Drops the interactions added since the last executeTest. */
  setup(): void
  addInteraction(): V4UnconfiguredInteraction
  addGraphQLInteraction(): V4UnconfiguredGraphQLInteraction
  /** A synchronous message described by a plugin and served by its transport; messages without a plugin throw. */
  addSynchronousInteraction(description: string): V4UnconfiguredSynchronousMessage
  /** Message pacts are not supported yet: throws. */
  addAsynchronousInteraction(): never
}

export { PactV4 as Pact, PactV4Options as PactOptions }
