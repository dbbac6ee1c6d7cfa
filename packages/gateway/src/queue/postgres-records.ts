import type { Pool } from 'pg'
import type { RecordStore, StoredRecord } from './types'

export const RECORDS_SCHEMA = `
CREATE TABLE IF NOT EXISTS gateway_records (
  key text PRIMARY KEY,
  version bigint NOT NULL,
  value text NOT NULL
);
`

const READ = 'SELECT version, value FROM gateway_records WHERE key = $1'
const INSERT = `INSERT INTO gateway_records (key, version, value) VALUES ($1, 1, $2) ON CONFLICT (key) DO NOTHING RETURNING version`
const UPDATE = `UPDATE gateway_records SET value = $2, version = version + 1 WHERE key = $1 AND version = $3 RETURNING version`
const LIST = 'SELECT key, version, value FROM gateway_records WHERE left(key, length($1)) = $1 ORDER BY key'

/** The shared store's records (RecordStore), in table gateway_records: every instance reads and writes the same ones. */
export class PostgresRecords implements RecordStore {
  constructor(private readonly pool: Pool) {}

  async read(key: string): Promise<StoredRecord | undefined> {
    const { rows } = await this.pool.query<{ version: string; value: string }>(READ, [key])
    return rows[0] && { version: Number(rows[0].version), text: rows[0].value }
  }

  async write(key: string, text: string, expected: number): Promise<number | undefined> {
    const { rows } =
      expected === 0
        ? await this.pool.query<{ version: string }>(INSERT, [key, text])
        : await this.pool.query<{ version: string }>(UPDATE, [key, text, expected])
    return rows[0] ? Number(rows[0].version) : undefined
  }

  async remove(key: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM gateway_records WHERE key = $1', [key])
    return result.rowCount === 1
  }

  async list(prefix: string): Promise<Array<StoredRecord & { key: string }>> {
    const { rows } = await this.pool.query<{ key: string; version: string; value: string }>(LIST, [prefix])
    return rows.map((row) => ({ key: row.key, version: Number(row.version), text: row.value }))
  }
}
