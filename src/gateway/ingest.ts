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
import { isObject } from '../destinations/pinterest-conversions/clean'
import { FieldError } from '../local/errors'

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
  events: SegmentEvent[]
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
    return { writeKey, events: [stamp(checkCall(withoutWriteKey(body), request.route, 'body'), received)] }
  }
  if (!Array.isArray(body.batch)) throw new FieldError('batch must be a list of calls.', 'batch')
  const shared = isObject(body.context) ? body.context : undefined
  const sentAt = body.sentAt
  const events = body.batch.map((item: unknown, i: number) => {
    const at = `batch[${i}]`
    if (!isObject(item)) throw new FieldError(`${at} must be an object (a Segment call).`, at)
    const call = {
      ...(sentAt !== undefined && { sentAt }),
      ...withoutWriteKey(item),
      ...(shared && { context: { ...shared, ...(isObject(item.context) ? item.context : {}) } })
    }
    return stamp(checkCall(call, undefined, at), received)
  })
  return { writeKey, events }
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
  if (!('writeKey' in call)) return call
  const { writeKey: _, ...rest } = call
  return rest
}

/** What Segment's API refuses: no type, a type the route does not take, no user, a track without its event name, over 32 KB. */
function checkCall(call: Record<string, unknown>, routeType: CallType | undefined, at: string): SegmentEvent {
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
  const bytes = Buffer.byteLength(JSON.stringify(call))
  if (bytes > MAX_EVENT_BYTES) {
    throw new FieldError(`${at} is ${bytes} bytes; Segment's API takes at most ${MAX_EVENT_BYTES} per call.`, at, 413)
  }
  return { ...call, type } as SegmentEvent
}

function isId(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))
}

/**
 * What Segment's servers add: a messageId when the client sent none (so Pinterest's event_id is
 * stable across our retries), receivedAt, and the timestamp moved by the difference between the
 * client's clock (sentAt) and ours, keeping the client's as originalTimestamp.
 */
function stamp(event: SegmentEvent, receivedAt: string): SegmentEvent {
  const stamped: SegmentEvent = {
    ...event,
    messageId: event.messageId === undefined ? `gw-${randomUUID()}` : String(event.messageId),
    receivedAt
  }
  const timestamp = timeOf(event.timestamp)
  const sentAt = timeOf(event.sentAt)
  if (timestamp === undefined) return { ...stamped, timestamp: receivedAt }
  if (sentAt === undefined) return stamped
  const corrected = Date.parse(receivedAt) - (sentAt - timestamp)
  return {
    ...stamped,
    originalTimestamp: event.timestamp,
    timestamp: new Date(corrected).toISOString()
  } as SegmentEvent
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined
  const time = new Date(value).getTime()
  return Number.isNaN(time) ? undefined : time
}
