import type { JSONLikeObject, ModifiedResponse } from '@segment/actions-core'
import { isObject } from './clean'
import type { EventResult, PinterestEvent } from './contract'
import type { Failed, FailureKind, Outcome } from './outcome'

/** The statuses the framework's RetryableError takes; any other 5xx is retried as a 503. */
const RETRYABLE_STATUSES = new Set([
  408, 423, 429, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511, 598, 599
])

export interface AnswerContext {
  adAccountId: string
  timeoutMs: number
}

/**
 * One outcome per sent event from Pinterest's answer to one request.
 *
 * A 200 whose per-event list cannot be read, or does not have one entry per event sent, still
 * means Pinterest accepted the request: each event is reported delivered, with a warning in
 * its body, rather than guessed into a failure (which the runtime would retry, sending
 * duplicates that Pinterest cannot always drop).
 */
export function outcomesFromAnswer(
  response: ModifiedResponse,
  sent: readonly PinterestEvent[],
  context: AnswerContext
): Outcome[] {
  const { status } = response
  const body: unknown = response.data ?? response.content
  if (status >= 200 && status < 300) {
    const results = perEventResults(body, sent.length)
    return results
      ? sent.map((event, i) => fromEventResult(results[i], event, status))
      : sent.map((event) => ({ ok: true, status, sent: asJson(event), body: unmatchedBody(body, sent.length) }))
  }
  const message = pinterestMessage(body)
  if (status === 422) {
    const results = perEventResults(isObject(body) ? body.details : undefined, sent.length)
    if (results) return sent.map((event, i) => fromEventResult(results[i], event, 422))
    return failAll(
      sent,
      { kind: 'rejected', status, message: `Pinterest did not process the events (422): ${message}` },
      body
    )
  }
  return failAll(sent, requestFailure(status, message, response, context), body)
}

/** Why every event of a request Pinterest answered with a status other than 2xx or 422 failed. */
function requestFailure(status: number, message: string, response: ModifiedResponse, context: AnswerContext): Failure {
  if (status === 401) {
    const text =
      'The conversion token is not valid: Pinterest refused it (401). Copy it again from Ads Manager > Conversions.'
    return { kind: 'auth', status, message: text, fields: ['conversion_token'] }
  }
  if (status === 403) {
    const text = `The conversion token has no access to ad account ${context.adAccountId} (403): check the Ad Account ID, or create the token in that ad account.`
    return { kind: 'auth', status, message: text, fields: ['ad_account_id'] }
  }
  if (status === 429 || status >= 500 || RETRYABLE_STATUSES.has(status)) {
    const what = status === 429 ? 'Pinterest rate limit reached' : 'Pinterest is unavailable'
    return {
      kind: 'retryable',
      status: RETRYABLE_STATUSES.has(status) ? status : 503,
      message: `${what} (${status}): ${message}`,
      retryAfterSeconds: retryAfterOf(response)
    }
  }
  return { kind: 'rejected', status, message: `Pinterest refused the request (${status}): ${message}` }
}

/** When no answer came back at all: every event of the request may be tried again. */
export function outcomesFromNetworkError(
  error: unknown,
  sent: readonly PinterestEvent[],
  context: AnswerContext
): Outcome[] {
  const { name, code } = (error ?? {}) as { name?: string; code?: string }
  const timedOut =
    name === 'TimeoutError' || name === 'RequestTimeoutError' || code === 'ETIMEDOUT' || name === 'RequestClientError'
  if (timedOut) {
    const message = `Pinterest did not answer within ${
      context.timeoutMs / 1000
    } s: nothing is known of these events, so they can be sent again.`
    return failAll(sent, { kind: 'retryable', status: 408, message })
  }
  const message = `Could not reach Pinterest (${code ?? name ?? 'network error'}): these events can be sent again.`
  return failAll(sent, { kind: 'retryable', status: 503, message })
}

function fromEventResult(result: EventResult, event: PinterestEvent, status: number): Outcome {
  if (result.status === 'failed') {
    return {
      ok: false,
      kind: 'rejected',
      status: 400,
      message: `Pinterest did not process the event: ${result.error_message || 'no reason given'}`,
      sent: asJson(event),
      pinterest: asJson(result)
    }
  }
  return { ok: true, status: status === 422 ? 200 : status, sent: asJson(event), body: asJson(result) }
}

function perEventResults(body: unknown, count: number): EventResult[] | undefined {
  if (!isObject(body) || !Array.isArray(body.events) || body.events.length !== count) return undefined
  const events = body.events as unknown[]
  return events.every((e) => isObject(e) && (e.status === 'processed' || e.status === 'failed'))
    ? (events as EventResult[])
    : undefined
}

function unmatchedBody(body: unknown, count: number): JSONLikeObject {
  const received = isObject(body) ? body.num_events_received : undefined
  const processed = isObject(body) ? body.num_events_processed : undefined
  return {
    status: 'accepted',
    warning_message: `Pinterest accepted the request (200) but its answer has no per-event result for each of the ${count} events sent; they are reported as delivered.`,
    ...(typeof received === 'number' && { num_events_received: received }),
    ...(typeof processed === 'number' && { num_events_processed: processed })
  }
}

type Failure = Pick<Failed, 'status' | 'message' | 'retryAfterSeconds' | 'fields'> & { kind: FailureKind }

function failAll(sent: readonly PinterestEvent[], failure: Failure, body?: unknown): Failed[] {
  const pinterest = body === undefined ? undefined : isObject(body) ? asJson(body) : String(body).slice(0, 500)
  return sent.map((event) => ({
    ok: false,
    ...failure,
    sent: asJson(event),
    ...(pinterest !== undefined && { pinterest })
  }))
}

/** `Retry-After` in seconds (it may also be written as an HTTP date); undefined when absent or unreadable. */
function retryAfterOf(response: ModifiedResponse): number | undefined {
  const value = response.headers?.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+$/.test(value)) return Number(value)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

function pinterestMessage(body: unknown): string {
  if (isObject(body) && typeof body.message === 'string') return body.message
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 200)
  return 'no message'
}

function asJson(value: object): JSONLikeObject {
  return value as JSONLikeObject
}
