/**
 * An embedded stand-in for Pinterest's `POST /v5/ad_accounts/{id}/events`, so the destination can
 * run end to end on 127.0.0.1 without a Pinterest account. It checks the token and the ad
 * account as Pinterest does, then answers the body as Pinterest would (contract/answer.ts).
 * Faults can be asked for (`addFault`): the next requests then fail as Pinterest or the
 * network sometimes do, so that retries can be drilled.
 *
 * `handle` is a plain function of the request (and the clock): no sockets, so it serves the
 * local server, the replay command and unit tests alike. The last requests are kept, bounded,
 * for `GET /sandbox/requests`, with totals over everything received.
 */
import { AD_ACCOUNT_ID_PATTERN, answerTo, invalid } from 'pinterest-conversions'
import type { PinterestAnswer } from 'pinterest-conversions'

/** The only token the sandbox accepts. Not a secret: it opens nothing but this sandbox. */
export const SANDBOX_CONVERSION_TOKEN = 'sandbox-conversion-token'
/** The only ad account the sandbox token may send to (the example ID of the settings' description). */
export const SANDBOX_AD_ACCOUNT_ID = '549755885175'
/** Path pattern of the events endpoint, for routers that mount the sandbox. */
export const SANDBOX_EVENTS_ROUTE = '/v5/ad_accounts/:ad_account_id/events'
/** Response header telling that the request came with `?test=true` (the 200 body has no room for it). */
export const TEST_MODE_HEADER = 'x-sandbox-test-mode'

const EVENTS_PATH = /^\/v5\/ad_accounts\/([^/]*)\/events\/?$/
const DEFAULT_KEEP = 20
const STORED_TEXT_LIMIT = 10_000

export interface SandboxRequest {
  method: string
  /** Path and query, as an HTTP server sees them: `/v5/ad_accounts/1/events?test=true`. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export type SandboxResponse = { status: number; headers: Record<string, string>; body: object } | { reset: true }

/** The next `count` requests fail: with `status` (and Retry-After when given), or with a reset connection. */
export type Fault = { status: number; retry_after_seconds?: number; count: number } | { reset: true; count: number }

/** One request the sandbox answered, as `GET /sandbox/requests` shows it. Never holds the token. */
export interface ReceivedRequest {
  id: number
  received_at: string
  method: string
  path: string
  ad_account_id: string
  /** True when the request carried `?test=true`: Pinterest would check it and record nothing. */
  test: boolean
  /** The body received: parsed JSON, or the first characters of a body that is not JSON. */
  body: unknown
  response: { status: number; body: object } | { reset: true }
}

/**
 * Over everything received since the start (or the last clear): requests of any kind, and the
 * events Pinterest would have recorded (processed), with how many distinct event IDs they carry.
 */
export interface SandboxTotals {
  requests: number
  events: number
  distinct_event_ids: number
}

export interface SandboxOptions {
  /** How many received requests to keep, oldest dropped first. */
  keep?: number
  /** Clock in milliseconds, for tests of the 7-day window. */
  now?: () => number
}

export interface Sandbox {
  handle(request: SandboxRequest): SandboxResponse
  addFault(fault: Fault): void
  /** What the sandbox received, oldest first; at most `keep` entries. */
  received(): ReceivedRequest[]
  totals(): SandboxTotals
  /** Forgets the requests, the totals and the faults. */
  clear(): void
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP)
  const now = options.now ?? Date.now
  let store: ReceivedRequest[] = []
  let faults: Fault[] = []
  let nextId = 1
  let requests = 0
  let events = 0
  // Exact, so drills can count every event by its ID; about 100 bytes an ID.
  let eventIds = new Set<string>()

