/**
 * Taking tracking-API requests: read the calls (calls.ts), route each to the subscriptions of
 * its source that take it, store them (one enqueue per destination, so the store's group
 * commit writes one request in one transaction) with the calls refused among them as dead
 * letters, and answer only once they are stored.
 */
import { FieldError, targetsTaking } from 'pinterest-conversions-tools'
import type { EnqueueResult, EventLog, NewEvent, Queue, StoryRecord } from '../queue'
import { INGEST_DESTINATION } from '../queue'
import type { IngestedCall, IngestRequest, RefusedCall } from './calls'
import { readCalls } from './calls'
import { consentTarget, lackingConsent } from './consent'
import type { Configuration } from './configuration'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'

export interface IngestionOptions {
  configuration: Configuration
  queue: Queue
  eventLog: EventLog
  metrics: GatewayMetrics
  log: GatewayLog
  /** False once the gateway is shutting down: requests are then refused, to be sent again. */
  open(): boolean
  /** Told of the events just stored for a destination, so its worker can send a full batch at once. */
  stored(destination: string, count: number): void
  /** Told of the calls of a request once it is stored (answered 200), routed or not, but for those lacking consent. */
  taken(calls: IngestedCall[], receivedAt: number): void
}

export interface Accepted {
  stored: number
  duplicates: number
  unrouted: number
}

export class Ingestion {
  constructor(private readonly options: IngestionOptions) {}

  /** Reads, routes and stores one tracking-API request; resolves once stored (answer 200), throws a FieldError otherwise. */
  async ingest(request: IngestRequest): Promise<Accepted> {
    const { queue, metrics, log } = this.options
    if (!this.options.open()) throw new FieldError('The gateway is shutting down; send again.', 'gateway', 503)
    const calls = readCalls(request)
    const compiled = await this.options.configuration.inForce().catch((error: Error) => {
      log.error({ err: error.message }, 'cannot read the shared configuration')
      throw new FieldError('The gateway could not read its configuration from the store; send again.', 'store', 503)
    })
    if (!compiled.hasWriteKeys) {
      throw new FieldError(
        'No write key is configured: set WRITE_KEY, or add sources to the configuration.',
        'writeKey',
        401
      )
    }
    if (calls.writeKey === undefined) {
      throw new FieldError('Give the write key as the HTTP Basic user name (or writeKey in the body).', 'writeKey', 401)
    }
    const source = compiled.sourceOf(calls.writeKey)
    if (!source) throw new FieldError('Unknown write key.', 'writeKey', 401)

    const routed = new Map<string, NewEvent[]>()
    if (calls.refused.length > 0)
      routed.set(
        INGEST_DESTINATION,
        calls.refused.map((call) => refusedEvent(call, source.name))
      )
    const unrouted: Array<{ type: string; messageId: string }> = []
    const skipped: Skipped[] = []
    const withoutConsent = new Set<IngestedCall>()
    for (const call of calls.calls) {
      const { event, json } = call
      const taking = targetsTaking(source.subscriptions, event)
      if (taking.length === 0) unrouted.push({ type: String(event.type), messageId: String(event.messageId) })
      for (const subscription of taking) {
        // Decided before storing: an event without the consent its subscription needs is never stored.
        const storedAs = consentTarget(subscription, event as unknown as Record<string, unknown>)
        if (storedAs === undefined) {
          skipped.push({
            destination: subscription.destination,
            subscription: subscription.id,
            messageId: String(event.messageId),
            lacking: subscription.consent ? lackingConsent(subscription.consent, event as never) : []
          })
          withoutConsent.add(call)
          continue
        }
        const list = routed.get(subscription.destination) ?? []
        list.push({
          destination: subscription.destination,
          subscription: storedAs,
          messageId: event.messageId,
          event: event as unknown as Record<string, unknown>,
          json
        })
        routed.set(subscription.destination, list)
      }
    }
    // All are submitted in this same turn, so the store's group commit writes them in one transaction.
    const destinations = [...routed.keys()]
    let results: EnqueueResult[]
    try {
      results = await Promise.all(destinations.map((id) => queue.enqueue(routed.get(id) ?? [])))
    } catch (error) {
      const events = [...routed.values()].reduce((sum, list) => sum + list.length, 0)
      log.error({ err: (error as Error).message, events }, 'store cannot write')
      throw new FieldError('The gateway could not store the events; send again.', 'store', 503)
    }
    // A call a subscription did not store for lack of consent is not kept for the page either.
    this.options.taken(
      calls.calls.filter((call) => !withoutConsent.has(call)),
      request.receivedAt
    )
    // Counted only once stored: a request answered 503 is sent again, and would count twice.
    for (const { type } of unrouted) metrics.unrouted.inc({ type })
    for (const { destination, subscription } of skipped) metrics.consentSkipped.inc({ destination, subscription })
    const total = { stored: 0, duplicates: 0 }
    destinations.forEach((destination, i) => {
      const { stored, duplicates } = results[i]
      total.stored += stored
      total.duplicates += duplicates
      if (duplicates > 0) metrics.duplicates.inc({ destination }, duplicates)
      if (destination === INGEST_DESTINATION) {
        if (stored > 0) metrics.deadLettered.inc({ destination, reason: 'invalid' }, stored)
        return
      }
      if (stored > 0) metrics.stored.inc({ destination }, stored)
      this.options.stored(destination, stored)
    })
    // What /gateway/status counts as accepted too: events stored, one per call and subscription.
    if (total.stored > 0) metrics.accepted.inc({ source: source.name }, total.stored)
    if (calls.refused.length > 0) this.reportRefused(source.name, calls.refused)
    this.record([
      ...storiesOf(request.receivedAt, unrouted, routed, destinations, results),
      ...skipped.map((skip) => skippedStory(request.receivedAt, skip))
    ])
    return { ...total, unrouted: unrouted.length }
  }

