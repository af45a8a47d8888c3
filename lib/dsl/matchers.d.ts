// MatchersV3 (also exported as Matchers), with the V4 rules pact-js has no helper for. Each
// matcher's result carries the type of its example; `reify` gives a template's example type.
import type {
  ArrayContainsMatcher,
  DateTimeMatcher,
  HTTPResponseStatusClass,
  Matcher,
  MaxLikeMatcher,
  MinLikeMatcher,
  ProviderStateInjectedValue,
  Reified,
  RulesMatcher,
  StatusCodeMatcher,
  V3RegexMatcher,
} from './types'

export type {
  ArrayContainsMatcher,
  DateTimeMatcher,
  Matcher,
  MaxLikeMatcher,
  MinLikeMatcher,
  ProviderStateInjectedValue,
  RulesMatcher,
  StatusCodeMatcher,
  V3RegexMatcher,
} from './types'
export { HTTPResponseStatusClass, SpecificationVersion } from './types'

export declare const EMAIL_FORMAT: string
export declare const HEX_FORMAT: string
export declare const IPV4_FORMAT: string
export declare const IPV6_FORMAT: string
export declare const ISO8601_DATE_FORMAT: string
export declare const ISO8601_DATETIME_FORMAT: string
export declare const ISO8601_DATETIME_WITH_MILLIS_FORMAT: string
export declare const ISO8601_TIME_FORMAT: string
export declare const RFC1123_TIMESTAMP_FORMAT: string
export declare const UUID_V4_FORMAT: string
/** Whether the example matches the Pact regular expression. */
export declare function validateExample(example: string, matcher: string): boolean

export declare function isMatcher(x: unknown): x is Matcher<unknown>
export declare function isStatusCodeMatcher(status: number | StatusCodeMatcher<number>): status is StatusCodeMatcher<number>
export declare function matcherValueOrString(obj: unknown): string

