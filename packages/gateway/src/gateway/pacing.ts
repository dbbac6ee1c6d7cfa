/**
 * The pace of requests to Pinterest, per ad account. Pinterest documents 5,000 calls a minute
 * per ad account on the events endpoint: the requests to one account are spaced evenly, a minute
 * divided by the pace apart (12 ms at 5,000), so that no minute, wherever it starts, holds more
 * than the pace. The slots come from a budget every instance on the store shares (PostgreSQL),
 * or this process's own (SQLite: one instance).
 *
 * A 429 halves the pace of the account (down to a floor), which then climbs back linearly; its
 * Retry-After holds the account's slots, on every instance, for as long as Pinterest asked.
 * Test and live requests of an account share its pace: Pinterest counts them alike.
 */
import type { JSONObject } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import { MAX_EVENTS_PER_REQUEST } from 'pinterest-conversions'
import type { MultiStatusEntry } from 'pinterest-conversions-tools'
import { describeError, failureBodyOf } from 'pinterest-conversions-tools'
import { Counter, Gauge } from 'prom-client'
import type { Registry } from 'prom-client'
import type { RequestBudget } from '../queue'
import { MemoryBudget } from '../queue'
import type { GatewayLog } from './log'

/** Pinterest's documented limit of the events endpoint, per ad account (PINTEREST_REQUESTS_PER_MINUTE). */
export const PINTEREST_REQUESTS_PER_MINUTE = 5000
const MINUTE_MS = 60_000
/** A 429 halves the pace, down to this share of the limit at the lowest. */
const FLOOR_SHARE = 1 / 64
/** A lowered pace climbs back by the whole limit in this long: a halving is made up in five minutes. */
const RECOVERY_MS = 10 * MINUTE_MS
/** The 429s of requests sent together lower the pace once. */
const LOWER_AT_MOST_EVERY_MS = 1000

export interface PacingOptions {
  /** Shared by the instances on a PostgreSQL store; this process's own otherwise. */
  budget?: RequestBudget
  /** The most requests a minute to one ad account. */
  perMinute: number
  /**
   * The longest a claimed batch may wait for its slot: delivery claims nothing for an account
   * whose next slot is further off, so a lease never runs out while its events wait.
   */
  claimMarginMs: number
  registry: Registry
  log: GatewayLog
  clock?: () => number
}

/** The pace an account was lowered to, and when. */
interface Lowered {
  perMinute: number
  at: number
}

export class Pacing {
  private readonly budget: RequestBudget
  /** Used while the shared budget does not answer: this instance then paces itself alone. */
  private readonly local: MemoryBudget
  private readonly clock: () => number
  private readonly lowered = new Map<string, Lowered>()
  /** Every account asked for, so the pace gauge names each. */
  private readonly accounts = new Set<string>()
  private readonly sleepers = new Set<() => void>()
  private stopped = false
  private readonly granted: Counter<'ad_account'>
  private readonly waited: Counter<'ad_account'>
  private readonly waitSeconds: Counter<'ad_account'>
  private readonly rateLimited: Counter<'ad_account'>

  constructor(private readonly options: PacingOptions) {
    this.clock = options.clock ?? Date.now
    this.local = new MemoryBudget(this.clock)
    this.budget = options.budget ?? this.local
    const registers = [options.registry]
    const counter = (name: string, help: string) =>
      new Counter<'ad_account'>({ name, help, labelNames: ['ad_account'], registers })
    this.granted = counter('gateway_pinterest_requests_granted_total', 'Requests to Pinterest let go, by ad account')
    this.waited = counter(
      'gateway_pinterest_requests_waited_total',
      'Of those, requests that waited for their slot (the pace was reached), by ad account'
    )
    this.waitSeconds = counter(
      'gateway_pinterest_request_wait_seconds_total',
      'Time requests waited for their slot, by ad account'
    )
    this.rateLimited = counter(
      'gateway_pinterest_rate_limited_total',
      "Pinterest's 429 answers, by ad account (each lowers the account's pace)"
    )
    const { accounts } = this
    const paceOf = (account: string) => this.paceOf(account)
    new Gauge({
      name: 'gateway_pinterest_pace_per_minute',
      help: 'Requests a minute this instance lets go to the ad account now: the limit, or less after a 429',
      labelNames: ['ad_account'],
      registers,
      collect() {
        for (const account of accounts) this.set({ ad_account: account }, paceOf(account))
      }
    })
  }

