/**
 * The gateway as the server's routes and `npm start` see it: its parts, each with one job
 * (the configuration in force, ingestion, the queue workers, the metrics), started and stopped
 * together, and the reads of the store an operator asks for (status, dead letters, requeue).
 */
import { randomUUID } from 'crypto'
import { hostname } from 'os'
import type { PinterestSetup } from '../connect'
import { PinterestConnection } from '../connect'
import { registerConnectionMetrics } from '../connect/metrics'
import { Deletions } from '../connect/deletions'
import { QualityPrediction } from '../connect/prediction'
import type { DeadLetter, Queue, RequeueSelection } from '../queue'
import type { Surroundings } from './compiled-config'
import type { LoadedConfig } from './config'
import { Configuration } from './configuration'
import { Dispatch } from './dispatch'
import { Ingestion } from './ingestion'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'
import { createMetrics } from './metrics'
import { RecentCalls } from './recent-calls'
import type { GatewayStatus } from './types'

export interface GatewayOptions {
  queue: Queue
  store: GatewayStatus['store']
  mode: GatewayStatus['mode']
  loaded: LoadedConfig
  around: Surroundings
  log: GatewayLog
  flushMs: number
  retryBaseMs: number
  leaseMs: number
  concurrency: number
  /** Connect Pinterest (OAuth); off when absent. */
  pinterest?: PinterestSetup
  clock?: () => number
  random?: () => number
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
  private readonly dispatch: Dispatch
  private readonly clock: () => number
  private draining = false

  constructor(private readonly options: GatewayOptions) {
    const { queue, log } = options
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
      log,
      sent: (settings, entries) => this.prediction.observe(settings, entries)
    })
    this.ingestion = new Ingestion({
      configuration: this.configuration,
      queue,
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
  }

  /** Values no answer or log may hold: the conversion tokens in use, the OAuth tokens. */
  secrets(): string[] {
    return [...this.configuration.secrets(), ...this.connection.secrets()]
  }

  start(): void {
    this.configuration.startPolling()
    this.prediction.start()
    // A destination that sends with the Pinterest connection needs it read before its first claim.
    void this.connection.start().finally(() => this.dispatch.start(this.configuration.compiled.destinations.keys()))
  }

  /** Stops taking events, finishes the deliveries in flight, releases what was claimed and not sent. */
  async stop(): Promise<void> {
    this.draining = true
    this.recentCalls.clear()
    await this.configuration.stopPolling()
    await this.connection.stop()
    await this.dispatch.stop()
    await this.prediction.stop()
  }

  get ready(): boolean {
    return !this.draining
  }

  async status(): Promise<GatewayStatus> {
    const stats = await this.options.queue.stats(this.clock())
    return {
      accepted: stats.totals.accepted,
      queued: stats.queued,
      delivered: stats.totals.delivered,
      dead_lettered: stats.deadLettered,
      unrouted: this.ingestion.unrouted,
      consent_skipped: this.ingestion.consentSkipped,
      duplicates: stats.totals.duplicates,
      oldest_queued_age_seconds: Math.round(stats.oldestQueuedAgeMs / 1000),
      store: this.options.store,
      mode: this.options.mode
    }
  }

  deadLetters(query: { destination?: string; limit: number; before?: string }): Promise<DeadLetter[]> {
    return this.options.queue.deadLetters(query)
  }

  async requeue(selection: RequeueSelection): Promise<number> {
    const count = await this.options.queue.requeue(selection, this.clock())
    this.dispatch.requeued(count)
    return count
  }
}
