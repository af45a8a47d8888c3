// MatchersV2: pact-js's older matcher set (`somethingLike`, `term`, `eachLike(t, { min })`, ...).
import type { AnyJson, Reified } from './types'

export interface MatcherV2<T> {
  value?: T
  'pact:matcher:type': string
  getValue(): T
}

export interface ArrayMatcher<T> extends MatcherV2<T> {
  min?: number
  max?: number
}

export interface RegexMatcher<T> extends MatcherV2<T> {
  regex: string
}

export type AnyTemplate = AnyJson | MatcherV2<AnyTemplate> | ArrayMatcher<AnyTemplate> | { [key: string]: AnyTemplate } | AnyTemplate[]
export type InterfaceToTemplate<O> = { [K in keyof O]: AnyTemplate }

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
export declare function validateExample(example: string, matcher: string): boolean
export declare function isMatcher(x: unknown): x is MatcherV2<unknown>
export declare function matcherValueOrString(obj: unknown): string

export declare function eachLike<T>(template: T, opts?: { min: number }): ArrayMatcher<Reified<T>[]>
export declare function somethingLike<T>(value: T): MatcherV2<Reified<T>>
export declare function like<T>(value: T): MatcherV2<Reified<T>>
export declare function term(opts: { generate: string; matcher: string }): RegexMatcher<string>
export declare function regex(opts: { generate: string; matcher: string }): RegexMatcher<string>
export declare function email(address?: string): MatcherV2<string>
export declare function uuid(id?: string): MatcherV2<string>
export declare function ipv4Address(ip?: string): MatcherV2<string>
export declare function ipv6Address(ip?: string): MatcherV2<string>
export declare function iso8601DateTime(date?: string): MatcherV2<string>
export declare function iso8601DateTimeWithMillis(date?: string): MatcherV2<string>
export declare function iso8601Date(date?: string): MatcherV2<string>
export declare function iso8601Time(time?: string): MatcherV2<string>
export declare function rfc1123Timestamp(timestamp?: string): MatcherV2<string>
export declare function hexadecimal(hex?: string): MatcherV2<string>
export declare function decimal(float?: number): MatcherV2<number>
export declare function integer(int?: number): MatcherV2<number>
export declare function boolean(value?: boolean): MatcherV2<boolean>
export declare function string(value?: string): MatcherV2<string>
export declare function extractPayload<T>(value: T): Reified<T>
