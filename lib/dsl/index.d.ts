// The consumer DSL's types: pact-js 17's consumer-side names, exported from the package root.
import * as MatchersV3 from './matchers'
import * as MatchersV2 from './matchers-v2'

export { MatchersV3, MatchersV3 as Matchers, MatchersV2 }
export { reify, extractPayload } from './matchers'
export * from './types'
export * from './v4'
export * from './v3'
export * from './v2'
export * from './xml'
export * from './graphql'
export type { MatcherV2, ArrayMatcher, RegexMatcher } from './matchers-v2'

/** Message pacts are not supported yet: constructing one throws ERR_INVALID_OPTION, saying so. */
export declare class MessageConsumerPact {
  constructor(options?: unknown)
}
/** Message pacts are not supported yet: constructing one throws ERR_INVALID_OPTION, saying so. */
export declare class MessageProviderPact {
  constructor(options?: unknown)
}
/** Provider verification is not part of this package: constructing one throws ERR_INVALID_OPTION, saying so. */
export declare class Verifier {
  constructor(options?: unknown)
}
