/**
 * The last calls the tracking API took, kept in memory for the page's editor to preview a
 * subscription on real events. They hold personal data as it arrived, so they are kept only as
 * long as that use needs: at most RECENT_CALLS_MAX calls, none older than RECENT_CALLS_MAX_AGE_MS
 * (dropped when that age is reached, not when next asked), never written to disk, gone on restart.
 */
import type { SegmentEvent } from '@segment/actions-core'

export const RECENT_CALLS_MAX = 100
export const RECENT_CALLS_MAX_AGE_MS = 60 * 60 * 1000

export interface RecentCall {
  /** Unix ms at receipt. */
  receivedAt: number
  event: SegmentEvent
}

export interface RecentCallsOptions {
  max?: number
  maxAgeMs?: number
  clock?: () => number
}

export class RecentCalls {
  /** Oldest first: a call is appended when taken and dropped from the front when too many or too old. */
  private readonly calls: RecentCall[] = []
  private readonly max: number
  private readonly maxAgeMs: number
  private readonly clock: () => number
  private expiry?: NodeJS.Timeout

  constructor(options: RecentCallsOptions = {}) {
    this.max = options.max ?? RECENT_CALLS_MAX
    this.maxAgeMs = options.maxAgeMs ?? RECENT_CALLS_MAX_AGE_MS
    this.clock = options.clock ?? Date.now
  }

  /** Keeps the calls of one request the gateway stored (answered 200). */
  record(events: readonly SegmentEvent[], receivedAt: number): void {
    for (const event of events) this.calls.push({ receivedAt, event })
    if (this.calls.length > this.max) this.calls.splice(0, this.calls.length - this.max)
    this.expire()
  }

  /** The calls `takes` accepts, newest first, at most `limit`. */
  newest(takes: (event: SegmentEvent) => boolean, limit: number): RecentCall[] {
    this.expire()
    const found: RecentCall[] = []
    for (let i = this.calls.length - 1; i >= 0 && found.length < limit; i--) {
      if (takes(this.calls[i].event)) found.push(this.calls[i])
    }
    return found
  }

  /** Forgets every call and the timer that would have dropped them. */
  clear(): void {
    this.calls.length = 0
    clearTimeout(this.expiry)
    this.expiry = undefined
  }

  /** Drops the calls past their age, and sets a timer for the next one to reach it. */
  private expire(): void {
    const now = this.clock()
    const kept = this.calls.findIndex((call) => now - call.receivedAt < this.maxAgeMs)
    this.calls.splice(0, kept === -1 ? this.calls.length : kept)
    clearTimeout(this.expiry)
    this.expiry = undefined
    if (this.calls.length === 0) return
    const due = this.calls[0].receivedAt + this.maxAgeMs - now
    this.expiry = setTimeout(() => this.expire(), due)
    // Waiting to forget a call never keeps the process alive.
    this.expiry.unref()
  }
}
