import { Pool } from 'pg'
import type { PoolClient } from 'pg'
import { GroupCommit } from './group-commit'
import type { EnqueueResult, FoundRow, PreparedEvent } from './shared'
import {
  closedError,
  countGroup,
  DEDUP_WINDOW_MS,
  isEventId,
  postgresAllOf,
  prepareEvents,
  refusedCount,
  SEEN_PRUNE_BATCH,
  SEEN_PRUNE_INTERVAL_MS,
  sum,
  toQueued
} from './shared'
import { BUDGET_SCHEMA, PostgresBudget } from './postgres-budget'
import { PostgresConfigStore } from './postgres-config'
import { PostgresRecords, RECORDS_SCHEMA } from './postgres-records'
import { PROBE_SCHEMA, probeWrite, purgeDeadLetters } from './postgres-retention'
import { POSTGRES_TIMEOUTS } from './postgres-timeouts'
import type {
  ClaimedEvent,
  DeadLetter,
  DeadLetterQuery,
  DueSummary,
  NewEvent,
  Purged,
  PurgeSelection,
  Queue,
  QueuedEvent,
  QueueStats,
  RecordStore,
  RequeueSelection,
  Settlement,
  SharedConfigStore
} from './types'
import { INGEST_DESTINATION } from './types'
import type { RequestBudget } from './request-budget'

export interface PostgresQueueOptions {
  connectionString: string
  /** Connections of this instance's pool (pg's default: 10). */
  poolSize?: number
  /** The clock stamping accepted events and dedup keys; tests move it. */
  clock?: () => number
}

/** Any constant every gateway instance agrees on: it serializes their schema creation. */
const SCHEMA_LOCK = 0x71756575 // 'queu'
/**
 * Rows of the counters table. Each transaction adds to one row picked at random, so the instances'
 * commits do not all queue behind a single row lock; stats() sums them.
 */
const COUNTER_SHARDS = 16

// Times are unix ms (bigint) as the contract gives them; the event is text, handed back as it came.
// The event's JSON has a table of its own, keyed by the event's id: every update (a lease, a
// retry) writes a new version of the whole row, so the row it writes stays small.
// Dead letters have a table of their own, so the queue table and its indexes hold only live rows.
// Ids come from one sequence and never return: a requeued dead letter keeps its id.
const SCHEMA = `
CREATE SEQUENCE IF NOT EXISTS queue_event_ids;
CREATE TABLE IF NOT EXISTS queue_events (
  id bigint PRIMARY KEY DEFAULT nextval('queue_event_ids'),
  destination text NOT NULL,
  subscription text NOT NULL,
  message_id text,
  accepted_at bigint NOT NULL,
  available_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_until bigint,
  last_error text,
  last_status integer
);
CREATE INDEX IF NOT EXISTS queue_events_due ON queue_events (destination, available_at, id, lease_until);
CREATE INDEX IF NOT EXISTS queue_events_leased ON queue_events (lease_until) WHERE lease_until IS NOT NULL;
CREATE TABLE IF NOT EXISTS queue_dead (
  id bigint PRIMARY KEY,
  destination text NOT NULL,
  subscription text NOT NULL,
  message_id text,
  accepted_at bigint NOT NULL,
  attempts integer NOT NULL,
  dead_at bigint NOT NULL,
  reason text NOT NULL,
  status integer,
  fields jsonb
);
CREATE INDEX IF NOT EXISTS queue_dead_destination ON queue_dead (destination, id);
CREATE TABLE IF NOT EXISTS queue_payloads (id bigint PRIMARY KEY, event text NOT NULL);
CREATE TABLE IF NOT EXISTS queue_seen (key bytea PRIMARY KEY, seen_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS queue_seen_at ON queue_seen (seen_at);
CREATE TABLE IF NOT EXISTS queue_counters (
  shard smallint PRIMARY KEY,
  accepted bigint NOT NULL DEFAULT 0,
  duplicates bigint NOT NULL DEFAULT 0,
  delivered bigint NOT NULL DEFAULT 0,
  dead_lettered bigint NOT NULL DEFAULT 0,
  queued bigint NOT NULL DEFAULT 0,
  dead bigint NOT NULL DEFAULT 0
);
INSERT INTO queue_counters (shard) SELECT generate_series(0, ${COUNTER_SHARDS - 1}) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS gateway_config (
  id smallint PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL,
  config text NOT NULL,
  seed text NOT NULL
);
${RECORDS_SCHEMA}
${BUDGET_SCHEMA}`

