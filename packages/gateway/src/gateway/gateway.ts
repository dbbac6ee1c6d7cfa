/**
 * The gateway as the server's routes and `npm start` see it: its parts, each with one job
 * (the configuration in force, ingestion, the queue workers, the metrics), started and stopped
 * together, and the reads of the store an operator asks for (status, dead letters, requeue).
 */
import { randomUUID } from 'crypto'
import { hostname } from 'os'
import { join } from 'path'
import type { PinterestSetup } from '../connect'
import { PinterestConnection } from '../connect'
import { registerConnectionMetrics } from '../connect/metrics'
import { Deletions } from '../connect/deletions'
import { QualityPrediction } from '../connect/prediction'
import type { DeadLetter, EventLog, PurgeSelection, Queue, RequeueSelection } from '../queue'
import type { BatchRunner } from './batch-runner'
import { InlineRunner } from './batch-runner'
import type { Surroundings } from './compiled-config'
import type { LoadedConfig } from './config'
import { Configuration } from './configuration'
import { DeliveryPool } from './delivery-pool'
import { DeliveryView } from './delivery'
import { Dispatch } from './dispatch'
import { Ingestion } from './ingestion'
import { Pacing, PINTEREST_REQUESTS_PER_MINUTE } from './pacing'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'
import { createMetrics } from './metrics'
import { RecentCalls } from './recent-calls'
import type { EventStory } from './story'
import { storyOf } from './story'
import type { Readiness } from './readiness'
import { StoreProbe } from './readiness'
import { DeadLetterRetention } from './retention'
import type { GatewayStatus } from './types'

/** Pinterest's window: a dead letter older than that could not be sent again anyway. */
export const DEFAULT_DEAD_LETTER_RETENTION_MS = 7 * 24 * 60 * 60 * 1000

export interface GatewayOptions {
  queue: Queue
  /** Every event's story, kept in the same store. */
  eventLog: EventLog
  store: GatewayStatus['store']
  mode: GatewayStatus['mode']
  loaded: LoadedConfig
  around: Surroundings
  log: GatewayLog
  flushMs: number
  retryBaseMs: number
  leaseMs: number
  concurrency: number
  /** The most requests a minute to one ad account (PINTEREST_REQUESTS_PER_MINUTE): Pinterest's 5,000 unless given. */
  requestsPerMinute?: number
  /** Connect Pinterest (OAuth); off when absent. */
  pinterest?: PinterestSetup
  /** How long dead letters (raw events) are kept; 7 days by default. */
  deadLetterRetentionMs?: number
  /** Awaited by delivery before each batch it claims: the tracking API, when pressed, goes first. */
  pace?(): Promise<void>
  /** Where batches are mapped and sent: delivery threads (DELIVERY_THREADS), or the main thread when 0. */
  delivery: DeliverySetup
  clock?: () => number
  random?: () => number
}

export interface DeliverySetup {
  threads: number
  /** The built delivery-thread.js (the tests, which run the sources, name dist's). */
  threadScript?: string
  /** Test-only (TEST_DELIVERY_THREAD_EXIT_ON): see DeliveryPoolOptions.testExitOn. */
  testExitOn?: string
}

export class Gateway {
  readonly metrics: GatewayMetrics
  readonly configuration: Configuration
  readonly ingestion: Ingestion
  readonly connection: PinterestConnection
  readonly prediction: QualityPrediction
  readonly deletions: Deletions
  /** The last calls taken, in memory only, for the page to preview a subscription on. */
  readonly recentCalls = new RecentCalls()
  private readonly pacing: Pacing
  /** Delivery per subscription over the last hour and day, for the page's delivery view. */
  readonly deliveryView: DeliveryView
  private readonly dispatch: Dispatch
  private readonly runner: BatchRunner
  private readonly retention: DeadLetterRetention
  private readonly probe: StoreProbe
  private readonly clock: () => number
  private draining = false

