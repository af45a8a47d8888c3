// XmlBuilder bodies and the GraphQL helpers (V4 addGraphQLInteraction, GraphQLPactV3, V2
// GraphQLInteraction and ApolloGraphQLInteraction), end to end.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { ApolloGraphQLInteraction, GraphQLInteraction, GraphQLPactV3, GraphQLQueryError, MatchersV3 as M, PactV2, PactV4, XmlBuilder } from '../index.mjs'
import { tempDir } from './helpers.mjs'

function directory(t) {
  const dir = tempDir('pact-dsl-xml-gql-')
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test("XmlBuilder's JSON is pact-js's, with the document's version and charset", () => {
  const xml = new XmlBuilder('1.0', 'UTF-8', 'ns1:projects').build((root) => {
    root.setAttributes({ id: '1234', 'xmlns:ns1': 'http://some.namespace/and/more/stuff' })
    root.eachLike('ns1:project', { id: M.integer(1), name: M.string('Project 1') }, (project) => {
      project.appendElement('ns1:tasks', {}, (tasks) => tasks.eachLike('ns1:task', { done: M.boolean(true) }, undefined, { examples: 2 }))
    })
    root.appendElement('ns1:note', new Map([['lang', 'en']]), M.string('a note'))
  })
  assert.deepEqual(JSON.parse(xml), {
    version: '1.0',
    charset: 'UTF-8',
    root: {
      name: 'ns1:projects',
      children: [
        {
          'pact:matcher:type': 'type',
          examples: 1,
          value: {
            name: 'ns1:project',
            attributes: { id: { 'pact:matcher:type': 'integer', value: 1 }, name: { 'pact:matcher:type': 'type', value: 'Project 1' } },
            children: [
              {
                name: 'ns1:tasks',
                attributes: {},
                children: [{ 'pact:matcher:type': 'type', examples: 2, value: { name: 'ns1:task', attributes: { done: { 'pact:matcher:type': 'type', value: true } }, children: [] } }],
              },
            ],
          },
        },
        { name: 'ns1:note', attributes: { lang: 'en' }, children: [{ content: 'a note', matcher: { 'pact:matcher:type': 'type', value: 'a note' } }] },
      ],
      attributes: { id: '1234', 'xmlns:ns1': 'http://some.namespace/and/more/stuff' },
    },
  })
  assert.throws(() => new XmlBuilder('1.0', 'UTF-8', 'a').build((root) => root.eachLike('b', {}, undefined, { examples: 1, min: 2 })), { code: 'ERR_INVALID_MATCHER' })
})

test('an XML response built with XmlBuilder, and an XML request given as text', async (t) => {
  const dir = directory(t)
  const pact = new PactV4({ consumer: 'xml-app', provider: 'xml-api', dir })
  const body = new XmlBuilder('1.0', 'UTF-8', 'orders').build((root) => {
    root.eachLike('order', { id: M.integer(1) }, (order) => order.appendElement('ref', {}, M.regex('[A-Z]+', 'ABC')), { examples: 2 })
  })
  const text = await pact
    .addInteraction()
    .uponReceiving('an order search')
    .withRequest('POST', '/orders/search', (b) => b.headers({ 'Content-Type': 'application/xml' }).xmlBody('<search><q>abc</q></search>'))
    .willRespondWith(200, (b) => b.xmlBody(body))
    .executeTest(async ({ url }) => {
      const response = await fetch(`${url}/orders/search`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<search><q>abc</q></search>' })
      return response.text()
    })
  assert.match(text, /<orders>\s*<order id=["']1["']>\s*<ref>ABC<\/ref>\s*<\/order>\s*<order id=["']1["']>\s*<ref>ABC<\/ref>\s*<\/order>\s*<\/orders>/)
  const [interaction] = JSON.parse(readFileSync(join(dir, 'xml-app-xml-api.json'), 'utf8')).interactions
  assert.match(interaction.response.headers['Content-Type'][0], /application\/xml/)
  const rules = interaction.response.matchingRules.body
  assert.ok(Object.keys(rules).some((path) => path.includes('order') && path.includes('id')), JSON.stringify(rules))
})

const query = 'query Items($first: Int) {\n  items(first: $first) {\n    id\n  }\n}'
const sent = (url, text = query, variables = { first: 2 }) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ operationName: 'Items', query: text, variables }) })