// Sorted keys: two instances inserting overlapping keys lock them in the same order (no deadlock).
const MARK_SEEN = `
INSERT INTO queue_seen (key, seen_at)
SELECT decode(k, 'hex'), $2 FROM unnest($1::text[]) AS k ORDER BY k
ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at WHERE queue_seen.seen_at <= $3
RETURNING encode(key, 'hex') AS key`

/**
 * One multi-row INSERT for up to ROWS_PER_INSERT events (4 parameters each, under PostgreSQL's
 * 65,535). Rows as bound parameters rather than arrays: node-postgres escapes every quote of a
 * JSON text put in an array literal, which cost more than serializing the event (measured).
 * Ids are drawn in the calls' order (the inner ORDER BY), then shared by the event and its payload.
 */
const ROWS_PER_INSERT = 8000
function insertEvents(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => {
    const at = 4 * i + 2
    return `($${at}::text, $${at + 1}::text, $${at + 2}::text, $${at + 3}::text, ${i})`
  })
  return `
WITH v AS (
  SELECT nextval('queue_event_ids') AS id, d, s, m, e FROM (
    SELECT * FROM (VALUES ${values.join(', ')}) AS r(d, s, m, e, n) ORDER BY n
  ) ordered
), events AS (
  INSERT INTO queue_events (id, destination, subscription, message_id, accepted_at, available_at)
  SELECT id, d, s, m, $1::bigint, $1::bigint FROM v
)
INSERT INTO queue_payloads (id, event) SELECT id, e FROM v`
}

// SKIP LOCKED: concurrent claimers pass over each other's rows instead of waiting or sharing them;
// under READ COMMITTED a row another claimer leased meanwhile is re-checked and left out.
// The ids go through an array so that the update and the payload reads are index lookups: joined
// to a CTE of unknown size, the planner chose a hash join over the whole table (seen in EXPLAIN).
const CLAIM = `
UPDATE queue_events SET lease_owner = $4, lease_until = $5
WHERE id = ANY(ARRAY(
  SELECT id FROM queue_events
  WHERE destination = $1 AND available_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
  ORDER BY available_at, id
  LIMIT $3
  FOR UPDATE SKIP LOCKED
))
RETURNING id, destination, subscription, attempts, accepted_at, available_at,
  (SELECT event FROM queue_payloads p WHERE p.id = queue_events.id) AS event`

const DUE = `
SELECT destination, count(*) AS due, min(available_at) AS oldest FROM queue_events
WHERE available_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
GROUP BY destination ORDER BY destination`

// "e.id = ANY($1)" beside the join: without it the planner joins the unnest to the whole table.
const RETRY = `
UPDATE queue_events e SET available_at = v.retry_at, attempts = e.attempts + 1, lease_owner = NULL,
  lease_until = NULL, last_error = v.reason, last_status = v.status
FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::integer[]) AS v(id, retry_at, reason, status)
WHERE e.id = ANY($1::bigint[]) AND e.id = v.id`

const BURY = `
WITH gone AS (
  DELETE FROM queue_events e
  USING unnest($1::bigint[], $2::text[], $3::integer[], $4::text[]) AS v(id, reason, status, fields)
  WHERE e.id = ANY($1::bigint[]) AND e.id = v.id
  RETURNING e.*, v.reason, v.status, v.fields
)
INSERT INTO queue_dead (id, destination, subscription, message_id, attempts, accepted_at, dead_at, reason, status, fields)
SELECT id, destination, subscription, message_id, attempts + 1, accepted_at, $5, reason, status, fields::jsonb
FROM gone`

const DEAD_LETTERS = `
SELECT d.id, d.destination, d.subscription, d.message_id, d.attempts, d.accepted_at, d.dead_at, d.reason, d.status,
  d.fields, p.event
FROM queue_dead d JOIN queue_payloads p ON p.id = d.id`

// A requeued dead letter keeps its id, so the queue's order (and the oldest-event age) stay true.
// Calls refused at ingestion stay dead letters: sending them again cannot make them valid.
const REVIVE = (where: string) => `
WITH gone AS (DELETE FROM queue_dead WHERE (${where}) AND destination <> '${INGEST_DESTINATION}' RETURNING *)
INSERT INTO queue_events
  (id, destination, subscription, message_id, accepted_at, available_at, attempts, last_error, last_status)
SELECT id, destination, subscription, message_id, accepted_at, $2, 0, reason, status FROM gone`