  /** The stories that begin at ingestion; the answer does not wait for them, nor fails with them. */
  private record(records: StoryRecord[]): void {
    if (records.length === 0) return
    this.options.eventLog.record(records).catch((error: Error) => {
      this.options.log.error({ err: error.message, records: records.length }, 'event log cannot write')
    })
  }

  /** One line per request for the calls kept as dead letters: how many, and the fields at fault. */
  private reportRefused(source: string, refused: readonly RefusedCall[]): void {
    const fields: Record<string, number> = {}
    for (const { field } of refused) {
      const name = field.replace(/^batch\[\d+\]\.?/, '') || 'call'
      fields[name] = (fields[name] ?? 0) + 1
    }
    this.options.log.warn({ source, refused: refused.length, fields }, 'calls refused, kept as dead letters')
  }
}

/**
 * What ingestion knows of stories: calls no subscription took, calls received again (not stored),
 * calls kept as dead letters. An event stored for delivery needs no record yet: the queue holds it.
 */
function storiesOf(
  at: number,
  unrouted: ReadonlyArray<{ messageId: string }>,
  routed: ReadonlyMap<string, NewEvent[]>,
  destinations: readonly string[],
  results: readonly EnqueueResult[]
): StoryRecord[] {
  const base = { at, receivedAt: at, attempts: 0 }
  const records: StoryRecord[] = unrouted.map(({ messageId }) => ({
    ...base,
    messageId,
    destination: '',
    subscription: '',
    state: 'unrouted'
  }))
  const where = (event: NewEvent, destination: string) => ({
    ...base,
    messageId: event.messageId ?? '',
    destination,
    subscription: event.subscription
  })
  destinations.forEach((destination, i) => {
    const events = routed.get(destination) ?? []
    // Only the events not simply stored have a record here: usually none, so nothing is walked.
    for (const index of results[i].repeated ?? [])
      records.push({ ...where(events[index], destination), state: 'duplicate' })
    if (destination !== INGEST_DESTINATION) return
    const repeated = new Set(results[i].repeated)
    events.forEach((event, index) => {
      if (!event.refusal || event.messageId === undefined || repeated.has(index)) return
      const [kind, ...words] = event.refusal.reason.split(': ')
      records.push({
        ...where(event, destination),
        state: 'dead_lettered',
        status: event.refusal.status,
        refusal: { reason: kind, message: words.join(': '), fields: [...event.refusal.fields] }
      })
    })
  })
  return records
}

/** A subscription that took a call and did not store it: the consent it needs was lacking. */
interface Skipped {
  destination: string
  subscription: string
  messageId: string
  /** The consent categories the event does not grant. */
  lacking: string[]
}

function skippedStory(at: number, skip: Skipped): StoryRecord {
  return {
    messageId: skip.messageId,
    destination: skip.destination,
    subscription: skip.subscription,
    state: 'skipped',
    at,
    receivedAt: at,
    attempts: 0,
    refusal: {
      reason: 'consent',
      message: `The event does not consent to ${skip.lacking.join(
        ', '
      )}, which this subscription needs: it was not stored.`,
      fields: skip.lacking.map((category) => `context.consent.categoryPreferences.${category}`)
    }
  }
}

/** A refused call as a dead letter of the ingestion, under its source's name. */
function refusedEvent(call: RefusedCall, source: string): NewEvent {
  return {
    destination: INGEST_DESTINATION,
    subscription: source,
    messageId: call.messageId,
    event: call.event,
    json: call.json,
    refusal: { reason: `invalid: ${call.message}`, status: call.status, fields: [call.field] }
  }
}
