/**
 * What the gateway predicts Pinterest's Event Quality Score to be: the quality components of
 * every event it delivered (Pinterest answered 2xx, not in test mode, where Pinterest records
 * nothing), counted per ad account and hour (tools' health/eqs.ts) and kept in the store's
 * records for 14 days, so that every instance adds to the same counts and a restart loses
 * nothing but the last seconds. Counts only: no event, no value.
 */
import type { PinterestEvent, Settings } from 'pinterest-conversions'
import type { EqsCounts, EqsPrediction, MultiStatusEntry } from 'pinterest-conversions-tools'
import { addToEqsCounts, eqsPrediction, mergeEqsCounts, sentEventOf } from 'pinterest-conversions-tools'
import type { GatewayLog } from '../gateway/log'
import type { RecordStore } from '../queue'
import type { LookbackPeriod } from './pinterest-api'

const PREFIX = 'quality:'
const HOUR_MS = 60 * 60 * 1000
const WINDOW_HOURS: Record<LookbackPeriod, number> = { '1d': 24, '14d': 14 * 24 }
/** Counts wait this long in memory before they are added to the store's. */
export const FLUSH_MS = 5_000
const WRITE_ATTEMPTS = 5

export interface PredictionOptions {
  records: RecordStore
  clock: () => number
  log: GatewayLog
}

export class QualityPrediction {
  private pending = new Map<string, EqsCounts>()
  private timer?: NodeJS.Timeout
  private flushing?: Promise<void>

  constructor(private readonly options: PredictionOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), FLUSH_MS)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await this.flush()
  }

  /** One delivered batch: the events Pinterest took count for the settings' ad account. */
  observe(settings: Settings, entries: readonly (MultiStatusEntry | undefined)[]): void {
    if (settings.test_mode) return
    const hour = Math.floor(this.options.clock() / HOUR_MS)
    for (const entry of entries) {
      if (!entry || entry.status < 200 || entry.status >= 300) continue
      const event: PinterestEvent | undefined = sentEventOf(entry)
      if (!event) continue
      const key = `${PREFIX}${settings.ad_account_id}:${hour}`
      const counts = this.pending.get(key) ?? {}
      this.pending.set(key, counts)
      addToEqsCounts(counts, event)
    }
  }

  /** The prediction for an ad account over the window before now, one entry per source platform. */
  async predict(adAccountId: string, lookback: LookbackPeriod): Promise<EqsPrediction[]> {
    await this.flush()
    const nowHour = Math.floor(this.options.clock() / HOUR_MS)
    const total: EqsCounts = {}
    for (const record of await this.options.records.list(`${PREFIX}${adAccountId}:`)) {
      const hour = Number(record.key.slice(record.key.lastIndexOf(':') + 1))
      if (hour <= nowHour - WINDOW_HOURS['14d']) await this.options.records.remove(record.key)
      else if (hour > nowHour - WINDOW_HOURS[lookback]) mergeEqsCounts(total, JSON.parse(record.text) as EqsCounts)
    }
    return eqsPrediction(total, lookback)
  }

  private flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined))
    return this.flushing
  }

  private async write(): Promise<void> {
    const pending = this.pending
    this.pending = new Map()
    for (const [key, counts] of pending) {
      try {
        await this.add(key, counts)
      } catch (error) {
        // Kept for the next round: the store did not answer.
        this.pending.set(key, mergeEqsCounts(this.pending.get(key) ?? {}, counts))
        this.options.log.error({ err: (error as Error).message }, 'cannot save the quality prediction counts')
      }
    }
  }

  /** Adds to the stored counts over the version read; another instance's write meanwhile means reading again. */
  private async add(key: string, counts: EqsCounts): Promise<void> {
    const { records } = this.options
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const stored = await records.read(key)
      const merged = mergeEqsCounts(stored ? (JSON.parse(stored.text) as EqsCounts) : {}, counts)
      if ((await records.write(key, JSON.stringify(merged), stored?.version ?? 0)) !== undefined) return
    }
    throw new Error(`other instances kept writing ${key}`)
  }
}
