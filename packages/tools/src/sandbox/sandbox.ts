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
import type { TokenKind } from './account'
import { createAccountSide, SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN } from './account'
import { createDeletionDesk } from './deletions'
import type { SandboxAnswer, SandboxRequest, SandboxResponse } from './http'
import { parseJson, pinterestError } from './http'
import { createQualityLedger } from './quality'

export { SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN }
export { bearerToken } from './http'
export type { SandboxRequest, SandboxResponse }

/** Path pattern of the events endpoint, for routers that mount the sandbox. */
export const SANDBOX_EVENTS_ROUTE = '/v5/ad_accounts/:ad_account_id/events'
/** Response header telling that the request came with `?test=true` (the 200 body has no room for it). */
export const TEST_MODE_HEADER = 'x-sandbox-test-mode'

/** Every Pinterest route the sandbox serves, for routers that mount it where Pinterest has them. */
export const SANDBOX_PINTEREST_ROUTES = [
  { method: 'GET', path: '/oauth', summary: "Pinterest's authorize page: grants at once, back to redirect_uri" },
  {
    method: 'POST',
    path: '/v5/oauth/token',
    summary: 'authorization code or refresh token → tokens (app id/secret as Basic)',
    bodyType: 'application/x-www-form-urlencoded'
  },
  { method: 'POST', path: '/v5/oauth/conversion_token', summary: 'an ads:write token → a conversion token' },
  { method: 'GET', path: '/v5/ad_accounts', summary: "the sandbox user's ad accounts" },
  { method: 'POST', path: SANDBOX_EVENTS_ROUTE, summary: 'conversion events' },
  {
    method: 'GET',
    path: '/v5/ad_accounts/:ad_account_id/conversion_eqs',
    summary: 'Event Quality Score of what the sandbox recorded: ?lookback_period=1d|14d'
  },
  {
    method: 'POST',
    path: '/v5/ad_accounts/:ad_account_id/conversion_deletion_requests',
    summary: 'file a conversion deletion request'
  },
  { method: 'GET', path: '/v5/ad_accounts/:ad_account_id/conversion_deletion_requests', summary: 'deletion requests' },
  {
    method: 'GET',
    path: '/v5/ad_accounts/:ad_account_id/conversion_deletion_requests/:request_id',
    summary: 'one deletion request'
  },
  {
    method: 'DELETE',
    path: '/v5/ad_accounts/:ad_account_id/conversion_deletion_requests/:request_id',
    summary: 'cancel a deletion request (in its first 72 hours)'
  }
] as const

const EVENTS_PATH = /^\/v5\/ad_accounts\/([^/]*)\/events\/?$/
const EQS_PATH = /^\/v5\/ad_accounts\/([^/]*)\/conversion_eqs\/?$/
const DELETIONS_PATH = /^\/v5\/ad_accounts\/([^/]*)\/conversion_deletion_requests(?:\/([^/]+))?\/?$/
const DEFAULT_KEEP = 20
const STORED_TEXT_LIMIT = 10_000

/** The next `count` requests fail: with `status` (and Retry-After when given), or with a reset connection. */
export type Fault = { status: number; retry_after_seconds?: number; count: number } | { reset: true; count: number }

/** One request the sandbox answered, as `GET /sandbox/requests` shows it. Never holds a token. */
export interface ReceivedRequest {
  id: number
  received_at: string
  method: string
  path: string
  ad_account_id: string
  /** True when the request carried `?test=true`: Pinterest would check it and record nothing. */
  test: boolean
  /** Which kind of token let the request in for its account (the fixed sandbox token, a conversion token, OAuth); null when none did. */
  token_kind: TokenKind | null
  /** The body received: parsed JSON, or the first characters of a body that is not JSON. */
  body: unknown
  response: { status: number; body: object } | { reset: true }
}

