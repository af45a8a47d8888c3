// The DSL's matchers: the matcher JSON each one produces (pact-js 17's, key for key), the defaults
// used without an example, and ERR_INVALID_MATCHER for every example that breaks its matcher.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

import * as esm from '../index.mjs'

const require = createRequire(import.meta.url)
const { Matchers, MatchersV3: M, MatchersV2: V2, HTTPResponseStatusClass, SpecificationVersion, reify, extractPayload } = require('../load.cjs')

const T = 'pact:matcher:type'
const G = 'pact:generator:type'

test('Matchers is MatchersV3, and the same objects come from import and require', () => {
  assert.equal(Matchers, M)
  assert.equal(esm.MatchersV3, M)
  assert.equal(esm.reify, reify)
  assert.equal(extractPayload, reify)
  assert.equal(M.reify, reify)
  assert.deepEqual({ ...SpecificationVersion }, { SPECIFICATION_VERSION_V2: 3, SPECIFICATION_VERSION_V3: 4, SPECIFICATION_VERSION_V4: 5, 3: 'SPECIFICATION_VERSION_V2', 4: 'SPECIFICATION_VERSION_V3', 5: 'SPECIFICATION_VERSION_V4' })
  assert.equal(HTTPResponseStatusClass.ClientError, 'clientError')
})

test('type and array matchers', () => {
  assert.deepEqual(M.like({ a: 1 }), { [T]: 'type', value: { a: 1 } })
  assert.deepEqual(M.eachLike('x'), { [T]: 'type', min: 1, value: ['x'] })
  assert.deepEqual(M.eachLike('x', 3), { [T]: 'type', min: 3, value: ['x', 'x', 'x'] })
  assert.deepEqual(M.atLeastOneLike('x', 2), { [T]: 'type', min: 1, value: ['x', 'x'] })
  assert.deepEqual(M.atLeastLike('x', 2), { [T]: 'type', min: 2, value: ['x', 'x'] })
  assert.deepEqual(M.atLeastLike('x', 2, 3), { [T]: 'type', min: 2, value: ['x', 'x', 'x'] })
  assert.deepEqual(M.atMostLike('x', 3), { [T]: 'type', max: 3, value: ['x'] })
  assert.deepEqual(M.atMostLike('x', 3, 2), { [T]: 'type', max: 3, value: ['x', 'x'] })
  assert.deepEqual(M.constrainedArrayLike('x', 2, 4), { [T]: 'type', min: 2, max: 4, value: ['x', 'x'] })
  assert.deepEqual(M.constrainedArrayLike('x', 2, 4, 3), { [T]: 'type', min: 2, max: 4, value: ['x', 'x', 'x'] })
})