/** The same type as the template (recursively; the example is the template's). */
export declare function like<T>(template: T): Matcher<Reified<T>>
/** An array of at least `min` (default 1) elements like the template; the example has `min` copies. */
export declare function eachLike<T>(template: T, min?: number): MinLikeMatcher<Reified<T>[]>
/** At least one element like the template; `count` copies in the example (default 1). */
export declare function atLeastOneLike<T>(template: T, count?: number): MinLikeMatcher<Reified<T>[]>
/** At least `min` elements like the template; `count` (>= min, default min) copies in the example. */
export declare function atLeastLike<T>(template: T, min: number, count?: number): MinLikeMatcher<Reified<T>[]>
/** At most `max` elements like the template; `count` (<= max, default 1) copies in the example. */
export declare function atMostLike<T>(template: T, max: number, count?: number): MaxLikeMatcher<Reified<T>[]>
/** Between `min` and `max` elements like the template; `count` copies (default min). */
export declare function constrainedArrayLike<T>(template: T, min: number, max: number, count?: number): MinLikeMatcher<Reified<T>[]> & MaxLikeMatcher<Reified<T>[]>
/** A boolean (default example true). */
export declare function boolean(b?: boolean): Matcher<boolean>
/** A string (default example 'some string'). */
export declare function string(str?: string): Matcher<string>
/** An integer; without an example, 101 and a RandomInt generator. 1.5 throws ERR_INVALID_MATCHER. */
export declare function integer(int?: number): Matcher<number>
/** A decimal number; without an example, 12.34 and a RandomDecimal generator. */
export declare function decimal(num?: number): Matcher<number>
/** A number; without an example, 1234 and a RandomInt generator. */
export declare function number(num?: number): Matcher<number>
/** A string matching the expression; an example that does not match throws ERR_INVALID_MATCHER. */
export declare function regex(pattern: RegExp | string, str: string): V3RegexMatcher
export declare function email(address?: string): V3RegexMatcher
/** A lower-case UUID; without an example, a fixed one and a Uuid generator. */
export declare function uuid(example?: string): V3RegexMatcher
export declare function ipv4Address(ip?: string): V3RegexMatcher
export declare function ipv6Address(ip?: string): V3RegexMatcher
export declare function hexadecimal(value?: string): V3RegexMatcher
export declare function iso8601DateTime(value?: string): V3RegexMatcher
export declare function iso8601DateTimeWithMillis(value?: string): V3RegexMatcher
export declare function iso8601Date(value?: string): V3RegexMatcher
export declare function iso8601Time(value?: string): V3RegexMatcher
export declare function rfc1123Timestamp(value?: string): V3RegexMatcher
/** A date-time in the Java DateTimeFormatter format, e.g. "yyyy-MM-dd'T'HH:mm:ss.SSSX"; the example must fit it. */
export declare function datetime(format: string, example: string): DateTimeMatcher
/** The same as `datetime`. */
export declare function timestamp(format: string, example: string): DateTimeMatcher
/** A date in the Java DateTimeFormatter format, e.g. "yyyy-MM-dd". */
export declare function date(format: string, example: string): DateTimeMatcher
/** A time in the Java DateTimeFormatter format, e.g. "HH:mm:ss". */
export declare function time(format: string, example: string): DateTimeMatcher
/** A string that includes the value. */
export declare function includes(value: string): Matcher<string>
/** null. */
export declare function nullValue(): Matcher<null>
/** Equal to the example (resets cascading type matching below it). */
export declare function equal<T>(value: T): Matcher<Reified<T>>
/** A URL ending with the path fragments; the base is the mock server's (MockServerURL generator). */
export declare function url(pathFragments: Array<string | V3RegexMatcher | RegExp>): V3RegexMatcher
/** A URL of `basePath` (null: the mock server's) and the path fragments. */
export declare function url2(basePath: string | null, pathFragments: Array<string | V3RegexMatcher | RegExp>): V3RegexMatcher
/** An array that contains an element matching each variant, in any order. */
export declare function arrayContaining<V extends unknown[]>(...variants: V): ArrayContainsMatcher<Reified<V[number]>[]>
/** @deprecated use eachKeyMatches or eachValueMatches. Every value like the template, whatever the key. */
export declare function eachKeyLike<T>(keyTemplate: string, template: T): Matcher<Record<string, Reified<T>>>
/** An object whose keys all match the rules (default: any string key). */
export declare function eachKeyMatches<E extends Record<string, unknown>>(example: E, matchers?: Matcher<string> | Matcher<string>[]): RulesMatcher<Reified<E>>
/** An object whose values all match the rules. */
export declare function eachValueMatches<T>(example: Record<string, T>, matchers: Matcher<Reified<T>> | Matcher<Reified<T>>[]): RulesMatcher<Record<string, Reified<T>>>
/** A value the provider injects from its provider state (`expression`, e.g. "${id}"); the example is used here. */
export declare function fromProviderState<V>(expression: string, exampleValue: V): ProviderStateInjectedValue<Reified<V>>
/** A status code in the class or the list; the example must be in it. */
export declare function matchStatus(example: number, status: HTTPResponseStatusClass | number[]): StatusCodeMatcher<number>
/** The content type of a value (a multipart part, a binary body). */
export declare function contentType(contentTypeValue: string): Matcher<string>
/** The example of a template: every matcher replaced by its example. */
export declare function reify<T>(input: T): Reified<T>
/** The same as `reify`. */
export declare function extractPayload<T>(input: T): Reified<T>

// V4 rules pact-js has no helper for.

/** Not empty: a non-empty string, array or object. */
export declare function notEmpty<T>(example: T): Matcher<Reified<T>>
/** A semantic version such as '1.2.3' (default example '1.0.0'). */
export declare function semver(example?: string): Matcher<string>
/** An object whose keys all match every rule. */
export declare function eachKey<E extends Record<string, unknown>>(example: E, rules: Matcher<string> | Matcher<string>[]): RulesMatcher<Reified<E>>
/** An object whose values all match every rule. */
export declare function eachValue<T>(example: Record<string, T>, rules: Matcher<Reified<T>> | Matcher<Reified<T>>[]): RulesMatcher<Record<string, Reified<T>>>
/** The same type, with at least `min` entries (array items or object keys). */
export declare function minType<T extends object>(example: T, min: number): MinLikeMatcher<Reified<T>>
/** The same type, with at most `max` entries (array items or object keys). */
export declare function maxType<T extends object>(example: T, max: number): MaxLikeMatcher<Reified<T>>
/** The same type, with between `min` and `max` entries (array items or object keys). */
export declare function minMaxType<T extends object>(example: T, min: number, max: number): MinLikeMatcher<Reified<T>> & MaxLikeMatcher<Reified<T>>