test('V4 addGraphQLInteraction: whitespace in the query does not matter, the rest does', async (t) => {
  const dir = directory(t)
  const pact = new PactV4({ consumer: 'gql-app', provider: 'gql-api', dir })
  const run = () =>
    pact
      .addGraphQLInteraction()
      .given('two items')
      .uponReceiving('an items query')
      .withOperation('Items')
      .withVariables({ first: 2 })
      .withRequest('POST', '/graphql', (b) => b.headers({ 'X-Client': 'web' }))
      .withQuery(query)
      .willRespondWith(200, (b) => b.jsonBody({ data: { items: M.eachLike({ id: M.integer(1) }) } }))
  const data = await run().executeTest(async ({ url }) => (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Client': 'web' }, body: JSON.stringify({ operationName: 'Items', query: 'query Items($first: Int) { items(first: $first) { id } }', variables: { first: 2 } }) })).json())
  assert.deepEqual(data, { data: { items: [{ id: 1 }] } })
  await assert.rejects(run().executeTest(async ({ url }) => sent(url, 'query Items { other { id } }')), { code: 'ERR_PACT_MISMATCH' })
  const [interaction] = JSON.parse(readFileSync(join(dir, 'gql-app-gql-api.json'), 'utf8')).interactions
  assert.equal(interaction.request.body.content.query, query)
  assert.equal(interaction.request.body.content.operationName, 'Items')
  assert.equal(interaction.request.matchingRules.body['$.query'].matchers[0].match, 'regex')
  assert.throws(() => pact.addGraphQLInteraction().withRequest('POST', '/graphql').withQuery('query { broken '), GraphQLQueryError)
})

test('GraphQLPactV3 and the V2 GraphQLInteraction / ApolloGraphQLInteraction', async (t) => {
  const dir = directory(t)
  const v3 = new GraphQLPactV3({ consumer: 'gql3', provider: 'api', dir })
  v3.given('items').uponReceiving('a v3 query').withOperation('Items').withVariables({ first: 2 }).withQuery(query).withRequest({ path: '/graphql', method: 'POST' }).willRespondWith({ status: 200, body: { data: {} } })
  assert.equal((await v3.executeTest(async ({ url }) => sent(url))).status, 200)
  assert.throws(() => v3.addInteraction(), /Only GraphQL Queries are allowed/)

  const provider = new PactV2({ consumer: 'gql2', provider: 'api', dir })
  t.after(() => provider.finalize())
  await provider.setup()
  await provider.addInteraction(new GraphQLInteraction().uponReceiving('a v2 query').withOperation('Items').withVariables({ first: 2 }).withQuery(query).withRequest({ path: '/graphql', method: 'POST' }).willRespondWith({ status: 200, body: { data: {} } }))
  assert.equal((await sent(provider.mockService.baseUrl)).status, 200)
  await provider.verify()
  const apollo = new ApolloGraphQLInteraction().uponReceiving('an apollo query').withQuery('{ items { id } }').withRequest({ path: '/graphql', method: 'POST' }).willRespondWith({ status: 200 })
  assert.deepEqual(apollo.json().request.body.variables, {})
  assert.equal(apollo.json().request.body.operationName, null)
  const v2File = JSON.parse(readFileSync(join(dir, 'gql2-api.json'), 'utf8'))
  assert.equal(v2File.metadata.pactSpecification.version, '2.0.0')
  assert.equal(v2File.interactions[0].request.matchingRules['$.body.query'].match, 'regex')
})