test('primitives, with pact-js defaults and generators when no example is given', () => {
  assert.deepEqual(M.boolean(), { [T]: 'type', value: true })
  assert.deepEqual(M.string(), { [T]: 'type', value: 'some string' })
  assert.deepEqual(M.integer(), { [T]: 'integer', [G]: 'RandomInt', value: 101 })
  assert.deepEqual(M.integer(0), { [T]: 'integer', value: 0 })
  assert.deepEqual(M.decimal(), { [T]: 'decimal', [G]: 'RandomDecimal', value: 12.34 })
  assert.deepEqual(M.decimal(1.5), { [T]: 'decimal', value: 1.5 })
  assert.deepEqual(M.number(), { [T]: 'number', [G]: 'RandomInt', value: 1234 })
  assert.deepEqual(M.number(-2), { [T]: 'number', value: -2 })
  assert.deepEqual(M.uuid(), { [T]: 'regex', [G]: 'Uuid', regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', value: 'e2490de5-5bd3-43d5-b7c4-526e33f71304' })
  assert.deepEqual(M.nullValue(), { [T]: 'null', value: null })
  assert.deepEqual(M.equal({ a: 1 }), { [T]: 'equality', value: { a: 1 } })
  assert.deepEqual(M.includes('ell'), { [T]: 'include', value: 'ell' })
  assert.deepEqual(M.contentType('image/png'), { [T]: 'contentType', value: 'image/png' })
})

test('regular expressions and formats, with their default examples', () => {
  assert.deepEqual(M.regex(/\d+/, '12'), { [T]: 'regex', regex: '\\d+', value: '12' })
  assert.deepEqual(M.regex('\\d+', '12'), { [T]: 'regex', regex: '\\d+', value: '12' })
  const defaults = {
    email: 'hello@pact.io',
    ipv4Address: '127.0.0.13',
    ipv6Address: '::ffff:192.0.2.128',
    hexadecimal: '3F',
    iso8601DateTime: '2015-08-06T16:53:10+01:00',
    iso8601DateTimeWithMillis: '2015-08-06T16:53:10.123+01:00',
    iso8601Date: '2013-02-01',
    iso8601Time: 'T22:44:30.652Z',
    rfc1123Timestamp: 'Mon, 31 Oct 2016 15:21:41 -0400',
  }
  for (const [name, value] of Object.entries(defaults)) {
    const matcher = M[name]()
    assert.equal(matcher[T], 'regex', name)
    assert.equal(matcher.value, value, name)
    assert.ok(new RegExp(matcher.regex).test(value), name)
  }
  assert.equal(M.email().regex, M.EMAIL_FORMAT)
  assert.equal(M.email('a.b@example.org').value, 'a.b@example.org')
})

test('dates and times in Java DateTimeFormatter patterns', () => {
  assert.deepEqual(M.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-02-29T23:59:59.123Z'), { [T]: 'timestamp', format: "yyyy-MM-dd'T'HH:mm:ss.SSSX", value: '2024-02-29T23:59:59.123Z' })
  assert.deepEqual(M.timestamp('EEE, dd MMM yyyy HH:mm:ss Z', 'Mon, 31 Oct 2016 15:21:41 -0400')[T], 'timestamp')
  assert.deepEqual(M.date('yyyy-MM-dd', '2020-01-31'), { [T]: 'date', format: 'yyyy-MM-dd', value: '2020-01-31' })
  assert.deepEqual(M.time('HH:mm:ss', '10:00:59'), { [T]: 'time', format: 'HH:mm:ss', value: '10:00:59' })
  assert.equal(M.datetime("yyyy-MM-dd'T'HH:mm:ssXXX", '2020-01-01T10:00:00+01:00').value, '2020-01-01T10:00:00+01:00')
  assert.equal(M.date('dd/MM/yy', '31/12/99').value, '31/12/99')
  assert.equal(M.time('h:mm a', '1:05 PM').value, '1:05 PM')
  assert.equal(M.date('yyyy-MM-dd[ HH:mm]', '2020-01-01').value, '2020-01-01')
})

test('urls, provider state, status, collections', () => {
  assert.deepEqual(M.url(['users', M.regex('\\d+', '12')]), {
    [T]: 'regex',
    [G]: 'MockServerURL',
    regex: '.*(\\/users\\/\\d+)$',
    value: 'http://localhost:8080/users/12',
    example: 'http://localhost:8080/users/12',
  })
  assert.deepEqual(M.url2('https://api.example.com', ['v1', /\d+/]), { [T]: 'regex', regex: '.*(\\/v1\\/\\d+)$', value: 'https://api.example.com/v1/1' })
  assert.deepEqual(M.fromProviderState('/users/${id}', '/users/1'), { [T]: 'type', [G]: 'ProviderState', expression: '/users/${id}', value: '/users/1' })
  assert.deepEqual(M.matchStatus(201, HTTPResponseStatusClass.Success), { [T]: 'statusCode', status: 'success', value: 201 })
  assert.deepEqual(M.matchStatus(404, [400, 404]), { [T]: 'statusCode', status: [400, 404], value: 404 })
  assert.deepEqual(M.arrayContaining(M.like({ a: 1 }), 'x'), { [T]: 'arrayContains', variants: [{ [T]: 'type', value: { a: 1 } }, 'x'] })
  assert.deepEqual(M.eachKeyLike('id', { a: 1 }), { [T]: 'values', value: { id: { a: 1 } } })
  assert.deepEqual(M.eachKeyMatches({ a: 1 }), { [T]: 'eachKey', rules: [{ [T]: 'type', value: 'key' }], value: { a: 1 } })
  assert.deepEqual(M.eachKeyMatches({ ab: 1 }, M.regex('^[a-z]+$', 'ab')).rules, [{ [T]: 'regex', regex: '^[a-z]+$', value: 'ab' }])
  assert.deepEqual(M.eachValueMatches({ a: 1, b: 2 }, M.integer(1)), { [T]: 'eachValue', rules: [{ [T]: 'integer', value: 1 }], value: { a: 1, b: 2 } })
})

test('V4 rules pact-js has no helper for', () => {
  assert.deepEqual(M.notEmpty(['x']), { [T]: 'notEmpty', value: ['x'] })
  assert.deepEqual(M.semver('1.2.3-rc.1+build.5'), { [T]: 'semver', value: '1.2.3-rc.1+build.5' })
  assert.deepEqual(M.eachKey({ ab: 1 }, [M.regex('^[a-z]+$', 'ab'), M.includes('a')]).rules.length, 2)
  assert.deepEqual(M.eachValue({ a: 'x1' }, [M.regex('\\d', '1'), M.includes('x')]), {
    [T]: 'eachValue',
    rules: [{ [T]: 'regex', regex: '\\d', value: '1' }, { [T]: 'include', value: 'x' }],
    value: { a: 'x1' },
  })
  assert.deepEqual(M.minType({ a: 1, b: 2 }, 2), { [T]: 'type', min: 2, value: { a: 1, b: 2 } })
  assert.deepEqual(M.maxType({ a: 1 }, 3), { [T]: 'type', max: 3, value: { a: 1 } })
  assert.deepEqual(M.minMaxType([1, 2], 1, 2), { [T]: 'type', min: 1, max: 2, value: [1, 2] })
})

test('reify gives the example of a template', () => {
  const template = {
    id: M.integer(3),
    tags: M.eachLike(M.string('t'), 2),
    nested: M.like({ at: M.iso8601Date(), n: M.nullValue() }),
    some: M.arrayContaining(M.like(1), 'x'),
    v2: V2.eachLike({ v: V2.somethingLike(true) }),
    plain: [1, 'a', null],
  }
  assert.deepEqual(reify(template), { id: 3, tags: ['t', 't'], nested: { at: '2013-02-01', n: null }, some: [1, 'x'], v2: [{ v: true }], plain: [1, 'a', null] })
  assert.throws(() => reify({ a: () => 1 }), { code: 'ERR_INVALID_MATCHER' })
})

/** Asserts that `call` throws ERR_INVALID_MATCHER with a message naming the matcher and showing `shown`. */
function rejects(call, name, shown) {
  assert.throws(call, (error) => {
    assert.equal(error.code, 'ERR_INVALID_MATCHER', error.message)
    assert.ok(error.message.startsWith(`${name}: `), error.message)
    if (shown !== undefined) assert.ok(error.message.includes(shown), `${error.message} shows ${shown}`)
    return true
  })
}

test('an example that breaks its matcher throws ERR_INVALID_MATCHER naming the matcher and the example', () => {
  rejects(() => M.integer(1.5), 'integer', '1.5')
  rejects(() => M.integer('5'), 'integer', "'5'")
  rejects(() => M.decimal('1.5'), 'decimal', "'1.5'")
  rejects(() => M.number(Infinity), 'number', 'Infinity')
  rejects(() => M.boolean('yes'), 'boolean', "'yes'")
  rejects(() => M.string(5), 'string', '5')
  rejects(() => M.regex('^\\d+$', '12a'), 'regex', "'12a'")
  rejects(() => M.regex(/^x/i, 'X'), 'regex', 'flags')
  rejects(() => M.email('not-an-email'), 'email', "'not-an-email'")
  rejects(() => M.uuid('E2490DE5-5BD3-43D5-B7C4-526E33F71304'), 'uuid', 'E2490DE5')
  rejects(() => M.uuid('1234'), 'uuid', "'1234'")
  rejects(() => M.ipv4Address('256.1.1.1'), 'ipv4Address', "'256.1.1.1'")
  rejects(() => M.ipv4Address('1.2.3'), 'ipv4Address', "'1.2.3'")
  rejects(() => M.ipv6Address('12345::'), 'ipv6Address', "'12345::'")
  rejects(() => M.hexadecimal('0xZZ'), 'hexadecimal', "'0xZZ'")
  rejects(() => M.iso8601Date('2021-02-29'), 'iso8601Date', '2021-02-29')
  rejects(() => M.iso8601DateTime('2015-13-06T16:53:10+01:00'), 'iso8601DateTime', 'month')
  rejects(() => M.iso8601DateTime('2015-08-06T25:53:10Z'), 'iso8601DateTime', 'hour')
  rejects(() => M.iso8601DateTimeWithMillis('2015-08-06T16:53:10+01:00'), 'iso8601DateTimeWithMillis', '2015-08-06T16:53:10+01:00')
  rejects(() => M.iso8601Time('T25:00'), 'iso8601Time', 'hour')
  rejects(() => M.rfc1123Timestamp('Mon, 32 Oct 2016 15:21:41 -0400'), 'rfc1123Timestamp', '32 Oct')
  rejects(() => M.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2020-01-01T00:00:00Z'), 'datetime', "'2020-01-01T00:00:00Z'")
  rejects(() => M.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", undefined), 'datetime')
  rejects(() => M.timestamp('yyyy-MM-dd', '2020-02-30'), 'timestamp', '2020-02-30')
  rejects(() => M.date('yyyy-MM-dd', '01/02/2020'), 'date', '01/02/2020')
  rejects(() => M.time('HH:mm', '24:00'), 'time', '24:00')
  rejects(() => M.time('HH:mm:ss', '10:61:00'), 'time', '10:61:00')
  rejects(() => M.atLeastLike('x', 3, 2), 'atLeastLike', 'min is 3')
  rejects(() => M.atMostLike('x', 2, 3), 'atMostLike', 'max is 2')
  rejects(() => M.constrainedArrayLike('x', 3, 2), 'constrainedArrayLike', 'greater than max')
  rejects(() => M.constrainedArrayLike('x', 1, 2, 5), 'constrainedArrayLike', '5 examples')
  rejects(() => M.eachLike('x', -1), 'eachLike', '-1')
  rejects(() => M.like(undefined), 'like', 'undefined')
  rejects(() => M.like({ f: () => 1 }), 'like', 'function')
  rejects(() => M.matchStatus(404, HTTPResponseStatusClass.Success), 'matchStatus', '404')
  rejects(() => M.matchStatus(201, [200, 204]), 'matchStatus', '201')
  rejects(() => M.matchStatus(200, 'fine'), 'matchStatus', "'fine'")
  rejects(() => M.url(['users', /[^\s\S]/]), 'url')
  rejects(() => M.eachKeyMatches({ AB: 1 }, M.regex('^[a-z]+$', 'ab')), 'eachKeyMatches', "'AB'")
  rejects(() => M.eachValueMatches({ a: 'x' }, M.integer(1)), 'eachValueMatches', "'x'")
  rejects(() => M.notEmpty(''), 'notEmpty', "''")
  rejects(() => M.notEmpty({}), 'notEmpty', '{}')
  rejects(() => M.semver('1.2'), 'semver', "'1.2'")
  rejects(() => M.minType([1], 2), 'minType', 'fewer than min 2')
  rejects(() => M.maxType({ a: 1, b: 2 }, 1), 'maxType', 'more than max 1')
  rejects(() => M.minMaxType([1], 3, 2), 'minMaxType', 'greater than max')
  rejects(() => M.minType('abc', 1), 'minType', "'abc'")
  rejects(() => M.contentType('png'), 'contentType', "'png'")
  rejects(() => M.fromProviderState('', 1), 'fromProviderState')
  rejects(() => M.includes(3), 'includes', '3')
})

test('MatchersV2: pact-js V2 JSON with getValue, and its checks', () => {
  const like = V2.somethingLike(5)
  assert.equal(V2.like, V2.somethingLike)
  assert.equal(V2.regex, V2.term)
  assert.deepEqual(JSON.parse(JSON.stringify(like)), { [T]: 'type', value: 5 })
  assert.equal(like.getValue(), 5)
  assert.deepEqual(JSON.parse(JSON.stringify(V2.eachLike({ a: 1 }, { min: 2 }))), { [T]: 'type', min: 2, value: [{ a: 1 }, { a: 1 }] })
  assert.deepEqual(JSON.parse(JSON.stringify(V2.term({ generate: 'ab', matcher: '[a-z]+' }))), { [T]: 'regex', regex: '[a-z]+', value: 'ab' })
  assert.equal(V2.uuid().value, 'ce118b6e-d8e1-11e7-9296-cec278b6b50a')
  assert.equal(V2.uuid().regex, V2.UUID_V4_FORMAT)
  assert.equal(V2.integer().value, 13)
  assert.equal(V2.decimal().value, 13.01)
  assert.equal(V2.string().value, 'iloveorange')
  assert.equal(V2.email().regex, V2.EMAIL_FORMAT)
  assert.ok(V2.isMatcher(like))
  assert.deepEqual(V2.extractPayload({ a: V2.eachLike(V2.integer(2)) }), { a: [2] })
  rejects(() => V2.term({ generate: 'AB', matcher: '^[a-z]+$' }), 'term', "'AB'")
  rejects(() => V2.term({ generate: 'x' }), 'term')
  rejects(() => V2.eachLike(1, { min: 0 }), 'eachLike', '0')
  rejects(() => V2.somethingLike(undefined), 'somethingLike')
  rejects(() => V2.integer(2.5), 'integer', '2.5')
  rejects(() => V2.ipv4Address('999.0.0.1'), 'ipv4Address', '999.0.0.1')
  rejects(() => V2.iso8601Date('2019-02-29'), 'iso8601Date', '2019-02-29')
})
