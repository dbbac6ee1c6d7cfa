import type { SegmentEvent } from '@segment/actions-core'

/**
 * A Segment event with `timestamp` set to `now` when it has none. Pinterest refuses events
 * older than 7 days, so the bundled examples carry no timestamp and get the time they are
 * sent; an event that has one keeps it. The event given is not changed.
 */
export function withTimestamp(event: SegmentEvent, now: Date = new Date()): SegmentEvent {
  return event.timestamp === undefined || event.timestamp === null || event.timestamp === '' ? { ...event, timestamp: now.toISOString() } : event
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a value that can be a Segment event: a JSON object. actions-core checks the rest. */
export function isEventObject(value: unknown): value is SegmentEvent {
  return isJsonObject(value)
}

/** The event on one line of an NDJSON file, or why the line is not one. */
export function parseEventLine(text: string): SegmentEvent | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return `not JSON (${(error as Error).message})`
  }
  return isEventObject(value) ? value : 'not a JSON object'
}
