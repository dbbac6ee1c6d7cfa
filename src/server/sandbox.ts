/**
 * An embedded stand-in for Pinterest's `POST /v5/ad_accounts/{id}/events`, so the destination can
 * run end to end on 127.0.0.1 without a Pinterest account. It answers with Pinterest's status
 * codes and body shapes (docs/pinterest-api.md) and checks bodies against the same contract
 * schema the destination and its tests use.
 *
 * `handle` is a plain function of the request (and the clock): no sockets, so it can serve the
 * local server, the replay command and unit tests alike. What it received is kept in memory,
 * bounded, for `GET /sandbox/requests`.
 */
import {
  AD_ACCOUNT_ID_PATTERN,
  MAX_EVENT_AGE_SECONDS,
  MAX_EVENTS_PER_REQUEST
} from '../destinations/pinterest-conversions/constants'
import type { ContractViolation, EventResult, EventsResponse } from '../destinations/pinterest-conversions/contract'
import { meetsIdentifierRule, requestShapeViolation } from '../destinations/pinterest-conversions/contract'

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

export interface SandboxResponse {
  status: number
  headers: Record<string, string>
  body: object
}

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
  response: { status: number; body: object }
}

export interface SandboxOptions {
  /** How many received requests to keep, oldest dropped first. */
  keep?: number
  /** Clock in milliseconds, for tests of the 7-day window. */
  now?: () => number
}

export interface Sandbox {
  handle(request: SandboxRequest): SandboxResponse
  /** What the sandbox received, oldest first; at most `keep` entries. */
  received(): ReceivedRequest[]
  clear(): void
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP)
  const now = options.now ?? Date.now
  let store: ReceivedRequest[] = []
  let nextId = 1

  function handle(request: SandboxRequest): SandboxResponse {
    const url = new URL(request.url, 'http://sandbox.invalid')
    const match = EVENTS_PATH.exec(url.pathname)
    // Not part of Pinterest's documented answers; the sandbox only knows the events endpoint.
    if (!match) return answer(404, { message: `The sandbox only serves POST ${SANDBOX_EVENTS_ROUTE}.` })
    if (request.method.toUpperCase() !== 'POST')
      return answer(405, { message: 'The events endpoint only accepts POST.' }, { allow: 'POST' })

    const adAccountId = decodeURIComponent(match[1])
    const test = url.searchParams.get('test') === 'true'
    const { parsed, body } = parseBody(request.body)
    const response = decide(request, adAccountId, parsed, Math.floor(now() / 1000))
    if (test) response.headers[TEST_MODE_HEADER] = 'true'
    remember({
      id: nextId++,
      received_at: new Date(now()).toISOString(),
      method: 'POST',
      path: url.pathname + url.search,
      ad_account_id: adAccountId,
      test,
      body,
      response: { status: response.status, body: response.body }
    })
    return response
  }

  function remember(entry: ReceivedRequest): void {
    store.push(entry)
    if (store.length > keep) store = store.slice(store.length - keep)
  }

  return { handle, received: () => [...store], clear: () => void (store = []) }
}

/** Pinterest's checks in Pinterest's order: who is asking, for which account, then what. */
function decide(request: SandboxRequest, adAccountId: string, parsed: ParsedBody, nowSeconds: number): SandboxResponse {
  if (bearerToken(request.headers.authorization) !== SANDBOX_CONVERSION_TOKEN) {
    return answer(401, { code: 2, message: 'Authentication failed.' })
  }
  if (!AD_ACCOUNT_ID_PATTERN.test(adAccountId)) {
    return invalid(`Invalid ad_account_id '${adAccountId.slice(0, 40)}': it must be up to 18 digits.`)
  }
  if (adAccountId !== SANDBOX_AD_ACCOUNT_ID) {
    return answer(403, { code: 29, message: 'You are not permitted to access that resource.' })
  }
  if (!parsed.ok) return invalid('The request body is not valid JSON.')
  const data = (parsed.value as { data?: unknown } | null)?.data
  if (Array.isArray(data) && data.length > MAX_EVENTS_PER_REQUEST) {
    return invalid(
      `Too many events: data has ${data.length} items, at most ${MAX_EVENTS_PER_REQUEST} are accepted per request.`
    )
  }
  const violation = requestShapeViolation(parsed.value)
  if (violation) return invalid(pinterestWording(violation))
  return perEvent(data as Array<{ event_time: number; user_data: unknown }>, nowSeconds)
}

/** One result per event; 422 when some are older than 7 days, 200 otherwise (even with failed events). */
function perEvent(events: Array<{ event_time: number; user_data: unknown }>, nowSeconds: number): SandboxResponse {
  let tooOld = 0
  const results: EventResult[] = events.map((event) => {
    if (event.event_time < nowSeconds - MAX_EVENT_AGE_SECONDS) {
      tooOld++
      return {
        status: 'failed',
        error_message: 'Given timestamp is in the past: events older than 7 days are not accepted.'
      }
    }
    if (!meetsIdentifierRule(event.user_data)) {
      return {
        status: 'failed',
        error_message: 'user_data needs em, hashed_maids, or both client_ip_address and client_user_agent.'
      }
    }
    return { status: 'processed' }
  })
  const summary: EventsResponse = {
    num_events_received: events.length,
    num_events_processed: results.filter((r) => r.status === 'processed').length,
    events: results
  }
  if (tooOld > 0) {
    return answer(422, {
      code: 953,
      message: `Not all events were processed: ${tooOld} of ${events.length} have a timestamp in the past.`,
      details: summary
    })
  }
  return answer(200, summary)
}

/** Pinterest words schema errors the way Python's jsonschema does; the location is added so the key can be found. */
function pinterestWording(violation: ContractViolation): string {
  const where = violation.at ? ` in ${violation.at}` : ''
  switch (violation.keyword) {
    case 'additionalProperties':
      return `Additional properties are not allowed ('${violation.key}' was unexpected)${where}.`
    case 'required':
      return `'${violation.key}' is a required property${where}.`
    default:
      return `Invalid request: ${violation.text}.`
  }
}

type ParsedBody = { ok: true; value: unknown } | { ok: false }

function parseBody(text: string): { parsed: ParsedBody; body: unknown } {
  try {
    const value: unknown = JSON.parse(text)
    return { parsed: { ok: true, value }, body: value }
  } catch {
    return { parsed: { ok: false }, body: text.slice(0, STORED_TEXT_LIMIT) }
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  const match = /^Bearer\s+(.+)$/i.exec(value?.trim() ?? '')
  return match?.[1]
}

function invalid(message: string): SandboxResponse {
  return answer(400, { code: 4196, message })
}

function answer(status: number, body: object, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body }
}
