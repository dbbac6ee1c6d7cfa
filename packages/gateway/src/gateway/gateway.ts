/**
 * The gateway as one object the server's routes talk to: ingestion (route, store, answer),
 * the configuration and its subscriptions (checked, saved, applied while running), status,
 * dead letters, and the delivery workers it starts and stops.
 */
import { hostname } from 'os'
import { randomUUID } from 'crypto'
import { describeError, FieldError, isEventObject, subscriptionOf } from 'pinterest-conversions-tools'
import type { DeadLetter, NewEvent, Queue, RequeueSelection } from '../queue'
import type { LoadedConfig } from './config'
import {
  checkConfig,
  checkSubscription,
  checkTrigger,
  redactConfig,
  restoreSecrets,
  saveConfig,
  subscriptionsOf
} from './config'
import type { IngestRequest } from './ingest'
import { readCalls } from './ingest'
import type { GatewayLog } from './log'
import type { GatewayMetrics } from './metrics'
import { createMetrics } from './metrics'
import type { Runtime, Surroundings } from './runtime'
import { compileConfig, secretsOf } from './runtime'
import type { GatewayConfig, GatewayStatus, SubscriptionConfig } from './types'
import { DeliveryWorker } from './worker'
import { CONFIG_POLL_MS, configText, parseStored, loadedFromStore } from './shared-config'

/**
 * How often the store is asked for destinations with due events and no worker. Rarely: at a
 * backlog of a million, `due()` scans for a fifth of a second, and what it finds (events of a
 * removed destination) only needs dead-lettering, not speed.
 */
const SWEEP_MS = 60_000

export interface GatewayOptions {
  queue: Queue
  store: GatewayStatus['store']
  mode: GatewayStatus['mode']
  loaded: LoadedConfig
  around: Surroundings
  log: GatewayLog
  flushMs: number
  retryBaseMs: number
  leaseMs?: number
  concurrency?: number
  clock?: () => number
  random?: () => number
}

export interface Accepted {
  stored: number
  duplicates: number
  unrouted: number
}

export class Gateway {
  readonly metrics: GatewayMetrics
  private runtime: Runtime
  private loaded: LoadedConfig
  private readonly workers = new Map<string, DeliveryWorker>()
  private readonly owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
  private readonly clock: () => number
  private draining = false
  private unrouted = 0
  private sweeper?: NodeJS.Timeout
  private poller?: NodeJS.Timeout
  private refreshing?: Promise<void>

  constructor(private readonly options: GatewayOptions) {
    this.clock = options.clock ?? Date.now
    this.loaded = options.loaded
    this.runtime = compileConfig(options.loaded.config, options.around)
    this.metrics = createMetrics(() => (this.draining ? undefined : options.queue), this.clock)
  }

  /** The write key to show a newcomer: the sandbox's fixed one, when it is the only way in. */
  get hasWriteKeys(): boolean {
    return this.runtime.hasWriteKeys
  }

  /** Values no answer or log may hold: the conversion tokens in use. */
  secrets(): string[] {
    return secretsOf(this.runtime)
  }

