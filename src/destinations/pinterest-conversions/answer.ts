import type { JSONLikeObject } from '@segment/actions-core'
import type { EventResult, PinterestEvent } from './contract'
import type { Failed, FailureKind, Outcome } from './outcome'

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
  status: number,
  body: unknown,
  sent: readonly PinterestEvent[],
  context: AnswerContext
): Outcome[] {
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
    return failAll(sent, 'rejected', 422, `Pinterest did not process the events (422): ${message}`, body)
  }
  if (status === 401) {
    return failAll(
      sent,
      'auth',
      401,
      'The conversion token is not valid: Pinterest refused it (401). Copy it again from Ads Manager > Conversions.',
      body
    )
  }
  if (status === 403) {
    return failAll(
      sent,
      'auth',
      403,
      `The conversion token has no access to ad account ${context.adAccountId} (403): check the Ad Account ID, or create the token in that ad account.`,
      body
    )
  }
  if (status === 429) return failAll(sent, 'retryable', 429, `Pinterest rate limit reached (429): ${message}`, body)
  if (status >= 500 || RETRYABLE_STATUSES.has(status)) {
    const retryStatus = RETRYABLE_STATUSES.has(status) ? status : 503
    return failAll(sent, 'retryable', retryStatus, `Pinterest is unavailable (${status}): ${message}`, body)
  }
  return failAll(sent, 'rejected', status, `Pinterest refused the request (${status}): ${message}`, body)
}

/** When no answer came back at all: every event of the request may be retried. */
export function outcomesFromNetworkError(
  error: unknown,
  sent: readonly PinterestEvent[],
  context: AnswerContext
): Outcome[] {
  const { name, code } = (error ?? {}) as { name?: string; code?: string }
  if (
    name === 'TimeoutError' ||
    name === 'RequestTimeoutError' ||
    code === 'ETIMEDOUT' ||
    name === 'RequestClientError'
  ) {
    return failAll(
      sent,
      'retryable',
      408,
      `Pinterest did not answer within ${context.timeoutMs / 1000} s; the events will be retried.`
    )
  }
  return failAll(
    sent,
    'retryable',
    503,
    `Could not reach Pinterest (${code ?? name ?? 'network error'}); the events will be retried.`
  )
}

function fromEventResult(result: EventResult, event: PinterestEvent, status: number): Outcome {
  if (result.status === 'failed') {
    return {
      ok: false,
      kind: 'rejected',
      status: 400,
      message: `Pinterest did not process the event: ${result.error_message || 'no reason given'}`,
      sent: asJson(event),
      body: asJson(result)
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

function failAll(
  sent: readonly PinterestEvent[],
  kind: FailureKind,
  status: number,
  message: string,
  body?: unknown
): Failed[] {
  const answer = body === undefined ? undefined : isObject(body) ? asJson(body) : String(body).slice(0, 500)
  return sent.map((event) => ({
    ok: false,
    kind,
    status,
    message,
    sent: asJson(event),
    ...(answer !== undefined && { body: answer })
  }))
}

function pinterestMessage(body: unknown): string {
  if (isObject(body) && typeof body.message === 'string') return body.message
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 200)
  return 'no message'
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asJson(value: object): JSONLikeObject {
  return value as JSONLikeObject
}