  /** Waits for the slots of a subscription's share of a claim: its requests may go when this resolves. */
  async permit(settings: Settings, mapping: JSONObject, events: number): Promise<void> {
    const account = accountOf(settings)
    const requests = requestsFor(mapping, events)
    const wait = await this.shared(
      (budget) => budget.reserve(account, requests, MINUTE_MS / this.paceOf(account)),
      'cannot reserve request slots'
    )
    this.granted.inc({ ad_account: account }, requests)
    if (wait <= 0) return
    this.waited.inc({ ad_account: account }, requests)
    this.waitSeconds.inc({ ad_account: account }, wait / 1000)
    await new Promise((resolve) => setTimeout(resolve, wait))
  }

  /** Resolves when the account's next slot is near enough to claim events for it (or at stop). */
  async ready(settings: Settings | undefined): Promise<void> {
    if (!settings) return
    const account = accountOf(settings)
    while (!this.stopped) {
      const wait = await this.shared((budget) => budget.waitOf(account), 'cannot read the request budget')
      if (wait <= this.options.claimMarginMs) return
      await this.sleep(wait - this.options.claimMarginMs)
    }
  }

  /** Told each share's outcomes: a 429 lowers the account's pace and holds it for Pinterest's Retry-After. */
  async observe(settings: Settings, entries: readonly (MultiStatusEntry | undefined)[]): Promise<void> {
    const limited = entries.filter((entry) => entry?.status === 429)
    if (limited.length === 0) return
    const account = accountOf(settings)
    this.rateLimited.inc({ ad_account: account })
    const now = this.clock()
    const last = this.lowered.get(account)
    if (!last || now - last.at >= LOWER_AT_MOST_EVERY_MS) {
      const floor = Math.max(1, this.options.perMinute * FLOOR_SHARE)
      this.lowered.set(account, { perMinute: Math.max(floor, this.paceOf(account) / 2), at: now })
    }
    const retryAfter = Math.max(0, ...limited.map((entry) => failureBodyOf(entry?.body)?.retry_after_seconds ?? 0))
    this.options.log.warn(
      { ad_account: account, pace_per_minute: Math.round(this.paceOf(account)), retry_after_seconds: retryAfter },
      'Pinterest rate limit: pace lowered'
    )
    if (retryAfter > 0) {
      await this.shared((budget) => budget.hold(account, retryAfter * 1000), 'cannot hold the request budget')
    }
  }

  /** Requests a minute the account may have now: the limit, or a lowered pace on its way back up. */
  paceOf(account: string): number {
    this.accounts.add(account)
    const limit = this.options.perMinute
    const last = this.lowered.get(account)
    if (!last) return limit
    const pace = last.perMinute + (limit * (this.clock() - last.at)) / RECOVERY_MS
    if (pace < limit) return pace
    this.lowered.delete(account)
    return limit
  }

  /** Ends the waits for a claim: a stopping gateway claims nothing more. */
  stop(): void {
    this.stopped = true
    for (const wake of this.sleepers) wake()
  }

  /** The shared budget; this process's own while the store does not answer, so delivery goes on, paced. */
  private async shared<T>(use: (budget: RequestBudget) => Promise<T>, problem: string): Promise<T> {
    try {
      return await use(this.budget)
    } catch (error) {
      this.options.log.error({ err: describeError(error).message }, problem)
      return use(this.local)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.sleepers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.sleepers.add(wake)
    })
  }
}

/** The ad account a destination's requests go to: the key of its pace. Not a secret, and bounded by the configuration. */
function accountOf(settings: Settings): string {
  return String(settings.ad_account_id).trim()
}

/** How many requests the destination makes of `events` events: its batch_size a request (1000 unless the mapping says less). */
function requestsFor(mapping: JSONObject, events: number): number {
  const size = mapping.batch_size
  const perRequest =
    typeof size === 'number' && size >= 1 && size <= MAX_EVENTS_PER_REQUEST ? Math.floor(size) : MAX_EVENTS_PER_REQUEST
  return Math.max(1, Math.ceil(events / perRequest))
}