/**
 * Over everything received since the start (or the last clear): requests to the events
 * endpoint, and the events Pinterest would have recorded (processed), with how many distinct
 * event IDs they carry.
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
  /** What the events endpoint and the deletion desk received, oldest first; at most `keep` entries. */
  received(): ReceivedRequest[]
  totals(): SandboxTotals
  /** Forgets the requests, the totals, the faults and the quality score's counts (tokens and deletion requests stay). */
  clear(): void
  /** The sandbox's clock, unix ms: the given clock moved by every `advanceClock`. */
  now(): number
  /** Moves the sandbox's clock forward (tokens expire, deletion requests move on), so tests need not wait. */
  advanceClock(seconds: number): number
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP)
  const clock = options.now ?? Date.now
  let offsetMs = 0
  const now = () => clock() + offsetMs
  const nowSeconds = () => Math.floor(now() / 1000)
  const account = createAccountSide(nowSeconds)
  const quality = createQualityLedger()
  const deletions = createDeletionDesk()
  let store: ReceivedRequest[] = []
  let faults: Fault[] = []
  let nextId = 1
  let requests = 0
  let events = 0
  // Exact, so drills can count every event by its ID; about 100 bytes an ID.
  let eventIds = new Set<string>()

  function handle(request: SandboxRequest): SandboxResponse {
    const url = new URL(request.url, 'http://sandbox.invalid')
    const method = request.method.toUpperCase()
    const path = url.pathname
    if (/^\/oauth\/?$/.test(path)) return only('GET', method) ?? account.authorize(request)
    if (/^\/v5\/oauth\/token\/?$/.test(path)) return only('POST', method) ?? account.token(request)
    if (/^\/v5\/oauth\/conversion_token\/?$/.test(path)) return only('POST', method) ?? account.conversionToken(request)
    if (/^\/v5\/ad_accounts\/?$/.test(path)) return only('GET', method) ?? account.adAccounts(request)
    let match: RegExpExecArray | null
    if ((match = EVENTS_PATH.exec(url.pathname))) return only('POST', method) ?? eventsCall(request, url, match[1])
    if ((match = EQS_PATH.exec(path))) {
      const adAccountId = decodeURIComponent(match[1])
      return (
        only('GET', method) ??
        account.refuseAccountCall(request, adAccountId, ['ads:read']) ??
        quality.answer(adAccountId, url.searchParams, nowSeconds())
      )
    }
    if ((match = DELETIONS_PATH.exec(path))) return deletionCall(request, url, method, match)
    // Not part of Pinterest's documented answers: the sandbox only knows the routes it lists.
    return answer({
      status: 404,
      body: {
        message: `The sandbox serves ${SANDBOX_PINTEREST_ROUTES.map((r) => `${r.method} ${r.path}`).join(', ')}.`
      }
    })
  }

  function eventsCall(request: SandboxRequest, url: URL, rawAccount: string): SandboxResponse {
    requests++
    const adAccountId = decodeURIComponent(rawAccount)
    const test = url.searchParams.get('test') === 'true'
    const body = parseJson(request.body)
    let tokenKind: TokenKind | null = null
    let response = takeFault()
    if (!response) {
      const caller = account.eventsCaller(request)
      if (typeof caller !== 'string') response = caller
      else {
        const permitted = account.mayUse(caller, adAccountId)
        if (permitted) tokenKind = caller
        response = decide(adAccountId, permitted, body, nowSeconds())
      }
    }
    if (!('reset' in response)) {
      const recorded = count(body, response)
      if (!test && recorded.length > 0) quality.record(adAccountId, recorded, nowSeconds())
      if (test) response.headers[TEST_MODE_HEADER] = 'true'
    }
    remember(
      { method: 'POST', url, adAccountId, test, tokenKind, body: body ?? request.body.slice(0, STORED_TEXT_LIMIT) },
      response
    )
    return response
  }

  function deletionCall(request: SandboxRequest, url: URL, method: string, match: RegExpExecArray): SandboxResponse {
    const adAccountId = decodeURIComponent(match[1])
    const id = match[2] === undefined ? undefined : decodeURIComponent(match[2])
    const allowed = id === undefined ? ['GET', 'POST'] : ['GET', 'DELETE']
    if (!allowed.includes(method)) return notAllowed(allowed.join(', '), method)
    const scopes = method === 'GET' ? ['ads:read'] : ['ads:read', 'ads:write']
    const refused = account.refuseAccountCall(request, adAccountId, scopes)
    if (refused) return refused
    const now = nowSeconds()
    if (method === 'GET')
      return id === undefined ? deletions.list(adAccountId, now) : deletions.show(adAccountId, id, now)
    const body = parseJson(request.body)
    const response = id === undefined ? deletions.file(adAccountId, body, now) : deletions.cancel(adAccountId, id, now)
    remember(
      { method, url, adAccountId, test: false, tokenKind: 'oauth', body: id === undefined ? body : undefined },
      response
    )
    return response
  }

  function takeFault(): SandboxAnswer | { reset: true } | undefined {
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

  /** Counts the processed events; answers them, for the quality score. */
  function count(body: unknown, response: { status: number; body: object }): Array<Record<string, unknown>> {
    const results = resultsOf(response)
    if (!results) return []
    const data = (body as { data: Array<Record<string, unknown>> }).data
    return data.filter((event, i) => {
      if (results[i]?.status !== 'processed') return false
      events++
      eventIds.add(String(event.event_id))
      return true
    })
  }

  function remember(
    entry: { method: string; url: URL; adAccountId: string; test: boolean; tokenKind: TokenKind | null; body: unknown },
    response: SandboxResponse
  ): void {
    store.push({
      id: nextId++,
      received_at: new Date(now()).toISOString(),
      method: entry.method,
      path: entry.url.pathname + entry.url.search,
      ad_account_id: entry.adAccountId,
      test: entry.test,
      token_kind: entry.tokenKind,
      body: entry.body,
      response: 'reset' in response ? response : { status: response.status, body: response.body }
    })
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
      quality.clear()
    },
    now,
    advanceClock: (seconds) => {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('The sandbox clock only moves forward.')
      offsetMs += seconds * 1000
      return now()
    }
  }
}

/** Pinterest's checks after the token, in Pinterest's order: which account, then what. */
function decide(adAccountId: string, permitted: boolean, body: unknown, nowSeconds: number): SandboxAnswer {
  if (!AD_ACCOUNT_ID_PATTERN.test(adAccountId)) {
    return answer(invalid(`Invalid ad_account_id '${adAccountId.slice(0, 40)}': it must be up to 18 digits.`))
  }
  if (!permitted) return pinterestError(403, 29, 'You are not permitted to access that resource.')
  return answer(answerTo(body, nowSeconds))
}

/** The per-event results of a 200 or a 422, which only follow a body that kept the contract. */
function resultsOf(response: { status: number; body: object }): Array<{ status: string }> | undefined {
  const body = response.body as { events?: Array<{ status: string }>; details?: { events?: Array<{ status: string }> } }
  if (response.status === 200) return body.events
  if (response.status === 422) return body.details?.events
  return undefined
}

function only(allowed: string, method: string): SandboxAnswer | undefined {
  return method === allowed ? undefined : notAllowed(allowed, method)
}

function notAllowed(allowed: string, method: string): SandboxAnswer {
  return {
    ...pinterestError(405, 405, `This endpoint takes ${allowed}, not ${method}.`),
    headers: { 'content-type': 'application/json', allow: allowed }
  }
}

function answer(pinterest: PinterestAnswer, headers: Record<string, string> = {}): SandboxAnswer {
  return { status: pinterest.status, headers: { 'content-type': 'application/json', ...headers }, body: pinterest.body }
}
