/**
 * Segment's servers move a call's timestamp by the client's clock skew (receivedAt minus sentAt);
 * a timestamp and a sentAt far enough apart put the result past the dates JavaScript can write,
 * and stamping the call then fails with a RangeError. This finds, once that happened, which call
 * it was, so the client gets a 400 naming its field instead of a 500.
 */
import { FieldError, isObject } from 'pinterest-conversions-tools'

/** ±100,000,000 days from 1970, ECMAScript's range of dates. */
const MAX_TIME_MS = 8.64e15

export function skewedPastDates(rawBody: string, route: string, receivedAt: number): FieldError | undefined {
  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch {
    return undefined
  }
  if (!isObject(body)) return undefined
  const calls = route === 'batch' ? (Array.isArray(body.batch) ? body.batch : []) : [body]
  for (const [i, call] of calls.entries()) {
    if (!isObject(call)) continue
    const timestamp = timeOf(call.timestamp)
    const sentAt = timeOf(call.sentAt ?? body.sentAt)
    if (timestamp === undefined || sentAt === undefined) continue
    if (Math.abs(receivedAt - (sentAt - timestamp)) <= MAX_TIME_MS) continue
    const at = route === 'batch' ? `batch[${i}]` : 'body'
    return new FieldError(
      `${at}.timestamp and sentAt are so far apart that the timestamp, corrected by the client's clock, is no date: send both as the client's clock reads them.`,
      `${at}.timestamp`
    )
  }
  return undefined
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const time = new Date(value).getTime()
  return Number.isNaN(time) ? undefined : time
}