// Ids follow acceptance (from one sequence; instances' clocks differ by little), so the lowest
// id is the oldest event. Counting nothing but the leased rows keeps this cheap at any backlog.
const STATS = `
SELECT (SELECT count(*) FROM queue_events WHERE lease_until > $1) AS in_flight,
  (SELECT accepted_at FROM queue_events ORDER BY id LIMIT 1) AS oldest,
  sum(accepted) AS accepted, sum(duplicates) AS duplicates, sum(delivered) AS delivered,
  sum(dead_lettered) AS dead_lettered, sum(queued) AS queued, sum(dead) AS dead
FROM queue_counters`

/** Rows read and deleted per transaction by a purge. */
const PURGE_ROWS = 500
const PURGE_CHUNK = 'SELECT id, event FROM queue_payloads WHERE id > $1 ORDER BY id LIMIT $2'
const PURGE = `
WITH q AS (DELETE FROM queue_events WHERE id = ANY($1::bigint[]) RETURNING id),
  d AS (DELETE FROM queue_dead WHERE id = ANY($1::bigint[]) RETURNING id),
  p AS (DELETE FROM queue_payloads WHERE id = ANY($1::bigint[]))
SELECT (SELECT count(*) FROM q) AS queued, (SELECT count(*) FROM d) AS dead`

const PRUNE_SEEN = `
DELETE FROM queue_seen WHERE key IN (
  SELECT key FROM queue_seen WHERE seen_at < $1 ORDER BY seen_at LIMIT $2 FOR UPDATE SKIP LOCKED)`

/** bigint and numeric columns, which node-postgres hands back as strings. */
type Int8 = string

interface ClaimRow {
  id: Int8
  destination: string
  subscription: string
  event: string
  attempts: number
  accepted_at: Int8
  available_at: Int8
}

interface DeadRow {
  id: Int8
  destination: string
  subscription: string
  message_id: string | null
  event: string
  attempts: number
  accepted_at: Int8
  dead_at: Int8
  reason: string
  status: number | null
  fields: string[] | null
}

interface StatsRow {
  in_flight: Int8
  oldest: Int8 | null
  accepted: Int8
  duplicates: Int8
  delivered: Int8
  dead_lettered: Int8
  queued: Int8
  dead: Int8
}

type CounterChange = Partial<
  Record<'accepted' | 'duplicates' | 'delivered' | 'dead_lettered' | 'queued' | 'dead', number>
>

/**
 * Opens the queue on a PostgreSQL database, creating its tables when missing. Any number of
 * gateway instances may share the database: they share its events.
 */
export async function openPostgresQueue(options: PostgresQueueOptions): Promise<Queue> {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    // An event is answered 200 only once its commit is on disk. PostgreSQL's default waits for
    // the WAL flush, but a server, database or role may have turned that off: the queue's
    // connections ask for it at start (an `options` in DATABASE_URL replaces this one). The
    // event log's pool does not: its records may trail.
    options: '-c synchronous_commit=on',
    ...POSTGRES_TIMEOUTS
  })
  // An idle connection the server dropped (restart, failover) is discarded by the pool; without a
  // listener its 'error' event would end the process. The next query opens a fresh connection.
  pool.on('error', () => undefined)
  try {
    await transaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK])
      await client.query(SCHEMA)
      await client.query(PROBE_SCHEMA)
    })
  } catch (error) {
    await pool.end()
    throw error
  }
  return new PostgresQueue(pool, options.clock ?? Date.now)
}

class PostgresQueue implements Queue {
  private closed = false
  private readonly prune: NodeJS.Timeout
  private pruning: Promise<void> | undefined
  private readonly group: GroupCommit<PreparedEvent[], EnqueueResult>
  readonly configStore: SharedConfigStore
  readonly records: RecordStore
  readonly requestBudget: RequestBudget

  constructor(private readonly pool: Pool, private readonly clock: () => number) {
    this.group = new GroupCommit((groups) => this.writeGroup(groups), isDataError)
    this.configStore = new PostgresConfigStore(pool)
    this.records = new PostgresRecords(pool)
    this.requestBudget = new PostgresBudget(pool)
    this.prune = setInterval(() => {
      this.pruning ??= this.pruneSeen().finally(() => (this.pruning = undefined))
    }, SEEN_PRUNE_INTERVAL_MS)
    this.prune.unref()
  }

