/**
 * Segment's HTTP tracking API as a client sends it: `/v1/batch` with `{ batch: [...] }`, or one
 * call per route with the event as the body. Reads the write key (HTTP Basic user name, or
 * `writeKey` in the body), checks what Segment's API checks, within its documented sizes, and
 * stamps what its servers stamp (messageId when missing, receivedAt, timestamp corrected by
 * the client's clock skew).
 *
 * A request that cannot be read (not JSON, too large, no write key) is refused whole. A batch
 * that can be is salvaged call by call: each call Segment's API would refuse is set aside with
 * the field and position that are wrong, to be kept as a dead letter, and the others are taken.
 * Segment's clients do not retry a 400, so refusing the whole batch would lose its good calls.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { randomUUID } from 'crypto'
import type { IncomingHttpHeaders } from 'http'
import { isObject, FieldError } from 'pinterest-conversions-tools'

export const CALL_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const
export type CallType = typeof CALL_TYPES[number]

/** The longest messageId kept: Pinterest's event_id limit, which the default mapping fills with it (and an index key's size). */
const MAX_MESSAGE_ID = 256

function codePointLength(text: string): number {
  return text.length <= MAX_MESSAGE_ID ? text.length : [...text].length
}

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
  /** Calls of a batch Segment's API would refuse, each with why: kept as dead letters. */
  refused: RefusedCall[]
}

export interface RefusedCall {
  /** What the client sent at that position (a call that is not an object is wrapped as `{call}`). */
  event: Record<string, unknown>
  json: string
  /** Its messageId, when it has one a store can hold (text without NUL or unpaired surrogates). */
  messageId?: string
  /** The field that is wrong, with the call's position: `batch[3].userId`. */
  field: string
  message: string
  /** What Segment's API would have answered for it alone: 400, or 413 for a call over 32 KB. */
  status: number
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
    return { writeKey, calls: [ingest(withoutWriteKey(body), request.route, 'body', received)], refused: [] }
  }
  if (!Array.isArray(body.batch)) throw new FieldError('batch must be a list of calls.', 'batch')
  const shared = isObject(body.context) ? body.context : undefined
  const sentAt = body.sentAt
  const calls: IngestedCall[] = []
  const refused: RefusedCall[] = []
  body.batch.forEach((item: unknown, i: number) => {
    const at = `batch[${i}]`
    try {
      if (!isObject(item)) throw new FieldError(`${at} must be an object (a Segment call).`, at)
      // The parsed body is ours alone: calls are completed in place rather than copied.
      const call = withoutWriteKey(item)
      if (sentAt !== undefined && call.sentAt === undefined) call.sentAt = sentAt
      if (shared) call.context = { ...shared, ...(isObject(call.context) ? call.context : {}) }
      calls.push(ingest(call, undefined, at, received))
    } catch (error) {
      if (!(error instanceof FieldError)) throw error
      refused.push(refusedCall(item, error))
    }
  })
  return { writeKey, calls, refused }
}

function refusedCall(item: unknown, error: FieldError): RefusedCall {
  const event = isObject(item) ? item : { call: item }
  const json = storable(JSON.stringify(event))
  const messageId = event.messageId
  return {
    event,
    json,
    ...(typeof messageId === 'string' && isStorableId(messageId) && { messageId }),
    field: error.field,
    message: error.message,
    status: error.status
  }
}

/** One call checked, stamped and serialized; its size counted as the client sent it. */
function ingest(
  given: Record<string, unknown>,
  routeType: CallType | undefined,
  at: string,
  received: string
): IngestedCall {
  let call = given
  const before = STAMPED_KEYS.map((key) => call[key])
  checkCall(call, routeType, at)
  stamp(call, received, at)
  let json = JSON.stringify(call)
  const bytes = Buffer.byteLength(json) - stampBytes(call, before)
  if (bytes > MAX_EVENT_BYTES) {
    throw new FieldError(`${at} is ${bytes} bytes; Segment's API takes at most ${MAX_EVENT_BYTES} per call.`, at, 413)
  }
  const clean = storable(json)
  if (clean !== json) {
    json = clean
    call = JSON.parse(clean)
  }
  return { event: call as unknown as SegmentEvent, json }
}