  function handle(request: SandboxRequest): SandboxResponse {
    const url = new URL(request.url, 'http://sandbox.invalid')
    const match = EVENTS_PATH.exec(url.pathname)
    // Not part of Pinterest's documented answers; the sandbox only knows the events endpoint.
    if (!match)
      return answer({ status: 404, body: { message: `The sandbox only serves POST ${SANDBOX_EVENTS_ROUTE}.` } })
    if (request.method.toUpperCase() !== 'POST') {
      return answer({ status: 405, body: { message: 'The events endpoint only accepts POST.' } }, { allow: 'POST' })
    }
    requests++
    const adAccountId = decodeURIComponent(match[1])
    const test = url.searchParams.get('test') === 'true'
    const body = parseBody(request.body)
    const response = takeFault() ?? decide(request, adAccountId, body, Math.floor(now() / 1000))
    if (!('reset' in response)) {
      count(body, response)
      if (test) response.headers[TEST_MODE_HEADER] = 'true'
    }
    remember({
      id: nextId++,
      received_at: new Date(now()).toISOString(),
      method: 'POST',
      path: url.pathname + url.search,
      ad_account_id: adAccountId,
      test,
      body: body ?? request.body.slice(0, STORED_TEXT_LIMIT),
      response: 'reset' in response ? response : { status: response.status, body: response.body }
    })
    return response
  }

  function takeFault(): SandboxResponse | undefined {
    const fault = faults[0]
    if (!fault) return undefined
    if (--fault.count <= 0) faults = faults.slice(1)
    if ('reset' in fault) return { reset: true }
    const retryAfter = fault.retry_after_seconds
    const headers = retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) }
    return answer(
      { status: fault.status, body: { code: 4197, message: `Sandbox fault: answering ${fault.status}.` } },
      headers
    )
  }

  function count(body: unknown, response: { status: number; body: object }): void {
    const results = resultsOf(response)
    if (!results) return
    const data = (body as { data: Array<{ event_id: string }> }).data
    results.forEach((result, i) => {
      if (result.status !== 'processed') return
      events++
      eventIds.add(data[i].event_id)
    })
  }

  function remember(entry: ReceivedRequest): void {
    store.push(entry)
    if (store.length > keep) store = store.slice(store.length - keep)
  }

  return {
    handle,
    addFault: (fault) => void faults.push({ ...fault }),
    received: () => [...store],
    totals: () => ({ requests, events, distinct_event_ids: eventIds.size }),
    clear: () => {
      store = []
      faults = []
      requests = 0
      events = 0
      eventIds = new Set()
    }
  }
}

/** Pinterest's checks in Pinterest's order: who is asking, for which account, then what. */
function decide(request: SandboxRequest, adAccountId: string, body: unknown, nowSeconds: number): SandboxResponse {
  if (bearerToken(request.headers.authorization) !== SANDBOX_CONVERSION_TOKEN) {
    return answer({ status: 401, body: { code: 2, message: 'Authentication failed.' } })
  }
  if (!AD_ACCOUNT_ID_PATTERN.test(adAccountId)) {
    return answer(invalid(`Invalid ad_account_id '${adAccountId.slice(0, 40)}': it must be up to 18 digits.`))
  }
  if (adAccountId !== SANDBOX_AD_ACCOUNT_ID) {
    return answer({ status: 403, body: { code: 29, message: 'You are not permitted to access that resource.' } })
  }
  return answer(answerTo(body, nowSeconds))
}

/** The per-event results of a 200 or a 422, which only follow a body that kept the contract. */
function resultsOf(response: { status: number; body: object }): Array<{ status: string }> | undefined {
  const body = response.body as { events?: Array<{ status: string }>; details?: { events?: Array<{ status: string }> } }
  if (response.status === 200) return body.events
  if (response.status === 422) return body.details?.events
  return undefined
}

/** The Bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  return /^Bearer\s+(.+)$/i.exec(value?.trim() ?? '')?.[1]
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function answer(pinterest: PinterestAnswer, headers: Record<string, string> = {}): SandboxResponse {
  return { status: pinterest.status, headers: { 'content-type': 'application/json', ...headers }, body: pinterest.body }
}
