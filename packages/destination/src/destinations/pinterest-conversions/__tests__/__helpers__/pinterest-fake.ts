/**
 * The tests' Pinterest: nock for most tests, a real HTTP server on 127.0.0.1 for what nock
 * cannot show (answers large enough to hang actions-core's client, reset connections). Both
 * answer, unless told otherwise, as Pinterest does (contract/answer.ts, the sandbox's own
 * answer), record what they receive, and check every body against the contract schema: a test
 * file asks for that with `checkPinterestAfterEach()`.
 */
// The oracle computes digests on its own, not through the code under test.
// eslint-disable-next-line no-restricted-syntax
import { createHash } from 'crypto'
import type { IncomingMessage, ServerResponse } from 'http'
import { createServer } from 'http'
import type { AddressInfo } from 'net'
import nock from 'nock'
import type { EventsRequest } from '../../contract'
import { contractViolation } from '../../contract'
import { answerTo } from '../../contract/answer'

export const AD_ACCOUNT_ID = '549755885175'
export const TOKEN = 'pina_TEST-conversion-token-0123456789'
export const SETTINGS = { ad_account_id: AD_ACCOUNT_ID, conversion_token: TOKEN }
export const BASE_URL = 'https://api.pinterest.com'
export const EVENTS_PATH = `/v5/ad_accounts/${AD_ACCOUNT_ID}/events`

/** The expected digest, computed here from the normalized string rather than by the code under test. */
export const digest = (normalized: string) => createHash('sha256').update(normalized, 'utf8').digest('hex')

export type Reply = (body: EventsRequest) => [status: number, body?: unknown, headers?: Record<string, string>]

/** Pinterest's own answer to the body. */
export const asPinterest: Reply = (body) => {
  const { status, body: answer } = answerTo(body, Math.floor(Date.now() / 1000))
  return [status, answer]
}

/** What a fake received, in order. */
export interface Received {
  bodies: EventsRequest[]
  /** Query strings, without the `?`. */
  queries: string[]
  /** Request headers by lowercase name, each one value as it reads on the wire. */
  headers: Array<Record<string, string>>
}

export interface FakePinterest extends Received {
  scope: nock.Scope
}

/**
 * Pinterest faked by nock for `times` requests (Infinity: every request of the test file), of the
 * test ad account or, with `anyAccount`, of any; answered by `reply`, as Pinterest does unless given.
 */
export function fakePinterest(reply: Reply = asPinterest, times = 1, { anyAccount = false } = {}): FakePinterest {
  const fake: FakePinterest = { bodies: [], queries: [], headers: [], scope: nock(BASE_URL) }
  const path = (uri: string) => uri.split('?')[0]
  const interceptor = fake.scope.post((uri) =>
    anyAccount ? /^\/v5\/ad_accounts\/[^/]*\/events$/.test(path(uri)) : path(uri) === EVENTS_PATH
  )
  if (times === Infinity) fake.scope.persist()
  else interceptor.times(times)
  interceptor.reply(function (uri, requestBody) {
    const body = requestBody as EventsRequest
    record(fake, body, uri.split('?')[1] ?? '', this.req.headers)
    const [status, answer, headers] = reply(body)
    return [status, answer as nock.Body, { 'Content-Type': 'application/json', ...headers }]
  })
  return fake
}

export interface LocalPinterest extends Received {
  /** Where it listens; requests reach it through a transport (`toSandbox(url)`). */
  url: string
  close(): Promise<void>
}

export type Handler = (body: EventsRequest, req: IncomingMessage, res: ServerResponse) => void

/** Pinterest on a real socket on 127.0.0.1; `handler` answers (with `json`), or does worse. Closed after the test. */
export async function localPinterest(handler: Handler = answerAsPinterest): Promise<LocalPinterest> {
  const received: Received = { bodies: [], queries: [], headers: [] }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EventsRequest
      record(received, body, (req.url ?? '').split('?')[1] ?? '', req.headers)
      handler(body, req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const local: LocalPinterest = {
    ...received,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  open.push(local)
  return local
}

export function answerAsPinterest(body: EventsRequest, _: IncomingMessage, res: ServerResponse): void {
  const [status, answer] = asPinterest(body)
  json(res, status, answer)
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

const violations: string[] = []
const open: LocalPinterest[] = []

type RawHeaders = Record<string, string | string[] | number | undefined>

function record(into: Received, body: EventsRequest, query: string, headers: RawHeaders): void {
  into.bodies.push(body)
  into.queries.push(query)
  into.headers.push(onTheWire(headers))
  const violation = contractViolation(body)
  if (violation) violations.push(violation)
}

/**
 * Headers as one string per name. nock 13 hands over node-fetch's header lists (`['Bearer …']`),
 * nock 14 and Node's server strings; joining a list with ", " is how HTTP reads repeated fields,
 * so a header sent twice still shows as two values, on every nock.
 */
function onTheWire(headers: RawHeaders): Record<string, string> {
  const wire: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) wire[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return wire
}

/**
 * After each test: closes the local Pinterests it opened (here, not in the test, which never
 * gets to its own `finally` when it hangs), and fails it when a fake received a body that
 * breaks Pinterest's contract.
 */
export function checkPinterestAfterEach(): void {
  afterEach(async () => {
    await Promise.all(open.splice(0).map((local) => local.close()))
    const found = violations.splice(0)
    if (found.length > 0) throw new Error(`a request body broke the Pinterest contract: ${found.join('; ')}`)
  })
}

/** Unix seconds of an ISO timestamp, the way Pinterest wants event_time. */
export const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)

/** A timestamp `minutesAgo` minutes before now, as Segment sends it. */
export const recent = (minutesAgo = 5) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
