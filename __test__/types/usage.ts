// Type test: compiled with `tsc --noEmit --strict` in `npm test`. It proves the public surface is
// fully typed: each `@ts-expect-error` line fails the build if a type degrades to `any`.
import {
  MockServer,
  PactMismatchError,
  cleanupMockServer,
  configurePluginContents,
  createMockServer,
  mockServerMatched,
  mockServerMismatches,
  shutdownMockServer,
  writePactFile,
  type LogLine,
  type MatchResult,
  type Metrics,
  type Mismatch,
  type MockServerOptions,
  type ReceivedRequest,
  type Request,
  type RunOptions,
} from '../../index'

async function typedUsage(): Promise<void> {
  const options: MockServerOptions = { host: '127.0.0.1', port: 0, cors: false, specification: 'V3', id: 'x' }
  const server: MockServer = await MockServer.create({ consumer: { name: 'a' } }, options)
  await MockServer.create('{}')
  await MockServer.create('{}', { tls: { cert: 'pem', key: 'pem' } })
  // @ts-expect-error: the specification is one of the known versions
  await MockServer.create('{}', { specification: 'V5' })
  // @ts-expect-error: a pact is text or an object
  await MockServer.create(42)

  const id: string = server.id
  const host: string = server.host
  const port: number = server.port
  const url: string = server.url
  const ca: string | null = server.caCertificate
  // @ts-expect-error: port is a number, not any
  server.port.toUpperCase()

  const matched: boolean = server.matched()
  const results: MatchResult[] = server.mismatches()
  for (const result of results) {
    describe(result)
  }
  const log: ReceivedRequest[] = server.requests()
  const count: number = server.requestCount
  const metrics: Metrics = server.metrics()
  const byPath: number | undefined = metrics.requestsByPath['/users/1']
  const lines: LogLine[] = server.logs()
  const level: 'error' | 'warn' | 'info' | 'debug' | 'trace' = lines[0].level
  const reportUrl: string | null = server.reportUrl
  // @ts-expect-error: metrics are numbers, not any
  server.metrics().notFound.toUpperCase()
  // @ts-expect-error: logLevel is one of the level names
  await MockServer.create('{}', { logLevel: 'verbose' })
  await MockServer.create('{}', { logLevel: 'debug', report: true })
  server.verify()
  const path: string = await server.writePact('./pacts', { overwrite: true })
  await server.writePact()
  // @ts-expect-error: overwrite is a boolean
  await server.writePact('./pacts', { overwrite: 'yes' })
  await server.shutdown()

  const legacyPort: number = await createMockServer('{}', 0, { cors: true })
  const legacyMatched: boolean = mockServerMatched(legacyPort)
  const legacyResults: MatchResult[] = mockServerMismatches(legacyPort)
  const written: void = await writePactFile(legacyPort, './pacts', false)
  const shut: boolean = await shutdownMockServer(legacyPort)
  const cleaned: boolean = await cleanupMockServer(legacyPort)
  void [id, host, port, url, ca, matched, log, count, byPath, level, reportUrl, path, legacyMatched, legacyResults, written, shut, cleaned]
}

async function typedRun(): Promise<void> {
  const runOptions: RunOptions = { dir: './pacts', port: 0 }
  const answer: number = await MockServer.run({}, runOptions, async (server) => {
    const url: string = server.url
    void url
    return 42
  })
  const nothing: void = await MockServer.run('{}', null, (server) => {
    server.matched()
  })
  // @ts-expect-error: the test receives the server, not a string
  await MockServer.run('{}', null, (server: string) => server)
  try {
    await MockServer.run('{}', undefined, async () => undefined)
  } catch (error) {
    if (error instanceof PactMismatchError) {
      const code: 'ERR_PACT_MISMATCH' = error.code
      const results: MatchResult[] = error.mismatches
      const message: string = error.message
      void [code, results, message]
    }
  }
  void [answer, nothing]
}

void typedRun

/** Narrowing on `type` reaches every field with its own type. */
function describe(result: MatchResult): string {
  switch (result.type) {
    case 'request-mismatch':
      return `${result.interaction}: ${result.mismatches.map(describeMismatch).join('; ')} (${result.request.method})`
    case 'request-not-found':
      return `${result.method} ${result.path} ${describeRequest(result.request)}`
    case 'missing-request':
      // @ts-expect-error: a missing request has no mismatches
      void result.mismatches
      return `${result.interaction} was not received`
    case 'internal-error':
      // @ts-expect-error: an internal error names no interaction
      void result.interaction
      return `${result.method} ${result.path} failed: ${result.error}`
    case 'transport-mismatch':
      // @ts-expect-error: a plugin's transport reports no request of ours
      void result.request
      return `${result.transport} ${result.path} (${result.plugin}): ${result.error} ${result.mismatches.map(describeMismatch).join('; ')}`
  }
}

function describeMismatch(mismatch: Mismatch): string {
  switch (mismatch.type) {
    case 'MethodMismatch':
    case 'PathMismatch':
      return `${mismatch.expected} vs ${mismatch.actual}`
    case 'QueryMismatch':
      return `${mismatch.parameter}: ${mismatch.mismatch}`
    case 'HeaderMismatch':
      return `${mismatch.key}: ${mismatch.mismatch}`
    case 'BodyTypeMismatch':
      return `${mismatch.expectedBody ?? ''} / ${mismatch.actualBody ?? ''}`
    case 'BodyMismatch':
      return `${mismatch.path}: ${mismatch.expected ?? 'null'} -> ${mismatch.actual ?? 'null'}`
    case 'PluginMismatch':
      return `${mismatch.plugin} ${mismatch.path}: ${mismatch.mismatch}`
  }
}

/** The plugin surface: the transport option, and what configurePluginContents resolves to. */
async function pluginUsage(): Promise<string> {
  const server = await MockServer.create('{}', { transport: 'grpc', pluginTimeout: 2000 })
  const contents = await configurePluginContents({ name: 'csv' }, 'text/csv', '{"csv": "a,1"}')
  const [part] = contents.parts
  const markup: 'COMMON_MARK' | 'HTML' = part.interactionMarkupType
  // @ts-expect-error: pluginTimeout is a number of milliseconds
  await MockServer.create('{}', { pluginTimeout: '2s' })
  return `${server.url} ${part.body.content} ${markup}`
}
void pluginUsage

function describeRequest(request: Request): string {
  const query: Record<string, string[]> | undefined = request.query
  const headers: Record<string, string> | undefined = request.headers
  // @ts-expect-error: the body is unknown until narrowed
  request.body.length
  return `${request.method} ${request.path} ${JSON.stringify(query)} ${JSON.stringify(headers)}`
}

/** Every outcome of the request log, the CORS preflight included, narrows on `type`. */
function describeOutcome(entry: ReceivedRequest): string {
  const outcome = entry.outcome
  switch (outcome.type) {
    case 'matched':
      return outcome.interaction
    case 'mismatched':
      return `${outcome.interaction}: ${outcome.mismatches.length}`
    case 'not-found':
      return 'not found'
    case 'rejected':
      return `${outcome.status} ${outcome.reason}`
    case 'cors-preflight':
      return `preflight ${entry.method} ${entry.path}`
    case 'internal-error':
      return `failed: ${outcome.error}`
    default: {
      const unknown: never = outcome
      return unknown
    }
  }
}

void typedUsage
void describeOutcome
