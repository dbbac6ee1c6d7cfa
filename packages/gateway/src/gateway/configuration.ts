/**
 * The configuration in force: the one loaded (a file, or the store several instances share),
 * compiled for use, changed by the admin routes (checked, compiled, saved, then used by the next
 * event) and, when shared, caught up with the saves of other instances.
 */
import { describeError, FieldError, isEventObject, subscriptionOf } from 'pinterest-conversions-tools'
import type { Queue } from '../queue'
import type { CompiledConfig, Surroundings } from './compiled-config'
import { compileConfig, secretsOf } from './compiled-config'
import type { LoadedConfig } from './config'
import { checkConfig, checkSubscription, redactConfig, restoreSecrets, saveConfig, subscriptionsOf } from './config'
import type { GatewayLog } from './log'
import { checkTrigger, triggerProblem } from './trigger'
import { CONFIG_POLL_MS, configText, loadedFromStore, parseStored } from './shared-config'
import type { GatewayConfig, SubscriptionConfig } from './types'

export interface ConfigurationOptions {
  queue: Queue
  loaded: LoadedConfig
  around: Surroundings
  log: GatewayLog
}

/** What `GET /gateway/config` answers. */
export interface ConfigView {
  config: unknown
  path: string
  default: boolean
}

export class Configuration {
  private loaded: LoadedConfig
  private current: CompiledConfig
  private poller?: NodeJS.Timeout
  private refreshing?: Promise<void>
  private readonly listeners: Array<(compiled: CompiledConfig) => void> = []

  constructor(private readonly options: ConfigurationOptions) {
    this.loaded = options.loaded
    this.current = compileConfig(options.loaded.config, options.around)
  }

  /** The configuration compiled for routing and delivery; replaced whole on every change. */
  get compiled(): CompiledConfig {
    return this.current
  }

  /** Values no answer or log may hold: the conversion tokens in use. */
  secrets(): string[] {
    return secretsOf(this.current)
  }

  /**
   * The configuration in force now, to route an event just received. With a shared store the
   * store's version is asked first (one question serves every request that arrived before it
   * was asked), so an instance never routes with a configuration another one has replaced: an
   * event answered 200 is never dropped as unrouted in the seconds before the next poll.
   */
  async inForce(): Promise<CompiledConfig> {
    if (this.loaded.shared && this.options.queue.configStore) await this.checkVersion()
    return this.current
  }

  private versionCheck?: Promise<void>
  private nextCheck?: Promise<void>

  /** A version check started after this call: the one in flight began too early to count for it. */
  private checkVersion(): Promise<void> {
    if (!this.versionCheck) {
      this.versionCheck = this.pullIfNewer().finally(() => (this.versionCheck = undefined))
      return this.versionCheck
    }
    this.nextCheck ??= this.versionCheck
      .catch(() => undefined)
      .then(() => {
        this.nextCheck = undefined
        return this.checkVersion()
      })
    return this.nextCheck
  }

  private async pullIfNewer(): Promise<void> {
    const store = this.options.queue.configStore
    const held = this.loaded.shared
    if (!store || !held) return
    if ((await store.version()) > held.version) await this.refresh()
  }

  /** Told of every configuration put in force after this one. */
  onChange(listener: (compiled: CompiledConfig) => void): void {
    this.listeners.push(listener)
  }

  /** With a shared store: asks it for other instances' saves every CONFIG_POLL_MS. */
  startPolling(): void {
    if (this.poller || !this.loaded.shared) return
    this.poller = setInterval(() => void this.refresh(), CONFIG_POLL_MS)
    this.poller.unref()
  }

  async stopPolling(): Promise<void> {
    if (this.poller) clearInterval(this.poller)
    this.poller = undefined
    await this.refreshing
  }

  view(): ConfigView {
    return { config: redactConfig(this.loaded.config), path: this.loaded.path, default: this.loaded.isDefault }
  }

  /** Replaces the configuration: checked, compiled (secrets read), saved, then used by the next event. */
  async replace(value: unknown): Promise<ConfigView> {
    await this.save((current) => checkConfig(restoreSecrets(value, current)))
    return this.view()
  }

  subscriptions(destinationId: string): SubscriptionConfig[] {
    return subscriptionsOf(destinationIn(this.loaded.config, destinationId))
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
      const index = indexOf(current, id)
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
      const index = indexOf(current, id)
      return current.filter((_, i) => i !== index)
    })
    return { queued: await this.options.queue.queuedFor(destinationId, id) }
  }

  /** Compiles the configuration in use again: what surrounds it changed (the Pinterest connection's settings). */
  recompile(): void {
    try {
      this.use(this.loaded, compileConfig(this.loaded.config, this.options.around))
    } catch (error) {
      this.options.log.error({ err: describeError(error).message }, 'cannot compile the configuration again')
    }
  }

  /** Checks a trigger as it is typed, and which of the given events it takes. */
  checkTrigger(trigger: unknown, events: unknown): { ok: true; matches: number[] } {
    // Said once, for the page to show next to the box as it is.
    const problem = typeof trigger === 'string' ? triggerProblem(trigger) : undefined
    if (problem) throw new FieldError(`Not a valid trigger: ${problem}.`, 'trigger')
    const matches = subscriptionOf(checkTrigger(trigger, 'trigger'))
    const list = Array.isArray(events) ? events : []
    return { ok: true, matches: list.flatMap((event, i) => (isEventObject(event) && matches(event) ? [i] : [])) }
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

  private saveSubscriptions(
    destinationId: string,
    change: (current: SubscriptionConfig[]) => SubscriptionConfig[]
  ): Promise<void> {
    return this.save((config) => {
      const subscriptions = change(subscriptionsOf(destinationIn(config, destinationId)))
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
      const compiled = compileConfig(config, this.options.around)
      saveConfig(this.loaded.path, config)
      return this.use({ ...this.loaded, config, isDefault: false }, compiled)
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.refresh()
      const { version, seed } = this.loaded.shared
      const config = change(this.loaded.config)
      const compiled = compileConfig(config, this.options.around)
      const saved = await store.write(configText(config), seed, version).catch((error: Error) => {
        this.options.log.error({ err: error.message }, 'cannot save the shared configuration')
        throw new FieldError('The configuration could not be saved: the database did not answer.', 'store', 503)
      })
      if (saved !== undefined) return this.use(loadedFromStore(config, saved, seed), compiled)
    }
    throw new FieldError('Other instances kept saving the configuration meanwhile; save again.', 'config', 409)
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

  private use(loaded: LoadedConfig, compiled: CompiledConfig): void {
    this.loaded = loaded
    this.current = compiled
    this.options.log.info(
      { path: loaded.path, destinations: loaded.config.destinations.length, version: loaded.shared?.version },
      'configuration in use'
    )
    for (const listener of this.listeners) listener(compiled)
  }
}

function destinationIn(config: GatewayConfig, id: string) {
  const found = config.destinations.find((d) => d.id === id)
  if (!found) throw new FieldError(`No destination "${id}" in the configuration.`, 'destination', 404)
  return found
}

function indexOf(subscriptions: SubscriptionConfig[], id: string): number {
  const index = subscriptions.findIndex((s) => s.id === id)
  if (index < 0) throw new FieldError(`No subscription "${id}".`, 'id', 404)
  return index
}
