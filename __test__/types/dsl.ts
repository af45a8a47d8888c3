// Type test of the consumer DSL (compiled by `npm run test:types`): templates are checked against
// the user's interface, reify has the example's type, the V4 builder offers only the next legal
// step, and executeTest<T> resolves to T. Each `@ts-expect-error` fails the build if it compiles.
import {
  ApolloGraphQLInteraction,
  GraphQLInteraction,
  HTTPResponseStatusClass,
  Interaction,
  Matchers,
  MatchersV2,
  MatchersV3,
  Pact,
  PactMismatchError,
  PactV2,
  PactV3,
  PactV4,
  SpecificationVersion,
  XmlBuilder,
  reify,
  type LogLevel,
  type Matcher,
  type PactV4Options,
  type Rules,
  type Template,
  type V3Interaction,
  type V3MockServer,
  type V3Request,
  type V3Response,
  type V4InteractionWithRequest,
  type V4UnconfiguredInteraction,
} from '../../index'

const { like, eachLike, integer, string, uuid, boolean, regex, matchStatus, atLeastLike, iso8601DateTime, nullValue } = MatchersV3

interface OrderLine {
  sku: string
  quantity: number
}
interface Order {
  id: number
  reference: string
  paid: boolean
  note?: string
  cancelledAt: string | null
  lines: OrderLine[]
}

const orderTemplate: Template<Order> = {
  id: integer(1),
  reference: uuid(),
  paid: boolean(),
  cancelledAt: nullValue(),
  lines: eachLike({ sku: string('A-1'), quantity: integer(2) }),
}
// @ts-expect-error: a field is missing (lines)
const missingField: Template<Order> = { id: 1, reference: 'r', paid: true, cancelledAt: null }
// @ts-expect-error: a matcher whose example has the wrong type (reference is a string)
const wrongMatcher: Template<Order> = { id: 1, reference: integer(3), paid: true, cancelledAt: null, lines: [] }
// @ts-expect-error: a plain value of the wrong type
const wrongValue: Template<Order> = { id: '1', reference: 'r', paid: true, cancelledAt: null, lines: [] }
// @ts-expect-error: inside an array matcher too
const wrongInArray: Template<Order> = { id: 1, reference: 'r', paid: true, cancelledAt: null, lines: eachLike({ sku: 1, quantity: 2 }) }

// reify has the example's type.
const example = reify({ id: integer(7), lines: atLeastLike({ sku: like('x') }, 2), at: iso8601DateTime(), v2: MatchersV2.somethingLike(3) })
const exampleId: number = example.id
const exampleSku: string = example.lines[0].sku
const exampleAt: string = example.at
const exampleV2: number = example.v2
// @ts-expect-error: id is a number
const exampleIdText: string = example.id
const reifiedOrder: Order = reify(orderTemplate)

async function v4(): Promise<void> {
  const options: PactV4Options = { consumer: 'web', provider: 'orders', dir: './pacts', logLevel: 'warn', spec: SpecificationVersion.SPECIFICATION_VERSION_V4, maxBodySize: 1024 }
  const pact = new PactV4(options)
  // @ts-expect-error: consumer and provider are required
  new Pact({ consumer: 'web' })
  // @ts-expect-error: unknown options do not compile (and throw ERR_INVALID_OPTION at run time)
  new Pact({ consumer: 'web', provider: 'orders', colour: 'blue' })

  const total: number = await pact
    .addInteraction()
    .given('an order', { id: 1 })
    .uponReceiving('a request for the order')
    .pending(false)
    .comment('first')
    .comment({ key: 'ticket', value: 'T-1' })
    .testName('orders test')
    .key('order-1')
    .reference('jira', 'ticket', 'T-1')
    .withRequest('GET', regex('/orders/\\d+', '/orders/1'), (builder) => {
      builder.query({ expand: 'lines', page: integer(1) }).headers({ Accept: 'application/json' })
    })
    .willRespondWith(matchStatus(200, HTTPResponseStatusClass.Success), (builder) => {
      builder.headers({ 'Content-Type': regex('application/json.*', 'application/json') }).jsonBody<Order>(orderTemplate)
    })
    .executeTest(async (server: V3MockServer) => {
      const url: string = server.url
      const ca: string | null = server.caCertificate
      return url.length + (ca === null ? 0 : 1) + server.port + server.host.length + server.id.length
    })

  const withRequest: V4InteractionWithRequest = pact.addInteraction().withRequest('POST', '/orders', (b) => b.jsonBody({ free: 'form' }))
  // @ts-expect-error: executeTest comes after willRespondWith
  withRequest.executeTest(async () => 1)
  const unconfigured: V4UnconfiguredInteraction = pact.addInteraction()
  // @ts-expect-error: willRespondWith comes after withRequest
  unconfigured.willRespondWith(200)
  pact.addInteraction().withRequest('GET', '/').willRespondWith(200, (b) => {
    // @ts-expect-error: jsonBody<Order> checks the template (paid is a boolean)
    b.jsonBody<Order>({ ...orderTemplate, paid: 'yes' })
  })
  pact.addInteraction().withRequest('GET', '/').willRespondWith(200, (b) => {
    // @ts-expect-error: query is a request builder's method only
    b.query({ a: '1' })
  })

  // executeTest<T> resolves to T, not T | undefined.
  const text: string = await pact.addInteraction().withRequest('GET', '/').willRespondWith(204).executeTest(() => 'done')
  await pact
    .addInteraction()
    .withCompleteRequest({ method: 'GET', path: '/x', headers: { A: ['1', like('2')] } })
    .withCompleteResponse({ status: 200, body: { a: 1 } })
    .executeTest(async () => undefined)
  const rules: Rules = { body: { path: '$.a', rules: [integer(1)] }, header: [{ path: 'X-A', rules: [regex('\\d+', '1')] }] }
  pact.addInteraction().withRequest('POST', '/f', (b) => b.body('image/png', new Uint8Array([1])).matchingRules(rules).binaryFile('image/png', 'x.png').multipartBody('text/plain', 'f.txt', 'file'))

  const xml = new XmlBuilder('1.0', 'UTF-8', 'orders').build((root) => {
    root.eachLike('order', { id: integer(1) }, (order) => order.appendElement('ref', {}, string('r')), { examples: 2 })
  })
  pact.addInteraction().withRequest('GET', '/x').willRespondWith(200, (b) => b.xmlBody(xml))

  const graphql = pact
    .addGraphQLInteraction()
    .uponReceiving('a query')
    .withOperation('Orders')
    .withVariables({ first: 10 })
    .withRequest('POST', '/graphql', (b) => b.headers({ 'X-A': 'a' }))
    .withQuery('query Orders { orders { id } }')
  graphql.willRespondWith(200, (b) => b.jsonBody({ data: { orders: eachLike({ id: integer(1) }) } }))

  try {
    await pact.addInteraction().withRequest('GET', '/').willRespondWith(200).executeTest(async () => 1)
  } catch (error) {
    if (error instanceof PactMismatchError) {
      const count: number = error.mismatches.length
      void count
    }
  }
  void [total, text]
}

