'use strict'
// XmlBuilder: XML bodies with matchers, built as pact-js builds them. build() returns the document
// as JSON text ({ version, charset, root }); xmlBody() hands that JSON to the engine, which makes
// the XML, its matching rules and generators (the JS layer computes none).

const { invalidOption, invalidMatcher, show } = require('./errors')

const MATCHER = 'pact:matcher:type'

class XmlNode {}

class XmlText extends XmlNode {
  constructor(content, matcher) {
    super()
    this.content = content
    if (matcher !== undefined) this.matcher = matcher
  }
}

/** Attributes as a plain object (pact-js declares a Map but only plain objects survive its JSON). */
function attributeObject(attributes, where) {
  if (attributes === undefined || attributes === null) return {}
  if (attributes instanceof Map) return Object.fromEntries(attributes)
  if (typeof attributes !== 'object' || Array.isArray(attributes)) throw invalidOption(`${where}: attributes must be an object of names to values, got ${show(attributes)}`)
  return { ...attributes }
}

class XmlElement extends XmlNode {
  constructor(name) {
    super()
    if (typeof name !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(name)) throw invalidOption(`XmlElement: ${show(name)} is not an XML element name`)
    this.name = name
    this.children = []
    this.attributes = {}
  }

  setName(name) {
    if (typeof name !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(name)) throw invalidOption(`setName: ${show(name)} is not an XML element name`)
    this.name = name
    return this
  }

  setAttributes(attributes) {
    this.attributes = attributeObject(attributes, 'setAttributes')
    return this
  }

  /** A child element; `arg` is its text (a string or a matcher) or a callback that fills it. */
  appendElement(name, attributes, arg) {
    const element = new XmlElement(name).setAttributes(attributes)
    if (typeof arg === 'function') arg(element)
    else if (arg !== undefined && arg !== null && arg !== '') element.appendText(arg)
    this.children.push(element)
    return this
  }

  appendText(content) {
    if (content !== null && typeof content === 'object' && typeof content[MATCHER] === 'string') {
      this.children.push(new XmlText(typeof content.value === 'string' ? content.value : '', content))
    } else if (typeof content === 'string' || typeof content === 'number' || typeof content === 'boolean') {
      this.children.push(new XmlText(String(content)))
    } else {
      throw invalidOption(`appendText: the text must be a string or a matcher, got ${show(content)}`)
    }
    return this
  }

  /**
   * Elements like this one, repeated: `examples` copies in the example (default 1). `min` and
   * `max` are checked against `examples` but not written, as pact-js does not write them (the
   * pact stays the same as pact-js's).
   */
  eachLike(name, attributes, callback, options = { examples: 1 }) {
    const element = new XmlElement(name).setAttributes(attributes)
    if (typeof callback === 'function') callback(element)
    const { examples = 1, min, max } = options || {}
    if (!Number.isInteger(examples) || examples < 0) throw invalidMatcher('eachLike', `examples must be a non-negative integer, got ${show(examples)}`)
    if (min !== undefined && (!Number.isInteger(min) || min < 0)) throw invalidMatcher('eachLike', `min must be a non-negative integer, got ${show(min)}`)
    if (max !== undefined && (!Number.isInteger(max) || max < 0)) throw invalidMatcher('eachLike', `max must be a non-negative integer, got ${show(max)}`)
    if (min !== undefined && examples < min) throw invalidMatcher('eachLike', `${examples} examples of <${name}> are fewer than min ${min}`)
    if (max !== undefined && examples > max) throw invalidMatcher('eachLike', `${examples} examples of <${name}> are more than max ${max}`)
    if (min !== undefined && max !== undefined && min > max) throw invalidMatcher('eachLike', `min (${min}) is greater than max (${max})`)
    this.children.push({ [MATCHER]: 'type', value: element, examples })
    return this
  }
}

class XmlBuilder {
  constructor(version, charset, rootElement) {
    Object.defineProperty(this, 'version', { value: version ?? '1.0', enumerable: true })
    Object.defineProperty(this, 'charset', { value: charset ?? 'UTF-8', enumerable: true })
    this.root = new XmlElement(rootElement)
  }

  /** Fills the root element with `callback`, and returns the document as JSON text for xmlBody(). */
  build(callback) {
    if (typeof callback !== 'function') throw invalidOption('XmlBuilder.build(callback): callback must be a function that fills the root element')
    callback(this.root)
    return JSON.stringify(this)
  }
}

module.exports = { XmlBuilder, XmlElement, XmlNode, XmlText }