// JSON.stringify writes a surrogate pair as its character and an unpaired one as an escape,
// so an escape here is always unpaired (an escaped backslash before "u" is skipped).
const UNPAIRED_SURROGATE = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g

/**
 * A call's JSON with each unpaired surrogate (invalid UTF-16, which no UTF-8 store or Pinterest
 * body can carry) replaced by U+FFFD, as a UTF-8 decoder does: the call is cleaned alone, never
 * failing the request or the others stored with it.
 */
function storable(json: string): string {
  return json.includes('\\u') ? json.replace(UNPAIRED_SURROGATE, '$1\\ufffd') : json
}

/** A messageId is a key in the store's columns: a NUL or an unpaired surrogate cannot be held there. */
const SURROGATE = /[\ud800-\udfff]/
const UNPAIRED_IN_TEXT = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function isStorableId(id: string): boolean {
  // The common id has neither: a scan for NUL and one for any surrogate, without the lookarounds.
  return !id.includes('\u0000') && (!SURROGATE.test(id) || !UNPAIRED_IN_TEXT.test(id))
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
  if (typeof call.messageId === 'string' && codePointLength(call.messageId) > MAX_MESSAGE_ID) {
    throw new FieldError(
      `${at}.messageId is longer than ${MAX_MESSAGE_ID} characters: it becomes Pinterest's event_id, which takes at most ${MAX_MESSAGE_ID}.`,
      `${at}.messageId`
    )
  }
  if (typeof call.messageId === 'string' && !isStorableId(call.messageId)) {
    throw new FieldError(
      `${at}.messageId holds a NUL character or an unpaired surrogate (invalid UTF-16): no store can key an event by it.`,
      `${at}.messageId`
    )
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
function stamp(event: Record<string, unknown>, receivedAt: string, at: string): void {
  const timestamp = timeOf(event.timestamp)
  const sentAt = timeOf(event.sentAt)
  event.messageId = event.messageId === undefined ? `gw-${randomUUID()}` : String(event.messageId)
  event.receivedAt = receivedAt
  if (timestamp === undefined) {
    // An unreadable timestamp is kept as originalTimestamp, so the event's story can say it was replaced.
    if (event.timestamp !== undefined && event.timestamp !== null) event.originalTimestamp = event.timestamp
    event.timestamp = receivedAt
  } else if (sentAt !== undefined) {
    const corrected = Date.parse(receivedAt) - (sentAt - timestamp)
    if (!isDate(corrected)) {
      throw new FieldError(
        `${at}.timestamp and sentAt are so far apart that the timestamp, corrected by the client's clock, is no date: send both as the client's clock reads them.`,
        `${at}.timestamp`
      )
    }
    event.originalTimestamp = event.timestamp
    event.timestamp = new Date(corrected).toISOString()
  }
}

function isDate(ms: number): boolean {
  return Math.abs(ms) <= MAX_DATE_MS
}

/** The largest distance from 1970 a JavaScript Date can hold (±100,000,000 days). */
const MAX_DATE_MS = 8.64e15

/**
 * What the gateway changed in a call that the event's story should say: an unreadable timestamp
 * replaced by the time the call was received. Read from the stored call itself (stamp() keeps
 * the client's value as originalTimestamp), so it needs no storage of its own.
 */
export function stampWarnings(event: Record<string, unknown>): Array<{ field: string; reason: string }> {
  const original = event.originalTimestamp
  if (original === undefined || original === null || timeOf(original) !== undefined) return []
  return [{ field: 'timestamp', reason: 'is not a date: the time the gateway received the call was used' }]
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
