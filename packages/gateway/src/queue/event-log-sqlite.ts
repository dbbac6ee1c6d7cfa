/**
 * The event log on SQLite: a file of its own beside the queue (DATA_DIR/event-log.db), so its
 * writes never wait for the queue's fsync nor lengthen it. Small pages, because rows are small
 * and the messageId index takes them in no order: a page rewritten for one row is 4 KB, not
 * the queue's 16. Commits do not wait for the disk (synchronous=NORMAL): a power cut may lose the
 * last records, never an event, which lives in the queue.
 */
import Database from 'better-sqlite3'
import { join } from 'path'
import type { DeliverySummary, EventLog, EventLogSettings, EventLogTotals, Frequency, StoryRecord } from './event-log'
import { activityOf, countsOf, detailsOf, PRUNE_BATCH, PRUNE_INTERVAL_MS, recordOf, SUMMARY_STATES } from './event-log'

export const EVENT_LOG_FILE = 'event-log.db'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS event_log (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL,
  destination TEXT NOT NULL,
  subscription TEXT NOT NULL,
  state TEXT NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  status INTEGER,
  details TEXT
);
CREATE INDEX IF NOT EXISTS event_log_message ON event_log (message_id);
-- The delivery summary reads the last hour and day: rows are appended in time order, so this
-- index grows at its end only.
CREATE INDEX IF NOT EXISTS event_log_at ON event_log (at);
CREATE TABLE IF NOT EXISTS event_log_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  unrouted INTEGER NOT NULL DEFAULT 0,
  warned INTEGER NOT NULL DEFAULT 0,
  consent_skipped INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO event_log_totals (id) VALUES (1);
`

export function openSqliteEventLog(dataDir: string, settings: EventLogSettings): EventLog {
  const db = new Database(join(dataDir, EVENT_LOG_FILE), { timeout: 500 })
  try {
    db.pragma('page_size = 4096')
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(SCHEMA)
  } catch (error) {
    db.close()
    throw error
  }
  return new SqliteEventLog(db, settings)
}

class SqliteEventLog implements EventLog {
  private readonly sql
  private readonly pruner: NodeJS.Timeout
  private pruning?: Promise<void>
  private closed = false

  constructor(private readonly db: Database.Database, private readonly settings: EventLogSettings) {
    this.sql = {
      insert: db.prepare(
        `INSERT INTO event_log (message_id, destination, subscription, state, at, received_at, attempts, status, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      count: db.prepare(
        'UPDATE event_log_totals SET unrouted = unrouted + ?, warned = warned + ?, consent_skipped = consent_skipped + ? WHERE id = 1'
      ),
      story: db.prepare('SELECT * FROM event_log WHERE message_id = ? ORDER BY id'),
      totals: db.prepare(
        'SELECT unrouted, warned, consent_skipped AS consentSkipped FROM event_log_totals WHERE id = 1'
      ),
      activity: db.prepare(
        `SELECT destination, subscription, state, count(*) AS n,
           sum(state = 'delivered' AND json_extract(details, '$.warnings') IS NOT NULL) AS warned
         FROM event_log WHERE at >= ? AND state IN ${SUMMARY_STATES}
         GROUP BY destination, subscription, state`
      ),
      leftOut: db.prepare(
        `SELECT e.destination, json_extract(w.value, '$.field') AS name, count(*) AS count
         FROM event_log e, json_each(e.details, '$.warnings') w
         WHERE e.at >= ? AND e.state IN ('delivered', 'dead_lettered') AND e.details IS NOT NULL
         GROUP BY e.destination, name ORDER BY count DESC, name LIMIT ?`
      ),
      refusals: db.prepare(
        `SELECT destination, json_extract(details, '$.refusal.reason') AS name, count(*) AS count
         FROM event_log WHERE at >= ? AND state = 'dead_lettered' AND details IS NOT NULL
         GROUP BY destination, name HAVING name IS NOT NULL ORDER BY count DESC, name LIMIT ?`
      ),
      // Ids follow time: the oldest rows are the lowest ids, found without an index of their own.
      expired: db.prepare(
        'DELETE FROM event_log WHERE id IN (SELECT id FROM event_log ORDER BY id LIMIT ?) AND at < ?'
      ),
      over: db.prepare(
        'DELETE FROM event_log WHERE id <= (SELECT max(id) FROM event_log) - ? AND id IN (SELECT id FROM event_log ORDER BY id LIMIT ?)'
      )
    }
    this.pruner = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS)
    this.pruner.unref()
  }

  async record(records: readonly StoryRecord[]): Promise<void> {
    if (records.length === 0 || this.closed) return
    const { unrouted, warned, consentSkipped } = countsOf(records)
    this.db.transaction(() => {
      for (const r of records) {
        this.sql.insert.run(
          r.messageId,
          r.destination,
          r.subscription,
          r.state,
          r.at,
          r.receivedAt,
          r.attempts,
          r.status ?? null,
          detailsOf(r)
        )
      }
      if (unrouted > 0 || warned > 0 || consentSkipped > 0) this.sql.count.run(unrouted, warned, consentSkipped)
    })()
  }

  async story(messageId: string): Promise<StoryRecord[]> {
    return (this.sql.story.all(messageId) as Parameters<typeof recordOf>[0][]).map(recordOf)
  }

  async totals(): Promise<EventLogTotals> {
    return this.sql.totals.get() as EventLogTotals
  }

  async summary(since: number, top: number): Promise<DeliverySummary> {
    return {
      subscriptions: activityOf(this.sql.activity.all(since) as Parameters<typeof activityOf>[0]),
      leftOut: this.sql.leftOut.all(since, top) as Frequency[],
      refusals: this.sql.refusals.all(since, top) as Frequency[]
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.pruner)
    await this.pruning
    this.db.close()
  }

  prune(): Promise<void> {
    this.pruning ??= this.pruneBatches().finally(() => (this.pruning = undefined))
    return this.pruning
  }

  /** Deletes what is past retention or over the row limit, a batch per turn of the event loop. */
  private async pruneBatches(): Promise<void> {
    const { retentionMs, maxRows, clock } = this.settings
    try {
      for (;;) {
        if (this.closed) return
        const deleted =
          this.sql.expired.run(PRUNE_BATCH, clock() - retentionMs).changes +
          this.sql.over.run(maxRows, PRUNE_BATCH).changes
        if (deleted === 0) return
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch {
      // A full or failing disk: tried again at the next round.
    }
  }
}
