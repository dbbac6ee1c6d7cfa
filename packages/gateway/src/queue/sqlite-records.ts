/**
 * The embedded store's records (RecordStore) and its purge, on the queue's own database
 * connection: the queue holds the database exclusively, so nothing else may open it.
 */
import type Database from 'better-sqlite3'
import type { Purged, RecordStore, StoredRecord } from './types'

export const RECORDS_SCHEMA = `
CREATE TABLE IF NOT EXISTS gateway_records (
  key TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  value TEXT NOT NULL
);
`

/** Rows read and deleted per transaction: the event loop (the gateway's requests) is never held long. */
const PURGE_CHUNK = 500

export class SqliteRecords implements RecordStore {
  private readonly sql: ReturnType<typeof statements>

  constructor(db: Database.Database, private readonly assertOpen: () => void) {
    this.sql = statements(db)
  }

  async read(key: string): Promise<StoredRecord | undefined> {
    this.assertOpen()
    const row = this.sql.read.get(key) as { version: number; value: string } | undefined
    return row && { version: row.version, text: row.value }
  }

  async write(key: string, text: string, expected: number): Promise<number | undefined> {
    this.assertOpen()
    const changed =
      expected === 0 ? this.sql.insert.run(key, text).changes : this.sql.update.run(text, key, expected).changes
    return changed === 1 ? expected + 1 : undefined
  }

  async remove(key: string): Promise<boolean> {
    this.assertOpen()
    return this.sql.remove.run(key).changes === 1
  }

  async list(prefix: string): Promise<Array<StoredRecord & { key: string }>> {
    this.assertOpen()
    const rows = this.sql.list.all({ prefix }) as Array<{ key: string; version: number; value: string }>
    return rows.map((row) => ({ key: row.key, version: row.version, text: row.value }))
  }
}

/** Deletes the queued and dead events `matches` holds true of, chunk by chunk, counters kept in step. */
export async function purgeSqlite(
  db: Database.Database,
  matches: (event: Record<string, unknown>) => boolean,
  assertOpen: () => void
): Promise<Purged> {
  const sql = purgeStatements(db)
  const purged: Purged = { queued: 0, deadLettered: 0 }
  let after = 0
  for (;;) {
    assertOpen()
    const rows = sql.chunk.all(after, PURGE_CHUNK) as Array<{ id: number; event: string }>
    if (rows.length === 0) return purged
    after = rows[rows.length - 1].id
    const ids = rows.filter((row) => matches(JSON.parse(row.event) as Record<string, unknown>)).map((row) => row.id)
    if (ids.length > 0) {
      db.transaction(() => {
        let queued = 0
        let dead = 0
        for (const id of ids) {
          queued += sql.deleteEvent.run(id).changes
          dead += sql.deleteDead.run(id).changes
          sql.deletePayload.run(id)
        }
        sql.count.run(-queued, -dead)
        purged.queued += queued
        purged.deadLettered += dead
      })()
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function statements(db: Database.Database) {
  return {
    read: db.prepare('SELECT version, value FROM gateway_records WHERE key = ?'),
    insert: db.prepare('INSERT OR IGNORE INTO gateway_records (key, version, value) VALUES (?, 1, ?)'),
    update: db.prepare('UPDATE gateway_records SET value = ?, version = version + 1 WHERE key = ? AND version = ?'),
    remove: db.prepare('DELETE FROM gateway_records WHERE key = ?'),
    list: db.prepare(
      'SELECT key, version, value FROM gateway_records WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key'
    )
  }
}

function purgeStatements(db: Database.Database) {
  return {
    chunk: db.prepare('SELECT id, event FROM queue_payloads WHERE id > ? ORDER BY id LIMIT ?'),
    deleteEvent: db.prepare('DELETE FROM queue_events WHERE id = ?'),
    deleteDead: db.prepare('DELETE FROM queue_dead WHERE id = ?'),
    deletePayload: db.prepare('DELETE FROM queue_payloads WHERE id = ?'),
    count: db.prepare('UPDATE queue_counters SET queued = queued + ?, dead = dead + ? WHERE id = 1')
  }
}
