import { CLOCK_SKEW_SECONDS, MAX_EVENT_AGE_SECONDS } from './constants'
import { FieldValidationError } from './errors'

const NUMERIC = /^-?\d+(\.\d+)?$/
// A date and time with no zone. JavaScript would read it in the machine's own zone, so the
// same event would get another time on another server; Segment's timestamps are UTC.
const NO_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/i
// Unix seconds stay below 1e11 until the year 5138; milliseconds passed it in 1973.
const MILLISECONDS_FROM = 1e11

/** Integer unix seconds from an ISO 8601 string, unix seconds or unix milliseconds (number or string). */
export function toUnixSeconds(value: string | number): number | undefined {
  if (typeof value === 'number') return fromEpochNumber(value)
  const text = value.trim()
  if (NUMERIC.test(text)) return fromEpochNumber(Number(text))
  const noZone = NO_ZONE.exec(text)
  const ms = Date.parse(noZone ? `${noZone[1]}T${noZone[2]}Z` : text)
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

function fromEpochNumber(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined
  return Math.floor(Math.abs(value) >= MILLISECONDS_FROM ? value / 1000 : value)
}

const FIELD = ['event_time']

/** event_time as Pinterest takes it, or a PayloadValidationError that says why not. */
export function eventTimeOf(value: string | number, nowSeconds: number): number {
  const seconds = toUnixSeconds(value)
  if (seconds === undefined) {
    throw new FieldValidationError(
      'event_time is not a date: use an ISO 8601 timestamp, unix seconds or unix milliseconds.',
      FIELD
    )
  }
  if (seconds > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw new FieldValidationError(
      `event_time ${safeIso(seconds)} is in the future: Pinterest only takes events that already happened.`,
      FIELD
    )
  }
  if (seconds < nowSeconds - MAX_EVENT_AGE_SECONDS) {
    throw new FieldValidationError(
      `event_time ${safeIso(seconds)} is more than 7 days ago: Pinterest rejects events that old.`,
      FIELD
    )
  }
  return seconds
}

/** The ISO form of a time for a message; the number itself past the dates JavaScript can write (±275,760 years), where toISOString throws. */
function safeIso(seconds: number): string {
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? `${seconds}` : date.toISOString()
}
