/**
 * The event log on PostgreSQL: tables beside the queue's in the database every instance shares,
 * so any instance tells the story of an event another one took or delivered. A pool of its own
 * (two connections): writing the log never takes a connection the queue is waiting for.
 */
import { Pool } from 'pg'
import type { DeliverySummary, EventLog, EventLogSettings, EventLogTotals, Frequency, StoryRecord } from './event-log'
import { activityOf, countsOf, detailsOf, PRUNE_BATCH, PRUNE_INTERVAL_MS, recordOf, SUMMARY_STATES } from './event-log'

/** Serializes the instances' schema creation (any constant they agree on). */
const SCHEMA_LOCK = 0x6576_6c67 // 'evlg'
/** Rows of the totals: each transaction adds to one picked at random, so instances do not queue on one row. */
const SHARDS = 16

const SCHEMA = `
CREATE TABLE IF NOT EXISTS event_log (
  id bigserial PRIMARY KEY,
  message_id text NOT NULL,
  destination text NOT NULL,
  subscription text NOT NULL,
  state text NOT NULL,
  at bigint NOT NULL,
  received_at bigint NOT NULL,
  attempts integer NOT NULL,
  status integer,
  details text
);
CREATE INDEX IF NOT EXISTS event_log_message ON event_log (message_id);
-- The delivery summary reads the last hour and day.
CREATE INDEX IF NOT EXISTS event_log_at ON event_log (at);
CREATE TABLE IF NOT EXISTS event_log_totals (
  shard smallint PRIMARY KEY,
  unrouted bigint NOT NULL DEFAULT 0,
  warned bigint NOT NULL DEFAULT 0,
  consent_skipped bigint NOT NULL DEFAULT 0
);
INSERT INTO event_log_totals (shard) SELECT generate_series(0, ${SHARDS - 1}) ON CONFLICT DO NOTHING;
`

const INSERT = `
INSERT INTO event_log (message_id, destination, subscription, state, at, received_at, attempts, status, details)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::integer[],
  $8::integer[], $9::text[])`

// Ids follow time (one sequence): among the oldest rows, those past retention or over the limit.
const PRUNE = `
DELETE FROM event_log WHERE id IN (SELECT id FROM event_log ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
  AND (at < $1 OR id <= (SELECT max(id) FROM event_log) - $2)`

const ACTIVITY = `
SELECT destination, subscription, state, count(*) AS n,
  count(*) FILTER (WHERE state = 'delivered' AND (details::jsonb -> 'warnings') IS NOT NULL) AS warned
FROM event_log WHERE at >= $1 AND state IN ${SUMMARY_STATES}
GROUP BY destination, subscription, state`

const LEFT_OUT = `
SELECT destination, w ->> 'field' AS name, count(*) AS count
FROM event_log, jsonb_array_elements(details::jsonb -> 'warnings') w
WHERE at >= $1 AND state IN ('delivered', 'dead_lettered') AND details IS NOT NULL
GROUP BY destination, name ORDER BY count DESC, name LIMIT $2`

const REFUSALS = `
SELECT destination, details::jsonb -> 'refusal' ->> 'reason' AS name, count(*) AS count
FROM event_log WHERE at >= $1 AND state = 'dead_lettered' AND details IS NOT NULL
  AND details::jsonb -> 'refusal' ->> 'reason' IS NOT NULL
GROUP BY destination, name ORDER BY count DESC, name LIMIT $2`

export async function openPostgresEventLog(connectionString: string, settings: EventLogSettings): Promise<EventLog> {
  const pool = new Pool({ connectionString, max: 2, connectionTimeoutMillis: 10_000 })
  pool.on('error', () => undefined)
  const client = await pool.connect().catch(async (error) => {
    await pool.end()
    throw error
  })
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK])
    await client.query(SCHEMA)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    client.release()
    await pool.end()
    throw error
  }
  client.release()
  return new PostgresEventLog(pool, settings)
}

class PostgresEventLog implements EventLog {
  private readonly pruner: NodeJS.Timeout
  private pruning?: Promise<void>
  private closed = false

  constructor(private readonly pool: Pool, private readonly settings: EventLogSettings) {
    this.pruner = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS)
    this.pruner.unref()
  }

  async record(records: readonly StoryRecord[]): Promise<void> {
    if (records.length === 0 || this.closed) return
    const { unrouted, warned, consentSkipped } = countsOf(records)
    const column = <T>(read: (r: StoryRecord) => T) => records.map(read)
    const values = [
      column((r) => r.messageId),
      column((r) => r.destination),
      column((r) => r.subscription),
      column((r) => r.state),
      column((r) => r.at),
      column((r) => r.receivedAt),
      column((r) => r.attempts),
      column((r) => r.status ?? null),
      column(detailsOf)
    ]
    if (unrouted === 0 && warned === 0 && consentSkipped === 0) {
      await this.pool.query(INSERT, values)
      return
    }
    const shard = Math.floor(Math.random() * SHARDS)
    await this.pool.query(
      `WITH added AS (${INSERT} RETURNING 1)
       UPDATE event_log_totals SET unrouted = unrouted + $10, warned = warned + $11,
         consent_skipped = consent_skipped + $12 WHERE shard = $13`,
      [...values, unrouted, warned, consentSkipped, shard]
    )
  }

  async story(messageId: string): Promise<StoryRecord[]> {
    const { rows } = await this.pool.query('SELECT * FROM event_log WHERE message_id = $1 ORDER BY id', [messageId])
    return rows.map(recordOf)
  }

  async totals(): Promise<EventLogTotals> {
    const { rows } = await this.pool.query<{ unrouted: string; warned: string; consent_skipped: string }>(
      'SELECT sum(unrouted) AS unrouted, sum(warned) AS warned, sum(consent_skipped) AS consent_skipped FROM event_log_totals'
    )
    const [row] = rows
    return {
      unrouted: Number(row.unrouted),
      warned: Number(row.warned),
      consentSkipped: Number(row.consent_skipped)
    }
  }

  async summary(since: number, top: number): Promise<DeliverySummary> {
    const frequencies = ({
      rows
    }: {
      rows: Array<{ destination: string; name: string; count: string }>
    }): Frequency[] => rows.map((row) => ({ destination: row.destination, name: row.name, count: Number(row.count) }))
    const [activity, leftOut, refusals] = await Promise.all([
      this.pool.query(ACTIVITY, [since]),
      this.pool.query(LEFT_OUT, [since, top]),
      this.pool.query(REFUSALS, [since, top])
    ])
    return {
      subscriptions: activityOf(activity.rows),
      leftOut: frequencies(leftOut),
      refusals: frequencies(refusals)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.pruner)
    await this.pruning
    await this.pool.end()
  }

  prune(): Promise<void> {
    this.pruning ??= this.pruneBatches().finally(() => (this.pruning = undefined))
    return this.pruning
  }

  private async pruneBatches(): Promise<void> {
    const { retentionMs, maxRows, clock } = this.settings
    try {
      let deleted = 1
      while (deleted > 0 && !this.closed) {
        const result = await this.pool.query(PRUNE, [clock() - retentionMs, maxRows, PRUNE_BATCH])
        deleted = result.rowCount ?? 0
      }
    } catch {
      // The database is unreachable: tried again at the next round.
    }
  }
}
