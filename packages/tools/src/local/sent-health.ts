/**
 * The conversion health report (src/health) over what the destination really hands to
 * Pinterest, fed one executeBatch answer at a time by replay and by the local server.
 *
 * The events come from the runtime's own answer: for every event the destination put in a
 * request body, its multistatus entry carries `sent`, the very object serialized into
 * `{ "data": [...] }` (performBatch sets it, actions-core passes it through). That holds in
 * every mode (live, sandbox, dry-run capture) and also for a request that got no answer, so the
 * report is over the bodies that went or would go to Pinterest, with no second copy of them.
 * Only counters are kept: a million-event replay holds one batch at a time, as before.
 *
 * An entry without `sent` is an event the destination never sent: refused by actions-core's
 * field validation or by our own checks (no identifier, bad value, event_time too old,
 * unusable settings). Pinterest never sees those, so they cannot change its grade and are not
 * in the coverage; they are counted apart as `notSent`, because each one is a conversion lost
 * altogether, which the advertiser needs to hear about more than a missing signal.
 */
import type { PinterestEvent } from 'pinterest-conversions'
import type { HealthOptions, HealthReport } from '../health'
import { createHealthTracker, formatHealthReport } from '../health'
import { isObject } from '../json'
import type { MultiStatus } from './multistatus'

export interface NotSent {
  /** Events the destination did not hand to Pinterest: refused by its checks before sending. */
  events: number
}

/** The health report of the events sent, and how many routed events were not sent at all. */
export interface SentHealthReport extends HealthReport {
  notSent: NotSent
}

export interface SentHealth {
  /**
   * One event's entry of an executeBatch answer (undefined when the runtime gave none, or the
   * batch could not even be tried). `sentAtSeconds` is when its request went out: Pinterest's
   * offline rule counts from it.
   */
  addOutcome(node: MultiStatus[number] | undefined, sentAtSeconds: number): void
  report(): SentHealthReport
}

export function createSentHealth(options: HealthOptions = {}): SentHealth {
  const tracker = createHealthTracker(options)
  let notSent = 0
  return {
    addOutcome(node, sentAtSeconds) {
      const event = sentEventOf(node)
      if (event) tracker.add(event, sentAtSeconds)
      else notSent++
    },
    report: () => ({ ...tracker.report(), notSent: { events: notSent } })
  }
}

/** The Pinterest event the destination sent for this multistatus entry; undefined when it sent none. */
export function sentEventOf(node: MultiStatus[number] | undefined): PinterestEvent | undefined {
  const sent = node && 'sent' in node ? node.sent : undefined
  return isPinterestEvent(sent) ? sent : undefined
}

/** Enough of the shape for the tracker to read; what performBatch puts in `sent` always has it. */
function isPinterestEvent(value: unknown): value is PinterestEvent {
  return (
    isObject(value) &&
    isObject(value.user_data) &&
    typeof value.event_name === 'string' &&
    typeof value.event_time === 'number'
  )
}

/** The text report, then what was not sent, for a terminal. */
export function formatSentHealthReport(report: SentHealthReport): string {
  const count = report.notSent.events
  const notSent =
    count === 0
      ? '  none: the destination built and handed every routed event to Pinterest'
      : `  ${count.toLocaleString('en-US')} ${
          count === 1 ? 'event' : 'events'
        } refused by the destination's own checks before sending (see the failures); ` +
        'Pinterest never sees them, so they are not counted above, but each one is a lost conversion'
  return `${formatHealthReport(report)}\nNot sent:\n${notSent}\n`
}
