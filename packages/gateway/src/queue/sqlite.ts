import Database from 'better-sqlite3'
import { mkdirSync } from 'fs'
import { join } from 'path'
import { GroupCommit } from './group-commit'
import { purgeSqlite, RECORDS_SCHEMA, SqliteRecords } from './sqlite-records'
import { SEEN_MERGE_INTERVAL_MS, SEEN_SCHEMA, SeenKeys } from './sqlite-seen'
import { eraseOnDelete, SqliteRetention } from './sqlite-retention'
import type { EnqueueResult, FoundRow, PreparedEvent } from './shared'
import {
  allOf,
  closedError,
  countGroup,
  isEventId,
  prepareEvents,
  refusedCount,
  SEEN_PRUNE_INTERVAL_MS,
  SQLITE_ALL_OF,
  sum,
  toQueued
} from './shared'
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
  Refusal,
  RequeueSelection,
  Settlement
} from './types'
import { INGEST_DESTINATION } from './types'

export interface SqliteQueueOptions {
  /** The folder the database lives in (created when missing); one gateway process owns it. */
  dataDir: string
  /** Refuse writes (enqueue rejects) once the database would grow past this size: a disk quota. */
  maxBytes?: number
  /** The clock stamping accepted events and dedup keys; tests move it. */
  clock?: () => number
}

export const SQLITE_FILE = 'queue.db'

// The event's JSON has a table of its own, keyed by the event's id: a claim, a retry or a move to
// the dead letters rewrites a row of about a hundred bytes, not the event's kilobytes (measured:
// claims a third cheaper, and a third less written to the log).
// Dead letters live in a table of their own, so the queue table and its indexes hold only live
// rows: no predicate on every query and index, and the oldest queued event is the lowest id.
// AUTOINCREMENT because an id must never come back: a dead letter requeued later keeps its id.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  subscription TEXT NOT NULL,
  message_id TEXT,
  accepted_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  last_status INTEGER
);
-- claim and due: a destination's events in delivery order, lease checked without reading rows.
CREATE INDEX IF NOT EXISTS queue_events_due ON queue_events (destination, available_at, id, lease_until);
-- inFlight, release and the lease reset at open read only the leased rows.
CREATE INDEX IF NOT EXISTS queue_events_leased ON queue_events (lease_until) WHERE lease_until IS NOT NULL;
CREATE TABLE IF NOT EXISTS queue_dead (
  id INTEGER PRIMARY KEY,
  destination TEXT NOT NULL,
  subscription TEXT NOT NULL,
  message_id TEXT,
  accepted_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  dead_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  status INTEGER,
  fields TEXT
);
CREATE INDEX IF NOT EXISTS queue_dead_destination ON queue_dead (destination, id);
-- The event of each queued or dead event, as received.
CREATE TABLE IF NOT EXISTS queue_payloads (id INTEGER PRIMARY KEY, event TEXT NOT NULL);
${SEEN_SCHEMA}-- Totals, and the queued and dead gauges, kept in the transactions that change them so stats()
-- counts nothing.
CREATE TABLE IF NOT EXISTS queue_counters (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  accepted INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  delivered INTEGER NOT NULL DEFAULT 0,
  dead_lettered INTEGER NOT NULL DEFAULT 0,
  queued INTEGER NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO queue_counters (id) VALUES (1);
${RECORDS_SCHEMA}`

const PAYLOAD = '(SELECT event FROM queue_payloads p WHERE p.id = queue_events.id) AS event'
const DEAD_COLUMNS = 'id, destination, subscription, message_id, attempts, accepted_at, dead_at, reason, status, fields'

interface ClaimRow {
  id: number
  destination: string
  subscription: string
  event: string
  attempts: number
  accepted_at: number
  available_at: number
}

interface DeadRow {
  id: number
  destination: string
  subscription: string
  message_id: string | null
  event: string
  attempts: number
  accepted_at: number
  dead_at: number
  reason: string
  status: number | null
  fields: string | null
}

interface CountersRow {
  accepted: number
  duplicates: number
  delivered: number
  dead_lettered: number
  queued: number
  dead: number
}

/** Opens (creating when missing) the queue in `dataDir`; fails when another process holds it. */
export async function openSqliteQueue(options: SqliteQueueOptions): Promise<Queue> {
  mkdirSync(options.dataDir, { recursive: true })
  const db = openDatabase(options.dataDir)
  try {
    if (options.maxBytes !== undefined) limitSize(db, options.maxBytes)
    db.exec(SCHEMA)
    // This process is the only owner (the lock above), so any lease is a killed predecessor's.
    db.prepare('UPDATE queue_events SET lease_owner = NULL, lease_until = NULL WHERE lease_until IS NOT NULL').run()
  } catch (error) {
    db.close()
    throw error
  }
  return new SqliteQueue(db, options.clock ?? Date.now)
}

function openDatabase(dataDir: string): Database.Database {
  const file = join(dataDir, SQLITE_FILE)
  const db = new Database(file, { timeout: 500 })
  try {
    // Large pages suit rows of a few KB (measured: ingest a third higher than with 4 KB). Only a
    // new file takes it.
    db.pragma('page_size = 16384')
    // Exclusive before WAL: no shared-memory index is created, and the lock taken by the first
    // write below is held until close, so a second gateway on the same folder fails at open.
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    // WAL's default (NORMAL) does not fsync at commit: an answered event could be lost with the power.
    db.pragma('synchronous = FULL')
    db.pragma('cache_size = -32768')
    eraseOnDelete(db)
    db.exec('BEGIN IMMEDIATE; COMMIT')
  } catch (error) {
    db.close()
    if (isBusy(error)) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use: ${file} is locked by another gateway process (or already open in this one). One process owns a data directory: stop the other one or give this one its own DATA_DIR.`
      )
    }
    throw error
  }
  return db
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}

