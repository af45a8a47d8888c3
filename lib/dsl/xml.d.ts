// XmlBuilder: XML bodies with matchers; build() returns the document as JSON text for xmlBody().
import type { Matcher } from './types'

/** An attribute's value: text (numbers and booleans are written as text) or a matcher. */
export type XmlAttributeValue = string | number | boolean | Matcher<string | number | boolean>
/** Attribute names to values; a Map is accepted too. */
export type XmlAttributes = Map<string, XmlAttributeValue> | Record<string, XmlAttributeValue>
export type XmlCallback = (n: XmlElement) => void

export declare class XmlNode {}

export declare class XmlText extends XmlNode {
  content: string
  matcher?: Matcher<string>
  constructor(content: string, matcher?: Matcher<string>)
}

export interface EachLikeOptions {
  /** Checked against `examples`; not written (as pact-js). */
  min?: number
  /** Checked against `examples`; not written (as pact-js). */
  max?: number
  /** Copies in the example. Default 1. */
  examples?: number
}

export declare class XmlElement extends XmlNode {
  name: string
  children: Array<XmlNode | Matcher<XmlElement>>
  attributes?: Record<string, XmlAttributeValue>
  constructor(name: string)
  setName(name: string): XmlElement
  setAttributes(attributes: XmlAttributes): XmlElement
  /** A child element: `arg` is its text (a string or a matcher) or a callback that fills it. */
  appendElement(name: string, attributes: XmlAttributes, arg?: string | XmlCallback | Matcher<string>): XmlElement
  appendText(content: string | Matcher<string>): XmlElement
  /** Elements like this one, repeated. */
  eachLike(name: string, attributes: XmlAttributes, cb?: XmlCallback, options?: EachLikeOptions): XmlElement
}

export declare class XmlBuilder {
  constructor(version: string, charset: string, rootElement: string)
  /** Fills the root element and returns the document as JSON text, for xmlBody(). */
  build(callback: (doc: XmlElement) => void): string
}
