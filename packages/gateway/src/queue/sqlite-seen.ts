import type Database from 'better-sqlite3'
import { DEDUP_WINDOW_MS, SEEN_PRUNE_BATCH } from './shared'

/** Keys waiting in the log before a merge is started, and keys upserted per merge transaction. */
const MERGE_AT = 100_000
const MERGE_CHUNK = 5000
export const SEEN_MERGE_INTERVAL_MS = 5000

export const SEEN_SCHEMA = `
-- Dedup keys (see seenKey) of the last day; the seen_at index makes pruning cheap.
CREATE TABLE IF NOT EXISTS queue_seen (key BLOB PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS queue_seen_at ON queue_seen (seen_at);
-- Keys accepted since the last merge, in arrival order (appends only).
CREATE TABLE IF NOT EXISTS queue_seen_log (id INTEGER PRIMARY KEY, key BLOB NOT NULL, seen_at INTEGER NOT NULL);
`

/**
 * The dedup keys of the SQLite store. Keys are hashes, so inserting each group's keys straight
 * into the queue_seen B-tree dirties about one page per key at every commit, and the log carries
 * each such page: measured, that halved ingest at a million keys. Instead a new key is appended to
 * queue_seen_log in its events' transaction (sequential, as durable as they are) and mirrored in
 * memory; every few seconds the logged keys are merged into the B-tree sorted, a chunk per
 * transaction, so a page is written once per merge rather than once per key.
 */
export class SeenKeys {
  /** Logged keys (hex) and when: what the B-tree does not hold yet. */
  private readonly logged = new Map<string, number>()
  private merging = false
  private readonly sql

  constructor(db: Database.Database) {
    this.sql = {
      find: db.prepare('SELECT seen_at FROM queue_seen WHERE key = ?').pluck(),
      log: db.prepare('INSERT INTO queue_seen_log (key, seen_at) VALUES (?, ?)'),
      logEnd: db.prepare('SELECT max(id) FROM queue_seen_log').pluck(),
      readLog: db.prepare('SELECT key, seen_at FROM queue_seen_log ORDER BY id'),
      merge: db.prepare(
        `INSERT INTO queue_seen (key, seen_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at > queue_seen.seen_at`
      ),
      dropLog: db.prepare('DELETE FROM queue_seen_log WHERE id <= ?'),
      prune: db.prepare(
        'DELETE FROM queue_seen WHERE key IN (SELECT key FROM queue_seen WHERE seen_at < ? ORDER BY seen_at LIMIT ?)'
      )
    }
    for (const row of this.sql.readLog.all() as { key: Buffer; seen_at: number }[]) {
      this.logged.set(row.key.toString('hex'), row.seen_at)
    }
  }

  /** Whether `key` was stored less than a day before `now`. */
  seenSince(key: string, now: number): boolean {
    const since = now - DEDUP_WINDOW_MS
    const logged = this.logged.get(key)
    if (logged !== undefined && logged > since) return true
    const stored = this.sql.find.get(Buffer.from(key, 'hex')) as number | undefined
    return stored !== undefined && stored > since
  }

  /** Logs keys inside the transaction that stores their events. */
  log(keys: readonly string[], now: number): void {
    for (const key of keys) this.sql.log.run(Buffer.from(key, 'hex'), now)
  }

  /** After that transaction committed (a rolled-back key must not count as seen). */
  committed(keys: readonly string[], now: number): void {
    for (const key of keys) this.logged.set(key, now)
  }

  get pending(): number {
    return this.logged.size
  }

  shouldMerge(): boolean {
    return !this.merging && this.logged.size >= MERGE_AT
  }

  /**
   * Moves the logged keys into the B-tree, a chunk per turn of the event loop, then empties the
   * log up to where it stood. A crash midway leaves them logged, and the next merge repeats the
   * (idempotent) upserts. `write` runs each transaction (the store's durability choice).
   */
  async merge(write: <T>(transaction: () => T) => T): Promise<void> {
    if (this.merging || this.logged.size === 0) return
    this.merging = true
    try {
      const logEnd = this.sql.logEnd.get() as number | null
      const batch = [...this.logged].sort(([a], [b]) => (a < b ? -1 : 1))
      for (let start = 0; start < batch.length; start += MERGE_CHUNK) {
        const chunk = batch.slice(start, start + MERGE_CHUNK)
        write(() => {
          for (const [key, seenAt] of chunk) this.sql.merge.run(Buffer.from(key, 'hex'), seenAt)
        })
        await new Promise((resolve) => setImmediate(resolve))
      }
      write(() => this.sql.dropLog.run(logEnd ?? 0))
      // Keys logged during the merge stay; a key logged again (a day later) keeps its newer time.
      for (const [key, seenAt] of batch) if (this.logged.get(key) === seenAt) this.logged.delete(key)
    } finally {
      this.merging = false
    }
  }

  /** Deletes up to a batch of keys older than a day; answers whether more may remain. */
  prune(now: number, write: <T>(transaction: () => T) => T): boolean {
    return write(() => this.sql.prune.run(now - DEDUP_WINDOW_MS, SEEN_PRUNE_BATCH).changes) === SEEN_PRUNE_BATCH
  }
}
