import type { Pool } from 'pg'
import type { SharedConfigStore, StoredConfig } from './types'

// One row (id 1). The version only grows, so an instance polling it sees every save.
const READ = 'SELECT version, config, seed FROM gateway_config WHERE id = 1'
const VERSION = 'SELECT version FROM gateway_config WHERE id = 1'
// Compare-and-set: written only over the version the writer read, or when there is none yet.
const WRITE = `
INSERT INTO gateway_config AS c (id, version, config, seed) VALUES (1, 1, $1, $2)
ON CONFLICT (id) DO UPDATE SET version = c.version + 1, config = EXCLUDED.config, seed = EXCLUDED.seed
WHERE c.version = $3
RETURNING version`

/** The gateway's configuration in the shared PostgreSQL database (table gateway_config). */
export class PostgresConfigStore implements SharedConfigStore {
  constructor(private readonly pool: Pool) {}

  async read(): Promise<StoredConfig | undefined> {
    const { rows } = await this.pool.query<{ version: string; config: string; seed: string }>(READ)
    const row = rows[0]
    return row && { version: Number(row.version), text: row.config, seed: row.seed }
  }

  async write(text: string, seed: string, expected: number): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ version: string }>(WRITE, [text, seed, expected])
    return rows[0] ? Number(rows[0].version) : undefined
  }

  async version(): Promise<number> {
    const { rows } = await this.pool.query<{ version: string }>(VERSION)
    return rows[0] ? Number(rows[0].version) : 0
  }
}