  constructor(private readonly options: GatewayOptions) {
    const { queue, eventLog, log } = options
    this.clock = options.clock ?? Date.now
    this.metrics = createMetrics(() => (this.draining ? undefined : queue), this.clock)
    const pinterest = options.pinterest ?? {
      offReason: 'OAuth is off: this gateway was not given the app to connect with.'
    }
    this.connection = new PinterestConnection({
      records: queue.records,
      api: pinterest.api as NonNullable<PinterestSetup['api']>,
      sealer: pinterest.api && pinterest.sealer,
      offReason: pinterest.offReason,
      redirectUri: pinterest.redirectUri,
      clock: this.clock,
      log
    })
    registerConnectionMetrics(this.metrics.registry, this.connection)
    const around = { ...options.around, connected: () => this.connection.settings() }
    this.configuration = new Configuration({ queue, loaded: options.loaded, around, log })
    this.connection.onChange(() => this.configuration.recompile())
    this.prediction = new QualityPrediction({ records: queue.records, clock: this.clock, log })
    this.deletions = new Deletions({ connection: this.connection, queue, clock: this.clock, log })
    this.runner = runnerOf(options.delivery, log)
    this.pacing = new Pacing({
      budget: queue.requestBudget,
      perMinute: options.requestsPerMinute ?? PINTEREST_REQUESTS_PER_MINUTE,
      claimMarginMs: options.leaseMs / 4,
      registry: this.metrics.registry,
      log,
      clock: this.clock
    })
    this.dispatch = new Dispatch({
      queue,
      destination: (id) => this.configuration.compiled.destinations.get(id),
      refresh: () => this.configuration.refresh(),
      owner: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      flushMs: options.flushMs,
      retryBaseMs: options.retryBaseMs,
      leaseMs: options.leaseMs,
      concurrency: options.concurrency,
      clock: this.clock,
      random: options.random ?? Math.random,
      metrics: this.metrics,
      eventLog,
      log,
      sent: (settings, entries) => {
        this.prediction.observe(settings, entries)
        void this.pacing.observe(settings, entries)
      },
      permit: (settings, mapping, events) => this.pacing.permit(settings, mapping, events),
      pace: async (id) => {
        await options.pace?.()
        await this.pacing.ready(this.configuration.compiled.destinations.get(id)?.settings)
      },
      runner: this.runner
    })
    this.ingestion = new Ingestion({
      configuration: this.configuration,
      queue,
      eventLog,
      metrics: this.metrics,
      log,
      open: () => !this.draining,
      stored: (destination, count) => this.dispatch.arrived(destination, count),
      taken: (calls, receivedAt) =>
        this.recentCalls.record(
          calls.map((call) => call.event),
          receivedAt
        )
    })
    this.configuration.onChange((compiled) => this.dispatch.start(compiled.destinations.keys()))
    this.retention = new DeadLetterRetention({
      queue,
      retentionMs: options.deadLetterRetentionMs ?? DEFAULT_DEAD_LETTER_RETENTION_MS,
      clock: this.clock,
      log
    })
    this.probe = new StoreProbe(queue, this.clock)
    this.deliveryView = new DeliveryView({ queue, eventLog, configuration: this.configuration, clock: this.clock })
  }

  /** Values no answer or log may hold: the conversion tokens in use, the OAuth tokens. */
  secrets(): string[] {
    return [...this.configuration.secrets(), ...this.connection.secrets()]
  }

  start(): void {
    this.configuration.startPolling()
    this.prediction.start()
    this.retention.start()
    // A destination that sends with the Pinterest connection needs it read before its first claim.
    void this.connection.start().finally(() => this.dispatch.start(this.configuration.compiled.destinations.keys()))
  }

  /** Stops taking events, finishes the deliveries in flight, releases what was claimed and not sent. */
  async stop(): Promise<void> {
    this.draining = true
    this.recentCalls.clear()
    await this.retention.stop()
    await this.configuration.stopPolling()
    await this.connection.stop()
    // In the same turn as the workers are told to stop: a claim woken from its wait sees them stopping.
    this.pacing.stop()
    await this.dispatch.stop()
    await this.runner.close()
    await this.prediction.stop()
  }

  get ready(): boolean {
    return !this.draining
  }

  /** Ready to take events: not stopping, and the store commits a write. */
  async readiness(): Promise<Readiness> {
    if (this.draining) return { ok: false, error: 'shutting down' }
    return this.probe.check()
  }

  async status(): Promise<GatewayStatus> {
    const [stats, logged] = await Promise.all([this.options.queue.stats(this.clock()), this.options.eventLog.totals()])
    return {
      accepted: stats.totals.accepted,
      queued: stats.queued,
      delivered: stats.totals.delivered,
      warned: logged.warned,
      dead_lettered: stats.deadLettered,
      unrouted: logged.unrouted,
      consent_skipped: logged.consentSkipped,
      duplicates: stats.totals.duplicates,
      oldest_queued_age_seconds: Math.round(stats.oldestQueuedAgeMs / 1000),
      store: this.options.store,
      mode: this.options.mode
    }
  }

  /** An event's story, by its messageId; undefined when neither the log nor the queue knows it. */
  async story(messageId: string): Promise<EventStory | undefined> {
    const [records, queued] = await Promise.all([
      this.options.eventLog.story(messageId),
      this.options.queue.find(messageId, this.clock())
    ])
    return records.length === 0 && queued.length === 0 ? undefined : storyOf(messageId, records, queued)
  }

  deadLetters(query: { destination?: string; limit: number; before?: string }): Promise<DeadLetter[]> {
    return this.options.queue.deadLetters(query)
  }

  /** Deletes dead letters, raw events and all. */
  async purge(selection: PurgeSelection): Promise<number> {
    const purged = await this.options.queue.purgeDeadLetters(selection)
    this.options.log.info({ purged }, 'dead letters deleted')
    return purged
  }

  async requeue(selection: RequeueSelection): Promise<number> {
    const count = await this.options.queue.requeue(selection, this.clock())
    this.dispatch.requeued(count)
    return count
  }
}

function runnerOf(delivery: DeliverySetup, log: GatewayLog): BatchRunner {
  if (delivery.threads === 0) return new InlineRunner()
  return new DeliveryPool({
    size: delivery.threads,
    script: delivery.threadScript ?? join(__dirname, 'delivery-thread.js'),
    log,
    testExitOn: delivery.testExitOn
  })
}