function limitSize(db: Database.Database, maxBytes: number): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / pageSize))}`)
}

class SqliteQueue implements Queue {
  private closed = false
  private readonly seen: SeenKeys
  private readonly maintenance: NodeJS.Timeout
  private chores: Promise<void> | undefined
  private lastPrune = 0
  private readonly group: GroupCommit<PreparedEvent[], EnqueueResult>
  private readonly sql: ReturnType<typeof statements>
  readonly records: RecordStore
  private readonly retention: SqliteRetention

  constructor(private readonly db: Database.Database, private readonly clock: () => number) {
    this.sql = statements(db)
    this.records = new SqliteRecords(db, () => this.assertOpen())
    this.retention = new SqliteRetention(db)
    this.seen = new SeenKeys(db)
    this.group = new GroupCommit((groups) => this.writeGroup(groups))
    this.maintenance = setInterval(() => this.maintain(), SEEN_MERGE_INTERVAL_MS)
    this.maintenance.unref()
  }

  async enqueue(events: readonly NewEvent[]): Promise<EnqueueResult> {
    if (this.closed) throw closedError()
    if (events.length === 0) return { stored: 0, duplicates: 0 }
    return this.group.submit(prepareEvents(events))
  }

  private writeGroup(groups: PreparedEvent[][]): EnqueueResult[] {
    const now = this.clock()
    const { results, toStore } = countGroup(groups, (key) => !this.seen.seenSince(key, now))
    const keys = toStore.flatMap((e) => (e.key === null ? [] : [e.key]))
    const total = sum(results)
    const { sql } = this
    const refused = refusedCount(toStore)
    this.db.transaction(() => {
      this.seen.log(keys, now)
      for (const e of toStore) {
        const { lastInsertRowid } = e.refusal
          ? this.storeRefused(e, e.refusal, now)
          : sql.insertEvent.run(e.destination, e.subscription, e.messageId, now, now)
        sql.insertPayload.run(lastInsertRowid, e.json)
      }
      sql.count.run({
        ...NO_CHANGE,
        accepted: total.stored,
        duplicates: total.duplicates,
        queued: total.stored - refused,
        deadLettered: refused,
        dead: refused
      })
    })()
    this.seen.committed(keys, now)
    if (this.seen.shouldMerge()) setImmediate(() => this.maintain())
    return results
  }

  /**
   * A call refused at ingestion, straight among the dead letters. It passes through queue_events
   * for an id of the queue's sequence, which a later event can never be given.
   */
  private storeRefused(e: PreparedEvent, refusal: Refusal, now: number): { lastInsertRowid: number | bigint } {
    const { lastInsertRowid } = this.sql.insertEvent.run(e.destination, e.subscription, e.messageId, now, now)
    this.sql.buryRefused.run({ id: lastInsertRowid, now, ...deadDetails(refusal) })
    this.sql.deleteEvent.run(lastInsertRowid)
    return { lastInsertRowid }
  }

  async due(now: number): Promise<DueSummary[]> {
    this.assertOpen()
    return this.sql.due.all(now, now) as DueSummary[]
  }

  purge(matches: (event: Record<string, unknown>) => boolean): Promise<Purged> {
    return purgeSqlite(this.db, matches, () => this.assertOpen())
  }

  async queuedFor(destination: string, subscription: string): Promise<number> {
    this.assertOpen()
    return this.sql.queuedFor.get(destination, subscription) as number
  }

  async find(messageId: string, now: number): Promise<QueuedEvent[]> {
    this.assertOpen()
    const { low, high } = this.sql.idRange.get() as { low: number | null; high: number | null }
    const found: QueuedEvent[] = []
    for (let from = low ?? 1; high !== null && from <= high && !this.closed; from += FIND_STEP) {
      const rows = this.sql.find.all(messageId, from, from + FIND_STEP) as FoundRow[]
      for (const row of rows) found.push(toQueued(row, now))
      await new Promise((resolve) => setImmediate(resolve))
    }
    return found
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
    const rows = this.withoutSync(
      () =>
        this.sql.claim.all({
          destination: input.destination,
          now: input.now,
          limit: Math.floor(input.limit),
          owner: input.owner,
          until: input.now + input.leaseMs
        }) as ClaimRow[]
    )
    // RETURNING follows no ORDER BY: the order is restored here.
    rows.sort((a, b) => a.available_at - b.available_at || a.id - b.id)
    return rows.map(toClaimed)
  }

  /**
   * Leases need not survive a crash: they are all released at the next open. Not waiting for
   * fsync keeps a claim from blocking the event loop (and the gateway's requests) for a disk flush;
   * the next durable commit flushes the log, lease changes included.
   */
  private withoutSync<T>(write: () => T): T {
    this.db.pragma('synchronous = NORMAL')
    try {
      return write()
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }

  // A settlement is applied whoever holds the lease now: the settlement carries no owner, and the
  // outcome it reports did happen. Applying it twice is harmless: a delivered event deleted (or a
  // dead one moved) already is simply not found, so totals count it once.
  async settle(settlements: readonly Settlement[], now: number): Promise<void> {
    this.assertOpen()
    if (settlements.length === 0) return
    const { sql } = this
    this.db.transaction(() => {
      let delivered = 0
      let dead = 0
      for (const s of settlements) {
        if (!isEventId(s.id)) continue
        const id = Number(s.id)
        if (s.outcome === 'delivered') {
          if (sql.deleteEvent.run(id).changes === 0) continue
          sql.deletePayload.run(id)
          delivered++
        } else if (s.outcome === 'retry') {
          sql.retry.run({ id, retryAt: s.retryAt, reason: s.reason, status: s.status ?? null })
        } else if (sql.bury.run({ id, now, ...deadDetails(s) }).changes > 0) {
          sql.deleteEvent.run(id)
          dead++
        }
      }
      sql.count.run({ ...NO_CHANGE, delivered, deadLettered: dead, queued: -(delivered + dead), dead })
    })()
  }

  async release(owner: string): Promise<void> {
    this.assertOpen()
    this.withoutSync(() => this.sql.release.run(owner))
  }

  async deadLetters(query: DeadLetterQuery): Promise<DeadLetter[]> {
    this.assertOpen()
    if (query.before !== undefined && !isEventId(query.before)) return []
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(query.before)
    const limit = Math.max(0, Math.floor(query.limit))
    const rows = (
      query.destination === undefined
        ? this.sql.deadLetters.all(before, limit)
        : this.sql.deadLettersOf.all(query.destination, before, limit)
    ) as DeadRow[]
    return rows.map(toDeadLetter)
  }

  async requeue(selection: RequeueSelection, now: number): Promise<number> {
    this.assertOpen()
    const { sql } = this
    return this.db.transaction(() => {
      let moved = 0
      if ('ids' in selection) {
        for (const id of selection.ids) {
          if (!isEventId(id) || sql.revive.run({ now, id: Number(id) }).changes === 0) continue
          sql.deleteDead.run(Number(id))
          moved++
        }
      } else {
        const which = allOf(selection)
        moved = sql.reviveAll.run({ now, ...which }).changes
        sql.deleteAllDead.run(which)
      }
      sql.count.run({ ...NO_CHANGE, queued: moved, dead: -moved })
      return moved
    })()
  }

  async purgeDeadLetters(selection: PurgeSelection): Promise<number> {
    this.assertOpen()
    return this.retention.purge(selection)
  }

  async probeWrite(): Promise<void> {
    this.assertOpen()
    this.retention.probeWrite()
  }

  async stats(now: number): Promise<QueueStats> {
    this.assertOpen()
    const c = this.sql.counters.get() as CountersRow
    const inFlight = (this.sql.inFlight.get(now) as { n: number }).n
    // Ids follow acceptance (a requeued dead letter keeps its own), so the lowest is the oldest.
    const oldest = this.sql.oldest.get() as { accepted_at: number } | undefined
    return {
      queued: c.queued,
      inFlight,
      deadLettered: c.dead,
      oldestQueuedAgeMs: oldest ? Math.max(0, now - oldest.accepted_at) : 0,
      totals: { accepted: c.accepted, duplicates: c.duplicates, delivered: c.delivered, deadLettered: c.dead_lettered }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.maintenance)
    await this.group.drain()
    await this.chores
    // A clean stop leaves the dedup log empty, so the next open has nothing to read back.
    await this.seen.merge(this.backgroundWrite).catch(() => undefined)
    this.db.close()
  }

  /** Merges the logged dedup keys, and once a minute deletes those older than a day. */
  private maintain(): void {
    if (this.closed || this.chores) return
    this.chores = this.doChores().finally(() => (this.chores = undefined))
  }

  // Neither merging nor pruning needs to survive a crash: the log keeps unmerged keys, and
  // pruning is done again.
  private readonly backgroundWrite = <T>(work: () => T): T => this.withoutSync(() => this.db.transaction(work)())

  private async doChores(): Promise<void> {
    const write = this.backgroundWrite
    try {
      await this.seen.merge(write)
      const now = this.clock()
      if (now - this.lastPrune < SEEN_PRUNE_INTERVAL_MS) return
      this.lastPrune = now
      // A batch per turn, so the event loop (the gateway's requests) is never held long.
      while (!this.closed && this.seen.prune(now, write)) await new Promise((resolve) => setImmediate(resolve))
    } catch {
      // A full or failing disk: enqueue reports it to its callers; this is tried again next round.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw closedError()
  }
}

const NO_CHANGE = { accepted: 0, duplicates: 0, delivered: 0, deadLettered: 0, queued: 0, dead: 0 }

function statements(db: Database.Database) {
  return {
    insertEvent: db.prepare(
      `INSERT INTO queue_events (destination, subscription, message_id, accepted_at, available_at)
       VALUES (?, ?, ?, ?, ?)`
    ),
    insertPayload: db.prepare('INSERT INTO queue_payloads (id, event) VALUES (?, ?)'),
    queuedFor: db.prepare('SELECT count(*) FROM queue_events WHERE destination = ? AND subscription = ?').pluck(),
    count: db.prepare(
      `UPDATE queue_counters SET accepted = accepted + @accepted, duplicates = duplicates + @duplicates,
       delivered = delivered + @delivered, dead_lettered = dead_lettered + @deadLettered,
       queued = queued + @queued, dead = dead + @dead WHERE id = 1`
    ),
    due: db.prepare(
      `SELECT destination, count(*) AS due, min(available_at) AS oldestDueAt FROM queue_events
       WHERE available_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
       GROUP BY destination ORDER BY destination`
    ),
    claim: db.prepare(
      `UPDATE queue_events SET lease_owner = @owner, lease_until = @until
       WHERE id IN (SELECT id FROM queue_events
         WHERE destination = @destination AND available_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
         ORDER BY available_at, id LIMIT @limit)
       RETURNING id, destination, subscription, attempts, accepted_at, available_at, ${PAYLOAD}`
    ),
    deleteEvent: db.prepare('DELETE FROM queue_events WHERE id = ?'),
    deletePayload: db.prepare('DELETE FROM queue_payloads WHERE id = ?'),
    retry: db.prepare(
      `UPDATE queue_events SET available_at = @retryAt, attempts = attempts + 1, lease_owner = NULL,
       lease_until = NULL, last_error = @reason, last_status = @status WHERE id = @id`
    ),
    bury: db.prepare(
      `INSERT INTO queue_dead (${DEAD_COLUMNS})
       SELECT id, destination, subscription, message_id, attempts + 1, accepted_at, @now, @reason, @status, @fields
       FROM queue_events WHERE id = @id`
    ),
    buryRefused: db.prepare(
      `INSERT INTO queue_dead (${DEAD_COLUMNS})
       SELECT id, destination, subscription, message_id, 0, accepted_at, @now, @reason, @status, @fields
       FROM queue_events WHERE id = @id`
    ),
    release: db.prepare(
      'UPDATE queue_events SET lease_owner = NULL, lease_until = NULL WHERE lease_until IS NOT NULL AND lease_owner = ?'
    ),
    deadLetters: db.prepare(`${DEAD_LETTERS} WHERE d.id < ? ORDER BY d.id DESC LIMIT ?`),
    deadLettersOf: db.prepare(`${DEAD_LETTERS} WHERE d.destination = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?`),
    revive: db.prepare(`${REVIVE} WHERE id = @id AND ${SENDABLE}`),
    reviveAll: db.prepare(`${REVIVE} WHERE ${SQLITE_ALL_OF} AND ${SENDABLE}`),
    deleteDead: db.prepare('DELETE FROM queue_dead WHERE id = ?'),
    deleteAllDead: db.prepare(`DELETE FROM queue_dead WHERE ${SQLITE_ALL_OF} AND ${SENDABLE}`),
    counters: db.prepare('SELECT accepted, duplicates, delivered, dead_lettered, queued, dead FROM queue_counters'),
    idRange: db.prepare('SELECT min(id) AS low, max(id) AS high FROM queue_events'),
    find: db.prepare(
      `SELECT destination, subscription, attempts, accepted_at, available_at, lease_until FROM queue_events
       WHERE message_id = ? AND id >= ? AND id < ?`
    ),
    inFlight: db.prepare('SELECT count(*) AS n FROM queue_events WHERE lease_until > ?'),
    oldest: db.prepare('SELECT accepted_at FROM queue_events ORDER BY id LIMIT 1')
  }
}

// Calls refused at ingestion stay dead letters: sending them again cannot make them valid.
const SENDABLE = `destination <> '${INGEST_DESTINATION}'`

// A requeued dead letter keeps its id, so the queue's order (and the oldest-event age) stay true.
const REVIVE = `INSERT INTO queue_events
  (id, destination, subscription, message_id, accepted_at, available_at, attempts, last_error, last_status)
  SELECT id, destination, subscription, message_id, accepted_at, @now, 0, reason, status FROM queue_dead`

const DEAD_LETTERS = `SELECT ${DEAD_COLUMNS.replace(/(\w+)/g, 'd.$1')}, p.event FROM queue_dead d
  JOIN queue_payloads p ON p.id = d.id`

function deadDetails(s: { reason: string; status?: number; fields?: readonly string[] }) {
  return { reason: s.reason, status: s.status ?? null, fields: s.fields ? JSON.stringify(s.fields) : null }
}

/** Rows read per step of find(): a few milliseconds each, at any backlog. */
const FIND_STEP = 20_000

function toClaimed(row: ClaimRow): ClaimedEvent {
  return {
    id: String(row.id),
    destination: row.destination,
    subscription: row.subscription,
    event: JSON.parse(row.event),
    attempts: row.attempts,
    acceptedAt: row.accepted_at
  }
}

function toDeadLetter(row: DeadRow): DeadLetter {
  const letter: DeadLetter = {
    id: String(row.id),
    destination: row.destination,
    subscription: row.subscription,
    event: JSON.parse(row.event),
    attempts: row.attempts,
    acceptedAt: row.accepted_at,
    deadAt: row.dead_at,
    reason: row.reason
  }
  if (row.message_id !== null) letter.messageId = row.message_id
  if (row.status !== null) letter.status = row.status
  if (row.fields !== null) letter.fields = JSON.parse(row.fields)
  return letter
}
