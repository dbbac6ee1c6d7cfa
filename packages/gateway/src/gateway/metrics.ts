/**
 * What `GET /metrics` tells Prometheus. A registry per gateway (not prom-client's global one),
 * so several gateways in one process (tests) never share counts. Labels are names from the
 * configuration and bounded codes, never a value of an event or a secret.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Queue, QueueStats } from '../queue'

/** Prometheus's default scrape timeout is 10 s: the gauges give up well before. */
const STATS_TIMEOUT_MS = 1000

export interface GatewayMetrics {
  registry: Registry
  accepted: Counter<'source'>
  stored: Counter<'destination'>
  duplicates: Counter<'destination'>
  unrouted: Counter<'type'>
  consentSkipped: Counter<'destination' | 'subscription'>
  delivered: Counter<'destination'>
  retried: Counter<'destination'>
  deadLettered: Counter<'destination' | 'reason'>
  valuesLeftOut: Counter<'destination' | 'subscription' | 'field'>
  pinterestStatus: Counter<'destination' | 'status'>
  deliveryLatency: Histogram<'destination'>
  ingestRequests: Counter<'status'>
}

export function createMetrics(queue: () => Queue | undefined, clock: () => number): GatewayMetrics {
  const registry = new Registry()
  // The process's own (memory, CPU, event loop lag, GC), under prom-client's standard names.
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers })
  let stats: Promise<QueueStats | undefined> | undefined
  // One stats query serves both gauges of a scrape; a store that does not answer leaves them as
  // they were, and the rest of the scrape (the process's own metrics) is answered anyway.
  const queueStats = () => {
    const current = queue()
    if (!current) return undefined
    stats ??= withinScrape(current.stats(clock())).finally(() => setImmediate(() => (stats = undefined)))
    return stats
  }
  new Gauge({
    name: 'gateway_queue_depth',
    help: 'Events waiting or being delivered',
    registers,
    async collect() {
      const now = await queueStats()
      if (now) this.set(now.queued)
    }
  })
  new Gauge({
    name: 'gateway_queue_oldest_age_seconds',
    help: 'Age of the oldest queued event',
    registers,
    async collect() {
      const now = await queueStats()
      if (now) this.set(now.oldestQueuedAgeMs / 1000)
    }
  })
  return {
    registry,
    accepted: counter(
      'gateway_events_accepted_total',
      "Events answered 200 and stored (one per call and subscription, and one per call kept as a dead letter), by source: /gateway/status's accepted",
      ['source']
    ),
    stored: counter('gateway_events_stored_total', 'Events stored in the queue (one per subscription)', [
      'destination'
    ]),
    duplicates: counter('gateway_events_duplicate_total', 'Events not stored again: messageId seen within a day', [
      'destination'
    ]),
    unrouted: counter('gateway_events_unrouted_total', 'Calls no subscription took, by call type', ['type']),
    consentSkipped: counter(
      'gateway_events_consent_skipped_total',
      'Events a subscription took but did not store: they lack a consent category it needs',
      ['destination', 'subscription']
    ),
    delivered: counter('gateway_events_delivered_total', 'Events Pinterest accepted', ['destination']),
    retried: counter('gateway_events_retried_total', 'Deliveries put back in the queue to try again', ['destination']),
    deadLettered: counter('gateway_events_dead_lettered_total', 'Events given up on, by reason', [
      'destination',
      'reason'
    ]),
    valuesLeftOut: counter(
      'gateway_values_left_out_total',
      'Values left out of delivered or refused events, by mapping field (list positions written [])',
      ['destination', 'subscription', 'field']
    ),
    pinterestStatus: counter('gateway_pinterest_status_total', "Events by the HTTP status of Pinterest's answer", [
      'destination',
      'status'
    ]),
    deliveryLatency: new Histogram({
      name: 'gateway_delivery_latency_seconds',
      help: 'From acceptance to delivery',
      labelNames: ['destination'],
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86400],
      registers
    }),
    ingestRequests: counter('gateway_ingest_requests_total', 'Tracking API requests, by answer status', ['status'])
  }
}

function withinScrape(stats: Promise<QueueStats>): Promise<QueueStats | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), STATS_TIMEOUT_MS)
  })
  return Promise.race([stats.catch(() => undefined), late]).finally(() => clearTimeout(timer))
}
