// PactV2 and its Interaction builder: pact-js's older lifecycle (setup, addInteraction, verify,
// finalize), over this package's server.
import type { AnyTemplate, LogLevel } from './types'
import type { MatcherV2 } from './matchers-v2'

export type PactfileWriteMode = 'overwrite' | 'update' | 'merge'

export interface Pacticipant {
  name: string
}

export interface PactDetails {
  consumer?: Pacticipant
  provider?: Pacticipant
  pactfile_write_mode: PactfileWriteMode
}

export interface MockService {
  pactDetails: PactDetails
  baseUrl: string
}

export interface PactV2Options {
  consumer: string
  provider: string
  /** Default: a free port, chosen by setup(). */
  port?: number
  /** Default "127.0.0.1". */
  host?: string
  /** HTTPS: with sslcert and sslkey (PEM file paths), or a generated certificate. */
  ssl?: boolean
  sslcert?: string
  sslkey?: string
  /** Default <cwd>/pacts. */
  dir?: string
  /** Accepted for pact-js compatibility; nothing is logged. */
  log?: string
  logLevel?: LogLevel
  /** The version the pact file is written at: 1, 2 (default), 3 or 4. */
  spec?: number
  /** Answer CORS preflight requests. Default false (as pact-js's V2). */
  cors?: boolean
  /** Accepted for pact-js compatibility; unused. */
  timeout?: number
  /** 'overwrite': each verify() replaces the file; otherwise it merges into it. */
  pactfileWriteMode?: PactfileWriteMode
  /** This package's: largest request body accepted, in bytes. */
  maxBodySize?: number
  /** This package's: how many recent requests the server keeps. */
  requestLogLimit?: number
  /** This package's: your own PEM certificate and key (instead of ssl, sslcert and sslkey). */
  tls?: boolean | { cert: string; key: string }
}

export interface MandatoryPactV2Options {
  port: number
  host: string
  ssl: boolean
}

export type PactV2OptionsComplete = PactV2Options & MandatoryPactV2Options

interface QueryObject {
  [name: string]: string | MatcherV2<string> | string[] | import('./types').Matcher<string>
}
export type Query = string | QueryObject

export type Headers = {
  [header: string]: string | MatcherV2<string> | import('./types').Matcher<string> | (MatcherV2<string> | import('./types').Matcher<string> | string)[]
}

export type HTTPMethods = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'COPY' | 'LOCK' | 'MKCOL' | 'MOVE' | 'PROPFIND' | 'PROPPATCH' | 'UNLOCK' | 'REPORT'

export interface RequestOptions {
  method: HTTPMethods
  path: string | MatcherV2<string> | import('./types').Matcher<string>
  query?: Query
  headers?: Headers
  body?: AnyTemplate
}

export interface ResponseOptions {
  status: number
  headers?: Headers
  body?: AnyTemplate
}

export interface InteractionObject {
  state: string | undefined
  uponReceiving: string
  withRequest: RequestOptions
  willRespondWith: ResponseOptions
}

export interface InteractionState {
  providerState?: string
  description?: string
  request?: RequestOptions
  response?: ResponseOptions
}

export interface InteractionStateComplete {
  providerState?: string
  description: string
  request: RequestOptions
  response: ResponseOptions
}

export declare class Interaction {
  state: InteractionState
  given(providerState: string): this
  uponReceiving(description: string): this
  withRequest(requestOpts: RequestOptions): this
  willRespondWith(responseOpts: ResponseOptions): this
  json(): InteractionStateComplete
}

/** The object form of a finished Interaction's state, as addInteraction takes it. */
export declare function interactionToInteractionObject(interaction: InteractionStateComplete): InteractionObject

export declare class PactV2 {
  static defaults: PactV2Options
  /** Set by setup(). */
  mockService: MockService
  opts: PactV2OptionsComplete
  constructor(config: PactV2Options)
  /** Chooses the port (a free one unless `port` is given) and sets mockService.baseUrl. */
  setup(): Promise<PactV2OptionsComplete>
  /** Adds the interaction and (re)starts the server with every interaction since the last verify(). */
  addInteraction(interactionObj: InteractionObject | Interaction): Promise<string>
  /** Rejects with PactMismatchError when anything did not match; else merges the pact into `dir`. Then starts over. */
  verify(): Promise<string>
  /** Shuts the server down. */
  finalize(): Promise<void>
  writePact(): Promise<string>
  /** Kept for compatibility: verify() already clears the interactions. */
  removeInteractions(): Promise<string>
}