async function v3(): Promise<void> {
  const pact = new PactV3({ consumer: 'web', provider: 'orders', cors: false })
  const request: V3Request = { method: 'GET', path: '/orders/1', query: { a: ['1', like('2')] } }
  const response: V3Response = { status: 200, headers: { 'Content-Type': 'application/json' }, body: orderTemplate }
  const interaction: V3Interaction = { states: [{ description: 'x', parameters: { a: 1 } }], uponReceiving: 'y', withRequest: request, willRespondWith: response }
  const status: number = await pact
    .given('an order', { id: 1 })
    .uponReceiving('a request')
    .withRequest(request)
    .willRespondWith(response)
    .addInteraction(interaction)
    .executeTest(async (server) => (await fetch(server.url)).status)
  // @ts-expect-error: a request needs a method
  pact.withRequest({ path: '/' })
  void status
}

async function v2(): Promise<void> {
  const provider = new PactV2({ consumer: 'web', provider: 'orders', port: 0, spec: 2, pactfileWriteMode: 'merge', logLevel: 'info' })
  await provider.setup()
  const baseUrl: string = provider.mockService.baseUrl
  await provider.addInteraction({
    state: 'an order',
    uponReceiving: 'a request',
    withRequest: { method: 'GET', path: '/orders', query: 'a=1' },
    willRespondWith: { status: 200, body: MatchersV2.eachLike({ id: MatchersV2.integer(1) }, { min: 2 }) },
  })
  await provider.addInteraction(new Interaction().uponReceiving('b').withRequest({ method: 'GET', path: '/b' }).willRespondWith({ status: 204 }))
  await provider.addInteraction(new GraphQLInteraction().uponReceiving('q').withRequest({ method: 'POST', path: '/g' }).withQuery('{ a }').willRespondWith({ status: 200 }))
  await provider.addInteraction(new ApolloGraphQLInteraction().uponReceiving('q2').withRequest({ method: 'POST', path: '/g' }).withQuery('{ a }').willRespondWith({ status: 200 }))
  // @ts-expect-error: not an HTTP method
  new Interaction().withRequest({ method: 'FETCH', path: '/' })
  await provider.verify()
  await provider.finalize()
  void baseUrl
}

/** Plugins: pluginContents only after usingPlugin; a message's transport test gets port and address. */
async function plugins(): Promise<string[]> {
  const pact = new PactV4({ consumer: 'a', provider: 'b' })
  const status: number = await pact
    .addInteraction()
    .usingPlugin({ plugin: 'csv', version: '0.1.0' })
    .withRequest('POST', '/rows', (builder) => builder.pluginContents('text/csv', '{"csv": "a,1"}'))
    .willRespondWith(200, (builder) => builder.pluginContents('text/csv', '{"csv": "b,2"}'))
    .executeTest(async () => 200)
  // @ts-expect-error: without usingPlugin the builder has no pluginContents
  pact.addInteraction().withRequest('POST', '/rows', (builder) => builder.pluginContents('text/csv', '{}'))
  const lines: string[] = await pact
    .addSynchronousInteraction('a ping')
    .usingPlugin({ plugin: 'csv' })
    .withPluginContents('{"request": "PING", "response": "PONG"}', 'text/plain')
    .startTransport('lines', '127.0.0.1')
    .executeTest(async (transport, message) => [String(transport.port), transport.address, String(message.Request.content)])
  // @ts-expect-error: withPluginContents needs usingPlugin first
  pact.addSynchronousInteraction('x').withPluginContents('{}', 'text/plain')
  return [...lines, String(status)]
}

const level: LogLevel = 'debug'
// @ts-expect-error: not a log level
const badLevel: LogLevel = 'verbose'
const term = MatchersV2.term({ generate: 'a', matcher: '[a-z]' })
const matcher: Matcher<string> = Matchers.string('x')
// @ts-expect-error: the example of string() is a string
const numberMatcher: Matcher<number> = Matchers.string('x')

export { plugins, missingField, wrongMatcher, wrongValue, wrongInArray, exampleId, exampleSku, exampleAt, exampleV2, exampleIdText, reifiedOrder, v4, v3, v2, level, badLevel, term, matcher, numberMatcher }
