/**
 * The slots of requests to Pinterest, per ad account: each request takes the next one, and the
 * slots of an account are at least the interval its caller asks apart. Shared by every instance
 * on the same store (PostgreSQL), kept in the process otherwise (one instance, SQLite): either
 * way, no two requests to an account are closer than the pace allows, however many send.
 */
export interface RequestBudget {
  /**
   * Takes the next `count` slots of `account`, `intervalMs` apart, none before the account's
   * last slot given out or the end of a hold; answers how long from now until the last of them
   * (ms, 0 when it is due already).
   */
  reserve(account: string, count: number, intervalMs: number): Promise<number>
  /** Gives out no slot of `account` in the next `ms` (Pinterest asked for that with Retry-After). */
  hold(account: string, ms: number): Promise<void>
  /** How long from now until `account`'s next free slot (ms, 0 when it is free now). */
  waitOf(account: string): Promise<number>
}

/** The budget of one instance, in its memory: the process is the only one sending. */
export class MemoryBudget implements RequestBudget {
  private readonly nextAt = new Map<string, number>()

  constructor(private readonly clock: () => number = Date.now) {}

  async reserve(account: string, count: number, intervalMs: number): Promise<number> {
    const now = this.clock()
    const start = Math.max(this.nextAt.get(account) ?? now, now)
    this.nextAt.set(account, start + count * intervalMs)
    return start + (count - 1) * intervalMs - now
  }

  async hold(account: string, ms: number): Promise<void> {
    const now = this.clock()
    this.nextAt.set(account, Math.max(this.nextAt.get(account) ?? now, now + ms))
  }

  async waitOf(account: string): Promise<number> {
    return Math.max(0, (this.nextAt.get(account) ?? 0) - this.clock())
  }
}