  async enqueue(events: readonly NewEvent[]): Promise<EnqueueResult> {
    this.assertOpen()
    if (events.length === 0) return { stored: 0, duplicates: 0 }
    return this.group.submit(prepareEvents(events))
  }

  private async writeGroup(groups: PreparedEvent[][]): Promise<EnqueueResult[]> {
    const now = this.clock()
    const keys = [...new Set(groups.flatMap((events) => events.flatMap((e) => (e.key === null ? [] : [e.key]))))]
    return transaction(this.pool, async (client) => {
      const fresh = new Set<string>()
      if (keys.length > 0) {
        const taken = await client.query<{ key: string }>(MARK_SEEN, [keys.sort(), now, now - DEDUP_WINDOW_MS])
        for (const row of taken.rows) fresh.add(row.key)
      }
      const { results, toStore } = countGroup(groups, (key) => fresh.has(key))
      const queued = toStore.filter((e) => !e.refusal)
      for (let start = 0; start < queued.length; start += ROWS_PER_INSERT) {
        const rows = queued.slice(start, start + ROWS_PER_INSERT)
        const values = rows.flatMap((e) => [e.destination, e.subscription, e.messageId, e.json])
        await client.query(insertEvents(rows.length), [now, ...values])
      }
      await storeRefused(client, toStore, now)
      const total = sum(results)
      const refused = refusedCount(toStore)
      await count(client, {
        accepted: total.stored,
        duplicates: total.duplicates,
        queued: total.stored - refused,
        dead_lettered: refused,
        dead: refused
      })
      return results
    })
  }

  async purge(matches: (event: Record<string, unknown>) => boolean): Promise<Purged> {
    const purged: Purged = { queued: 0, deadLettered: 0 }
    let after = '0'
    for (;;) {
      this.assertOpen()
      const { rows } = await this.pool.query<{ id: Int8; event: string }>(PURGE_CHUNK, [after, PURGE_ROWS])
      if (rows.length === 0) return purged
      after = rows[rows.length - 1].id
      const ids = rows.filter((row) => matches(JSON.parse(row.event) as Record<string, unknown>)).map((row) => row.id)
      if (ids.length === 0) continue
      await transaction(this.pool, async (client) => {
        const { rows: gone } = await client.query<{ queued: Int8; dead: Int8 }>(PURGE, [ids])
        const queued = Number(gone[0].queued)
        const dead = Number(gone[0].dead)
        await count(client, { queued: -queued, dead: -dead })
        purged.queued += queued
        purged.deadLettered += dead
      })
    }
  }

  async queuedFor(destination: string, subscription: string): Promise<number> {
    this.assertOpen()
    const { rows } = await this.pool.query<{ count: Int8 }>(
      'SELECT count(*) FROM queue_events WHERE destination = $1 AND subscription = $2',
      [destination, subscription]
    )
    return Number(rows[0].count)
  }

  async find(messageId: string, now: number): Promise<QueuedEvent[]> {
    this.assertOpen()
    const { rows } = await this.pool.query<FoundRow>(
      `SELECT destination, subscription, attempts, accepted_at, available_at, lease_until FROM queue_events
       WHERE message_id = $1`,
      [messageId]
    )
    return rows.map((row) => toQueued(row, now))
  }

  async due(now: number): Promise<DueSummary[]> {
    this.assertOpen()
    const { rows } = await this.pool.query<{ destination: string; due: Int8; oldest: Int8 }>(DUE, [now])
    return rows.map((r) => ({ destination: r.destination, due: Number(r.due), oldestDueAt: Number(r.oldest) }))
  }

  async claim(input: {
    destination: string
    limit: number
    leaseMs: number
    owner: string
    now: number
  }): Promise<ClaimedEvent[]> {
    this.assertOpen()
    if (input.limit <= 0) return []
    const { rows } = await this.pool.query<ClaimRow>(CLAIM, [
      input.destination,
      input.now,
      Math.floor(input.limit),
      input.owner,
      input.now + input.leaseMs
    ])
    // RETURNING follows no ORDER BY: the order is restored here.
    rows.sort((a, b) => Number(a.available_at) - Number(b.available_at) || byNumericId(a.id, b.id))
    return rows.map(toClaimed)
  }

