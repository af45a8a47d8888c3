// PactV3: pact-js's V3 builder, the same calls; executeTest<T> resolves to T.
import type { JsonMap, PactV3Options, Rules, V3Interaction, V3MockServer, V3Request, V3Response } from './types'

export declare class PactV3 {
  constructor(options: PactV3Options)
  /** The interaction as one object, as in pact-js. */
  addInteraction(interaction: V3Interaction): PactV3
  given(providerState: string, parameters?: JsonMap): PactV3
  uponReceiving(description: string): PactV3
  withRequest(req: V3Request): PactV3
  withRequestBinaryFile(req: V3Request, contentType: string, file: string): PactV3
  withRequestMatchingRules(req: V3Request, rules: Rules): PactV3
  withRequestMultipartFileUpload(req: V3Request, contentType: string, file: string, mimePartName: string, boundary?: string): PactV3
  willRespondWith(res: V3Response): PactV3
  withResponseBinaryFile(res: V3Response, contentType: string, file: string): PactV3
  /** As in pact-js, `req` sets the request's method, path, headers and query; the rules go to the response. */
  withResponseMatchingRules(req: V3Request, rules: Rules): PactV3
  withResponseMultipartFileUpload(res: V3Response, contentType: string, file: string, mimePartName: string, boundary?: string): PactV3
  /**
   * Runs the interactions added since the last executeTest on a fresh mock server and resolves to
   * what `testFn` returns; see PactV4's executeTest for what happens on a mismatch or a throw.
   */
  executeTest<T>(testFn: (mockServer: V3MockServer) => Promise<T> | T): Promise<T>
}
