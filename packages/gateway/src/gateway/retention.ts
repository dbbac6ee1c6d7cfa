/**
 * Dead letters hold raw events (emails, phones, addresses): they are kept DEAD_LETTER_RETENTION
 * (7 days by default, Pinterest's own window, past which none could be sent again) and then
 * deleted, a batch per transaction so the store is never held long, every minute.
 */
import { describeError } from 'pinterest-conversions-tools'
import type { Queue } from '../queue'
import type { GatewayLog } from './log'

/** How often expired dead letters are looked for: a minute late is no matter at a retention of days. */
export const RETENTION_SWEEP_MS = 60_000
const PURGE_BATCH = 1000

export interface RetentionOptions {
  queue: Queue
  retentionMs: number
  clock: () => number
  log: GatewayLog
}

export class DeadLetterRetention {
  private timer?: NodeJS.Timeout
  private sweeping?: Promise<void>

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    if (this.timer) return
    this.sweep()
    this.timer = setInterval(() => this.sweep(), RETENTION_SWEEP_MS)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.sweeping
  }

  private sweep(): void {
    this.sweeping ??= this.purgeExpired().finally(() => (this.sweeping = undefined))
  }

  private async purgeExpired(): Promise<void> {
    const { queue, retentionMs, clock, log } = this.options
    let total = 0
    try {
      for (;;) {
        const purged = await queue.purgeDeadLetters({ deadBefore: clock() - retentionMs, limit: PURGE_BATCH })
        total += purged
        if (purged < PURGE_BATCH || !this.timer) break
        // The event loop (and the gateway's requests) gets a turn between batches.
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      // The store is failing: ingestion reports it; expired letters go at the next sweep.
      log.error({ err: describeError(error).message }, 'cannot delete expired dead letters')
    }
    if (total > 0) log.info({ purged: total, retention_ms: retentionMs }, 'expired dead letters deleted')
  }
}