  // A settlement is applied whoever holds the lease now: the settlement carries no owner, and the
  // outcome it reports did happen. Applying it twice is harmless: a delivered event deleted (or a
  // dead one moved) already is simply not found, so totals count it once.
  async settle(settlements: readonly Settlement[], now: number): Promise<void> {
    this.assertOpen()
    const valid = settlements.filter((s) => isEventId(s.id))
    if (valid.length === 0) return
    await transaction(this.pool, async (client) => {
      // Locks the rows in id order first: two settlements of overlapping ids (a lease lost and
      // taken over) then wait for each other instead of deadlocking.
      const ids = [...new Set(valid.map((s) => s.id))].sort(byNumericId)
      await client.query('SELECT id FROM queue_events WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [ids])
      const delivered = await deliver(client, valid)
      await retry(client, valid)
      const dead = await bury(client, valid, now)
      await count(client, { delivered, dead_lettered: dead, queued: -(delivered + dead), dead })
    })
  }

  async release(owner: string): Promise<void> {
    this.assertOpen()
    await this.pool.query(
      'UPDATE queue_events SET lease_owner = NULL, lease_until = NULL WHERE lease_until IS NOT NULL AND lease_owner = $1',
      [owner]
    )
  }

  async deadLetters(query: DeadLetterQuery): Promise<DeadLetter[]> {
    this.assertOpen()
    if (query.before !== undefined && !isEventId(query.before)) return []
    const before = query.before ?? '9223372036854775807'
    const limit = Math.max(0, Math.floor(query.limit))
    const { rows } =
      query.destination === undefined
        ? await this.pool.query<DeadRow>(`${DEAD_LETTERS} WHERE d.id < $1 ORDER BY d.id DESC LIMIT $2`, [before, limit])
        : await this.pool.query<DeadRow>(
            `${DEAD_LETTERS} WHERE d.destination = $1 AND d.id < $2 ORDER BY d.id DESC LIMIT $3`,
            [query.destination, before, limit]
          )
    return rows.map(toDeadLetter)
  }

  async requeue(selection: RequeueSelection, now: number): Promise<number> {
    this.assertOpen()
    const [where, values] =
      'ids' in selection
        ? ['id = ANY($1::bigint[])', [selection.ids.filter(isEventId), now]]
        : [postgresAllOf('$1', '$3'), [selection.destination ?? null, now, selection.reason ?? null]]
    return transaction(this.pool, async (client) => {
      const moved = (await client.query(REVIVE(where), values)).rowCount ?? 0
      if (moved > 0) await count(client, { queued: moved, dead: -moved })
      return moved
    })
  }

  async purgeDeadLetters(selection: PurgeSelection): Promise<number> {
    this.assertOpen()
    return transaction(this.pool, (client) =>
      purgeDeadLetters(client, selection, (purged) => count(client, { dead: -purged }))
    )
  }

  async probeWrite(now: number): Promise<void> {
    this.assertOpen()
    await probeWrite(this.pool, now)
  }

  async stats(now: number): Promise<QueueStats> {
    this.assertOpen()
    const { rows } = await this.pool.query<StatsRow>(STATS, [now])
    const s = rows[0]
    return {
      queued: Number(s.queued),
      inFlight: Number(s.in_flight),
      deadLettered: Number(s.dead),
      oldestQueuedAgeMs: s.oldest === null ? 0 : Math.max(0, now - Number(s.oldest)),
      totals: {
        accepted: Number(s.accepted),
        duplicates: Number(s.duplicates),
        delivered: Number(s.delivered),
        deadLettered: Number(s.dead_lettered)
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.prune)
    await this.group.drain()
    await this.pruning
    await this.pool.end()
  }

  /** Deletes the dedup keys older than a day, in short transactions, skipping rows another instance prunes. */
  private async pruneSeen(): Promise<void> {
    try {
      let deleted = SEEN_PRUNE_BATCH
      while (deleted === SEEN_PRUNE_BATCH && !this.closed) {
        const result = await this.pool.query(PRUNE_SEEN, [this.clock() - DEDUP_WINDOW_MS, SEEN_PRUNE_BATCH])
        deleted = result.rowCount ?? 0
      }
    } catch {
      // The database is unreachable: enqueue reports it; the keys are deleted at a later round.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw closedError()
  }
}

/** Runs `work` in one transaction on one connection; a connection that cannot roll back is discarded. */
async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  // A connection lost while checked out emits 'error' besides failing its query, and the pool
  // listens only to idle ones: unheard, the event would end the process. The query's rejection
  // is what reports it.
  const ignore = () => undefined
  client.on('error', ignore)
  let healthy = true
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    healthy = await client.query('ROLLBACK').then(
      () => true,
      () => false
    )
    throw error
  } finally {
    client.removeListener('error', ignore)
    client.release(!healthy)
  }
}

async function count(client: PoolClient, change: CounterChange): Promise<void> {
  const columns = Object.entries(change).filter(([, n]) => n !== 0)
  if (columns.length === 0) return
  const sets = columns.map(([column], i) => `${column} = ${column} + $${i + 2}`).join(', ')
  const shard = Math.floor(Math.random() * COUNTER_SHARDS)
  await client.query(`UPDATE queue_counters SET ${sets} WHERE shard = $1`, [shard, ...columns.map(([, n]) => n)])
}

// A call refused at ingestion goes straight among the dead letters, with an id of the queue's sequence.
const STORE_REFUSED = `
WITH dead AS (
  INSERT INTO queue_dead (id, destination, subscription, message_id, attempts, accepted_at, dead_at, reason, status, fields)
  VALUES (nextval('queue_event_ids'), $1, $2, $3, 0, $4, $4, $5, $6, $7::jsonb) RETURNING id
)
INSERT INTO queue_payloads (id, event) SELECT id, $8 FROM dead`

async function storeRefused(client: PoolClient, events: readonly PreparedEvent[], now: number): Promise<void> {
  for (const e of events) {
    if (!e.refusal) continue
    const { reason, status, fields } = e.refusal
    await client.query(STORE_REFUSED, [
      e.destination,
      e.subscription,
      e.messageId,
      now,
      reason,
      status,
      JSON.stringify(fields),
      e.json
    ])
  }
}

async function deliver(client: PoolClient, settlements: readonly Settlement[]): Promise<number> {
  const ids = settlements.filter((s) => s.outcome === 'delivered').map((s) => s.id)
  if (ids.length === 0) return 0
  const deleted = await client.query(
    `WITH gone AS (DELETE FROM queue_events WHERE id = ANY($1::bigint[]) RETURNING id)
     DELETE FROM queue_payloads WHERE id = ANY(ARRAY(SELECT id FROM gone))`,
    [ids]
  )
  return deleted.rowCount ?? 0
}

async function retry(client: PoolClient, settlements: readonly Settlement[]): Promise<void> {
  const retries = settlements.flatMap((s) => (s.outcome === 'retry' ? [s] : []))
  if (retries.length === 0) return
  await client.query(RETRY, [
    retries.map((s) => s.id),
    retries.map((s) => s.retryAt),
    retries.map((s) => s.reason),
    retries.map((s) => s.status ?? null)
  ])
}

async function bury(client: PoolClient, settlements: readonly Settlement[], now: number): Promise<number> {
  const dead = settlements.flatMap((s) => (s.outcome === 'dead' ? [s] : []))
  if (dead.length === 0) return 0
  const result = await client.query(BURY, [
    dead.map((s) => s.id),
    dead.map((s) => s.reason),
    dead.map((s) => s.status ?? null),
    dead.map((s) => (s.fields ? JSON.stringify(s.fields) : null)),
    now
  ])
  return result.rowCount ?? 0
}

/** A value PostgreSQL cannot hold (SQLSTATE class 22, data exception; 54, a limit exceeded), not an outage. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('54'))
}

function byNumericId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

function toClaimed(row: ClaimRow): ClaimedEvent {
  return {
    id: row.id,
    destination: row.destination,
    subscription: row.subscription,
    event: JSON.parse(row.event),
    attempts: row.attempts,
    acceptedAt: Number(row.accepted_at)
  }
}

function toDeadLetter(row: DeadRow): DeadLetter {
  const letter: DeadLetter = {
    id: row.id,
    destination: row.destination,
    subscription: row.subscription,
    event: JSON.parse(row.event),
    attempts: row.attempts,
    acceptedAt: Number(row.accepted_at),
    deadAt: Number(row.dead_at),
    reason: row.reason
  }
  if (row.message_id !== null) letter.messageId = row.message_id
  if (row.status !== null) letter.status = row.status
  if (row.fields !== null) letter.fields = row.fields
  return letter
}