  start(): void {
    for (const id of this.runtime.destinations.keys()) this.workerOf(id)
    if (!this.sweeper) {
      void this.sweep()
      this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS)
      this.sweeper.unref()
    }
    if (!this.poller && this.loaded.shared) {
      this.poller = setInterval(() => void this.refresh(), CONFIG_POLL_MS)
      this.poller.unref()
    }
  }

  /**
   * Events can wait in the store for a destination the configuration no longer has (removed, then
   * restarted): no worker would ever claim them, so they would stay queued forever. A worker is
   * started for every destination with due events; it dead-letters what it cannot send.
   */
  private async sweep(): Promise<void> {
    if (this.draining) return
    try {
      for (const { destination } of await this.options.queue.due(this.clock())) {
        if (!this.draining) this.workerOf(destination)
      }
    } catch (error) {
      this.options.log.error({ err: (error as Error).message }, 'cannot list due events')
    }
  }

  /** Stops taking events, finishes the deliveries in flight, releases what was claimed and not sent. */
  async stop(): Promise<void> {
    this.draining = true
    if (this.sweeper) clearInterval(this.sweeper)
    if (this.poller) clearInterval(this.poller)
    await this.refreshing
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()))
    await this.options.queue.release(this.owner)
  }

  get ready(): boolean {
    return !this.draining
  }

  // -------------------------------------------------------------------------------------------
  // Ingestion

  /** Reads, routes and stores one tracking-API request; resolves once stored (answer 200), throws a FieldError otherwise. */
  async ingest(request: IngestRequest): Promise<Accepted> {
    if (this.draining) throw new FieldError('The gateway is shutting down; send again.', 'gateway', 503)
    const calls = readCalls(request)
    const runtime = this.runtime
    if (!runtime.hasWriteKeys) {
      throw new FieldError(
        'No write key is configured: set WRITE_KEY, or add sources to the configuration.',
        'writeKey',
        401
      )
    }
    if (calls.writeKey === undefined) {
      throw new FieldError('Give the write key as the HTTP Basic user name (or writeKey in the body).', 'writeKey', 401)
    }
    const source = runtime.sourceOf(calls.writeKey)
    if (!source) throw new FieldError('Unknown write key.', 'writeKey', 401)

    const routed = new Map<string, NewEvent[]>()
    const unroutedTypes: string[] = []
    for (const { event, json } of calls.calls) {
      let taken = false
      for (const destination of runtime.destinations.values()) {
        if (source.destinations && !source.destinations.includes(destination.id)) continue
        for (const subscription of destination.subscriptions.values()) {
          if (!subscription.enabled || !subscription.matches(event)) continue
          taken = true
          const list = routed.get(destination.id) ?? []
          list.push({
            destination: destination.id,
            subscription: subscription.id,
            messageId: event.messageId,
            event: event as unknown as Record<string, unknown>,
            json
          })
          routed.set(destination.id, list)
        }
      }
      if (!taken) unroutedTypes.push(String(event.type))
    }
    // One enqueue per destination, so stored and duplicates are known per destination; all are
    // submitted in this same turn, so the store's group commit writes them in one transaction.
    const destinations = [...routed.keys()]
    let results: Array<{ stored: number; duplicates: number }>
    try {
      results = await Promise.all(destinations.map((id) => this.options.queue.enqueue(routed.get(id) ?? [])))
    } catch (error) {
      const events = [...routed.values()].reduce((sum, list) => sum + list.length, 0)
      this.options.log.error({ err: (error as Error).message, events }, 'store cannot write')
      throw new FieldError('The gateway could not store the events; send again.', 'store', 503)
    }
    // Counted only once stored: a request answered 503 is sent again, and would count twice.
    this.unrouted += unroutedTypes.length
    for (const type of unroutedTypes) this.metrics.unrouted.inc({ type })
    this.metrics.accepted.inc({ source: source.name }, calls.calls.length)
    const total = { stored: 0, duplicates: 0 }
    destinations.forEach((destination, i) => {
      const { stored, duplicates } = results[i]
      total.stored += stored
      total.duplicates += duplicates
      if (stored > 0) this.metrics.stored.inc({ destination }, stored)
      if (duplicates > 0) this.metrics.duplicates.inc({ destination }, duplicates)
      this.workers.get(destination)?.arrivedEvents(stored)
    })
    return { ...total, unrouted: unroutedTypes.length }
  }

  // -------------------------------------------------------------------------------------------
  // Configuration

  config(): { config: unknown; path: string; default: boolean } {
    return { config: redactConfig(this.loaded.config), path: this.loaded.path, default: this.loaded.isDefault }
  }

  /** Replaces the configuration: checked, compiled (secrets read), saved, then used by the next event. */
  async replaceConfig(value: unknown): Promise<ReturnType<Gateway['config']>> {
    await this.save((current) => checkConfig(restoreSecrets(value, current)))
    return this.config()
  }

  subscriptions(destinationId: string): SubscriptionConfig[] {
    return subscriptionsOf(this.destinationConfig(this.loaded.config, destinationId))
  }

  async addSubscription(destinationId: string, value: unknown): Promise<SubscriptionConfig> {
    const subscription = checkSubscription(value, 'subscription')
    await this.saveSubscriptions(destinationId, (current) => {
      if (current.some((s) => s.id === subscription.id)) {
        throw new FieldError(`A subscription with id "${subscription.id}" exists; give another id or name.`, 'id', 409)
      }
      return [...current, subscription]
    })
    return subscription
  }

  async replaceSubscription(destinationId: string, id: string, value: unknown): Promise<SubscriptionConfig> {
    const subscription = checkSubscription({ ...(value as object), id }, 'subscription')
    await this.saveSubscriptions(destinationId, (current) => {
      const index = this.indexOf(current, id)
      return current.map((s, i) => (i === index ? subscription : s))
    })
    return subscription
  }

  /**
   * Events already queued for it are dead-lettered (`subscription_removed`) when their turn comes,
   * never sent unmapped; answers how many that is.
   */
  async removeSubscription(destinationId: string, id: string): Promise<{ queued: number }> {
    await this.saveSubscriptions(destinationId, (current) => {
      const index = this.indexOf(current, id)
      return current.filter((_, i) => i !== index)
    })
    return { queued: await this.options.queue.queuedFor(destinationId, id) }
  }

  /** Checks a trigger as it is typed, and which of the given events it takes. */
  checkTrigger(trigger: unknown, events: unknown): { ok: true; matches: number[] } {
    const checked = checkTrigger(trigger, 'trigger')
    const matches = subscriptionOf(checked)
    const list = Array.isArray(events) ? events : []
    return { ok: true, matches: list.flatMap((event, i) => (isEventObject(event) && matches(event) ? [i] : [])) }
  }

  private destinationConfig(config: GatewayConfig, id: string) {
    const found = config.destinations.find((d) => d.id === id)
    if (!found) throw new FieldError(`No destination "${id}" in the configuration.`, 'destination', 404)
    return found
  }

  private indexOf(subscriptions: SubscriptionConfig[], id: string): number {
    const index = subscriptions.findIndex((s) => s.id === id)
    if (index < 0) throw new FieldError(`No subscription "${id}".`, 'id', 404)
    return index
  }

  private saveSubscriptions(
    destinationId: string,
    change: (current: SubscriptionConfig[]) => SubscriptionConfig[]
  ): Promise<void> {
    return this.save((config) => {
      const subscriptions = change(subscriptionsOf(this.destinationConfig(config, destinationId)))
      return checkConfig({
        ...config,
        destinations: config.destinations.map((d) => (d.id === destinationId ? { ...d, subscriptions } : d))
      })
    })
  }

  /**
   * Applies `change` to the configuration in use and saves the result: to the file, or to the
   * shared store over the version this instance holds (after catching up with it, so a save
   * never undoes another instance's). Compiled first: a secret that cannot be read refuses the save.
   */
  private async save(change: (current: GatewayConfig) => GatewayConfig): Promise<void> {
    const store = this.options.queue.configStore
    if (!store || !this.loaded.shared) {
      const config = change(this.loaded.config)
      const runtime = compileConfig(config, this.options.around)
      saveConfig(this.loaded.path, config)
      return this.use({ ...this.loaded, config, isDefault: false }, runtime)
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.refresh()
      const { version, seed } = this.loaded.shared
      const config = change(this.loaded.config)
      const runtime = compileConfig(config, this.options.around)
      const saved = await store.write(configText(config), seed, version).catch((error: Error) => {
        this.options.log.error({ err: error.message }, 'cannot save the shared configuration')
        throw new FieldError('The configuration could not be saved: the database did not answer.', 'store', 503)
      })
      if (saved !== undefined) return this.use(loadedFromStore(config, saved, seed), runtime)
    }
    throw new FieldError('Other instances kept saving the configuration meanwhile; save again.', 'config', 409)
  }

  /**
   * Catches up with a configuration another instance saved (every CONFIG_POLL_MS, and before a
   * worker gives up on a subscription it does not know). One that this instance cannot use (a
   * secret's variable missing here) is logged and skipped: the one in use stays.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.pull().finally(() => (this.refreshing = undefined))
    return this.refreshing
  }

  private async pull(): Promise<void> {
    const store = this.options.queue.configStore
    const held = this.loaded.shared
    if (!store || !held) return
    try {
      if ((await store.version()) <= held.version) return
      const stored = await store.read()
      if (!stored || stored.version <= held.version) return
      const config = parseStored(stored.text)
      this.use(loadedFromStore(config, stored.version, stored.seed), compileConfig(config, this.options.around))
      this.options.log.info({ version: stored.version }, 'configuration changed on another instance')
    } catch (error) {
      this.options.log.error({ err: describeError(error).message }, 'cannot use the shared configuration')
    }
  }

  private use(loaded: LoadedConfig, runtime: Runtime): void {
    this.loaded = loaded
    this.runtime = runtime
    this.options.log.info(
      { path: loaded.path, destinations: loaded.config.destinations.length, version: loaded.shared?.version },
      'configuration in use'
    )
    if (!this.draining) this.start()
  }

  // -------------------------------------------------------------------------------------------
  // Status and dead letters

  async status(): Promise<GatewayStatus> {
    const stats = await this.options.queue.stats(this.clock())
    return {
      accepted: stats.totals.accepted,
      queued: stats.queued,
      delivered: stats.totals.delivered,
      dead_lettered: stats.deadLettered,
      unrouted: this.unrouted,
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
    for (const worker of this.workers.values()) worker.arrivedEvents(count)
    return count
  }

  private workerOf(id: string): DeliveryWorker {
    let worker = this.workers.get(id)
    if (!worker) {
      worker = new DeliveryWorker({
        destinationId: id,
        queue: this.options.queue,
        destination: () => this.runtime.destinations.get(id),
        refresh: () => this.refresh(),
        owner: this.owner,
        flushMs: this.options.flushMs,
        retryBaseMs: this.options.retryBaseMs,
        leaseMs: this.options.leaseMs ?? 120_000,
        concurrency: this.options.concurrency ?? 2,
        clock: this.clock,
        random: this.options.random ?? Math.random,
        metrics: this.metrics,
        log: this.options.log
      })
      this.workers.set(id, worker)
      worker.start()
    }
    return worker
  }
}
