import type { Pool } from 'pg'
import type { RequestBudget } from './request-budget'

/**
 * A row per ad account: when its next request may go. Times are the database's clock (unix ms),
 * not the instances': two instances whose clocks differ still space their requests, since each
 * is told how long to wait rather than when.
 */
export const BUDGET_SCHEMA = `
CREATE TABLE IF NOT EXISTS gateway_request_budget (
  ad_account text PRIMARY KEY,
  next_at double precision NOT NULL
);
`

const NOW = '(extract(epoch FROM statement_timestamp()) * 1000)::float8'

// One statement, so the row lock makes concurrent reservations take consecutive slots.
const RESERVE = `
INSERT INTO gateway_request_budget AS b (ad_account, next_at) VALUES ($1, ${NOW} + $2)
ON CONFLICT (ad_account) DO UPDATE SET next_at = GREATEST(b.next_at, ${NOW}) + $2
RETURNING b.next_at - $3 - ${NOW} AS wait`

const HOLD = `
INSERT INTO gateway_request_budget AS b (ad_account, next_at) VALUES ($1, ${NOW} + $2)
ON CONFLICT (ad_account) DO UPDATE SET next_at = GREATEST(b.next_at, EXCLUDED.next_at)`

const WAIT = `SELECT GREATEST(next_at - ${NOW}, 0) AS wait FROM gateway_request_budget WHERE ad_account = $1`

/** The budget every instance on the database shares (table gateway_request_budget). */
export class PostgresBudget implements RequestBudget {
  constructor(private readonly pool: Pool) {}

  async reserve(account: string, count: number, intervalMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ wait: number }>(RESERVE, [account, count * intervalMs, intervalMs])
    return Math.max(0, rows[0].wait)
  }

  async hold(account: string, ms: number): Promise<void> {
    await this.pool.query(HOLD, [account, ms])
  }

  async waitOf(account: string): Promise<number> {
    const { rows } = await this.pool.query<{ wait: number }>(WAIT, [account])
    return rows[0]?.wait ?? 0
  }
}
