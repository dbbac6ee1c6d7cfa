import type { SegmentEvent } from '@segment/actions-core'
import { isObject } from '../json'

/**
 * A Segment event with `timestamp` set to `now` when it has none. Pinterest refuses events
 * older than 7 days, so the bundled examples carry no timestamp and get the time they are
 * sent; an event that has one keeps it. The event given is not changed.
 */
export function withTimestamp(event: SegmentEvent, now: Date = new Date()): SegmentEvent {
  return event.timestamp === undefined || event.timestamp === null || event.timestamp === ''
    ? { ...event, timestamp: now.toISOString() }
    : event
}

/**
 * The event as actions-core can take it: a `context` or `context.personas` of null is left
 * out, as absent. actions-core 3.170.0 reads Engage audience membership from every event with a
 * destructuring default that covers a missing context but not a null one, and throws a
 * TypeError after mapping, before perform (in a batch, before any event is sent). JSON null
 * means "no value", so leaving it out changes nothing else. The event given is not changed.
 */
export function withoutNullContext(event: SegmentEvent): SegmentEvent {
  const context = event.context as Record<string, unknown> | null | undefined
  if (context === null) {
    const { context: _, ...rest } = event
    return rest as SegmentEvent
  }
  if (context?.personas === null) {
    const { personas: _, ...rest } = context
    return { ...event, context: rest }
  }
  return event
}

/** True for a value that can be a Segment event: a JSON object. actions-core checks the rest. */
export function isEventObject(value: unknown): value is SegmentEvent {
  return isObject(value)
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
