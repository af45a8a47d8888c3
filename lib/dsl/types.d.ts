// Shared types of the consumer DSL: JSON, matcher JSON, templates, requests and responses, and
// the builders' options. pact-js 17's type names, typed more strictly: a matcher carries the type
// of its example, so a template can be checked against the user's own interface.

/** Type-only key: the example type a matcher stands for. Never present at run time. */
declare const exampleType: unique symbol

export type JsonPrimitive = string | number | boolean | null
export type AnyJson = JsonPrimitive | JsonArray | JsonMap
export type JsonArray = AnyJson[]
export interface JsonMap {
  [key: string]: AnyJson
}

/** pact-js's matcher JSON; `T` is the type of its example. */
export interface Matcher<T> {
  'pact:matcher:type': string
  'pact:generator:type'?: string
  value?: T
  /** Type only, absent at run time: the example's type. */
  readonly [exampleType]?: T
}

/** Any matcher whose example is a `T` (including a pact-js matcher object built by hand). */
export interface MatcherOf<T> {
  readonly 'pact:matcher:type': string
  readonly 'pact:generator:type'?: string
  readonly value?: T
  readonly [exampleType]?: T
}

/** The example type of a matcher: what the phantom says, else the type of its `value`. */
type ExampleOfMatcher<M> = M extends { readonly [exampleType]?: infer E }
  ? unknown extends E
    ? M extends { value?: infer V }
      ? Reified<V>
      : unknown
    : E
  : never

/** The example a template stands for: every matcher replaced by the type of its example. */
export type Reified<T> = T extends { readonly 'pact:matcher:type': string }
  ? ExampleOfMatcher<T>
  : T extends JsonPrimitive | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Reified<U>[]
      : T extends object
        ? { [K in keyof T]: Reified<T[K]> }
        : T

/**
 * What may stand for a value of type `T` in a template: the value itself, a matcher whose example
 * is a `T`, or (for objects and arrays) the same shape with templates inside. A missing field or
 * one of the wrong type does not compile.
 */
export type Template<T> =
  | MatcherOf<T>
  | (T extends JsonPrimitive | undefined
      ? T
      : T extends readonly (infer U)[]
        ? readonly Template<U>[]
        : T extends object
          ? { [K in keyof T]: Template<T[K]> }
          : never)

/** A template whose type is not given: any JSON, with matchers anywhere. */
export type AnyTemplate = unknown

/** pact-js's `InterfaceToTemplate`: kept for code that uses it; `Template<T>` checks more. */
export type InterfaceToTemplate<O> = { [K in keyof O]: AnyTemplate }

export interface V3RegexMatcher extends Matcher<string> {
  regex: string
  example?: string
}

export interface MinLikeMatcher<T> extends Matcher<T> {
  min: number
}

export interface MaxLikeMatcher<T> extends Matcher<T> {
  max: number
}

export interface DateTimeMatcher extends Matcher<string> {
  format: string
}

export interface ArrayContainsMatcher<T = unknown[]> extends Matcher<T> {
  variants: unknown[]
}

export interface ProviderStateInjectedValue<T> extends Matcher<T> {
  expression: string
}

export interface StatusCodeMatcher<T> extends Matcher<T> {
  status: HTTPResponseStatusClass | number[]
}

export interface RulesMatcher<T> extends Matcher<T> {
  rules: Matcher<unknown>[]
}

/** The classes of status codes `matchStatus` accepts (pact-js's values). */
export declare enum HTTPResponseStatusClass {
  Information = 'information',
  Success = 'success',
  Redirect = 'redirect',
  ClientError = 'clientError',
  ServerError = 'serverError',
  NonError = 'nonError',
  Error = 'error',
}

/** Pact specification versions, with pact-js's values. */
export declare enum SpecificationVersion {
  SPECIFICATION_VERSION_V2 = 3,
  SPECIFICATION_VERSION_V3 = 4,
  SPECIFICATION_VERSION_V4 = 5,
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error'

/** A part of a request or response that matching rules apply to. */
export type Part = 'path' | 'body' | 'header' | 'query' | 'status'
export type JSONPath = string
export type Rule = { path?: JSONPath; rules: Matcher<unknown>[] }
/** Explicit matching rules by part, as pact-js's `matchingRules(rules)` takes them. */
export type Rules = Partial<{ [part in Part]: Rule | Rule[] }>

export type TemplateHeaders = {
  [header: string]: string | Matcher<string> | (Matcher<string> | string)[]
}

export type TemplateQuery = Record<string, string | Matcher<string | number | boolean> | Array<string | Matcher<string | number | boolean>>>

export type Path = string | Matcher<string>

export interface V3ProviderState {
  description: string
  parameters?: JsonMap
}

export interface V3Request {
  method: string
  path: Path
  query?: TemplateQuery
  headers?: TemplateHeaders
  body?: AnyTemplate
  contentType?: string
}

export interface V3Response {
  status: number | StatusCodeMatcher<number>
  headers?: TemplateHeaders
  body?: AnyTemplate
  contentType?: string
}

export interface V3Interaction {
  states?: V3ProviderState[]
  uponReceiving: string
  withRequest: V3Request
  willRespondWith: V3Response
}

/** What `executeTest`'s function receives. */
export interface V3MockServer {
  /** e.g. "http://127.0.0.1:54321"; "https://…" with TLS. */
  url: string
  port: number
  host: string
  /** The server's id (a real one, not pact-js's 'unknown'). */
  id: string
  /** PEM of the CA that signed the server's certificate (TLS only), else null. */
  caCertificate: string | null
}

/** The options of PactV3 and PactV4: pact-js's, and this package's own. */
export interface PactV3Options {
  consumer: string
  provider: string
  /** Directory the pact file is merged into after a passing test. Default "./pacts". */
  dir?: string
  /** Port of the mock server. Default: a free one. */
  port?: number
  /** Host of the mock server. Default "127.0.0.1". */
  host?: string
  /** true: HTTPS with a generated certificate (`caCertificate` is its CA); or your own PEM cert and key. */
  tls?: boolean | { cert: string; key: string }
  /** Answer CORS preflight requests. Default true (as pact-js). */
  cors?: boolean
  /** Accepted for pact-js compatibility; this package logs nothing. */
  logLevel?: LogLevel
  /** The version the pact file is written at. Default V3 for PactV3, V4 for PactV4. */
  spec?: SpecificationVersion
  /** Largest request body accepted, in bytes; larger ones get 413. Default 16 MiB. */
  maxBodySize?: number
  /** How many of the most recent requests the server keeps for its report. Default 1000. */
  requestLogLimit?: number
}
