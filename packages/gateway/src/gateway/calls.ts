/**
 * Segment's HTTP tracking API as a client sends it: `/v1/batch` with `{ batch: [...] }`, or one
 * call per route with the event as the body. Reads the write key (HTTP Basic user name, or
 * `writeKey` in the body), checks what Segment's API checks, within its documented sizes, and
 * stamps what its servers stamp (messageId when missing, receivedAt, timestamp corrected by
 * the client's clock skew). A request is taken whole or refused whole, naming what is wrong.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { randomUUID } from 'crypto'
import type { IncomingHttpHeaders } from 'http'
import { isObject, FieldError } from 'pinterest-conversions-tools'

export const CALL_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const
export type CallType = typeof CALL_TYPES[number]

/** Segment's documented limits. */
export const MAX_REQUEST_BYTES = 500 * 1024
export const MAX_EVENT_BYTES = 32 * 1024

export interface IngestRequest {
  /** `batch` or one call type, from the route. */
  route: 'batch' | CallType
  headers: IncomingHttpHeaders
  rawBody: string
  /** Unix ms at receipt. */
  receivedAt: number
}

export interface Calls {
  /** The write key the caller gave; undefined when it gave none. */
  writeKey?: string
  calls: IngestedCall[]
}

export interface IngestedCall {
  event: SegmentEvent
  /** The stamped event serialized once, for the size check and the queue alike. */
  json: string
}

export function readCalls(request: IngestRequest): Calls {
  const bytes = Buffer.byteLength(request.rawBody)
  if (bytes > MAX_REQUEST_BYTES) {
    throw new FieldError(
      `The request is ${bytes} bytes; Segment's API takes at most ${MAX_REQUEST_BYTES}.`,
      'body',
      413
    )
  }
  const body = parse(request.rawBody)
  const writeKey = basicUser(request.headers.authorization) ?? bodyWriteKey(body)
  const received = new Date(request.receivedAt).toISOString()
  if (request.route !== 'batch') {
    return { writeKey, calls: [ingest(withoutWriteKey(body), request.route, 'body', received)] }
  }
  if (!Array.isArray(body.batch)) throw new FieldError('batch must be a list of calls.', 'batch')
  const shared = isObject(body.context) ? body.context : undefined
  const sentAt = body.sentAt
  const calls = body.batch.map((item: unknown, i: number) => {
    const at = `batch[${i}]`
    if (!isObject(item)) throw new FieldError(`${at} must be an object (a Segment call).`, at)
    // The parsed body is ours alone: calls are completed in place rather than copied.
    const call = withoutWriteKey(item)
    if (sentAt !== undefined && call.sentAt === undefined) call.sentAt = sentAt
    if (shared) call.context = { ...shared, ...(isObject(call.context) ? call.context : {}) }
    return ingest(call, undefined, at, received)
  })
  return { writeKey, calls }
}

/** One call checked, stamped and serialized; its size counted as the client sent it. */
function ingest(
  call: Record<string, unknown>,
  routeType: CallType | undefined,
  at: string,
  received: string
): IngestedCall {
  const before = STAMPED_KEYS.map((key) => call[key])
  checkCall(call, routeType, at)
  stamp(call, received)
  const json = JSON.stringify(call)
  const bytes = Buffer.byteLength(json) - stampBytes(call, before)
  if (bytes > MAX_EVENT_BYTES) {
    throw new FieldError(`${at} is ${bytes} bytes; Segment's API takes at most ${MAX_EVENT_BYTES} per call.`, at, 413)
  }
  return { event: call as unknown as SegmentEvent, json }
}

function parse(text: string): Record<string, unknown> {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw new FieldError(`The request body is not JSON: ${(error as Error).message}.`, 'body')
  }
  if (!isObject(body)) throw new FieldError('The request body must be a JSON object (a Segment call).', 'body')
  return body
}

/** The user name of HTTP Basic credentials: where Segment's clients put the write key. */
function basicUser(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const user = decoded.split(':')[0]
  return user === '' ? undefined : user
}

function bodyWriteKey(body: Record<string, unknown>): string | undefined {
  return typeof body.writeKey === 'string' && body.writeKey !== '' ? body.writeKey : undefined
}

function withoutWriteKey(call: Record<string, unknown>): Record<string, unknown> {
  if ('writeKey' in call) delete call.writeKey
  return call
}

/** What Segment's API refuses: no type, a type the route does not take, no user, a track without its event name. */
function checkCall(call: Record<string, unknown>, routeType: CallType | undefined, at: string): void {
  const type = call.type ?? routeType
  if (typeof type !== 'string' || !(CALL_TYPES as readonly string[]).includes(type)) {
    throw new FieldError(`${at}.type must be one of ${CALL_TYPES.join(', ')}.`, `${at}.type`)
  }
  if (routeType && type !== routeType) {
    throw new FieldError(`${at}.type is "${type}", but this route takes ${routeType} calls.`, `${at}.type`)
  }
  if (!isId(call.userId) && !isId(call.anonymousId)) {
    throw new FieldError(`${at} needs a userId or an anonymousId.`, `${at}.userId`)
  }
  if (type === 'track' && (typeof call.event !== 'string' || call.event.trim() === '')) {
    throw new FieldError(`${at}.event must name the event of a track call.`, `${at}.event`)
  }
  if (call.messageId !== undefined && !isId(call.messageId)) {
    throw new FieldError(`${at}.messageId must be a text.`, `${at}.messageId`)
  }
  call.type = type
}

function isId(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))
}

/** The keys the gateway may add or change (the route's type, stamp()): their bytes are not the client's. */
const STAMPED_KEYS = ['type', 'messageId', 'receivedAt', 'timestamp', 'originalTimestamp'] as const

/**
 * What Segment's servers add: a messageId when the client sent none (so Pinterest's event_id is
 * stable across our retries), receivedAt, and the timestamp moved by the difference between the
 * client's clock (sentAt) and ours, keeping the client's as originalTimestamp.
 */
function stamp(event: Record<string, unknown>, receivedAt: string): void {
  const timestamp = timeOf(event.timestamp)
  const sentAt = timeOf(event.sentAt)
  event.messageId = event.messageId === undefined ? `gw-${randomUUID()}` : String(event.messageId)
  event.receivedAt = receivedAt
  if (timestamp === undefined) {
    event.timestamp = receivedAt
  } else if (sentAt !== undefined) {
    const corrected = Date.parse(receivedAt) - (sentAt - timestamp)
    event.originalTimestamp = event.timestamp
    event.timestamp = new Date(corrected).toISOString()
  }
}

/** The bytes the gateway added to the event's JSON, from the stamped keys' values `before` it. */
function stampBytes(event: Record<string, unknown>, before: readonly unknown[]): number {
  return STAMPED_KEYS.reduce((total, key, i) => {
    const after = event[key]
    if (after === before[i]) return total
    const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value))
    // A key new to the event also brings its name, a colon and a comma.
    return total + size(after) - (before[i] === undefined ? -size(key) - 2 : size(before[i]))
  }, 0)
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined
  const time = new Date(value).getTime()
  return Number.isNaN(time) ? undefined : time
}
