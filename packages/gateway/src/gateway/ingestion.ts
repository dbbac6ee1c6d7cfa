/**
 * Taking tracking-API requests: read the calls (calls.ts), route each to the subscriptions of
 * its source that take it, store them (one enqueue per destination, so the store's group
 * commit writes one request in one transaction), and answer only once they are stored.
 */
import { FieldError, targetsTaking } from 'pinterest-conversions-tools'
import type { NewEvent, Queue } from '../queue'
import type { IngestedCall, IngestRequest } from './calls'
import { readCalls } from './calls'
import { consentTarget } from './consent'
import type { Configuration } from './configuration'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'

export interface IngestionOptions {
  configuration: Configuration
  queue: Queue
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
  private unroutedCalls = 0
  private consentSkippedEvents = 0

  constructor(private readonly options: IngestionOptions) {}

  /** Calls no subscription took since this process started. */
  get unrouted(): number {
    return this.unroutedCalls
  }

  /** Events a subscription took and did not store for lack of consent, since this process started. */
  get consentSkipped(): number {
    return this.consentSkippedEvents
  }

  /** Reads, routes and stores one tracking-API request; resolves once stored (answer 200), throws a FieldError otherwise. */
  async ingest(request: IngestRequest): Promise<Accepted> {
    const { queue, metrics, log } = this.options
    if (!this.options.open()) throw new FieldError('The gateway is shutting down; send again.', 'gateway', 503)
    const calls = readCalls(request)
    const compiled = this.options.configuration.compiled
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
    const unroutedTypes: string[] = []
    const skipped: Array<{ destination: string; subscription: string }> = []
    const withoutConsent = new Set<IngestedCall>()
    for (const call of calls.calls) {
      const { event, json } = call
      const taking = targetsTaking(source.subscriptions, event)
      if (taking.length === 0) unroutedTypes.push(String(event.type))
      for (const subscription of taking) {
        // Decided before storing: an event without the consent its subscription needs is never stored.
        const storedAs = consentTarget(subscription, event as unknown as Record<string, unknown>)
        if (storedAs === undefined) {
          skipped.push({ destination: subscription.destination, subscription: subscription.id })
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
    let results: Array<{ stored: number; duplicates: number }>
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
    this.unroutedCalls += unroutedTypes.length
    for (const type of unroutedTypes) metrics.unrouted.inc({ type })
    this.consentSkippedEvents += skipped.length
    for (const labels of skipped) metrics.consentSkipped.inc(labels)
    metrics.accepted.inc({ source: source.name }, calls.calls.length)
    const total = { stored: 0, duplicates: 0 }
    destinations.forEach((destination, i) => {
      const { stored, duplicates } = results[i]
      total.stored += stored
      total.duplicates += duplicates
      if (stored > 0) metrics.stored.inc({ destination }, stored)
      if (duplicates > 0) metrics.duplicates.inc({ destination }, duplicates)
      this.options.stored(destination, stored)
    })
    return { ...total, unrouted: unroutedTypes.length }
  }
}
