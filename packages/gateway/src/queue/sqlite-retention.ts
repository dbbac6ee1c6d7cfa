/**
 * What the SQLite store keeps of personal data, and for how long: a delivered or purged event's
 * raw JSON must not linger in the file's free pages, and dead letters (raw events, kept for an
 * operator to read and send again) are deleted on request and once past their retention.
 */
import type Database from 'better-sqlite3'
import { allOf, isEventId, SQLITE_ALL_OF } from './shared'
import type { PurgeSelection } from './types'

/**
 * SQLite leaves deleted rows' bytes in the pages it frees until they are reused: with
 * secure_delete they are overwritten with zeros as they are deleted. The pages go through the
 * write-ahead log, which a clean close checkpoints and deletes, so after a clean stop no file
 * under DATA_DIR holds them.
 */
export function eraseOnDelete(db: Database.Database): void {
  db.pragma('secure_delete = ON')
}

const PROBE_BYTES = 64 * 1024

const PROBE_SCHEMA = `
-- One row, written and deleted by each readiness probe: a write as durable as an enqueue's.
CREATE TABLE IF NOT EXISTS queue_probe (id INTEGER PRIMARY KEY CHECK (id = 1), filler BLOB NOT NULL);
`

export class SqliteRetention {
  private readonly sql

  constructor(private readonly db: Database.Database) {
    db.exec(PROBE_SCHEMA)
    this.sql = {
      // The payload first, while the dead letter still says which it is.
      purgeOnePayload: db.prepare('DELETE FROM queue_payloads WHERE id = ? AND id IN (SELECT id FROM queue_dead)'),
      purgeOne: db.prepare('DELETE FROM queue_dead WHERE id = ?'),
      purgeAllPayloads: db.prepare(
        `DELETE FROM queue_payloads WHERE id IN (SELECT id FROM queue_dead WHERE ${SQLITE_ALL_OF})`
      ),
      purgeAll: db.prepare(`DELETE FROM queue_dead WHERE ${SQLITE_ALL_OF}`),
      purgeOldPayloads: db.prepare(
        `DELETE FROM queue_payloads WHERE id IN
         (SELECT id FROM queue_dead WHERE dead_at < @before ORDER BY dead_at LIMIT @limit)`
      ),
      purgeOld: db.prepare(
        `DELETE FROM queue_dead WHERE id IN
         (SELECT id FROM queue_dead WHERE dead_at < @before ORDER BY dead_at LIMIT @limit)`
      ),
      uncount: db.prepare('UPDATE queue_counters SET dead = dead - ? WHERE id = 1'),
      // Two calls' worth (Segment's 32 KB each), so the write needs pages of its own: a database
      // too full to take an event fails it as it would fail the event.
      probe: db.prepare(`INSERT OR REPLACE INTO queue_probe (id, filler) VALUES (1, zeroblob(${PROBE_BYTES}))`),
      unprobe: db.prepare('DELETE FROM queue_probe')
    }
  }

  /** Deletes the selected dead letters and their raw events in one transaction; answers how many. */
  purge(selection: PurgeSelection): number {
    const { sql } = this
    return this.db.transaction(() => {
      let purged = 0
      if ('ids' in selection) {
        for (const id of selection.ids) {
          if (!isEventId(id)) continue
          sql.purgeOnePayload.run(Number(id))
          purged += sql.purgeOne.run(Number(id)).changes
        }
      } else if ('all' in selection) {
        const which = allOf(selection)
        sql.purgeAllPayloads.run(which)
        purged = sql.purgeAll.run(which).changes
      } else {
        const old = { before: selection.deadBefore, limit: Math.max(0, Math.floor(selection.limit)) }
        sql.purgeOldPayloads.run(old)
        purged = sql.purgeOld.run(old).changes
      }
      if (purged > 0) sql.uncount.run(purged)
      return purged
    })()
  }

  probeWrite(): void {
    this.db.transaction(() => {
      this.sql.probe.run()
      this.sql.unprobe.run()
    })()
  }
}
